import functools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from spacy.language import Language

from pipeline.coding.nlp import load_model
from pipeline.quantities import (
    fatalities_for_event,
    fatalities_in_text,
    report_count,
    reports_in_text,
)
from pipeline.quantities.fatalities import MAX_EVENT_FATALITIES, MAX_REPORTS
from pipeline.quantities.numbers import find_quantities, parse_words
from pipeline.settings import NlpSettings


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Six people were killed in the raid.", 6),
        ("Six people, including two children, were killed.", 6),
        ("Seven people, three of them women, died in the shelling.", 7),
        ("At least 40 were killed and dozens wounded.", 40),
        ("Dozens of people were killed.", 12),
        ("More than a hundred people died in the attack.", 100),
        ("Hundreds were killed in the fighting.", 100),
        ("Several civilians were killed.", 10),
        ("A dozen soldiers were killed at the checkpoint.", 12),
        ("The strike killed twenty-five fighters.", 25),
        ("The death toll rose to 31 on Monday.", 31),
        ("The blast left 10 dead and 20 injured.", 10),
        ("Shells hit the market, killing 8 people and wounding about 20.", 8),
        ("Activists said 12 people were killed while state media said 7 died.", 7),
        ("A policeman was killed in the blast.", 1),
        ("A U.S. soldier was killed and four others were wounded.", 1),
        ("Gunmen killed a village chief and 11 others.", 12),
        ("Three people lost their lives in the attack.", 3),
        ("No one was killed in the explosion.", 0),
        ("Fighting on October 5 killed 3 rebels.", 3),
        ("In Mosul, 12 people were killed.", 12),
        ("A man aged 30 was killed.", 1),
        # the figure before an active "killed" with an object counts the doers
        ("Two car bombs killed 12 people in Baghdad.", 12),
        ("Five raids killed at least 16 people and injured dozens more.", 16),
        ("Four gunmen killed six villagers.", 6),
        ("Three policemen killed on Monday.", 3),
        ("Three soldiers killed over the weekend.", 3),
        ("Three soldiers killed about a mile from the base.", 3),
        ("Two gunmen killed over 20 villagers.", 20),
        ("Six people have been killed.", 6),
        # "and" is not part of the next number: the wounded are no toll
        ("Ten people were killed and five others injured in the raid.", 10),
        ("At least 13 fighters were killed and five of their trucks were destroyed.", 13),
        ("Gunmen killed the mayor and three other officials.", 4),
        ("Two soldiers died in the ambush, bringing the death toll to 375 this month.", 2),
        ("GUNMEN KILLED 12 VILLAGERS OVERNIGHT.", 12),
    ],
)
def test_fatalities_follow_acled_rules(text: str, expected: int) -> None:
    assert fatalities_in_text(text).value == expected


@pytest.mark.parametrize(
    ("text", "note_start"),
    [
        ("Five soldiers were wounded in the ambush.", "fatalities: no figure"),
        ("The strike killed 10 billion people.", "fatalities: 10000000000 is implausible"),
        ("The war has killed more than 250,000 people.", "fatalities: 250000 is implausible"),
        ("Troops were deployed to the border.", "fatalities: no figure"),
        # an age, not a toll
        ("Jon Arrieta, 58, a councillor, was killed by a bomb.", "fatalities: no figure"),
        ("Jon Arrieta (58) was shot dead.", "fatalities: no figure"),
    ],
)
def test_no_or_absurd_figures_give_none_with_a_note(text: str, note_start: str) -> None:
    result = fatalities_in_text(text)
    assert result.value is None
    assert (result.note or "").startswith(note_start)


@pytest.mark.parametrize(
    ("words", "value"),
    [("twenty-five", 25), ("a hundred and six", 106), ("two dozen", 24), ("three thousand", 3000)],
)
def test_number_words(words: str, value: int) -> None:
    assert parse_words(words) == value


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Jets violated the airspace on at least two occasions.", 2),
        ("The border post was shelled three times this week.", 3),
        ("Drones crossed the line twice on Monday.", 2),
        ("Prices are three times higher than last year.", None),
        ("Jets violated the airspace on Monday.", None),
        ("JETS VIOLATED THE AIRSPACE TWICE.", 2),
        ("Jets Violated The Airspace On Three Separate Occasions.", 3),
    ],
)
def test_report_counts(text: str, expected: int | None) -> None:
    assert reports_in_text(text) == expected


