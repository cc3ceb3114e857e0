"""How many: fatalities (ACLED rules) and report counts of one event's sentence.

String-level functions (``fatalities_in_text``, ``reports_in_text``) work without a
parse; the coder's enricher calls them once per sentence, whatever the number of its
events. The span functions are the same reading for a caller holding a parse (the
evaluations). See ``fatalities`` for the rules and ``numbers`` for the vague-quantity
mapping.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from pipeline.quantities.fatalities import CountResolution, fatalities_in_text, reports_in_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "CountResolution",
    "fatalities_for_event",
    "fatalities_in_text",
    "report_count",
    "reports_in_text",
]


def fatalities_for_event(sent: Span, trigger: Token | None) -> CountResolution:
    """The fatalities the sentence reports for its event (lowest figure), or None + why.

    The whole sentence is read: wire sentences give one toll per event, and a second
    figure in the same sentence is most often a competing estimate (ACLED: the lowest).
    """
    del trigger  # kept in the signature: a per-clause reading may use it later
    return fatalities_in_text(sent.text)


def report_count(sent: Span, trigger: Token | None) -> int | None:
    """Occurrences the sentence reports ("on at least two occasions" -> 2), else None."""
    del trigger
    return reports_in_text(sent.text)
