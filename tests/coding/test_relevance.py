"""The pre-filter: cheap, on raw words, and never fooled by a constrained lemma alone."""

from __future__ import annotations

import pytest
import spacy

from pipeline.coding.event_rules import score_in_words
from pipeline.coding.patterns import load_patterns
from pipeline.coding.relevance import (
    ActorCues,
    Selection,
    candidate_doc,
    previous_sentence,
    select,
    split_sentences,
)

PATTERNS = load_patterns()


def test_inflections_of_trigger_lemmas_are_found() -> None:
    assert PATTERNS.mentions_trigger("Gunmen ATTACKED the convoy")
    assert PATTERNS.mentions_trigger("Jets struck the depot")  # irregular form
    assert PATTERNS.mentions_trigger("the shelling went on")


def test_a_hyphened_compound_is_a_trigger_word_joined() -> None:
    # as the sentence splitter gives it: "sit", "-", "in"
    assert "sit-in" in PATTERNS.trigger_forms("Students staged a sit - in on Monday .")
    assert "ceasefires" in PATTERNS.trigger_forms("Both sides broke the cease-fires .")
    assert PATTERNS.trigger_forms("a well - known author") == []


def test_anchored_lemma_needs_its_anchor_word() -> None:
    # "open" only codes with words such as "fire" or "border"
    assert not PATTERNS.mentions_trigger("The new library opens on Monday")
    assert PATTERNS.mentions_trigger("Troops opened fire on the crowd")


def test_news_without_triggers_is_not_a_candidate() -> None:
    assert not PATTERNS.mentions_trigger("Shares rose after quarterly profits topped forecasts")


def test_selection_skips_long_and_excess_sentences_with_reasons() -> None:
    nlp = spacy.blank("en")
    long_sentence = "Rebels attacked " + " and ".join(["the town"] * 100) + "."
    sentences = split_sentences(
        nlp,
        [
            "Rebels attacked a base. The weather was mild.",
            long_sentence,
            "Troops shelled the city.",
        ],
    )
    selection = select(sentences, PATTERNS, max_tokens=50, max_sentences=3, use_filter=True)
    assert [s.index for s in selection.candidates] == [0]
    assert dict(selection.skipped) == {1: "no_trigger", 2: "too_long", 3: "over_article_limit"}
    assert selection.total == 4


def _with_rebels_named(text: str) -> Selection:
    """The filtered selection of ``text`` when "rebels" is the only actor word."""
    sentences = split_sentences(spacy.blank("en"), [text])
    return select(
        sentences,
        PATTERNS,
        max_tokens=50,
        max_sentences=10,
        use_filter=True,
        actor_cues=ActorCues.of([("rebels",)]),
    )


def test_actor_words_narrow_the_candidates() -> None:
    selection = _with_rebels_named("Prices were hit hard. Rebels hit the base.")
    assert [s.index for s in selection.candidates] == [1]
    assert dict(selection.skipped) == {0: "no_actor"}


def test_a_user_pattern_file_adds_a_pattern_without_code(tmp_path) -> None:  # type: ignore[no-untyped-def]
    from pipeline.coding.patterns import match_token
    from tests.coding.coder_fixture import coder

    extra = tmp_path / "mine.tsv"
    extra.write_text("# my patterns\nrebuff\tVERB\tobj=envoy\t125\t-\t-\n")
    patterns = load_patterns(extra=(extra,))
    assert patterns.mentions_trigger("Cairo rebuffed the envoy")
    doc = coder().nlp("Egypt rebuffed the envoy.")
    matched = [match_token(t, patterns) for t in doc]
    codes = [p.code for p in matched if p is not None]
    assert codes == ["125"]


def test_a_weapon_that_goes_off_makes_a_candidate_with_no_actor_named() -> None:
    selection = _with_rebels_named(
        "Prices were hit hard. Two car bombs hit the market. A mine was hit by a drill."
    )
    # the coder decides about the mine; the filter only lets the weapon word through
    assert [s.index for s in selection.candidates] == [1, 2]
    assert dict(selection.skipped) == {0: "no_actor"}


def test_a_pronoun_counts_as_an_actor_only_after_one_was_named() -> None:
    nlp = spacy.blank("en")
    cues = ActorCues.of([("ankara",)])
    first = split_sentences(
        nlp, ["It hit a record high. Ankara slammed the move. It warned again."]
    )
    selection = select(
        first, PATTERNS, max_tokens=50, max_sentences=10, use_filter=True, actor_cues=cues
    )
    assert [s.index for s in selection.candidates] == [1, 2]
    assert dict(selection.skipped) == {0: "no_actor"}


def test_a_pronoun_counts_only_where_coreference_could_resolve_it() -> None:
    nlp = spacy.blank("en")
    cues = ActorCues.of([("ankara",), ("crowd",), ("president",)], persons=[("president",)])

    def chosen(*paragraphs: str) -> list[int]:
        sentences = split_sentences(nlp, list(paragraphs))
        selection = select(
            sentences, PATTERNS, max_tokens=50, max_sentences=10, use_filter=True, actor_cues=cues
        )
        return [s.index for s in selection.candidates]

    # "its" reaches back one sentence, not two
    assert chosen("Ankara slammed the move. Its army hit the base.") == [0, 1]
    assert chosen("Ankara slammed the move. The sky was grey. Its army hit the base.") == [0]
    # the sentence before must itself be parsed: one with no trigger is not
    assert chosen("Ankara is calm. Its army hit the base.") == []
    # "his" needs a person before it, however far back; a crowd is none
    assert chosen("The crowd hit the base. It was grey. Then his men hit it.") == [0]
    assert chosen("The president slammed it. It was grey. Then his men hit it.") == [0, 2]


