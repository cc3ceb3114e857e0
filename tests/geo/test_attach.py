"""place_for_event on real parses of sentences we wrote."""

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.geo import Gazetteer, build_geo_context, place_for_event
from tests.geo.places import place_at


@pytest.mark.parametrize(
    ("text", "trigger", "mention"),
    [
        ("Government jets bombed Saraqib in Idlib province on Monday.", "bombed", "Saraqib"),
        ("Two soldiers were killed near Kharkiv late on Tuesday.", "killed", "Kharkiv"),
        ("Activists in Beirut said warplanes struck Aleppo overnight.", "struck", "Aleppo"),
        (
            "Rebels shelled the village of Kafr Nabl in the southern countryside of Idlib.",
            "shelled",
            "Kafr Nabl",
        ),
        ("Protesters marched through the streets of Bamako on Friday.", "marched", "Bamako"),
        ("A roadside bomb exploded outside his Mosul office on Sunday.", "exploded", "Mosul"),
    ],
)
def test_event_place_is_the_one_attached_to_the_trigger(
    nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, mention: str
) -> None:
    result = place_at(nlp, gazetteer, text, trigger)
    assert result.location is not None
    assert result.mention == mention


def test_precision_follows_the_qualifier(nlp: Any, gazetteer: Gazetteer) -> None:
    near = place_at(nlp, gazetteer, "Three civilians were killed near Aleppo on Monday.", "killed")
    province = place_at(nlp, gazetteer, "Fighting raged in Idlib province on Monday.", "raged")
    assert [getattr(r.location, "geo_precision", None) for r in (near, province)] == [2, 3]


