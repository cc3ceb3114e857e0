"""The normaliser's word lists, read from ``pipeline/data/normalize/`` once per process.

``agencies.tsv`` maps the spellings of news agencies to one canonical name;
``boilerplate.tsv`` holds the patterns of page furniture (each file documents its
format in its header).
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from importlib import resources

# Boilerplate lines are short; a longer paragraph is never one.
_LINE_CHARS = 400
_TAIL_CHARS = 160
# Cheap pre-checks (boilerplate.tsv says so in its header): every suffix pattern
# contains "page" and every credit pattern one of these words, so text without them
# skips the regular expressions, which are searched at every position of the tail.
_SUFFIX_HINT = "page"
_CREDIT_HINTS = ("photo", "pictur", "image", "pic", "file")


@dataclass(frozen=True)
class Lexicon:
    """Agencies and boilerplate patterns, compiled."""

    agencies: dict[str, str]  # lower-cased spelling -> canonical name
    line: re.Pattern[str]  # every "line" pattern as one alternation
    related: re.Pattern[str]
    suffix: tuple[re.Pattern[str], ...]
    credit: tuple[re.Pattern[str], ...]

    def agency(self, text: str) -> str | None:
        """The canonical agency a whole string names ("Agence France-Presse" -> "AFP")."""
        return self.agencies.get(text.strip(" .,;:-").lower())

    def is_boilerplate(self, text: str) -> bool:
        return len(text) <= _LINE_CHARS and self.line.fullmatch(text) is not None

    def is_related(self, text: str) -> bool:
        return len(text) <= _LINE_CHARS and self.related.fullmatch(text) is not None

    def strip_suffix(self, text: str) -> str:
        # Suffixes are short: only the tail is searched, so the cost does not grow
        # with the paragraph.
        head, tail = text[:-_TAIL_CHARS], text[-_TAIL_CHARS:]
        if _SUFFIX_HINT not in tail.lower():
            return text
        for pattern in self.suffix:
            tail = pattern.sub("", tail)
        return head + tail

    def split_credit(self, text: str) -> tuple[str, bool]:
        """The text without a trailing photo credit, and whether there was one."""
        head, tail = text[:-_TAIL_CHARS], text[-_TAIL_CHARS:]
        lowered = tail.lower()
        if not any(hint in lowered for hint in _CREDIT_HINTS):
            return text, False
        for pattern in self.credit:
            stripped = pattern.sub("", tail)
            if stripped != tail:
                return (head + stripped).rstrip(), True
        return text, False


def _read(name: str) -> list[list[str]]:
    path = resources.files("pipeline").joinpath("data", "normalize", name)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


def _alternation(patterns: list[re.Pattern[str]]) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p.pattern})" for p in patterns), re.IGNORECASE)


@functools.cache
def load_lexicon() -> Lexicon:
    """Read and compile the data files (cached: they are versioned with the code)."""
    agencies: dict[str, str] = {}
    for canonical, spellings in _read("agencies.tsv"):
        for spelling in spellings.split("|"):
            agencies[spelling.strip().lower()] = canonical
    kinds: dict[str, list[re.Pattern[str]]] = {
        "line": [],
        "related": [],
        "suffix": [],
        "credit": [],
    }
    for kind, pattern in _read("boilerplate.tsv"):
        if kind not in kinds:
            raise ValueError(f"boilerplate.tsv: unknown kind {kind!r}")
        if kind in ("suffix", "credit"):
            pattern = f"(?:{pattern})$"
        kinds[kind].append(re.compile(pattern, re.IGNORECASE))
    return Lexicon(
        agencies=agencies,
        line=_alternation(kinds["line"]),
        related=_alternation(kinds["related"]),
        suffix=tuple(kinds["suffix"]),
        credit=tuple(kinds["credit"]),
    )
