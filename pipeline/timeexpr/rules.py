"""Date expressions in a sentence, resolved against the publication's calendar date.

ACLED time precision: 1 the day, 2 the week (or a few days), 3 the month.
Conventions (where wire usage leaves a choice):

- weekday names ("on Monday", "Monday night") follow AP style, which names days within
  the past week: the most recent such day on or before publication, so "Monday" in a
  story published on a Monday is that day; "last Monday" is strictly before it;
- in a future-tense clause ("will meet on Monday", "plans to vote on October 5",
  "is to visit over the weekend") the same words look forward: the next such day
  strictly after publication, the coming weekend, the next such calendar date
  (``DateMatch.future_day``; the caller decides the tense);
- "overnight" and "last night" are the night that ended on the publication day: the
  date of the evening before publication;
- "over the weekend" / "last weekend": the Saturday of the latest weekend on or before
  publication, precision 2 (ACLED codes a range by its first day with precision 2);
- "last week": the Monday of the week before publication's, precision 2; "this week",
  "earlier this week": the Monday of publication's week, precision 2;
- "last month": its first day, precision 3; "this month", "earlier this month": the
  first of publication's month, precision 3;
- a day and month without a year ("October 5"): the latest such date not after
  publication plus ``FUTURE_SLACK_DAYS``; a month alone ("in October"): its first day,
  precision 3;
- dates more than ``MAX_PAST_DAYS`` before or ``MAX_FUTURE_DAYS`` after publication are
  background or plans, not the event: None with a note.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, timedelta

from pipeline.quantities.numbers import NUMBER_WORDS

MAX_PAST_DAYS = 365
MAX_FUTURE_DAYS = 7
FUTURE_SLACK_DAYS = 3

_WEEKDAYS = {name.lower(): i for i, name in enumerate(calendar.day_name)}
_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS |= {name.lower(): i for i, name in enumerate(calendar.month_abbr) if name}
_MONTHS["sept"] = 9
# Every month name and abbreviation, lower case.
MONTH_NAMES = frozenset(_MONTHS)
# "two days ago", "a week earlier"; "several days" is read as three.
_NUMBER_WORDS = {
    w: NUMBER_WORDS[w]
    for w in (
        "a",
        "an",
        "one",
        "two",
        "three",
        "four",
        "five",
        "six",
        "seven",
        "eight",
        "nine",
        "ten",
    )
} | {"several": 3, "a few": 3}

_WD = "|".join(_WEEKDAYS)
_MON = "|".join(sorted(_MONTHS, key=len, reverse=True))
_NUM = r"\d{1,2}|" + "|".join(sorted(_NUMBER_WORDS, key=len, reverse=True))

_PATTERNS: list[tuple[str, re.Pattern[str]]] = [
    ("iso", re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{2})-(?P<d>\d{2})\b")),
    (
        "month_day",
        re.compile(
            rf"\b(?P<mon>{_MON})\.?\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\b(?:,?\s+(?P<y>\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "day_month",
        re.compile(
            rf"\b(?P<d>\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?(?P<mon>{_MON})\b\.?(?:,?\s+(?P<y>\d{{4}}))?",
            re.I,
        ),
    ),
    ("day_before_yesterday", re.compile(r"\bthe day before yesterday\b", re.I)),
    ("yesterday", re.compile(r"\byesterday\b|\blast night\b|\bovernight\b", re.I)),
    (
        "today",
        re.compile(
            r"\btoday\b|\btonight\b|\bthis (?:morning|afternoon|evening)\b|\bearlier today\b", re.I
        ),
    ),
    ("last_weekday", re.compile(rf"\blast (?P<wd>{_WD})\b", re.I)),
    ("next_weekday", re.compile(rf"\bnext (?P<wd>{_WD})\b", re.I)),
    ("weekday", re.compile(rf"\b(?P<wd>{_WD})\b", re.I)),
    (
        "weekend",
        re.compile(r"\b(?:over|at|during|on) the weekend\b|\b(?:last|this) weekend\b", re.I),
    ),
    ("last_week", re.compile(r"\blast week\b|\bthe previous week\b|\ba week ago\b", re.I)),
    ("this_week", re.compile(r"\b(?:earlier |later )?this week\b", re.I)),
    ("days_ago", re.compile(rf"\b(?P<n>{_NUM}) days? ago\b", re.I)),
    ("weeks_ago", re.compile(rf"\b(?P<n>{_NUM}) weeks? ago\b", re.I)),
    (
        "years_ago",
        re.compile(
            rf"\b(?:(?P<n>{_NUM})\s+)?(?P<unit>years?|decades?|centur(?:y|ies))\s+ago\b", re.I
        ),
    ),
    ("last_month", re.compile(r"\blast month\b|\bthe previous month\b", re.I)),
    ("this_month", re.compile(r"\b(?:earlier |later )?this month\b", re.I)),
    (
        "month_only",
        re.compile(
            rf"\b(?:in|during|since|early|late|mid-?|last)\s+(?P<mon>{_MON})\b"
            rf"(?:\s+(?P<y>\d{{4}}))?",
            re.I,
        ),
    ),
    (
        "coarse",
        re.compile(
            r"\blast year\b|\bthis year\b|\bin (?:19|20)\d\d\b|\brecently\b"
            r"|\bin recent (?:days|weeks|months)\b",
            re.I,
        ),
    ),
]


@dataclass(frozen=True)
class DateMatch:
    """One expression found in the text, resolved (``day`` None when it cannot be)."""

    start: int
    end: int
    kind: str
    day: date | None
    precision: int | None
    note: str | None
    # The date the same words give in a future-tense clause ("will meet on Monday"):
    # the next such day instead of the last; None when tense does not change it.
    future_day: date | None = None


_DIGITS = tuple("0123456789")
# Every month name and abbreviation holds one of these ("sept": "sep").
_MONTH_STEMS = tuple(name.lower() for name in calendar.month_abbr if name)
# Words one of which (lower case) a text must hold for a rule to match at all: most
# sentences name no date, and this skips the rules that cannot match without a search.
_NEEDS: dict[str, tuple[str, ...]] = {
    "iso": _DIGITS,
    "month_day": _DIGITS,
    "day_month": _DIGITS,
    "day_before_yesterday": ("yesterday",),
    "yesterday": ("yesterday", "last night", "overnight"),
    "today": ("today", "tonight", "this morning", "this afternoon", "this evening"),
    "last_weekday": ("day",),
    "next_weekday": ("day",),
    "weekday": ("day",),
    "weekend": ("weekend",),
    "last_week": ("last week", "previous week", "week ago"),
    "this_week": ("this week",),
    "days_ago": ("ago",),
    "weeks_ago": ("ago",),
    "years_ago": ("ago",),
    "last_month": ("last month", "previous month"),
    "this_month": ("this month",),
    "month_only": _MONTH_STEMS,
    "coarse": ("year", "recent", "19", "20"),
}


# (each as one search)
_NEEDS_SEARCH = {
    kind: re.compile("|".join(re.escape(word) for word in words)).search
    for kind, words in _NEEDS.items()
}
_MONTH_SEARCH = re.compile("|".join(re.escape(stem) for stem in _MONTH_STEMS)).search

# Rules that also need a month name, besides a digit.
_NEEDS_A_MONTH = frozenset({"month_day", "day_month"})


def find_dates(text: str, published: date) -> Iterator[DateMatch]:
    """Every date expression in ``text``, in order; overlapping matches keep the first rule."""
    taken: list[tuple[int, int]] = []
    found: list[DateMatch] = []
    lower = text.lower()
    for kind, pattern in _PATTERNS:
        if not _NEEDS_SEARCH[kind](lower):
            continue
        if kind in _NEEDS_A_MONTH and not _MONTH_SEARCH(lower):
            continue
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            if kind == "weekday" and _not_a_date_weekday(text, match):
                continue
            if _lowercase_verb_month(match):
                continue
            taken.append((match.start(), match.end()))
            day, precision, note = _resolve(kind, match, published)
            ahead = _resolve_ahead(kind, match, published) if day is not None else None
            found.append(DateMatch(match.start(), match.end(), kind, day, precision, note, ahead))
    yield from sorted(found, key=lambda m: m.start)


def check_range(day: date, published: date) -> str | None:
    """A note when ``day`` is too far from publication to be the reported event's date."""
    if day < published - timedelta(days=MAX_PAST_DAYS):
        return f"date: {day.isoformat()} is over {MAX_PAST_DAYS} days before publication"
    if day > published + timedelta(days=MAX_FUTURE_DAYS):
        return f"date: {day.isoformat()} is after publication"
    return None


