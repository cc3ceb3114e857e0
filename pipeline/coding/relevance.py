"""Cheap work before the parser: split sentences with rules, keep only candidates.

The parser is most of spaCy's cost, so an article is tokenized and split by
punctuation rules first; only sentences that mention a trigger word (an inflection of
a lemma in the pattern dictionary) and are not too long go to the full pipeline, as one
Doc per article with the sentence boundaries fixed.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc

from pipeline.coding.patterns import PatternSet

PRONOUNS = frozenset({"it", "he", "she", "they", "its", "their", "his", "her", "we"})


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, numbered over the whole body in reading order."""

    index: int
    words: tuple[str, ...]
    spaces: tuple[bool, ...]

    @property
    def text(self) -> str:
        pieces = (w + (" " if s else "") for w, s in zip(self.words, self.spaces, strict=True))
        return "".join(pieces).strip()


@dataclass(frozen=True)
class Selection:
    candidates: tuple[Sentence, ...]
    skipped: tuple[tuple[int, str], ...]  # (sentence index, reason code)
    total: int


def split_sentences(tokenizer_nlp: Language, paragraphs: Sequence[str]) -> list[Sentence]:
    """Rule-split sentences of each paragraph (never across paragraphs)."""
    splitter = Sentencizer()
    sentences: list[Sentence] = []
    for paragraph in paragraphs:
        doc = splitter(tokenizer_nlp.make_doc(paragraph))
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            if not toks:
                continue
            words = tuple(t.text for t in toks)
            spaces = (*tuple(bool(t.whitespace_) for t in toks[:-1]), True)
            sentences.append(Sentence(len(sentences), words, spaces))
    return sentences


def select(
    sentences: Sequence[Sentence],
    patterns: PatternSet,
    *,
    max_tokens: int,
    max_sentences: int,
    use_filter: bool,
    actor_words: frozenset[str] = frozenset(),
) -> Selection:
    """Candidates for parsing, and why each other sentence was left out.

    With the filter on, a candidate mentions a trigger word and, when ``actor_words``
    is given, also a word of some actor's name (or a pronoun that may stand for one):
    the coder emits nothing without a coded actor, so such a sentence is not parsed.
    """
    candidates: list[Sentence] = []
    skipped: list[tuple[int, str]] = []
    actor_seen = False  # a pronoun can stand for an actor named earlier in the article
    for sent in sentences:
        names_actor = bool(actor_words) and _mentions_actor(sent.words, actor_words)
        refers_back = actor_seen and any(w.lower() in PRONOUNS for w in sent.words)
        actor_seen = actor_seen or names_actor
        if sent.index >= max_sentences:
            skipped.append((sent.index, "over_article_limit"))
        elif len(sent.words) > max_tokens:
            skipped.append((sent.index, "too_long"))
        elif use_filter and not patterns.mentions_trigger(" ".join(sent.words)):
            skipped.append((sent.index, "no_trigger"))
        elif use_filter and actor_words and not (names_actor or refers_back):
            skipped.append((sent.index, "no_actor"))
        else:
            candidates.append(sent)
    return Selection(tuple(candidates), tuple(skipped), len(sentences))


def _mentions_actor(words: Sequence[str], actor_words: frozenset[str]) -> bool:
    return any(w.lower() in actor_words for w in words)


def candidate_doc(nlp: Language, selection: Selection) -> Doc:
    """One unparsed Doc holding the candidate sentences, boundaries fixed for the parser."""
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    for sent in selection.candidates:
        words.extend(sent.words)
        spaces.extend(sent.spaces)
        starts.extend([True] + [False] * (len(sent.words) - 1))
    return Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
