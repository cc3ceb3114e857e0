"""An extract worker whose coder raises on articles containing POISON_MARKER.

Run as a script by the stream tests, to show that a record which makes the coder raise
is dead-lettered while the records around it are coded. The product has no such hook:
the fault is patched in here, in the test's own process.
"""

from __future__ import annotations

import sys
from collections.abc import Sequence

from pipeline.cli import main
from pipeline.coding.coder import Coder, CodingResult
from pipeline.errors import Rejected
from pipeline.models import Article

POISON_MARKER = "XYZZY-POISON"

_original = Coder.code_detailed


def _code_detailed(self: Coder, articles: Sequence[Article]) -> list[CodingResult | Rejected]:
    if any(POISON_MARKER in article.text for article in articles):
        raise RuntimeError("injected coder failure")
    return _original(self, articles)


Coder.code_detailed = _code_detailed  # type: ignore[method-assign]

if __name__ == "__main__":
    sys.exit(main(["worker", *sys.argv[1:]]))
