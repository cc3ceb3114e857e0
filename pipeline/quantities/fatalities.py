"""Fatality figures and report counts from one sentence's text.

A figure counts when the sentence ties it to a death: "six people were killed", "40
dead", "killing at least 12", "the death toll rose to 30", "five lost their lives".
Figures tied to injuries ("wounding 20"), subsets of another figure ("including two
children", "two of them children") and dates are left out. When several figures remain,
the lowest wins (ACLED: "take the lowest reported figure"). "No one was killed" is 0;
a singular victim ("a policeman was killed", "killing a soldier") is 1. An age ("Jon
Arrieta, 58, was killed"), the doers of an active killing ("Two car bombs killed 12")
and a running total ("bringing the death toll to 375") are no toll.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from pipeline.quantities.numbers import NUMBER_WORDS, find_quantities

# More than this for a single event is a cumulative war toll or a parsing accident.
MAX_EVENT_FATALITIES = 10_000
MAX_REPORTS = 1_000
MAX_TEXT_CHARS = 5_000

_DEATH = (
    r"killed|dead|died|slain|massacred|executed|perished|beheaded|lost their lives|"
    r"shot dead|were killed|have died|been killed|deaths|fatalities|bodies|corpses"
)
_HURT = re.compile(r"\b(?:injur\w*|wound\w*|hurt|arrested|detained|missing|kidnapp\w*|abduct\w*)\b")
_AFTER_DEATH = re.compile(
    rf"^((?:[\s,]+[\w'’-]+){{0,6}}?)[\s,]+(?:(?:were|was|have|had|are|is|been|being|"
    rf"reportedly|also|confirmed|all|later|all)\s+){{0,3}}(?:{_DEATH})\b",
    re.IGNORECASE,
)
_BEFORE_DEATH = re.compile(
    r"(?:\bkill(?:ed|ing|s)?|\bclaimed the lives of|\bleft|\bleaving|"
    r"\bdeath toll\b(?:\s+[\w-]+){0,4}?\s+(?:to|at|of|reached|hit|is|was|stood|stands)|"
    r"\btoll\s+(?:rose|climbed|reached|stood|stands|is|was|hit|jumped)(?:\s+(?:to|at))?|"
    r"\bdeaths? of)\s*$",
    re.IGNORECASE,
)
_LEFT_DEAD = re.compile(r"^(?:\s+[\w-]+){0,3}?\s+dead\b", re.IGNORECASE)
_SUBSET_BEFORE = re.compile(
    r"(?:\bincluding|\bincl\.|\bamong them|\bamong whom|\bof whom|\bof them|\bamong|\bsuch as)"
    r"[\s,]*$",
    re.IGNORECASE,
)
_SUBSET_AFTER = re.compile(r"^\s+(?:of them|of whom)\b", re.IGNORECASE)
_MONTHS = re.compile(
    r"^\s*(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\b|"
    r"^\s*(?:percent|per cent|%|km|kilomet|mile|year|month|week|day|hour|minute|am\b|pm\b|"
    r"a\.m|p\.m)",
    re.IGNORECASE,
)
_YEAR_BEFORE = re.compile(
    r"\b(?:in|since|until|till|by|from|of|early|late|mid|during|before|after)\s*$", re.IGNORECASE
)
_MONTH_BEFORE = re.compile(
    r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*\.?\s*$", re.IGNORECASE
)
_NONE_KILLED = re.compile(
    r"\b(?:no one|nobody|none|no (?:one|people|civilians|casualties|deaths|fatalities|lives))\b"
    r"(?:\s+[\w-]+){0,3}?\s*(?:was|were|had been|has been|have been)?\s*"
    r"(?:killed|dead|died|hurt|injured|reported|lost)|\bno (?:casualties|deaths|fatalities)\b",
    re.IGNORECASE,
)
_SINGLE = re.compile(
    r"\b(?:he|she|a|an|one|the)\s+(?:[\w'’.-]+\s+){0,3}?(?:was|has been|had been)\s+"
    r"(?:\w+\s+)?(?:killed|shot dead|slain|beheaded|executed|stabbed to death)\b|"
    r"\b(?:killing|killed|kills)\s+(?:a|an|one)\s+(?!number|total|few|dozen|handful|"
    r"couple|series|range|score)\w|"
    r"\b(?:a|an|one)\s+(?:[\w'’.-]+\s+){0,3}?died\b",
    re.IGNORECASE,
)
# "..., bringing the death toll to 375 this month": a running total, not this event's.
_CUMULATIVE_BEFORE = re.compile(
    r"\b(?:bringing|raising|taking|pushing|lifting)\s+(?:the\s+)?(?:[\w-]+\s+){0,3}?"
    r"(?:toll|total|tally)\s+(?:\w+\s+){0,3}?(?:to|at)\s*$",
    re.IGNORECASE,
)
# Every word the patterns above tie a figure (or "no one", or a single victim) to
# contains one of these: a sentence with none of them has no toll, and most sentences
# of an article are read no further.
# A sentence holding none of these (lower case) reads no figure: checked as substrings,
# which is several times cheaper than one regular expression of them all.
_DEATH_HINTS = tuple(
    str.split(
        "kill dead die slain massac execut perish behead lives death fatalit bodies corpse "
        "toll hurt injur report lost casualt stabbed"
    )
)
_AND_OTHERS_AFTER = re.compile(r"^\s+(?:other|others|more)\b", re.IGNORECASE)
_ONE_AND_BEFORE = re.compile(
    r"\bkill(?:ed|ing|s)?\s+(?:a|an|one|the|his|her|their)\b[^.;]{0,60}?\band\s*$", re.IGNORECASE
)
_REPORT_NUMBERS = ("two", "three", "four", "five", "six", "seven", "eight", "nine", "ten")
_REPORTS = re.compile(
    r"\b(?:on\s+)?(?:at least\s+|more than\s+)?(?P<n>\d+|"
    + "|".join(_REPORT_NUMBERS)
    + r"|several|multiple)\s+(?:separate\s+|different\s+)?(?:occasions|times|incidents)\b"
    r"(?!\s+(?:more|less|as|higher|larger|bigger|faster|the))|"
    r"\b(?P<twice>twice|thrice)\b(?!\s+(?:as|the|a\b))",
    re.IGNORECASE,
)
# One of these (lower case) is in every match of _REPORTS: without one, no search.
_REPORT_CUES = ("occasions", "times", "incidents", "twice", "thrice")
# Occurrences: "several occasions" is a few reports (3), not ACLED's 10 dead.
_REPORT_WORDS = {w: NUMBER_WORDS[w] for w in _REPORT_NUMBERS} | {
    "several": 3,
    "multiple": 2,
    "twice": 2,
    "thrice": 3,
}


@dataclass(frozen=True)
class CountResolution:
    value: int | None
    note: str | None
    # Every figure was over ``MAX_EVENT_FATALITIES``: a cumulative toll, not one event's.
    cumulative: bool = False


_NO_FIGURE = CountResolution(None, "fatalities: no figure tied to deaths")


@dataclass(frozen=True)
class FatalityReading:
    """A sentence's figures tied to deaths (offset of the figure's last character, value)
    and the reading of the whole sentence, for when only some of the figures count."""

    figures: tuple[tuple[int, int], ...]
    whole: CountResolution

    @classmethod
    def of(cls, figures: Sequence[tuple[int, int]]) -> FatalityReading:
        """The reading of some figures (at least one): the whole sentence's toll is their
        lowest."""
        return cls(tuple(figures), _lowest([value for _, value in figures]))

    def within(self, keep: Callable[[int], bool]) -> CountResolution:
        """The lowest figure among those at offsets ``keep`` accepts (one event's clause),
        else the whole sentence's reading."""
        local = [value for offset, value in self.figures if keep(offset)]
        if not local or len(local) == len(self.figures):
            return self.whole
        return _lowest(local)


def read_fatalities(text: str) -> FatalityReading:
    """Every figure of a sentence tied to deaths, and the sentence's own toll (lowest)."""
    if len(text) > MAX_TEXT_CHARS:
        return FatalityReading((), CountResolution(None, "fatalities: sentence too long to read"))
    lower = text.lower()
    if not any(hint in lower for hint in _DEATH_HINTS):
        return FatalityReading((), _NO_FIGURE)
    figures: list[tuple[int, int]] = []
    for q in find_quantities(text):
        before, after = text[max(0, q.start - 60) : q.start], text[q.end : q.end + 80]
        if _SUBSET_BEFORE.search(before) or _SUBSET_AFTER.match(after):
            continue
        if re.search(r"\b(?:no|not)\s*$", before, re.IGNORECASE):
            continue  # "no one", handled below as zero
        if _MONTHS.match(after) or _MONTH_BEFORE.search(before) or _is_year(text, q.start, q.end):
            continue
        if _is_age(before, after) or _CUMULATIVE_BEFORE.search(before):
            continue
        if _tied_to_death(before, after):
            figures.append((q.end - 1, q.value))
        elif _AND_OTHERS_AFTER.match(after) and _ONE_AND_BEFORE.search(before):
            # "killed a district head and 11 others": the named victim plus the others.
            figures.append((q.end - 1, q.value + 1))
    if figures:
        return FatalityReading.of(figures)
    if _NONE_KILLED.search(text):
        return FatalityReading((), CountResolution(0, None))
    if _SINGLE.search(text):
        return FatalityReading((), CountResolution(1, None))
    return FatalityReading((), _NO_FIGURE)


def fatalities_in_text(text: str) -> CountResolution:
    """The fatality figure of a sentence (lowest of those tied to deaths), or None + why."""
    return read_fatalities(text).whole


def _lowest(figures: list[int]) -> CountResolution:
    sane = [f for f in figures if f <= MAX_EVENT_FATALITIES]
    if not sane:
        note = f"fatalities: {min(figures)} is implausible for one event"
        return CountResolution(None, note, cumulative=True)
    return CountResolution(min(sane), None)


def reports_in_text(text: str) -> int | None:
    """How many occurrences the sentence reports: "on at least two occasions" -> 2."""
    if len(text) > MAX_TEXT_CHARS:
        return None
    lower = text.lower()
    if not any(word in lower for word in _REPORT_CUES):
        return None
    for match in _REPORTS.finditer(text):
        word = (match.group("n") or match.group("twice") or "").lower()
        value = int(word) if word.isdigit() else _REPORT_WORDS.get(word)
        if value is not None and 1 <= value <= MAX_REPORTS:
            return value
    return None


# "Two car bombs killed 12": a killing verb with no auxiliary and an object after it
# has the figure before it as its doers, not its dead.
_KILLED = r"(?:killed|slain|massacred|executed|beheaded)$"
_ACTIVE_KILL_END = re.compile(_KILLED, re.IGNORECASE)
_PASSIVE_KILL_END = re.compile(
    r"\b(?:were|was|have|had|are|is|been|being)\s+(?:\w+\s+){0,2}?" + _KILLED,
    re.IGNORECASE,
)
_NUMBER_AHEAD = r"(?:\d|(?:" + "|".join(sorted(set(NUMBER_WORDS) - {"a", "an"})) + r")\b)"
_OBJECT_AHEAD = re.compile(
    r"^\s+(?:" + _NUMBER_AHEAD + r"|(?:at least|more than|up to|some|about|nearly|almost|"
    r"around|over)\s+" + _NUMBER_AHEAD + r"|(?:a|an|the|his|her|their|its|dozens|scores|"
    r"hundreds|thousands)\b)",
    re.IGNORECASE,
)


def _counts_doers(death_phrase: str, rest: str) -> bool:
    return (
        _ACTIVE_KILL_END.search(death_phrase) is not None
        and _PASSIVE_KILL_END.search(death_phrase) is None
        and _OBJECT_AHEAD.match(rest) is not None
    )


def _tied_to_death(before: str, after: str) -> bool:
    ahead = _AFTER_DEATH.match(after)
    if ahead is not None and _counts_doers(ahead.group(0), after[ahead.end() :]):
        ahead = None
    if ahead is not None and not _HURT.search(ahead.group(1)):
        return True
    if _BEFORE_DEATH.search(before):
        # "left 20 injured" is not a toll: "left"/"leaving" count only with "dead".
        if re.search(r"(?:left|leaving)\s*$", before, re.IGNORECASE):
            return _LEFT_DEAD.match(after) is not None
        return not _HURT.match(after.strip())
    return False


# "John Smith, 58, was killed", "Smith (58)", "aged 58": a person's age.
_AGE_BEFORE = re.compile(r"(?:[A-Z][\w'’.-]*\s*(?:,|\()|\baged)\s*$")
_AGE_AFTER = re.compile(r"^\s*[,)]")


def _is_age(before: str, after: str) -> bool:
    if re.search(r"\baged\s*$", before, re.IGNORECASE):
        return True
    return _AGE_BEFORE.search(before) is not None and _AGE_AFTER.match(after) is not None


def _is_year(text: str, start: int, end: int) -> bool:
    """A four-digit number after "in", "since", ... ("fighting since 2011 has killed")."""
    token = text[start:end].strip()
    if not (token.isdigit() and len(token) == 4 and 1900 <= int(token) <= 2100):
        return False
    return _YEAR_BEFORE.search(text[max(0, start - 20) : start]) is not None
