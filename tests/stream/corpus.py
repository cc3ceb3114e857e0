"""Articles for stream and fault tests, and what the offline coder makes of them."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.models import RawArticle
from pipeline.settings import Settings
from pipeline.stream.steps import ArticleCoder, Extracted, extract_raw_articles
from tests.stream.harness import consume_all, event_ids, stored_event_id_rows

PUBLISHED = datetime(2015, 10, 8, 6, 0, tzinfo=UTC)

# Short wire stories we wrote for these tests: each codes to at least one event.
STORIES = [
    "Government troops shelled rebel positions in {town} on Monday, killing {n} fighters, "
    "a monitoring group said.",
    "Police arrested {n} protesters in {town} on Sunday after clashes near the parliament.",
    "Russian warplanes bombed a market in {town} yesterday, killing {n} civilians, activists said.",
    "Turkey accused Russia of violating its airspace near {town} on Saturday.",
]
TOWNS = ["Idlib", "Aleppo", "Homs", "Hama", "Raqqa", "Mosul", "Kirkuk", "Donetsk"]


def story_raws(count: int, prefix: str = "story") -> list[RawArticle]:
    """``count`` distinct two-paragraph stories, ids ``<prefix>-0000`` onwards."""
    raws = []
    for i in range(count):
        template = STORIES[i % len(STORIES)]
        body = "\n\n".join(
            [
                template.format(town=TOWNS[i % len(TOWNS)], n=3 + i % 9),
                "The fighting has displaced thousands of families in recent weeks, the "
                "United Nations said in a statement.",
            ]
        )
        raws.append(
            RawArticle(
                id=f"{prefix}-{i:04d}",
                source="Reuters",
                received_at=PUBLISHED,
                published_at=PUBLISHED,
                body=body,
            )
        )
    return raws


def offline_event_ids(raws: list[RawArticle], coder: ArticleCoder) -> set[str]:
    """The event ids the offline path gives for ``raws`` (every story must code)."""
    ids: set[str] = set()
    for outcome in extract_raw_articles(raws, coder):
        assert isinstance(outcome, Extracted), outcome
        ids.update(e.event_id for e in outcome.events)
    return ids


def assert_stored_equals_offline(
    settings: Settings, raws: list[RawArticle], coder: ArticleCoder
) -> None:
    """Storage and the events topic hold exactly the offline events, no row twice."""
    expected = offline_event_ids(raws, coder)
    rows = stored_event_id_rows(settings)
    assert len(rows) == len(set(rows)), "duplicate event rows in storage"
    assert set(rows) == expected, (
        f"missing {len(expected - set(rows))}, unexpected {len(set(rows) - expected)}"
    )
    on_topic = set(event_ids(consume_all(settings, settings.topics.events, timeout_s=30)))
    assert on_topic == expected
