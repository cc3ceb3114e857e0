"""When: the event date of a sentence, from its date expressions and the publication time.

See ``pipeline.timeexpr.rules`` for every convention (weekday names, weekends, ranges).
The publication's own calendar date is the anchor (its time zone as given). With no date
expression the result is None with the note "date: no date expression": the coder
decides whether to fall back to the publication date.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import TYPE_CHECKING

from pipeline.timeexpr.rules import DateMatch, check_range, find_dates

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = ["DateResolution", "parse_relative_date", "resolve_event_date"]

MAX_TEXT_CHARS = 5_000


@dataclass(frozen=True)
class DateResolution:
    event_date: date | None
    time_precision: int | None
    note: str | None


def parse_relative_date(
    text: str, published: datetime | date, anchor: int | None = None
) -> DateResolution:
    """The date ``text`` gives for its event; ``anchor`` (a character offset, e.g. the
    trigger's) picks the nearest expression when there are several, else the first."""
    pub = published.date() if isinstance(published, datetime) else published
    if len(text) > MAX_TEXT_CHARS:
        return DateResolution(None, None, "date: sentence too long to read")
    matches = list(find_dates(text, pub))
    if not matches:
        return DateResolution(None, None, "date: no date expression")
    chosen = _nearest(matches, anchor)
    if chosen.day is None:
        return DateResolution(None, None, chosen.note)
    out_of_range = check_range(chosen.day, pub)
    if out_of_range is not None:
        return DateResolution(None, None, out_of_range)
    return DateResolution(chosen.day, chosen.precision, None)


def resolve_event_date(sent: Span, trigger: Token | None, published: datetime) -> DateResolution:
    """``parse_relative_date`` on a parsed sentence, anchored at the trigger."""
    anchor = None if trigger is None else trigger.idx - sent.start_char
    return parse_relative_date(sent.text, published, anchor)


def _nearest(matches: list[DateMatch], anchor: int | None) -> DateMatch:
    usable = [m for m in matches if m.day is not None] or matches
    if anchor is None:
        return usable[0]
    return min(usable, key=lambda m: min(abs(m.start - anchor), abs(m.end - anchor)))