def _lowercase_verb_month(match: re.Match[str]) -> bool:
    # "they may 10 times", "protesters march 5 km": lowercase May/March are verbs.
    month = match.groupdict().get("mon")
    return month is not None and month in ("may", "march", "mar")


def _not_a_date_weekday(text: str, match: re.Match[str]) -> bool:
    # "Black Friday", "Good Friday" and similar names are not the event's day.
    before = text[max(0, match.start() - 6) : match.start()].lower()
    return before.endswith(("black ", "good ", "holy "))


def _resolve(
    kind: str, match: re.Match[str], pub: date
) -> tuple[date | None, int | None, str | None]:
    groups = match.groupdict()
    if kind == "iso":
        return _safe_date(int(groups["y"]), int(groups["m"]), int(groups["d"]), 1)
    if kind in ("month_day", "day_month"):
        month = _MONTHS[groups["mon"].lower().rstrip(".")]
        day = int(groups["d"])
        if groups.get("y"):
            return _safe_date(int(groups["y"]), month, day, 1)
        return _latest_not_after(pub, month, day, 1)
    if kind == "month_only":
        month = _MONTHS[groups["mon"].lower().rstrip(".")]
        if groups.get("y"):
            return _safe_date(int(groups["y"]), month, 1, 3)
        return _latest_not_after(pub, month, 1, 3)
    if kind == "day_before_yesterday":
        return pub - timedelta(days=2), 1, None
    if kind == "yesterday":
        return pub - timedelta(days=1), 1, None
    if kind == "today":
        return pub, 1, None
    if kind in ("weekday", "last_weekday"):
        back = (pub.weekday() - _WEEKDAYS[groups["wd"].lower()]) % 7
        if kind == "last_weekday" and back == 0:
            back = 7
        return pub - timedelta(days=back), 1, None
    if kind == "next_weekday":
        ahead = (_WEEKDAYS[groups["wd"].lower()] - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead), 1, None
    if kind == "weekend":
        back = (pub.weekday() - 5) % 7
        return pub - timedelta(days=back), 2, None
    if kind == "last_week":
        return pub - timedelta(days=pub.weekday() + 7), 2, None
    if kind == "this_week":
        return pub - timedelta(days=pub.weekday()), 2, None
    if kind in ("days_ago", "weeks_ago"):
        n = _count(groups["n"])
        if kind == "days_ago":
            return pub - timedelta(days=n), 1 if n <= 2 else 2, None
        return pub - timedelta(days=7 * n), 2, None
    if kind == "years_ago":
        # "two years ago", "more than a century ago", "decades ago" (read as three)
        unit = groups["unit"].lower()
        stem = "century" if unit.startswith("centur") else unit.rstrip("s")
        n = _count(groups["n"]) if groups.get("n") else (1 if unit == stem else 3)
        return pub - timedelta(days=365 * n * _YEAR_UNITS[stem]), 3, None
    if kind == "last_month":
        first = pub.replace(day=1)
        return (first - timedelta(days=1)).replace(day=1), 3, None
    if kind == "this_month":
        return pub.replace(day=1), 3, None
    return None, None, f"date: {match.group(0)!r} is coarser than a month"


