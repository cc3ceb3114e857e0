from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.timeexpr import parse_relative_date, resolve_event_date
from pipeline.timeexpr.rules import MAX_FUTURE_DAYS, MAX_PAST_DAYS

# A Wednesday.
PUBLISHED = datetime(2015, 10, 7, 9, 30, tzinfo=UTC)


@pytest.mark.parametrize(
    ("text", "expected", "precision"),
    [
        ("Jets struck the town yesterday.", date(2015, 10, 6), 1),
        ("Jets struck the town today.", date(2015, 10, 7), 1),
        ("Jets struck the town on Monday.", date(2015, 10, 5), 1),
        ("Jets struck the town on Wednesday.", date(2015, 10, 7), 1),
        ("Jets struck the town last Wednesday.", date(2015, 9, 30), 1),
        ("Jets struck the town on Thursday night.", date(2015, 10, 1), 1),
        ("Jets struck the town over the weekend.", date(2015, 10, 3), 2),
        ("Jets struck the town last week.", date(2015, 9, 28), 2),
        ("Jets struck the town earlier this week.", date(2015, 10, 5), 2),
        ("Jets struck the town on October 5.", date(2015, 10, 5), 1),
        ("Jets struck the town on 5 October.", date(2015, 10, 5), 1),
        ("Jets struck the town on Oct. 9.", date(2015, 10, 9), 1),
        ("Jets struck the town on December 25.", date(2014, 12, 25), 1),
        ("Jets struck the town earlier this month.", date(2015, 10, 1), 3),
        ("Jets struck the town last month.", date(2015, 9, 1), 3),
        ("Jets struck the town overnight.", date(2015, 10, 6), 1),
        ("Jets struck the town on 2015-10-02.", date(2015, 10, 2), 1),
        ("Jets struck the town two days ago.", date(2015, 10, 5), 1),
        ("Jets struck the town last March.", date(2015, 3, 1), 3),
        ("Jets struck the town a year ago.", date(2014, 10, 7), 3),
    ],
)
def test_expressions_resolve_against_publication(text: str, expected: date, precision: int) -> None:
    result = parse_relative_date(text, PUBLISHED)
    assert (result.event_date, result.time_precision, result.note) == (expected, precision, None)


@pytest.mark.parametrize(
    ("text", "note_start"),
    [
        ("Jets struck the town.", "date: no date expression"),
        ("Jets struck the town on March 3, 2001.", "date: 2001-03-03 is over"),
        ("Jets struck the town on 2031-01-01.", "date: 2031-01-01 is after"),
        ("Jets struck the town on February 30.", "date: day 30 of month 2"),
        ("Jets struck the town in 2013.", "date: 'in 2013' is coarser"),
    ],
)
def test_missing_far_or_impossible_dates_give_none_with_a_note(text: str, note_start: str) -> None:
    result = parse_relative_date(text, PUBLISHED)
    assert result.event_date is None
    assert result.time_precision is None
    assert (result.note or "").startswith(note_start)


def test_the_expression_nearest_the_trigger_wins() -> None:
    text = "On Monday the talks failed, and on Tuesday jets struck the town."
    anchor = text.index("struck")
    assert parse_relative_date(text, PUBLISHED, anchor).event_date == date(2015, 10, 6)
    assert parse_relative_date(text, PUBLISHED).event_date == date(2015, 10, 5)


def test_span_version_reads_the_parsed_sentence() -> None:
    import spacy

    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    doc = nlp("Talks ended. Rebels shelled the base yesterday.")
    sent = list(doc.sents)[1]
    trigger = next(t for t in sent if t.text == "shelled")
    result = resolve_event_date(sent, trigger, PUBLISHED)
    assert (result.event_date, result.time_precision) == (date(2015, 10, 6), 1)


@settings(max_examples=300, deadline=None)
@given(
    st.text(max_size=200),
    st.datetimes(min_value=datetime(1990, 1, 1), max_value=datetime(2040, 1, 1)),
)
def test_any_text_gives_a_date_near_publication_or_none(text: str, published: datetime) -> None:
    result = parse_relative_date(text, published)
    if result.event_date is None:
        assert result.note is not None
        assert result.time_precision is None
    else:
        pub = published.date()
        assert pub - timedelta(days=MAX_PAST_DAYS) <= result.event_date
        assert result.event_date <= pub + timedelta(days=MAX_FUTURE_DAYS)
        assert result.time_precision in (1, 2, 3)


def test_every_date_rule_names_the_words_it_needs() -> None:
    from pipeline.timeexpr.rules import _NEEDS, _PATTERNS

    assert [kind for kind, _ in _PATTERNS] == list(_NEEDS)


@given(
    st.one_of(
        st.text(alphabet="abcdeghijlmnoprstuvwy 0123456789-,.", max_size=60),
        st.lists(
            st.sampled_from(
                ["3", "12", "March", "MAY", "sept", "Oct.", "of", "on", "in", "2015", ",", "-"]
            ),
            max_size=8,
        ).map(" ".join),
    )
)
@settings(max_examples=400, deadline=None)
def test_the_word_guard_never_hides_a_date(text: str) -> None:
    # the guards only skip a rule that could not match: the same dates with and without
    from pipeline.timeexpr import rules

    published = date(2015, 10, 8)
    guarded = list(rules.find_dates(text, published))
    needs, month_rules = dict(rules._NEEDS), rules._NEEDS_A_MONTH
    try:
        rules._NEEDS.update({kind: ("",) for kind in needs})
        rules._NEEDS_A_MONTH = frozenset()
        unguarded = list(rules.find_dates(text, published))
    finally:
        rules._NEEDS.update(needs)
        rules._NEEDS_A_MONTH = month_rules
    assert guarded == unguarded


@pytest.mark.parametrize(
    ("text", "where"),
    [
        ("Jets struck the town two years ago.", "two years ago"),
        ("Jets struck the town more than a century ago.", "a century ago"),
        ("Decades ago, jets struck the town.", "Decades ago"),
        ("Jets struck the town on May 13, 1944.", "May 13, 1944"),
    ],
)
def test_a_date_over_a_year_back_is_no_event_date_but_is_told_where_it_is(
    text: str, where: str
) -> None:
    result = parse_relative_date(text, PUBLISHED)
    assert result.event_date is None
    assert result.note is not None
    assert "before publication" in result.note
    assert result.long_past is not None
    start, end = result.long_past
    assert text[start:end] == where


def test_a_date_in_range_or_ahead_is_not_long_past() -> None:
    assert parse_relative_date("Jets struck the town last week.", PUBLISHED).long_past is None
    ahead = parse_relative_date("Jets will strike the town on May 13, 2017.", PUBLISHED)
    assert ahead.event_date is None
    assert ahead.long_past is None
