"""Wire furniture: agency lines, datelines, bylines and time stamps.

These parse one cleaned paragraph each. Dates without a year take the year of the
reference time (publication or reception), moved back a year when that would put
them more than two days in the future.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from pipeline.normalize.lexicon import Lexicon

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sept?|Oct|Nov|Dec)[a-z]*\.?"
_WEEKDAY = r"(?:(?:Mon|Tues?|Wed(?:nes)?|Thu(?:rs)?|Fri|Sat(?:ur)?|Sun)(?:day)?\.?,?\s+)"
_DATE = (
    rf"{_WEEKDAY}?(?:(?P<m1>{_MONTH})\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH}))(?:,?\s+(?P<y>\d{{4}}))?"
)
_ISO_DATE = r"(?P<iy>\d{4})-(?P<im>\d{2})-(?P<id>\d{2})"
_TIME = r"(?P<h>\d{1,2})[:.](?P<mi>\d{2})(?:\s*(?P<ampm>[ap]\.?m\.?))?"
_ZONES = {
    "gmt": 0, "utc": 0, "z": 0, "bst": 60, "cet": 60, "cest": 120, "eet": 120, "eest": 180,
    "msk": 180, "est": -300, "edt": -240, "cst": -360, "cdt": -300, "pst": -480, "pdt": -420,
    "ist": 330, "jst": 540,
}  # fmt: skip
_ZONE = (
    r"(?P<tz>GMT|UTC|Z|BST|CEST|CET|EEST|EET|MSK|EST|EDT|CST|CDT|PST|PDT|IST|JST|[+-]\d{2}:?\d{2})"
)

# Words of a place name: hyphens and slashes only inside a word, spaces between words,
# so the patterns cannot split one run of letters in many ways (no catastrophic
# backtracking); they are also only tried on the head of a paragraph.
_PLACE_WORD = r"[A-Z][A-Za-z.']*(?:[-/][A-Za-z.']+)*"
_PLACE = rf"{_PLACE_WORD}(?: {_PLACE_WORD}){{0,3}}(?:, ?{_PLACE_WORD}(?: {_PLACE_WORD}){{0,2}})?"
_CAPS_WORD = r"[A-Z][A-Z.']*(?:[-/][A-Z.']+)*"
_HEAD = 160
_LINE_MAX = 120  # bylines and time stamps are short lines

_AGENCY_DATELINE = re.compile(
    rf"^(?:(?P<place>{_PLACE}?)(?:, ?(?P<date>{_DATE}))? ?)?"
    r"\((?P<agency>[A-Za-z][A-Za-z .&'/-]{0,38})\) ?(?:-+|–|—|:) ?(?=\S)"
)
_CAPS_DATELINE = re.compile(
    rf"^(?P<place>{_CAPS_WORD}(?: {_CAPS_WORD}){{0,3}}(?:, ?{_PLACE_WORD}(?: {_PLACE_WORD})?)?)"
    rf"(?:, ?(?P<date>{_DATE}))?(?: ?(?:--|–|—|-)|:) (?=[\"'A-Z0-9])"
)
_PLACE_LINE = re.compile(rf"^(?P<place>{_PLACE})(?:,\s*(?P<date>{_DATE}))?$")
_BYLINE = re.compile(
    r"^By:?\s+(?P<names>[A-Z][\w.'-]*(?:(?:\s+|,\s*|\s+and\s+|\s*&\s*)[A-Z][\w.'-]*){0,7})"
    r"(?:\s*(?:,|\||/|-|–|—|in)\s*(?P<org>[A-Za-z][A-Za-z .&'-]{1,40}))?\.?$"
)
_STAMP = re.compile(
    r"^(?:(?:last\s+)?updated|published|posted|first published|issued|filed)(?:\s+on|\s+at)?:?\s*"
    r"(?P<rest>.{3,80})$",
    re.IGNORECASE,
)
_STAMP_BODY = re.compile(
    rf"(?:{_WEEKDAY}?(?:{_ISO_DATE}|{_DATE}))?[ ,T]*(?:at\s+)?"
    rf"(?:{_TIME})?(?::\d{{2}})?\s*(?:{_ZONE})?",
    re.IGNORECASE,
)
_DATE_ONLY = re.compile(_DATE)
_NOT_PLACES = frozenset((
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "today",
    "yesterday", "breaking", "news", "update", "updated", "exclusive", "analysis",
    "advertisement", "photo", "note", "editor's note", "warning", "urgent", "flash",
    "bulletin", "correction", "corrected", "advisory", "live", "watch", "listen", "video",
    "opinion", "comment", "explainer", "factbox", "q&a", "editorial", "update"
)) | frozenset(_MONTHS)  # fmt: skip


@dataclass(frozen=True)
class InlineDateline:
    """What ``CITY, Date (AGENCY) -`` at the head of a paragraph says, and the text after it."""

    place: str | None
    date: dt.date | None
    agency: str | None
    rest: str


def title_place(place: str) -> str:
    """``BEIRUT`` -> ``Beirut``; mixed-case names are kept as written."""
    words = place.strip(" ,").split()
    # Two-letter capitals are abbreviations (US, UK, DC), not shouted names.
    return " ".join(
        "-".join(p.capitalize() if p.isupper() and len(p) > 2 else p for p in w.split("-"))
        for w in words
    )


def _date_from(match: re.Match[str], reference: dt.datetime | None) -> dt.date | None:
    month_name = (match.group("m1") or match.group("m2") or "").lower().rstrip(".")
    day_text = match.group("d1") or match.group("d2")
    month = _MONTHS.get(month_name) or _MONTHS.get(month_name[:3])
    if month is None or day_text is None:
        return None
    year_text = match.group("y")
    year = int(year_text) if year_text else (reference.year if reference else None)
    if year is None:
        return None
    try:
        value = dt.date(year, month, int(day_text))
    except ValueError:
        return None
    if not year_text and reference is not None and value > reference.date() + dt.timedelta(2):
        try:
            value = value.replace(year=year - 1)
        except ValueError:
            return None
    return value


def parse_date(text: str, reference: dt.datetime | None) -> dt.date | None:
    """A calendar date written as "Oct 7", "7 October 2015" or "Wednesday, October 7"."""
    match = _DATE_ONLY.fullmatch(text.strip(" ,."))
    return _date_from(match, reference) if match else None


def split_dateline(text: str, lexicon: Lexicon, reference: dt.datetime | None) -> InlineDateline:
    """Split ``BEIRUT (AFP) - ...``, ``(Reuters) - ...`` or ``KABUL -- ...`` off a paragraph."""
    head = text[:_HEAD]
    match = _AGENCY_DATELINE.match(head)
    if match:
        agency = lexicon.agency(match.group("agency"))
        if agency is None and not re.fullmatch(r"[A-Z]{2,6}", match.group("agency").strip()):
            match = None
        if match is not None:
            place = match.group("place")
            date_text = match.group("date")
            return InlineDateline(
                place=title_place(place) if place else None,
                date=parse_date(date_text, reference) if date_text else None,
                agency=agency or match.group("agency").strip(),
                rest=text[match.end() :],
            )
    match = _CAPS_DATELINE.match(head)
    if match and match.group("place").split(",")[0].strip().lower() not in _NOT_PLACES:
        date_text = match.group("date")
        return InlineDateline(
            place=title_place(match.group("place")),
            date=parse_date(date_text, reference) if date_text else None,
            agency=None,
            rest=text[match.end() :],
        )
    return InlineDateline(place=None, date=None, agency=None, rest=text)


def place_line(text: str, reference: dt.datetime | None) -> tuple[str, dt.date | None] | None:
    """A line that is only a place (and maybe a date), as under an agency line."""
    if len(text) > 60:
        return None
    match = _PLACE_LINE.match(text)
    if not match or match.group("place").split(",")[0].strip().lower() in _NOT_PLACES:
        return None
    date_text = match.group("date")
    return title_place(match.group("place")), (
        parse_date(date_text, reference) if date_text else None
    )


def byline(text: str, lexicon: Lexicon) -> tuple[str, str | None] | None:
    """``By Jane Doe`` -> ("Jane Doe", None); ``By JANE DOE, AFP`` -> ("Jane Doe", "AFP")."""
    if len(text) > _LINE_MAX or not text.startswith("By"):
        return None
    match = _BYLINE.match(text)
    if not match:
        return None
    names = match.group("names").strip()
    org = match.group("org")
    head, _, last = names.rpartition(",")
    if org is None and head and lexicon.agency(last):
        names, org = head.strip(), last
    if names.isupper():
        names = " ".join(w.capitalize() if w.lower() != "and" else "and" for w in names.split())
    return names, lexicon.agency(org) if org else None


def timestamp(text: str, reference: dt.datetime | None) -> tuple[bool, dt.datetime | None]:
    """Whether the line is a time stamp ("Updated 10:32 GMT"), and the time it gives.

    A time without a date takes the reference date (the day before, if that would be
    in the future). Without a zone, UTC is assumed.
    """
    if len(text) > _LINE_MAX or not any(c.isdigit() for c in text):
        return False, None
    stamp = _STAMP.match(text)
    body = stamp.group("rest") if stamp else text
    match = _STAMP_BODY.fullmatch(body.strip(" .,()"))
    if match is None or not match.group(0).strip():
        return False, None
    has_date = bool(match.group("iy") or match.group("d1") or match.group("d2"))
    has_time = match.group("h") is not None
    if not stamp and not (has_date and (has_time or match.group("y"))):
        return False, None
    if has_date:
        if match.group("iy"):
            try:
                day: dt.date | None = dt.date(
                    int(match.group("iy")), int(match.group("im")), int(match.group("id"))
                )
            except ValueError:
                day = None
        else:
            day = _date_from(match, reference)
    else:
        day = reference.date() if reference else None
    if day is None:
        return True, None
    hour, minute = (int(match.group("h")), int(match.group("mi"))) if has_time else (0, 0)
    ampm = (match.group("ampm") or "").replace(".", "").lower()
    if ampm == "pm" and hour < 12:
        hour += 12
    elif ampm == "am" and hour == 12:
        hour = 0
    if hour > 23 or minute > 59:
        return True, None
    value = dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=_zone(match.group("tz")))
    if not has_date and reference is not None and value > reference + dt.timedelta(hours=1):
        value -= dt.timedelta(days=1)
    return True, value


def _zone(name: str | None) -> dt.timezone:
    if not name:
        return dt.UTC
    key = name.lower()
    if key in _ZONES:
        return dt.timezone(dt.timedelta(minutes=_ZONES[key]))
    sign = -1 if key.startswith("-") else 1
    digits = key[1:].replace(":", "")
    offset = dt.timedelta(hours=int(digits[:2]), minutes=int(digits[2:]))
    if offset >= dt.timedelta(hours=24):
        return dt.UTC
    return dt.timezone(sign * offset)
