"""Which of several place mentions is the event's: sentences we wrote."""

from typing import Any

import pytest

from pipeline.geo import Gazetteer
from tests.geo.places import place_at


@pytest.mark.parametrize(
    ("text", "trigger", "mention"),
    [
        # The unit a possessive city owns is named by the other mention.
        ("A car bomb exploded in Mosul's eastern district of Zuhour.", "exploded", "Zuhour"),
        ("Gunmen opened fire in Aleppo's Salaheddine District.", "opened", "Salaheddine District"),
        # "the <town> district of <name>": a large town contains the named unit; a
        # small or unknown name before the unit is the unit's own name.
        (
            "A car bomb killed five people in the Homs neighbourhood of Khalidiya.",
            "killed",
            "Khalidiya",
        ),
        ("Shells fell on the Shaar neighbourhood of Aleppo overnight.", "fell", "Shaar"),
        # "close to X", "much of X": X places the event.
        ("A mortar round fell close to Kafr Zita on Sunday.", "fell", "Kafr Zita"),
        ("The militia captured much of Sirte last year.", "captured", "Sirte"),
        # A scene-setting place in front loses to the one the event hangs from.
        (
            "In Kandahar province, a bomb killed two officers in the Maiwand district.",
            "killed",
            "Maiwand",
        ),
    ],
)
def test_the_more_specific_or_attached_place_wins(
    nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, mention: str
) -> None:
    result = place_at(nlp, gazetteer, text, trigger)
    assert result.mention == mention


def test_a_town_the_tagger_calls_a_person_is_a_place_as_an_object(
    nlp: Any, gazetteer: Gazetteer
) -> None:
    doc = nlp("Government forces overran Misrata on Friday.")
    misrata = next(t for t in doc if t.text == "Misrata")
    result = place_at(nlp, gazetteer, doc.text, "overran")
    assert result.location is not None
    assert result.location.country == "LBY"
    # Whatever the tagger says about it, the town is found.
    assert misrata.ent_type_ in ("PERSON", "GPE", "ORG", "")


def test_a_person_named_like_a_town_is_no_place(nlp: Any, gazetteer: Gazetteer) -> None:
    result = place_at(nlp, gazetteer, "Castro was shot on Monday.", "shot")
    assert result.location is None