def test_span_versions_read_the_sentence() -> None:
    import spacy

    nlp = spacy.blank("en")
    doc = nlp("Rebels said the shelling killed six people on at least two occasions.")
    trigger = doc[4]
    assert fatalities_for_event(doc[:], trigger).value == 6
    assert report_count(doc[:], trigger) == 2


def test_a_number_after_and_starts_at_the_number() -> None:
    text = "Two were killed and four others were arrested."
    assert [text[q.start : q.end] for q in find_quantities(text)] == ["Two", "four"]
    assert [q.value for q in find_quantities("a hundred and six")] == [106]
    # "and a" is no number: the article of the next victim
    text = "killed two soldiers and a policeman"
    assert [text[q.start : q.end] for q in find_quantities(text)] == ["two"]


@functools.cache
def _nlp() -> Language:
    return load_model(NlpSettings())


def _event_toll(text: str, trigger_text: str) -> int | None:
    doc = _nlp()(text)
    trigger = next(t for t in doc if t.text == trigger_text)
    return fatalities_for_event(next(iter(doc.sents)), trigger).value


def test_a_clause_that_tells_another_event_keeps_its_own_toll() -> None:
    text = "A car bomb killed 10 people in the market and one woman died in a second blast."
    assert fatalities_in_text(text).value == 1  # the sentence's lowest
    assert _event_toll(text, "killed") == 10
    text = "Four were killed in the first blast while another three died in the second one."
    assert _event_toll(text, "killed") == 4


def test_another_account_of_the_same_deaths_still_competes() -> None:
    text = "Activists said 12 people were killed in the raid while state media said 7 died."
    assert _event_toll(text, "killed") == 7


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=300))
def test_any_text_gives_a_sane_count_or_none(text: str) -> None:
    result = fatalities_in_text(text)
    if result.value is None:
        assert result.note is not None
    else:
        assert 0 <= result.value <= MAX_EVENT_FATALITIES
    reports = reports_in_text(text)
    assert reports is None or 1 <= reports <= MAX_REPORTS


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=0, max_value=10**12))
def test_any_digit_figure_is_kept_or_refused_never_distorted(n: int) -> None:
    result = fatalities_in_text(f"The attack killed {n} people.")
    assert result.value == (n if n <= MAX_EVENT_FATALITIES else None)


def test_occasions_followed_by_a_time_phrase_still_count() -> None:
    text = "The jets crossed the border on at least two occasions over the weekend."
    assert reports_in_text(text) == 2


def test_the_parse_ties_a_number_to_the_dead_however_far_the_verb() -> None:
    text = (
        "At least 30 fighters of the group, most of them commanders and security "
        "officials, were killed in the raid."
    )
    assert fatalities_in_text(text).value is None  # too far for the text reading
    assert _event_toll(text, "killed") == 30


def test_conjoined_single_victims_are_counted() -> None:
    text = "A woman and her young daughter were killed when the shell hit their house."
    assert fatalities_in_text(text).value is None  # no figure for the text reading
    assert _event_toll(text, "hit") == 2
    # plural or bare nouns say nothing of how many
    assert _event_toll("Soldiers and policemen were killed in the attack.", "attack") is None


def test_conjoined_victims_with_numbers_add_up() -> None:
    # ACLED counts everyone killed: the text reads 27 or 15 beside "killed", the parse
    # adds the parts of the subject.
    text = "At least 27 civilians and 15 militants were killed in the raids on the city."
    assert _event_toll(text, "raids") == 42
    assert _event_toll("Four children and a man were killed in the shelling.", "shelling") == 5
    # not a part of the conjunction: a competing account keeps the lowest figure
    text = "Police said four children and a man were killed, while medics said three died."
    assert _event_toll(text, "killed") == 3
    # a vague part gives no total: the text's own reading stands
    assert _event_toll("Dozens of people and a policeman were killed in the blast.", "blast") == 12
    # a group is not one victim
    text = "At least 6 members of the Islamic State of Iraq and the Levant group were killed."
    assert _event_toll(text, "killed") == 6
    # a named person is one victim
    text = "Professor Ali Hussein Ali and a ministry employee were killed in separate shootings."
    assert _event_toll(text, "shootings") == 2
