"""The compiled attribute rules and the cached lemmatizer give every token what the
model's own ruler and lemmatizer give it."""

from __future__ import annotations

from functools import lru_cache
from typing import Any

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.bench.extract import SEED, generate_corpus
from pipeline.coding import lemmas
from pipeline.coding.attribute_rules import (
    NAME,
    RULER,
    CompiledAttributeRules,
    compile_attribute_ruler,
)
from pipeline.coding.lemmas import LEMMATIZER, CachedLemmatizer, cache_lemmatizer
from pipeline.coding.nlp import load_model, model_pipes
from pipeline.settings import NlpSettings
from tests.coding.coder_fixture import coder

# Sentences we wrote to reach the word exceptions of the English rules: auxiliaries and
# main-verb "do"/"have", pronoun case, negation, contractions, "there is", whitespace.
TRICKY = [
    "I ain't gonna sign it, y'all, and you can't make me.",
    "Let's see whether they'll come; c'mon, it's nothin' new.",
    "He did it because he had to, but he does not regret it.",
    "There are two convoys and there's a third one coming.",
    "Have you seen them?  They have been   shelled\n\nfor days.",
    "I told you that you would see it, and it saw you.",
    "Which side fired first is unclear, though both deny that.",
    "The rebels, who had gotta leave, got out; he gets it.",
    "Nobody said anything, but the minister won't comment till Monday.",
]

ATTRS = ("tag_", "pos_", "morph", "lemma_", "dep_", "head")


def _attributes(doc: Doc) -> list[tuple[Any, ...]]:
    return [tuple(str(getattr(t, a)) for a in ATTRS) for t in doc]


@lru_cache(maxsize=1)
def _reference() -> Language:
    """The model exactly as spaCy loads it."""
    return load_model(NlpSettings())


def test_the_coder_runs_the_compiled_rules_instead_of_the_ruler() -> None:
    nlp = coder().nlp
    assert NAME in nlp.pipe_names
    assert RULER in nlp.disabled
    assert nlp.pipe_names.index(NAME) < nlp.pipe_names.index(lemmas.NAME)
    assert LEMMATIZER in nlp.disabled


def test_same_attributes_as_the_models_ruler_and_lemmatizer_on_every_token() -> None:
    texts = [SEED.read_text(encoding="utf-8"), *TRICKY, *generate_corpus(6, 6)]
    ours = coder().nlp
    compared = 0
    with ours.select_pipes(disable=[n for n in ours.pipe_names if n.endswith("_v1")]):
        pairs = zip(ours.pipe(texts), _reference().pipe(texts), strict=True)
        for mine, theirs in pairs:
            assert _attributes(mine) == _attributes(theirs)
            compared += len(mine)
    assert compared > 3000


def test_model_pipes_gives_back_the_model_as_loaded() -> None:
    nlp = coder().nlp
    before = list(nlp.pipe_names)
    with model_pipes(nlp):
        assert nlp.pipe_names == _reference().pipe_names
    assert nlp.pipe_names == before
    assert {RULER, LEMMATIZER} <= set(nlp.disabled)


def _blank_with_rules(rules: list[dict[str, Any]]) -> Language:
    nlp = spacy.blank("en")
    ruler = nlp.add_pipe("attribute_ruler")
    ruler.add_patterns(rules)
    return nlp


RULES: list[dict[str, Any]] = [
    {"patterns": [[{"LOWER": "strike"}]], "attrs": {"LEMMA": "first"}},
    # a later rule on the same token wins
    {"patterns": [[{"LOWER": {"IN": ["strike", "strikes"]}}]], "attrs": {"LEMMA": "second"}},
    # two tokens, attributes on the last (negative index)
    {"patterns": [[{"LOWER": "air"}, {"ORTH": "strikes"}]], "attrs": {"LEMMA": "x"}, "index": -1},
    {"patterns": [[{"LOWER": {"REGEX": "^shell"}}]], "attrs": {"NORM": "shell"}},
    {"patterns": [[{"ORTH": {"NOT_IN": ["the", "on"]}, "IS_SPACE": False}]], "attrs": {"POS": "X"}},
    {"patterns": [[{"IS_SPACE": True}]], "attrs": {"POS": "SPACE"}},
    # alternatives in one rule
    {"patterns": [[{"LOWER": "the"}], [{"LOWER": "on"}]], "attrs": {"POS": "DET"}},
]