def test_no_place_gives_none_with_a_note_never_the_dateline(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(
        nlp, gazetteer, "The minister said the talks had failed.", "failed", dateline="BEIRUT"
    )
    assert result.location is None
    assert result.note is not None
    assert result.note.startswith("place:")


def test_dateline_country_is_context_not_place(nlp: Any, gazetteer: Gazetteer) -> None:
    doc = nlp("Warplanes struck Tripoli on Monday, officials said.")
    ctx = build_geo_context(doc, "BEIRUT", ())
    assert ctx.dateline_country == "LBN"
    token = next(t for t in doc if t.text == "struck")
    result = place_for_event(token.sent, token, ctx, gazetteer)
    assert result.location is not None
    assert (result.location.country, result.mention) == ("LBN", "Tripoli")


def test_unknown_village_keeps_its_name_without_coordinates(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(
        nlp, gazetteer, "Gunmen attacked the village of Zorbqitazh on Monday.", "attacked"
    )
    assert result.location is not None
    assert (result.location.name, result.location.latitude) == ("Zorbqitazh", None)
    assert result.note is not None
    assert "not in gazetteer" in result.note


def test_a_subject_country_is_not_the_place(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(nlp, gazetteer, "Russia said it had destroyed the convoy.", "destroyed")
    assert result.location is None


def test_a_territorial_verb_takes_a_mislabelled_village(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(nlp, gazetteer, "Militiamen stormed Kafr Zorbaqa at dawn.", "stormed")
    assert result.mention is not None
    assert "Zorbaqa" in result.mention


@settings(max_examples=25, deadline=None)
@given(st.text(min_size=1, max_size=120))
def test_any_sentence_gives_a_place_or_a_note(nlp: Any, gazetteer: Gazetteer, text: str) -> None:
    doc = nlp(text)
    ctx = build_geo_context(doc, "BEIRUT", ("SYR",))
    for token in doc:
        result = place_for_event(token.sent, token, ctx, gazetteer)
        if result.location is None:
            assert result.note is not None


def test_a_region_has_the_place_mentions_of_its_sentences(nlp: Any, gazetteer: Gazetteer) -> None:
    from pipeline.geo.mentions import mention_spans

    doc = nlp(
        "Jets struck Saraqib in Idlib province on Monday. Rebels shelled the village of "
        "Kafr Nabl. Protesters marched through the streets of Bamako, and police in Mosul "
        "fired."
    )
    sentences = list(doc.sents)
    by_sentence = [
        (s.start, s.end, s.label_) for sent in sentences for s in mention_spans(sent, gazetteer)
    ]
    assert [doc[s:e].text for s, e, _ in by_sentence] == [
        "Saraqib",
        "Idlib",
        "Kafr Nabl",
        "Bamako",
        "Mosul",
    ]
    whole = [(s.start, s.end, s.label_) for s in mention_spans(doc[:], gazetteer)]
    assert whole == by_sentence
    # A region may start and end inside sentences: only what lies in it.
    middle = doc[sentences[0].start + 2 : sentences[2].start + 9]
    assert [s.text for s in mention_spans(middle, gazetteer)] == [
        "Saraqib",
        "Idlib",
        "Kafr Nabl",
        "Bamako",
    ]


def test_a_hyphenated_name_is_read_whole(nlp: Any, gazetteer: Gazetteer) -> None:
    # The model's entity covers "Mazar" only; "Mazar" alone is a pair of villages in Jordan.
    result = place_at(
        nlp, gazetteer, "Government forces retook the city of Mazar-e-Sharif on Friday.", "retook"
    )
    assert result.mention == "Mazar-e-Sharif"
    assert result.location is not None
    assert result.location.country == "AFG"
    # A hyphen between two places joins no name the gazetteer knows: the first stays.
    highway = place_at(
        nlp, gazetteer, "Rebels shelled the Damascus-Beirut highway on Monday.", "shelled"
    )
    assert highway.mention == "Damascus"


def test_a_known_place_set_beside_a_district_is_a_mention(nlp: Any, gazetteer: Gazetteer) -> None:
    from pipeline.geo.mentions import mention_spans

    doc = nlp("Two soldiers were killed in Rueso district, Narathiwat, on Sunday.")
    assert "Narathiwat" in [s.text for s in mention_spans(doc[:], gazetteer)]


def test_a_namesake_abroad_is_placed_in_the_container_the_sentence_names(
    nlp: Any, gazetteer: Gazetteer
) -> None:
    # Ghat is a Libyan town; the sentence puts this Ghat in an Indian district.
    result = place_at(
        nlp,
        gazetteer,
        "Troops killed two rebels in the Ghat area of Kishtwar district on Monday.",
        "killed",
    )
    assert result.location is not None
    assert (result.location.name, result.location.country) == ("Ghat", "IND")
    assert result.location.geo_precision == 2
    assert result.location.gazetteer_id is None
    assert result.note is not None
    assert "Kishtwar" in result.note
    # "The West Bank town of Tubas": the town is Tubas, not a part of the West Bank's name.
    town = place_at(
        nlp, gazetteer, "Soldiers shot a farmer near the West Bank town of Tubas.", "shot"
    )
    assert town.mention == "Tubas"
    # Two places joined by "and" are not one inside the other.
    both = place_at(
        nlp, gazetteer, "Gunmen killed four people in Aleppo and Mosul on Monday.", "killed"
    )
    assert both.location is not None
    assert both.location.country == "SYR"


def test_an_arabic_article_alone_is_no_place(nlp: Any, gazetteer: Gazetteer) -> None:
    from pipeline.geo.mentions import mention_spans

    # The model splits the name; its pieces ("al" alone found a town in Sri Lanka) are
    # one name, joined by the hyphen.
    doc = nlp("Fighters shelled al-Dabbagh maternity hospital with homemade rockets.")
    assert [s.text for s in mention_spans(doc[:], gazetteer)] == ["al-Dabbagh"]


def test_a_name_that_modifies_with_a_hyphen_is_no_place(nlp: Any, gazetteer: Gazetteer) -> None:
    from pipeline.geo.mentions import mention_spans

    doc = nlp("The London-based monitor said US-led jets bombed Idlib.")
    assert [s.text for s in mention_spans(doc[:], gazetteer)] == ["Idlib"]
    # a border between two named places still names both
    doc = nlp("Fighting raged along the Syria-Turkey border.")
    assert [s.text for s in mention_spans(doc[:], gazetteer)] == ["Syria", "Turkey"]


def test_a_name_the_parser_splits_around_its_hyphen_is_read_whole(
    nlp: Any, gazetteer: Gazetteer
) -> None:
    from pipeline.geo.mentions import mention_spans

    # the parser hangs "Deir" on "airport", apart from "ez-Zor" ("Az Zawr" is in Kuwait)
    doc = nlp("Troops fought near the Deir ez-Zor military airport on Monday.")
    assert [s.text for s in mention_spans(doc[:], gazetteer)] == ["Deir ez-Zor"]
