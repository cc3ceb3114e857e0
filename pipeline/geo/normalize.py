"""Place-name keys: the folding that makes transliteration variants meet.

Two keys per name, tried in order by the gazetteer:

- ``name_key``: lowercase ASCII, diacritics and apostrophes (', ’, ʿ, ʾ, `) dropped,
  hyphens and punctuation as spaces, Arabic articles (al-, el-, ad-, as-, ash-, az-, ...)
  dropped, a leading "the" dropped. "Ma'arrat al-Nu'man" -> "maarrat numan".
- ``skeleton_key``: ``name_key`` with doubled letters collapsed and the vowels and
  semivowels (a e i o u w y) dropped except at the start of a word. "Maaret al-Naaman",
  "Maarat al-Numan" and "Ma'arrat al-Nu'man" all give "mrt nmn"; "Deir ez-Zor" and "Dayr
  az Zawr" give "dr zr". It is lossy on purpose: the gazetteer only falls back to it
  when ``name_key`` finds nothing, and then breaks ties by context and population.
"""

from __future__ import annotations

import re
import unicodedata

# Arabic definite-article spellings as they appear in Latin transliteration, joined to
# the next word by a hyphen or a space ("al-Bab", "Deir ez-Zor", "Ras al Ain").
ARABIC_ARTICLES = frozenset(
    (
        "al",
        "el",
        "il",
        "ul",
        "ad",
        "ed",
        "as",
        "es",
        "ash",
        "esh",
        "az",
        "ez",
        "an",
        "en",
        "ar",
        "er",
        "at",
        "et",
        "ath",
        "adh",
    )
)
_APOSTROPHES = "'’‘`´ʿʾʻʼ′"
_NON_WORD = re.compile(r"[^a-z0-9]+")
# ASCII fast path (most names): apostrophes vanish, other punctuation becomes a space.
_ASCII_TABLE = str.maketrans(
    {c: ("" if c in "'`" else " ") for c in map(chr, range(128)) if not c.isalnum()}
)
_DOUBLE = re.compile(r"(.)\1+")
_TA_MARBUTA = re.compile(r"(?<=\w\w[ae])h\b")
_INNER_VOWELS = re.compile(r"(?<=\w)[aeiouwy]+")


def ascii_fold(text: str) -> str:
    """Lowercase ASCII: diacritics stripped; letters with no ASCII form dropped."""
    decomposed = unicodedata.normalize("NFKD", text)
    return decomposed.encode("ascii", "ignore").decode("ascii").lower()


def name_key(text: str) -> str:
    """The exact-lookup key of a place name (see module docstring); "" when nothing is left."""
    if text.isascii():
        words = text.lower().translate(_ASCII_TABLE).split()
    else:
        for mark in _APOSTROPHES:
            text = text.replace(mark, "")
        words = _NON_WORD.sub(" ", ascii_fold(text)).split()
    if words and words[0] == "the":
        words = words[1:]
    kept = [w for w in words if w not in ARABIC_ARTICLES]
    # "Al Bab" must not become "bab" and then "" for a one-word article-only name.
    return " ".join(kept or words)


def skeleton_key(text: str) -> str:
    """The lossy fallback key: consonant skeleton of ``name_key``, word-initial letters kept."""
    return skeleton_of_key(name_key(text))


def skeleton_of_key(key: str) -> str:
    """``skeleton_key`` of a string that is already a ``name_key``."""
    # Arabic ta marbuta: "Raqqah" and "Raqqa", "Hasakeh" and "Hasaka".
    key = _TA_MARBUTA.sub("", key)
    key = _DOUBLE.sub(r"\1", key)
    key = _INNER_VOWELS.sub("", key)
    return _DOUBLE.sub(r"\1", key)


def is_mostly_latin(text: str) -> bool:
    """True when most letters of ``text`` are Latin: other scripts are not in our keys."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return False
    latin = sum(1 for c in letters if "LATIN" in unicodedata.name(c, ""))
    return latin * 2 > len(letters)
