"""A parsed Doc's token attributes as plain tuples, read in one call per Doc.

Every ``doc[i]`` builds a Token object, and every string attribute (``pos_``,
``lower_``) is a string-store lookup. Scans over every token of a sentence or a Doc
(which tokens are proper nouns, which words are pronouns or death verbs) read these
columns instead, and build a Token only for the few that pass. The text of a stretch of
tokens is cut from the Doc's text by character offsets (``Span.text`` joins a Token per
word).

The columns are read once the pipeline has run (nothing may change the annotation
afterwards) and kept in the Doc's user data as tuples of ints: the Doc still
serialises and holds no reference to itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import NamedTuple

from spacy.attrs import IDX, LEMMA, LENGTH, LOWER, POS
from spacy.strings import get_string_id
from spacy.symbols import PROPN
from spacy.tokens import Doc

_KEY = "wirewatch_doc_columns"


class Columns(NamedTuple):
    """Per token: the coarse part of speech (a ``spacy.symbols`` id), the string-store
    keys of the lower-case form and of the lemma, and the character offset and length;
    and the Doc's text."""

    pos: tuple[int, ...]
    lower: tuple[int, ...]
    lemma: tuple[int, ...]
    idx: tuple[int, ...]
    length: tuple[int, ...]
    text: str

    def proper_nouns(self, start: int, end: int) -> list[int]:
        """The token numbers in [start, end) tagged PROPN."""
        pos = self.pos
        return [i for i in range(start, end) if pos[i] == PROPN]

    def spelled(self, keys: frozenset[int]) -> list[int]:
        """The token numbers whose lower-case form is one of ``keys`` (see ``keys_of``)."""
        return [i for i, key in enumerate(self.lower) if key in keys]

    def lemmatised(self, start: int, end: int, keys: frozenset[int]) -> list[int]:
        """The token numbers in [start, end) whose lemma is one of ``keys``."""
        lemma = self.lemma
        return [i for i in range(start, end) if lemma[i] in keys]

    def span_text(self, start: int, end: int) -> str:
        """``doc[start:end].text``: the words with the spaces between them, none after."""
        if end <= start:
            return ""
        return self.text[self.idx[start] : self.idx[end - 1] + self.length[end - 1]]


def columns(doc: Doc) -> Columns:
    """The Doc's columns (read on the first call, then kept)."""
    cached = doc.user_data.get(_KEY)
    if isinstance(cached, Columns) and len(cached.pos) == len(doc):
        return cached
    pos, lower, lemma, idx, length = doc.to_array([POS, LOWER, LEMMA, IDX, LENGTH]).T.tolist()
    found = Columns(tuple(pos), tuple(lower), tuple(lemma), tuple(idx), tuple(length), doc.text)
    doc.user_data[_KEY] = found
    return found


def keys_of(words: Iterable[str]) -> frozenset[int]:
    """The string-store keys of ``words``, to compare with ``Columns.lower``."""
    return frozenset(get_string_id(w) for w in words)
