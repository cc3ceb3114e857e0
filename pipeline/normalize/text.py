"""Character-level cleaning: Unicode, invisible characters, quotes, whitespace, hyphenation.

Everything here maps a string to a string and is idempotent: cleaning clean text
changes nothing, which is what lets a normalised article go through the normaliser
again unchanged.
"""

from __future__ import annotations

import re
import unicodedata

# Invisible characters that only get in the tokenizer's way (zero-width spaces and
# joiners, word joiner, BOM, soft hyphen, bidirectional marks and embeddings) go;
# curly quotes and their look-alikes become ASCII, so the parser and the quote-aware
# rules downstream see one apostrophe and one double quote; odd line and page
# separators become newlines.
_REPLACE: dict[str, str] = {
    **dict.fromkeys("\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c", ""),
    **dict.fromkeys([chr(c) for c in range(0x202A, 0x202F)], ""),
    **dict.fromkeys([chr(c) for c in range(0x2066, 0x206A)], ""),
    **dict.fromkeys("\u2018\u2019\u201a\u201b\u2032\u02bc\u0060\u00b4", "'"),
    **dict.fromkeys("\u201c\u201d\u201e\u201f\u2033\u00ab\u00bb", '"'),
    "\u2028": "\n",
    "\u2029": "\n\n",
    "\u0085": "\n",
    "\t": " ",
    "\f": "\n\n",
    "\v": "\n",
}
# One regular-expression scan finds them (much faster than str.translate with a dict).
_SPECIAL = re.compile("[" + re.escape("".join(_REPLACE)) + "]")


def _replace_special(text: str) -> str:
    return _SPECIAL.sub(lambda match: _REPLACE[match.group(0)], text)


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x84\x86-\x9f\ufffd]")
_SPACES = re.compile(r"[ \u00a0\u1680\u2000-\u200a\u202f\u205f\u3000]+")
_HYPHEN_BREAK = re.compile(r"(\w+)-[ ]*\n[ ]*([a-z]\w*)([^\s\w]*)[ ]?")
_TRAILING_SPACE = re.compile(r" +\n")

# Words that usually follow a hyphen in English compounds ("Western-backed",
# "Britain-based"): a line break after the hyphen keeps it.
_COMPOUND_TAILS = frozenset((
    "backed", "based", "born", "held", "led", "run", "owned", "made", "linked", "funded",
    "allied", "affiliated", "aligned", "controlled", "dominated", "style", "year", "years",
    "old", "day", "days", "month", "week", "hour", "term", "level", "scale", "wide", "long",
    "time", "party", "range", "class", "fire", "free", "like", "related", "speaking",
    "armed", "ridden", "sponsored", "bound", "oriented"
))  # fmt: skip


def bad_char_ratio(text: str) -> float:
    """Share of characters that no text feed should carry (NUL, C0/C1 controls, U+FFFD)."""
    if not text:
        return 0.0
    return len(_CONTROL.findall(text)) / len(text)


def clean_text(text: str) -> str:
    """Clean a whole body, keeping line structure (``\\n``) for the layout step.

    NFKC folds compatibility forms (ligatures, full-width letters, no-break spaces);
    control characters are dropped; words broken across lines with ``-\\n`` are
    joined again unless the hyphen belongs to a compound.
    """
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _replace_special(text)
    if not text.isascii():
        text = _replace_special(unicodedata.normalize("NFKC", text))
    text = _CONTROL.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _TRAILING_SPACE.sub("\n", text)
    if "-\n" in text:
        text = _dehyphenate(text)
    return text.strip()


def clean_inline(text: str) -> str:
    """Clean a run of text into a single line (paragraphs, headlines, captions)."""
    text = clean_text(text)
    return " ".join(text.split())


def _dehyphenate(text: str) -> str:
    hyphenated = {m.group(0) for m in re.finditer(r"\w+-\w+", text)}

    def join(match: re.Match[str]) -> str:
        head, tail, punctuation = match.group(1), match.group(2), match.group(3)
        keep = (
            tail in _COMPOUND_TAILS
            or head[:1].isupper()
            or head.isdigit()
            or f"{head}-{tail}" in hyphenated
        )
        # The rebuilt word stays on the first line and the break moves after it, so
        # line lengths (which tell wrapped copy apart) barely change.
        return f"{head}{'-' if keep else ''}{tail}{punctuation}\n"

    return _HYPHEN_BREAK.sub(join, text)


_TERMINAL = re.compile(r"""[.!?:;…](?:["')\]]+)?$|["')\]]$""")


def ends_sentence(text: str) -> bool:
    """True when the text ends like a sentence or a quotation, not like a title."""
    return bool(_TERMINAL.search(text[-6:]))  # the end is all that matters
