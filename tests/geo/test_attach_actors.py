"""Places that are really actors, names the tagger splits, towns it mislabels."""

from typing import Any

import pytest

from pipeline.geo import Gazetteer
from tests.geo.places import place_at


@pytest.mark.parametrize(
    ("text", "trigger"),
    [
        ("Ankara accuses Moscow of bombing civilians.", "accuses"),
        ("Washington warned Tehran on Monday.", "warned"),
        ("Berlin urged Kyiv to accept the offer.", "urged"),
        ("Paris called on Damascus to free the prisoners.", "called"),
        ("The move angered officials in Seoul, which blamed Tokyo for the dispute.", "blamed"),
        (
            "The drills stirred alarm in Taipei, which blames Beijing for provoking a crisis.",
            "provoking",
        ),
    ],
)
def test_a_capital_addressed_by_a_verbal_act_is_no_place(
    nlp: Any, gazetteer: Gazetteer, text: str, trigger: str
) -> None:
    result = place_at(nlp, gazetteer, text, trigger)
    assert result.location is None


def test_a_verbal_act_keeps_the_place_where_it_was_made(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(nlp, gazetteer, "Ankara warned Moscow in Geneva on Monday.", "warned")
    assert result.mention == "Geneva"


def test_where_a_report_was_made_is_not_where_the_event_was(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Strikes have hit hospitals, the ministry said in Washington on Tuesday."
    assert place_at(nlp, gazetteer, text, "hit").location is None
    fronted = "In Hama, medics said jets hit two hospitals."
    assert place_at(nlp, gazetteer, fronted, "hit").mention == "Hama"


@pytest.mark.parametrize(
    ("text", "trigger", "country"),
    [
        ("Air strikes hit a bakery in Maraat al-Numan in Idlib on Tuesday.", "hit", "SYR"),
        ("Jets bombed the market of Maarat al-Numan on Sunday.", "bombed", "SYR"),
    ],
)
def test_a_transliterated_name_split_by_the_tagger_resolves_whole(
    nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, country: str
) -> None:
    result = place_at(nlp, gazetteer, text, trigger)
    assert result.location is not None
    assert result.location.country == country
    assert result.mention is not None
    assert "Numan" in result.mention
    assert result.mention != "Numan"


def test_a_multiword_name_ending_in_a_place_word_is_a_place(nlp: Any, gazetteer: Gazetteer) -> None:
    # The small model tags "Hamdan Hill" PERSON.
    text = "Fighting broke out on Hamdan Hill on Sunday."
    result = place_at(nlp, gazetteer, text, "broke")
    assert result.mention == "Hamdan Hill"


def test_an_armed_body_after_on_is_not_a_site(nlp: Any, gazetteer: Gazetteer) -> None:
    text = "Insurgents launched an assault on the Islamic State on Monday."
    assert place_at(nlp, gazetteer, text, "launched").location is None


def test_a_nationality_modifier_loses_to_a_place_of_the_next_rank(
    nlp: Any, gazetteer: Gazetteer
) -> None:
    text = "A U.S. soldier was shot and killed while on patrol in central Iraq on Tuesday."
    result = place_at(nlp, gazetteer, text, "shot")
    assert result.mention == "Iraq"