def test_rule_order_alternatives_offsets_and_predicates_as_spacy() -> None:
    text = "Air strikes hit the town; a strike on   Shelled roads and the shelling went on."
    spacy_nlp = _blank_with_rules(RULES)
    ours = _blank_with_rules(RULES)
    assert compile_attribute_ruler(ours)
    theirs_doc, our_doc = spacy_nlp(text), ours(text)
    attrs = [(t.text, t.lemma_, t.norm_, t.pos_) for t in our_doc]
    assert attrs == [(t.text, t.lemma_, t.norm_, t.pos_) for t in theirs_doc]
    assert ("strike", "second", "strike", "X") in attrs
    assert ("strikes", "x", "strikes", "X") in attrs
    assert ("Shelled", "", "shell", "X") in attrs
    assert [a[3] for a in attrs if a[0] in ("the", "on")] == ["DET"] * 4


def test_a_ruler_with_operators_is_kept_as_it_is() -> None:
    nlp = _blank_with_rules([{"patterns": [[{"LOWER": "air", "OP": "+"}]], "attrs": {"POS": "X"}}])
    assert not compile_attribute_ruler(nlp)
    assert nlp.pipe_names == [RULER]
    assert NAME not in nlp.component_names


def test_a_model_without_a_ruler_is_left_alone() -> None:
    nlp = spacy.blank("en")
    assert not compile_attribute_ruler(nlp)
    assert nlp.pipe_names == []


def test_empty_doc() -> None:
    rules = CompiledAttributeRules(NAME)
    nlp = _blank_with_rules(RULES)
    rules.compile(nlp.get_pipe(RULER))
    assert len(rules(nlp.make_doc(""))) == 0


@pytest.mark.parametrize("text", TRICKY)
def test_each_tricky_sentence_alone(text: str) -> None:
    ours = coder().nlp
    with ours.select_pipes(disable=[n for n in ours.pipe_names if n.endswith("_v1")]):
        assert _attributes(ours(text)) == _attributes(_reference()(text))


def test_cached_lemmas_keep_a_lemma_already_given_and_repeat_themselves() -> None:
    nlp = load_model(NlpSettings())
    assert cache_lemmatizer(nlp)
    assert not cache_lemmatizer(nlp)  # once only
    text = "They're striking the depots; strikes struck depots again."
    reference = [(t.text, t.lemma_) for t in _reference()(text)]
    assert [(t.text, t.lemma_) for t in nlp(text)] == reference
    # the second time from memory, with the same result
    assert [(t.text, t.lemma_) for t in nlp(text)] == reference
    assert ("struck", "strike") in reference
    assert ("'re", "be") in reference


def test_the_lemma_memory_is_bounded() -> None:
    nlp = load_model(NlpSettings())
    assert cache_lemmatizer(nlp)
    ours = nlp.get_pipe(lemmas.NAME)
    assert isinstance(ours, CachedLemmatizer)
    ours.CACHE_SIZE = 3
    nlp("one two three four five six seven")
    assert len(ours._lemmas) == 7
    nlp("eight nine")  # over the bound: forgotten, then these two
    assert len(ours._lemmas) == 2


def test_a_lemmatizer_in_a_mode_we_do_not_know_is_kept() -> None:
    nlp = spacy.blank("en")
    nlp.add_pipe("lemmatizer", config={"mode": "rule"})
    nlp.get_pipe("lemmatizer")._mode = "custom"  # as a subclass with its own mode has
    assert not cache_lemmatizer(nlp)
    assert nlp.pipe_names == [LEMMATIZER]
    assert not cache_lemmatizer(spacy.blank("en"))
