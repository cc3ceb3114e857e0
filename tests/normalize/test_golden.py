"""Golden files: the exact output for the seed and every fixture, reviewed as diffs.

Regenerate after an intended change with ``WIREWATCH_UPDATE_GOLDEN=1 pytest
tests/normalize/test_golden.py`` and read the diff before committing it.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.models import RawArticle
from pipeline.normalize import normalize
from tests.normalize.cases import FIXTURES, GOLDEN, SEED_FILE, fixture_names, raw_article, seed

CASES: list[tuple[str, Any]] = [(Path(SEED_FILE).stem, seed)] + [
    (Path(name).stem, lambda name=name: raw_article(FIXTURES, name)) for name in fixture_names()
]


def _render(raw: RawArticle) -> Any:
    result = normalize(raw)
    if isinstance(result, list):
        return [article.model_dump(mode="json") for article in result]
    return {"rejected": {"reason": result.reason, "message": result.message}}


@pytest.mark.parametrize(("name", "load"), CASES, ids=[name for name, _ in CASES])
def test_output_matches_golden_file(name: str, load: Any) -> None:
    path = GOLDEN / f"{name}.json"
    actual = _render(load())
    if os.environ.get("WIREWATCH_UPDATE_GOLDEN") == "1":
        path.write_text(json.dumps(actual, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    assert path.exists(), f"no golden file {path}; run with WIREWATCH_UPDATE_GOLDEN=1"
    expected = json.loads(path.read_text(encoding="utf-8"))
    assert actual == expected