def test_an_actor_is_named_by_a_whole_surface_form_not_by_one_of_its_words() -> None:
    cues = ActorCues.of([("kuwait", "city"), ("al", "-", "nusra", "front"), ("rebels",)])
    assert cues.named_in(["Fighters", "of", "al", "-", "Nusra", "Front", "advanced"])
    assert cues.named_in(["Police", "in", "KUWAIT", "CITY", "said"])
    assert not cues.named_in(["Lakeshore", "City", "beat", "Eastgate", "2-1"])
    assert not cues.named_in(["the", "Nusra", "brand", "of", "coffee"])
    assert not cues.named_in([])


def test_the_coders_cues_use_its_tokenizer_and_keep_anaphors() -> None:
    from tests.coding.coder_fixture import coder

    cues = coder().actors.cues
    # A hyphenated name is cut as the text will be: the pre-filter finds it whole.
    words = [t.text for t in coder().nlp.make_doc("Jets hit al-Nusra Front positions.")]
    assert cues.named_in(words)
    assert "alliance" in cues.anaphors
    assert "they" in cues.group_pronouns
    assert "his" in cues.person_pronouns
    # a title and a person's name name a person; a country does not
    assert cues.names(["The", "president", "said"]).person
    assert cues.names(["Vladimir", "Putin", "said"]).person
    assert not cues.names(["Russia", "said"]).person
    # a word that only occurs inside longer names names no actor by itself
    assert cues.lengths.get("liberation")
    assert not cues.named_in(["Shares", "of", "Liberation", "Foods", "rose"])


def test_an_exact_form_names_an_actor_only_as_written() -> None:
    cues = ActorCues.of([("rebels",)], exact=[("IS",), ("U.S.",)])
    assert cues.named_in(["IS", "fighters", "attacked"])
    assert cues.named_in(["The", "U.S.", "said"])
    assert not cues.named_in(["It", "is", "raining"])
    assert cues.named_in(["REBELS", "attacked"])


def test_previous_sentence_is_the_articles_not_the_last_candidates() -> None:
    nlp = spacy.blank("en")
    sentences = split_sentences(
        nlp, ["Rebels attacked a base. The weather was mild. Troops shelled their camp."]
    )
    selection = select(sentences, PATTERNS, max_tokens=50, max_sentences=10, use_filter=True)
    assert [s.index for s in selection.candidates] == [0, 2]
    doc = candidate_doc(nlp, selection)
    first, third = list(doc.sents)
    assert previous_sentence(first) is None
    assert previous_sentence(third) is None  # the article's previous sentence was skipped
    everything = select(sentences, PATTERNS, max_tokens=50, max_sentences=10, use_filter=False)
    second, last = list(candidate_doc(nlp, everything).sents)[1:]
    assert previous_sentence(last) == second


def test_a_pattern_with_a_name_class_needs_no_particular_word(tmp_path) -> None:  # type: ignore[no-untyped-def]
    import pytest

    extra = tmp_path / "mine.tsv"
    extra.write_text("overrun\tVERB\tobj=@place\t192\tterritory\t-\n")
    patterns = load_patterns(extra=(extra,))
    # the pre-filter cannot see a name's class: the verb alone makes a candidate
    assert patterns.mentions_trigger("Rebels overran Kassa")
    bad = tmp_path / "bad.tsv"
    bad.write_text("overrun\tVERB\tobj=@town\t192\tterritory\t-\n")
    with pytest.raises(ValueError, match="name class"):
        load_patterns(extra=(bad,))
    bad.write_text("overrun\tVERB\tprep=@place\t192\tterritory\t-\n")
    with pytest.raises(ValueError, match="name class"):
        load_patterns(extra=(bad,))


def test_a_score_beside_acts_of_force_only_is_a_sports_result() -> None:
    selection = _with_rebels_named(
        "The Rebels beat Lyon 2-1 in a tense match. "
        "Rebels killed 10-15 civilians. "
        "Rebels praised the coach after the 2 - 1 win."
    )
    # a range ("10-15 civilians") is no score; praise is no act of force
    assert [s.index for s in selection.candidates] == [1, 2]
    assert dict(selection.skipped) == {0: "sports_result"}


@pytest.mark.parametrize(
    ("text", "score"),
    [
        ("Kenya beat Uganda 3-0 .", True),
        ("Kenya beat Uganda 3 - 0 in Kampala", True),
        ("a 2-1 win over Chad", True),
        ("Kenya beat Uganda 3-0", True),
        ("troops killed 10-15 civilians", False),
        ("fighting on May 3-4 killed six", False),
        ("between 20-30 people were killed", False),
        ("a 1000-2000 strong force", False),
    ],
)
def test_scores_in_raw_words(text: str, score: bool) -> None:
    assert score_in_words(text.split()) is score
