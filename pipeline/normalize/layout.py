"""Plain wire text to units: blank-line blocks, then paragraphs inside each block.

Two layouts share the plain-text feeds. In *line-per-paragraph* text (web pages
copied as text, like the seed) every line is a paragraph. In *wrapped* wire copy
lines are cut at a fixed width (about 60-80 characters) and a paragraph ends with a
short line, an indented line or a blank line. A block counts as wrapped when most of
its lines, bar the last, fill at least 70% of its longest line and that line is
40-120 characters long, unless every line but the last ends a sentence.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Literal

from pipeline.normalize.text import clean_text, ends_sentence

Role = Literal["text", "heading", "headline", "caption", "sidebar"]

_BLOCK_BREAK = re.compile(r"\n[ ]*\n")
_FULL_LINE = 0.7


@dataclass(frozen=True)
class Unit:
    """One paragraph-sized piece of a page, before it is told apart as body or furniture.

    ``role`` is ``text`` unless the markup said more (an HTML ``<h2>`` is a
    ``heading``, an ``<h1>`` the ``headline``, a ``<figcaption>`` a ``caption``, an
    ``<aside>`` title a ``sidebar``). ``block`` numbers the blank-line block a plain
    text unit came from, so lines of one block can be told from lines of the next.
    """

    text: str
    role: Role = "text"
    block: int = 0


def plain_units(body: str, *, role: Role = "text", first_block: int = 0) -> list[Unit]:
    """Split a plain-text body into units, one per paragraph or title line.

    The HTML reader uses it too, for the text of one element with ``<br>`` breaks.
    """
    units: list[Unit] = []
    for index, block in enumerate(_BLOCK_BREAK.split(clean_text(body)), start=first_block):
        for paragraph in _paragraphs(block.split("\n")):
            if paragraph:
                units.append(Unit(text=paragraph, role=role, block=index))
    return units


def _paragraphs(lines: list[str]) -> list[str]:
    stripped = [line.strip() for line in lines]
    width = max((len(line) for line in stripped), default=0)
    count = len(stripped)
    full = sum(len(line) >= _FULL_LINE * width for line in stripped[:-1])
    wrapped = (
        count >= 2
        and 40 <= width <= 120
        and full >= 0.6 * (count - 1)
        # Lines that all end a sentence are paragraphs of their own, whatever their length.
        and not all(ends_sentence(line) for line in stripped[:-1] if line)
    )
    paragraphs: list[str] = []
    current: list[str] = []
    for i, line in enumerate(stripped):
        if line:
            current.append(line)
        last = i == count - 1
        if not last and stripped[i + 1][:1].islower() and line and not ends_sentence(line):
            continue  # a sentence broken across lines, whatever the layout
        ends = (
            last or not wrapped or len(line) < _FULL_LINE * width or lines[i + 1][:1] in (" ", "\t")
        )
        if ends and current:
            paragraphs.append(" ".join(" ".join(current).split()))
            current = []
    return paragraphs
