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
from pipeline.timeexpr.tense import future_clause, future_in_text

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "DateMatch",
    "DateResolution",
    "choose_date",
    "date_expressions",
    "parse_relative_date",
    "resolve_event_date",
]

MAX_TEXT_CHARS = 5_000


@dataclass(frozen=True)
class DateResolution:
    event_date: date | None
    time_precision: int | None
    note: str | None
    # When the date nearest the event is over ``MAX_PAST_DAYS`` before publication ("shot
    # down on May 13, 1944", "two years ago"): where it is, as offsets into the text.
    long_past: tuple[int, int] | None = None


def parse_relative_date(
    text: str, published: datetime | date, anchor: int | None = None
) -> DateResolution:
    """The date ``text`` gives for its event; ``anchor`` (a character offset, e.g. the
    trigger's) picks the nearest expression when there are several, else the first."""
    pub = published.date() if isinstance(published, datetime) else published
    future = anchor is not None and future_in_text(text, anchor)
    return choose_date(date_expressions(text, pub), pub, anchor, future)


def date_expressions(text: str, published: date) -> tuple[DateMatch, ...] | None:
    """Every date expression of ``text``; None when the text is too long to read.

    Callers that code several events of one sentence compute this once and pass it to
    ``choose_date`` (or ``resolve_event_date``) for each event.
    """
    if len(text) > MAX_TEXT_CHARS:
        return None
    return tuple(find_dates(text, published))


def choose_date(
    matches: tuple[DateMatch, ...] | None,
    published: date,
    anchor: int | None,
    future: bool = False,
) -> DateResolution:
    """The event date among ``date_expressions``' matches, nearest to ``anchor``.

    ``future``: the event's clause is in the future tense, so a weekday or a date
    without a year means the next one (``DateMatch.future_day``), not the last.
    """
    if matches is None:
        return DateResolution(None, None, "date: sentence too long to read")
    if not matches:
        return DateResolution(None, None, "date: no date expression")
    chosen = _nearest(matches, anchor)
    if chosen.day is None:
        return DateResolution(None, None, chosen.note)
    day = chosen.future_day if future and chosen.future_day is not None else chosen.day
    out_of_range = check_range(day, published)
    if out_of_range is not None:
        past = (chosen.start, chosen.end) if day < published else None
        return DateResolution(None, None, out_of_range, long_past=past)
    return DateResolution(day, chosen.precision, None)


def resolve_event_date(
    sent: Span,
    trigger: Token | None,
    published: datetime,
    matches: tuple[DateMatch, ...] | None = None,
) -> DateResolution:
    """``parse_relative_date`` on a parsed sentence, anchored at the trigger; ``matches``
    are the sentence's ``date_expressions`` when the caller already has them."""
    anchor = None if trigger is None else trigger.idx - sent.start_char
    if matches is None:
        matches = date_expressions(sent.text, published.date())
    future = trigger is not None and future_clause(trigger)
    return choose_date(matches, published.date(), anchor, future)


def _nearest(matches: tuple[DateMatch, ...], anchor: int | None) -> DateMatch:
    usable = tuple(m for m in matches if m.day is not None) or matches
    if anchor is None:
        return usable[0]
    return min(usable, key=lambda m: min(abs(m.start - anchor), abs(m.end - anchor)))
