"""Cheap work before the parser: split sentences with rules, keep only candidates.

The parser is most of spaCy's cost, so an article is tokenized and split by
punctuation rules first; only sentences that mention a trigger word (an inflection of
a lemma in the pattern dictionary), name an actor (a whole surface form of the actor
dictionary, or a pronoun or anaphoric noun where coreference could resolve it: see
``ActorCues``) and are not too long go to the full pipeline, as one Doc per article
with the sentence boundaries fixed. A sentence whose only trigger words are acts of
force beside a score ("beat Nice 2-1") is a sports result, which the coder never codes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from types import MappingProxyType

from spacy.language import Language
from spacy.pipeline import Sentencizer
from spacy.tokens import Doc, Span

from pipeline.coding.event_rules import score_in_words
from pipeline.coding.patterns import PatternSet

# The pronouns coreference resolves (coref.py), when the actor dictionary names none.
PERSON_PRONOUNS = frozenset({"he", "she", "him", "her", "his", "hers", "himself", "herself"})
GROUP_PRONOUNS = frozenset({"it", "its", "itself", "they", "them", "their", "themselves"})


@dataclass(frozen=True)
class Naming:
    """What one sentence names outright: any actor, and a person among them."""

    actor: bool = False
    person: bool = False


@dataclass(frozen=True)
class ActorCues:
    """What in raw words may name an actor, for the pre-filter; build with ``of``.

    ``forms`` are the actor surface forms as token tuples, cut by the same tokenizer as
    the text ("al-Nusra Front" is "al", "-", "nusra", "front"): lower case for the forms
    the actor pipe matches in any case, as written for the ones it matches exactly
    ("IS", "US": not every "is"). ``lengths`` maps each form's first word (lower case)
    to the lengths of the forms starting with it. A sentence names an actor when it
    holds one whole: a word of a name is not the name ("City" in "Lakeshore City" is
    not "Kuwait City"). ``persons`` are the forms that name one person (a named person,
    a title such as "president"), the only antecedents of "he" and "his".

    A word that refers back counts only where coreference could resolve it
    (coref.py, and the subject fallback of actor_lookup.py): a definite noun of
    ``anaphors`` ("the alliance") after an actor anywhere before, a person pronoun after
    a person anywhere before or any actor just before, a group pronoun ("its", "they")
    only after an actor in the sentence just before.
    """

    forms: frozenset[tuple[str, ...]]
    exact: frozenset[tuple[str, ...]]
    lengths: Mapping[str, tuple[int, ...]]
    anaphors: frozenset[str]
    persons: frozenset[tuple[str, ...]] = frozenset()
    person_pronouns: frozenset[str] = PERSON_PRONOUNS
    group_pronouns: frozenset[str] = GROUP_PRONOUNS

    @classmethod
    def of(
        cls,
        forms: Iterable[tuple[str, ...]],
        anaphors: Iterable[str] = (),
        exact: Iterable[tuple[str, ...]] = (),
        persons: Iterable[tuple[str, ...]] = (),
        person_pronouns: Iterable[str] = PERSON_PRONOUNS,
        group_pronouns: Iterable[str] = GROUP_PRONOUNS,
    ) -> ActorCues:
        lower = frozenset(tuple(w.lower() for w in f) for f in forms if f)
        cased = frozenset(f for f in exact if f)
        lengths: dict[str, set[int]] = {}
        for form in lower | cased:
            lengths.setdefault(form[0].lower(), set()).add(len(form))
        return cls(
            lower,
            cased,
            MappingProxyType({w: tuple(sorted(n)) for w, n in lengths.items()}),
            frozenset(anaphors),
            frozenset(f for f in persons if f),
            frozenset(person_pronouns),
            frozenset(group_pronouns),
        )

    def __bool__(self) -> bool:
        return bool(self.forms or self.exact)

    def names(self, words: Sequence[str]) -> Naming:
        lower = [w.lower() for w in words]
        actor = False
        for i, word in enumerate(lower):
            for n in self.lengths.get(word, ()):
                low, cased = tuple(lower[i : i + n]), tuple(words[i : i + n])
                form = low if low in self.forms else cased if cased in self.exact else None
                if form is not None and form in self.persons:
                    return Naming(actor=True, person=True)
                actor = actor or form is not None
        return Naming(actor=actor)

    def named_in(self, words: Sequence[str]) -> bool:
        return self.names(words).actor

    def refers_back(
        self, words: Sequence[str], *, actor_before: bool, person_before: bool, just_before: bool
    ) -> bool:
        """Does a word refer to an actor coreference can find for it? ``actor_before``: an
        actor in an earlier candidate sentence; ``person_before``: a person there;
        ``just_before``: the sentence just before is a candidate."""
        for word in words:
            low = word.lower()
            if (
                (low in self.anaphors and actor_before)
                or (low in self.person_pronouns and (person_before or just_before))
                or (low in self.group_pronouns and just_before)
            ):
                return True
        return False


NO_ACTOR_CUES = ActorCues.of(())


@dataclass(frozen=True)
class Sentence:
    """One sentence of an article, numbered over the whole body in reading order."""

    index: int
    words: tuple[str, ...]
    spaces: tuple[bool, ...]
    paragraph: int = 0

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
    for number, paragraph in enumerate(paragraphs):
        doc = splitter(tokenizer_nlp.make_doc(paragraph))
        for sent in doc.sents:
            toks = [t for t in sent if not t.is_space]
            if not toks:
                continue
            words = tuple(t.text for t in toks)
            spaces = (*tuple(bool(t.whitespace_) for t in toks[:-1]), True)
            sentences.append(Sentence(len(sentences), words, spaces, number))
    return sentences


def select(
    sentences: Sequence[Sentence],
    patterns: PatternSet,
    *,
    max_tokens: int,
    max_sentences: int,
    use_filter: bool,
    actor_cues: ActorCues = NO_ACTOR_CUES,
) -> Selection:
    """Candidates for parsing, and why each other sentence was left out.

    With the filter on, a candidate mentions a trigger word and, when ``actor_cues``
    are given, also names an actor (or refers back to one named before) or a weapon
    that goes off (cue ``device``): the coder emits nothing without a coded actor but
    an unclaimed bombing, so no other sentence is parsed.
    """
    candidates: list[Sentence] = []
    skipped: list[tuple[int, str]] = []
    # What coreference can reach from a later sentence: the parsed (candidate) ones only.
    actor_before = person_before = False
    last_candidate = -2
    for sent in sentences:
        if sent.index >= max_sentences:
            skipped.append((sent.index, "over_article_limit"))
            continue
        if len(sent.words) > max_tokens:
            skipped.append((sent.index, "too_long"))
            continue
        if use_filter and not (forms := patterns.trigger_forms(" ".join(sent.words))):
            skipped.append((sent.index, "no_trigger"))
            continue
        if use_filter and _sports_result(sent.words, forms, patterns):
            skipped.append((sent.index, "sports_result"))
            continue
        # Actor names are looked for only in sentences that may be parsed (most have no
        # trigger word): they decide the last check and what later sentences can refer to.
        naming = actor_cues.names(sent.words) if actor_cues else Naming()
        refers_back = bool(actor_cues) and actor_cues.refers_back(
            sent.words,
            actor_before=actor_before,
            person_before=person_before,
            just_before=last_candidate == sent.index - 1,
        )
        if (
            use_filter
            and actor_cues
            and not (naming.actor or refers_back or patterns.names_cue(sent.words, "device"))
        ):
            skipped.append((sent.index, "no_actor"))
        else:
            candidates.append(sent)
            last_candidate = sent.index
            actor_before = actor_before or naming.actor or refers_back
            person_before = person_before or naming.person
    return Selection(tuple(candidates), tuple(skipped), len(sentences))


def _sports_result(words: Sequence[str], forms: Sequence[str], patterns: PatternSet) -> bool:
    """Every trigger word an act of force, and a score in the sentence ("Lyon beat Nice
    2-1 in a tense match"): the coder would find a sports result and code nothing."""
    return all(f in patterns.force_forms for f in forms) and score_in_words(words)


PARAGRAPHS_KEY = "wirewatch_paragraphs"
SENTENCES_KEY = "wirewatch_sentence_numbers"
_PARAGRAPH_BOUNDS_KEY = "wirewatch_paragraph_bounds"


def candidate_doc(nlp: Language, selection: Selection) -> Doc:
    """One unparsed Doc holding the candidate sentences, boundaries fixed for the parser.

    Its user data keeps, per sentence, ``(first token, paragraph number)`` under
    ``PARAGRAPHS_KEY`` and ``(first token, sentence number in the article)`` under
    ``SENTENCES_KEY`` (plain values: the Doc still serialises), for ``paragraph_of`` and
    ``previous_sentence``.
    """
    words: list[str] = []
    spaces: list[bool] = []
    starts: list[bool | int | None] = []
    paragraphs: list[tuple[int, int]] = []
    numbers: list[tuple[int, int]] = []
    for sent in selection.candidates:
        paragraphs.append((len(words), sent.paragraph))
        numbers.append((len(words), sent.index))
        words.extend(sent.words)
        spaces.extend(sent.spaces)
        starts.extend([True] + [False] * (len(sent.words) - 1))
    doc = Doc(nlp.vocab, words=words, spaces=spaces, sent_starts=starts)
    doc.user_data[PARAGRAPHS_KEY] = paragraphs
    doc.user_data[SENTENCES_KEY] = numbers
    return doc


def previous_sentence(sent: Span) -> Span | None:
    """The sentence just before ``sent`` in the article, if the Doc holds it.

    A candidate Doc leaves out what the pre-filter skipped, so the sentence before a
    candidate there may be several sentences back in the article: then None, as it is
    for the first sentence. A Doc ``candidate_doc`` did not build is taken as it is.
    """
    if sent.start == 0:
        return None
    previous = sent.doc[sent.start - 1].sent
    marks: list[tuple[int, int]] | None = sent.doc.user_data.get(SENTENCES_KEY)
    if not marks:
        return previous
    numbers = dict(marks)
    here, before = numbers.get(sent.start), numbers.get(previous.start)
    if here is not None and before is not None and here - before != 1:
        return None
    return previous


def paragraph_of(sent: Span) -> Span | None:
    """The candidate sentences of ``sent``'s paragraph, as one span of the candidate Doc
    (None for a Doc that ``candidate_doc`` did not build)."""
    doc = sent.doc
    marks: list[tuple[int, int]] | None = doc.user_data.get(PARAGRAPHS_KEY)
    if not marks:
        return None
    bounds: dict[int, tuple[int, int]] | None = doc.user_data.get(_PARAGRAPH_BOUNDS_KEY)
    if bounds is None:
        bounds = doc.user_data[_PARAGRAPH_BOUNDS_KEY] = _paragraph_bounds(marks, len(doc))
    found = bounds.get(sent.start)
    return doc[found[0] : found[1]] if found is not None else None


def _paragraph_bounds(marks: list[tuple[int, int]], length: int) -> dict[int, tuple[int, int]]:
    """For each sentence's first token, its paragraph's [start, end) in the Doc."""
    firsts: dict[int, int] = {}
    ends: dict[int, int] = {}
    for k, (start, number) in enumerate(marks):
        firsts.setdefault(number, start)
        ends[number] = marks[k + 1][0] if k + 1 < len(marks) else length
    return {start: (firsts[number], ends[number]) for start, number in marks}
