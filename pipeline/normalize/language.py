"""Language identification with py3langid (its model ships inside the wheel).

The text is English unless another language wins with at least ``MIN_CONFIDENCE``
and English is left with less than ``MIN_ENGLISH`` of the probability: short or odd
English (a few words, lists of names) often scores low for every language, and should
not be turned away for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

MIN_ENGLISH = 0.2
# Below this the classifier has not recognised any language (symbols, lists of names,
# a handful of words): the text goes on as English, since the coder finds nothing in
# noise while a wrong rejection would lose a real story.
MIN_CONFIDENCE = 0.5
# Nigerian Pidgin is English-lexified: the classifier gives it most of the weight of
# short English full of African or Asian names ("Taliban fighters captured Kabul on
# September 27." is 0.57 Pidgin, 0.14 English), so its share counts as English.
_ENGLISH_LIKE = frozenset({"en", "pcm"})
# Fast path: in running English prose these words make up about a third of the
# tokens, in other languages a few percent; above the threshold the classifier (which
# costs about a millisecond) is not asked. Words common in other languages too
# ("a", "in", "on", "die") are left out.
_FUNCTION_WORDS = frozenset((
    "the", "of", "and", "to", "is", "was", "that", "for", "with", "as", "by", "at", "from",
    "it", "he", "has", "have", "had", "said", "were", "are", "be", "been", "an", "his",
    "which", "this", "their", "they", "not", "but", "who", "after", "would", "will", "its",
    "than", "into", "over", "when", "also"
))  # fmt: skip
_FAST_SHARE = 0.25
_FAST_MIN_TOKENS = 40
# The classifier reads character n-grams; beyond a couple of thousand characters the answer
# no longer changes, only the cost grows.
SAMPLE_CHARS = 2_000


@dataclass(frozen=True)
class Guess:
    language: str
    probability: float
    english: float

    @property
    def is_english(self) -> bool:
        return (
            self.language == "en"
            or self.english >= MIN_ENGLISH
            or self.probability < MIN_CONFIDENCE
        )


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def looks_english(text: str) -> bool:
    """True when English function words are frequent enough to settle it without a model."""
    tokens = text[:SAMPLE_CHARS].lower().split()
    if len(tokens) < _FAST_MIN_TOKENS:
        return False
    hits = sum(token.strip(".,;:!?\"()'") in _FUNCTION_WORDS for token in tokens)
    return hits / len(tokens) >= _FAST_SHARE


def identify(text: str) -> Guess:
    """The most likely language of ``text`` and how likely English is."""
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    language, probability = ranked[0]
    english = sum(p for lang, p in ranked if lang in _ENGLISH_LIKE)
    return Guess(language=str(language), probability=float(probability), english=float(english))
