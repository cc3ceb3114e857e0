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


@dataclass(frozen=True)
class Lexicon:
    """Agencies and boilerplate patterns, compiled."""

    agencies: dict[str, str]  # lower-cased spelling -> canonical name
    line: tuple[re.Pattern[str], ...]
    related: tuple[re.Pattern[str], ...]
    suffix: tuple[re.Pattern[str], ...]
    credit: tuple[re.Pattern[str], ...]

    def agency(self, text: str) -> str | None:
        """The canonical agency a whole string names ("Agence France-Presse" -> "AFP")."""
        return self.agencies.get(text.strip(" .,;:-").lower())

    def is_boilerplate(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.line)

    def is_related(self, text: str) -> bool:
        return any(p.fullmatch(text) for p in self.related)

    def strip_suffix(self, text: str) -> str:
        for pattern in self.suffix:
            text = pattern.sub("", text)
        return text

    def split_credit(self, text: str) -> tuple[str, bool]:
        """The text without a trailing photo credit, and whether there was one."""
        for pattern in self.credit:
            stripped = pattern.sub("", text)
            if stripped != text:
                return stripped.rstrip(), True
        return text, False


def _read(name: str) -> list[list[str]]:
    path = resources.files("pipeline").joinpath("data", "normalize", name)
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            rows.append(line.split("\t"))
    return rows


@functools.cache
def load_lexicon() -> Lexicon:
    """Read and compile the data files (cached: they are versioned with the code)."""
    agencies: dict[str, str] = {}
    for canonical, spellings in _read("agencies.tsv"):
        for spelling in spellings.split("|"):
            agencies[spelling.strip().lower()] = canonical
    kinds: dict[str, list[re.Pattern[str]]] = {"line": [], "related": [], "suffix": [], "credit": []}
    for kind, pattern in _read("boilerplate.tsv"):
        if kind not in kinds:
            raise ValueError(f"boilerplate.tsv: unknown kind {kind!r}")
        if kind in ("suffix", "credit"):
            pattern = f"(?:{pattern})$"
        kinds[kind].append(re.compile(pattern, re.IGNORECASE))
    return Lexicon(
        agencies=agencies,
        line=tuple(kinds["line"]),
        related=tuple(kinds["related"]),
        suffix=tuple(kinds["suffix"]),
        credit=tuple(kinds["credit"]),
    )