def _resolve_ahead(kind: str, match: re.Match[str], pub: date) -> date | None:
    """The forward reading of an expression whose default reading looks back."""
    groups = match.groupdict()
    if kind == "weekday":
        # Strictly after publication: a plan for "Monday" in a Monday story says "today".
        ahead = (_WEEKDAYS[groups["wd"].lower()] - pub.weekday()) % 7 or 7
        return pub + timedelta(days=ahead)
    if kind == "weekend" and not match.group(0).lower().startswith("last"):
        return pub + timedelta(days=(5 - pub.weekday()) % 7)
    if kind in ("month_day", "day_month") and not groups.get("y"):
        month = _MONTHS[groups["mon"].lower().rstrip(".")]
        for year in (pub.year, pub.year + 1):
            try:
                candidate = date(year, month, int(groups["d"]))
            except ValueError:
                continue
            if candidate >= pub:
                return candidate
    return None


# Years in each unit of "... ago".
_YEAR_UNITS = {"year": 1, "decade": 10, "century": 100}


def _count(word: str) -> int:
    word = word.lower()
    return int(word) if word.isdigit() else _NUMBER_WORDS.get(word, 1)


def _safe_date(
    year: int, month: int, day: int, precision: int
) -> tuple[date | None, int | None, str | None]:
    try:
        return date(year, month, day), precision, None
    except ValueError:
        return None, None, f"date: {year}-{month}-{day} is not a calendar date"


def _latest_not_after(
    pub: date, month: int, day: int, precision: int
) -> tuple[date | None, int | None, str | None]:
    limit = pub + timedelta(days=FUTURE_SLACK_DAYS)
    for year in (limit.year, limit.year - 1, limit.year - 2):
        try:
            candidate = date(year, month, day)
        except ValueError:
            continue
        if candidate <= limit:
            return candidate, precision, None
    return None, None, f"date: day {day} of month {month} does not exist"
