"""A parsed Doc's token attributes as plain tuples, read in one call per Doc.

Every ``doc[i]`` builds a Token object, and every string attribute (``pos_``,
``lower_``) is a string-store lookup. Scans over every token of a sentence or a Doc
(which tokens are proper nouns, which words are pronouns) read these columns instead,
and build a Token only for the few that pass.

The columns are read once the pipeline has run (nothing may change the annotation
afterwards) and kept in the Doc's user data as tuples of ints: the Doc still
serialises and holds no reference to itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.attrs import LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc

_KEY = "wirewatch_doc_columns"


class Columns(NamedTuple):
    """Per token: the coarse part of speech (a ``spacy.symbols`` id) and the string-store
    key of the lower-case form."""

    pos: tuple[int, ...]
    lower: tuple[int, ...]

    def proper_nouns(self, start: int, end: int) -> list[int]:
        """The token numbers in [start, end) tagged PROPN."""
        pos = self.pos
        return [i for i in range(start, end) if pos[i] == PROPN]

    def spelled(self, keys: frozenset[int]) -> list[int]:
        """The token numbers whose lower-case form is one of ``keys`` (see ``keys_of``)."""
        return [i for i, key in enumerate(self.lower) if key in keys]


def columns(doc: Doc) -> Columns:
    """The Doc's columns (read on the first call, then kept)."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, Columns) and len(cached.pos) == len(doc):
        return cached
    table = doc.to_array([POS, LOWER])
    found = Columns(tuple(table[:, 0].tolist()), tuple(table[:, 1].tolist()))
    doc.user_data[_KEY] = found
    return found


def keys_of(words: Iterable[str]) -> frozenset[int]:
    """The string-store keys of ``words``, to compare with ``Columns.lower``."""
    return frozenset(get_string_id(w) for w in words)
