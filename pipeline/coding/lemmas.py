"""The model's lemmatizer, remembered: the same lemmas, worked out once per word form.

spaCy's rule lemmatizer visits every token in Python and, for the many tokens it takes
for base forms (a singular noun, a verb's infinitive), reads the part of speech and
the morphology as strings before it decides; that is about a twentieth of the English
small model's time. The lemma depends only on the token's text, part of speech and
morphology, so ``CachedLemmatizer`` asks the model's lemmatizer once per distinct
triple and writes the whole Doc's lemmas at once. A token that already has a lemma
(the attribute rules give some) keeps it, as with the model's own component.

``cache_lemmatizer`` leaves a model alone whose lemmatizer is not spaCy's, or runs in a
mode whose lemma could depend on anything else. tests/coding/test_attribute_rules.py
checks that the coder's tokens get the lemmas the model as loaded gives them.
"""

# No `from __future__ import annotations` here: spaCy 3.8.7 reads the factory's
# annotations at run time, and a string there fails (see pyproject.toml).
from typing import cast

import numpy
from spacy.attrs import LEMMA, MORPH, ORTH, POS
from spacy.language import Language
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from thinc.types import Ints2d

LEMMATIZER = "lemmatizer"
NAME = "wirewatch_lemmas"
FACTORY = "wirewatch_cached_lemmas_v1"

# Modes whose lemma is a function of (text, part of speech, morphology).
MODES = ("lookup", "rule", "pos_lookup")
_ARRAY = [ORTH, POS, MORPH, LEMMA]


class CachedLemmatizer:
    """A spaCy ``Lemmatizer`` asked once per (text, part of speech, morphology)."""

    # Distinct triples remembered, then forgotten all at once: a stream's vocabulary
    # grows without end, and a lemma is cheap to work out again.
    CACHE_SIZE = 100_000

    # What ``model_pipes`` gives back for a raw-model run.
    replaces = LEMMATIZER

    def __init__(self, name: str) -> None:
        self.name = name
        self._lemmatizer: Lemmatizer | None = None
        self._overwrite = False
        self._lemmas: dict[tuple[int, int, int], int] = {}

    def take_over(self, lemmatizer: Lemmatizer) -> None:
        self._lemmatizer = lemmatizer
        self._overwrite = bool(lemmatizer.overwrite)
        self._lemmas.clear()

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc) or self._lemmatizer is None:
            return doc
        lemmatize = self._lemmatizer.lemmatize
        strings = doc.vocab.strings
        if len(self._lemmas) > self.CACHE_SIZE:
            self._lemmas.clear()
        lemmas = self._lemmas
        out: list[int] = []
        for i, (orth, pos, morph, lemma) in enumerate(doc.to_array(_ARRAY).tolist()):
            if self._overwrite or not lemma:
                key = (orth, pos, morph)
                lemma = lemmas.get(key)
                if lemma is None:
                    lemma = lemmas[key] = strings.add(lemmatize(doc[i])[0])
            out.append(lemma)
        column = numpy.array(out, dtype=numpy.uint64).reshape(-1, 1)
        doc.from_array([LEMMA], cast(Ints2d, column))
        return doc


@Language.factory(FACTORY)
def make_cached_lemmatizer(nlp: Language, name: str) -> CachedLemmatizer:
    return CachedLemmatizer(name)


def cache_lemmatizer(nlp: Language) -> bool:
    """Put ours after the model's lemmatizer and disable that one (``model_pipes``
    brings it back). False, and the model untouched, when there is no lemmatizer of
    spaCy's own kind in a mode we know."""
    if LEMMATIZER not in nlp.pipe_names or NAME in nlp.component_names:
        return False
    lemmatizer = nlp.get_pipe(LEMMATIZER)
    if not isinstance(lemmatizer, Lemmatizer) or lemmatizer.mode not in MODES:
        return False
    ours = nlp.add_pipe(FACTORY, name=NAME, after=LEMMATIZER)
    assert isinstance(ours, CachedLemmatizer)
    ours.take_over(lemmatizer)
    nlp.disable_pipe(LEMMATIZER)
    return True
