"""Language identification with py3langid (its model ships inside the wheel).

The text is English unless another language wins and English is left with less than
``MIN_ENGLISH`` of the probability: short or odd English (a few words, lists of
names) often scores low for every language, and should not be turned away for it.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Any

MIN_ENGLISH = 0.2
# The classifier reads character n-grams; beyond a few thousand characters the answer
# no longer changes, only the cost grows.
SAMPLE_CHARS = 4_000


@dataclass(frozen=True)
class Guess:
    language: str
    probability: float
    english: float

    @property
    def is_english(self) -> bool:
        return self.language == "en" or self.english >= MIN_ENGLISH


@functools.cache
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier

    return LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)


def identify(text: str) -> Guess:
    """The most likely language of ``text`` and how likely English is."""
    ranked = _identifier().rank(text[:SAMPLE_CHARS])
    language, probability = ranked[0]
    english = next((p for lang, p in ranked if lang == "en"), 0.0)
    return Guess(language=str(language), probability=float(probability), english=float(english))
