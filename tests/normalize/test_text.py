"""Character cleaning and wire furniture parsing, function by function."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.normalize import wire
from pipeline.normalize.layout import plain_units
from pipeline.normalize.lexicon import load_lexicon
from pipeline.normalize.text import clean_inline, clean_text, ends_sentence

REF = dt.datetime(2015, 10, 8, 6, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("Russia\u2019s \u201cwar\u201d", 'Russia\'s "war"'),
        ("hos\u00adpital", "hospital"),
        ("zero\u200bwidth\u2060joined\ufeff", "zerowidthjoined"),
        ("no\u00a0break\u2009thin", "no break thin"),
        ("\ufb01nal \uff21\uff26\uff30", "final AFP"),  # ligature, full-width letters
        ("bell\x07 and\x00 nul", "bell and nul"),
        ("tab\tand  spaces   ", "tab and spaces"),
        ("cafe\u0301", "caf\u00e9"),  # combining accent composed
    ],
)
def test_clean_inline(raw: str, clean: str) -> None:
    assert clean_inline(raw) == clean
    assert clean_inline(clean) == clean


@pytest.mark.parametrize(
    ("raw", "clean"),
    [
        ("the inter-\nnational force", "the international\nforce"),
        ("Western-\nbacked rebels", "Western-backed\nrebels"),
        ("an IS-\nheld town", "an IS-held\ntown"),
        ("a well-known man, a well-\nknown fact", "a well-known man, a well-known\nfact"),
        ("by tele-\nphone, asking", "by telephone,\nasking"),
        ("ends with a dash -\n\nNext", "ends with a dash -\n\nNext"),
        ("line one\r\nline two\rthree", "line one\nline two\nthree"),
    ],
)
def test_clean_text_joins_broken_words_and_keeps_lines(raw: str, clean: str) -> None:
    assert clean_text(raw) == clean


def test_ends_sentence() -> None:
    assert ends_sentence("He left.")
    assert ends_sentence('"We left," he said.')
    assert ends_sentence('He said "no."')
    assert ends_sentence("He asked (why?)")
    assert not ends_sentence("90% of Russian strikes not targeting IS, says US")


def test_wrapped_block_becomes_paragraphs_at_short_lines() -> None:
    body = (
        "Rebels shelled the town of Kafr Nabudah on Monday, killing at least\n"
        "three people and wounding a dozen more, a monitoring group said in a\n"
        "statement.\n"
        "The army said it had repelled an attack on its positions north of the\n"
        "town and killed several of the attackers."
    )
    assert [u.text for u in plain_units(body)] == [
        "Rebels shelled the town of Kafr Nabudah on Monday, killing at least three people "
        "and wounding a dozen more, a monitoring group said in a statement.",
        "The army said it had repelled an attack on its positions north of the town and "
        "killed several of the attackers.",
    ]


def test_line_per_paragraph_block_keeps_each_line() -> None:
    body = "Short first paragraph here.\nA second one, much longer than the first, follows it."
    assert len(plain_units(body)) == 2


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Jane Doe", ("Jane Doe", None)),
        ("By JANE DOE, AFP", ("Jane Doe", "AFP")),
        ("By Jane Doe and John Roe", ("Jane Doe and John Roe", None)),
        ("By Jane Doe | Reuters", ("Jane Doe", "Reuters")),
        ("By the way, he said", None),
        ("By Monday the town had fallen.", None),
    ],
)
def test_byline(line: str, expected: tuple[str, str | None] | None) -> None:
    assert wire.byline(line, load_lexicon()) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("Updated 10:32 GMT", dt.datetime(2015, 10, 7, 10, 32, tzinfo=dt.UTC)),
        ("Updated 05:10 GMT", dt.datetime(2015, 10, 8, 5, 10, tzinfo=dt.UTC)),
        ("Updated: 8 October 2015 10:32 GMT", dt.datetime(2015, 10, 8, 10, 32, tzinfo=dt.UTC)),
        ("Thursday, October 8, 2015 10:32 GMT", dt.datetime(2015, 10, 8, 10, 32, tzinfo=dt.UTC)),
        ("2015-10-08T10:32:00Z", dt.datetime(2015, 10, 8, 10, 32, tzinfo=dt.UTC)),
        (
            "Published Oct 8, 2015 10:32 pm EDT",
            dt.datetime(2015, 10, 8, 22, 32, tzinfo=dt.timezone(dt.timedelta(hours=-4))),
        ),
    ],
)
def test_timestamp(line: str, expected: dt.datetime) -> None:
    assert wire.timestamp(line, REF) == (True, expected)


@pytest.mark.parametrize("line", ["Updated yesterday", "October", "He arrived on Oct 8.", "10"])
def test_not_a_timestamp(line: str) -> None:
    assert wire.timestamp(line, REF)[0] is False


def test_dateline_date_without_year_takes_the_reference_year_or_the_one_before() -> None:
    assert wire.parse_date("Oct 7", REF) == dt.date(2015, 10, 7)
    assert wire.parse_date("Dec 30", REF) == dt.date(2014, 12, 30)
    assert wire.parse_date("7 October 2013", REF) == dt.date(2013, 10, 7)
    assert wire.parse_date("Feb 30", REF) is None


def test_title_place() -> None:
    assert wire.title_place("NEW YORK") == "New York"
    assert wire.title_place("WASHINGTON, DC") == "Washington, DC"
    assert wire.title_place("Maiduguri, Nigeria") == "Maiduguri, Nigeria"
