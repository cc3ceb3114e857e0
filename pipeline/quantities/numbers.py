"""Quantity phrases in English news text: digits, number words and vague amounts.

Vague amounts follow ACLED's fatality rules where ACLED has one: "several" and "many"
= 10, "dozens" = 12, "hundreds" = 100. Ours where it has none: "a few" = 3,
"scores" = 20, "thousands" = 1,000. "two dozen" = 24, "a dozen" = 12.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

# The number words every reader shares; what a vague word ("several") is worth depends
# on what is counted, so each reader adds its own (here: fatalities, after ACLED).
NUMBER_WORDS = {
    "zero": 0,
    "one": 1,
    "a": 1,
    "an": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "thirteen": 13,
    "fourteen": 14,
    "fifteen": 15,
    "sixteen": 16,
    "seventeen": 17,
    "eighteen": 18,
    "nineteen": 19,
    "twenty": 20,
    "thirty": 30,
    "forty": 40,
    "fifty": 50,
    "sixty": 60,
    "seventy": 70,
    "eighty": 80,
    "ninety": 90,
}
_SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000}
_VAGUE = {
    "several": 10,
    "many": 10,
    "numerous": 10,
    "a few": 3,
    "a handful of": 3,
    "dozens": 12,
    "dozens of": 12,
    "scores": 20,
    "scores of": 20,
    "hundreds": 100,
    "hundreds of": 100,
    "thousands": 1_000,
    "thousands of": 1_000,
    "a dozen": 12,
    "dozen": 12,
}
_MODIFIERS = (
    r"at least|more than|over|nearly|almost|about|around|some|up to|as many as|"
    r"approximately|roughly|an estimated|fewer than|less than|close to|upwards of|at most"
)
_WORD = "|".join(sorted([*NUMBER_WORDS, *_SCALES, "and", "dozen"], key=len, reverse=True))
_VAGUE_RE = "|".join(sorted((re.escape(v) for v in _VAGUE), key=len, reverse=True))
QUANTITY = re.compile(
    rf"(?<![\w.,-])(?:(?P<mod>{_MODIFIERS})\s+)?"
    rf"(?P<num>(?P<digits>\d{{1,3}}(?:,\d{{3}})+|\d+(?:\.\d+)?)(?:\s+(?P<dscale>million|billion|thousand))?"
    rf"|(?P<vague>{_VAGUE_RE})\b"
    # A number never starts with "and": "killed two soldiers and a policeman" holds no
    # quantity "and a", and in "killed and four others" the number is "four".
    rf"|(?P<words>(?!and\b)(?:(?:{_WORD})(?:[\s-]+|(?=\W)|$))+))",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Quantity:
    value: int
    start: int
    end: int
    vague: bool


def parse_words(words: str) -> int | None:
    """ "twenty-five" -> 25, "a hundred and six" -> 106, "two dozen" -> 24; None if not a number."""
    total, current, seen = 0, 0, False
    for word in re.split(r"[\s-]+", words.lower().strip()):
        if not word or word == "and":
            continue
        if word in NUMBER_WORDS:
            current += NUMBER_WORDS[word]
            seen = True
        elif word == "dozen":
            current = max(current, 1) * 12
            seen = True
        elif word in _SCALES:
            current = max(current, 1) * _SCALES[word]
            if _SCALES[word] >= 1_000:
                total, current = total + current, 0
            seen = True
        else:
            return None
    return total + current if seen else None


def find_quantities(text: str) -> list[Quantity]:
    """Every quantity in ``text``; articles alone ("a", "an") are not quantities."""
    found = []
    for match in QUANTITY.finditer(text):
        value: int | None
        vague = False
        start = match.start()
        if match.group("digits"):
            value = _digits(match.group("digits"), match.group("dscale"))
        elif match.group("vague"):
            value, vague = _VAGUE[" ".join(match.group("vague").lower().split())], True
        else:
            words = match.group("words").strip(" -")
            if words.lower() in ("a", "an", "no", "a and", "an and") or not words:
                continue
            value = parse_words(words)
        if value is None:
            continue
        end = match.start() + len(match.group(0).rstrip(" -\t\n"))
        found.append(Quantity(value, start, end, vague))
    return found


def _digits(digits: str, scale: str | None) -> int | None:
    try:
        number = float(digits.replace(",", ""))
    except ValueError:
        return None
    if scale:
        number *= _SCALES[scale.lower()]
    if number != int(number):
        return None
    return int(number)
