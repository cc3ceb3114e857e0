"""Worker faults on the real broker and real PostgreSQL: SIGKILL, SIGTERM, scaling.

Each test replays a few hundred short stories we wrote (``story_raws``) and compares
what ends up stored with what the offline coder makes of the same input.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.codec import encode
from pipeline.kafka.admin import ensure_topics
from pipeline.models import RawArticle
from pipeline.settings import Settings
from pipeline.stream.progress import group_lags
from pipeline.stream.steps import ArticleCoder
from tests.fixtures.kafka import KafkaBrokerFixture
from tests.stream.corpus import assert_stored_equals_offline, story_raws
from tests.stream.harness import (
    Workers,
    assigned_partitions,
    consume_all,
    drain,
    event_ids,
    group_member_count,
    produce,
    sample_sum,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def fault_settings(kafka_broker: KafkaBrokerFixture, postgres_url: str) -> Settings:
    settings = kafka_broker.settings(database_url=postgres_url)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    ensure_topics(settings)
    return settings


@pytest.fixture
def workers(fault_settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(fault_settings, tmp_path)
    try:
        yield group
    finally:
        group.stop_all()


def send(settings: Settings, raws: list[RawArticle]) -> None:
    produce(settings, settings.topics.raw, [(r.id, encode(r)) for r in raws])


def consumed_raw(settings: Settings, worker: object) -> float:
    return sample_sum(
        worker.metrics(),  # type: ignore[attr-defined]
        "wirewatch_records_consumed_total",
        topic=settings.topics.raw,
    )


def extract_lag(settings: Settings) -> int:
    (lag,) = group_lags(settings, ("extract",))
    return lag.lag


def test_sigkill_extract_three_times_loses_nothing_and_duplicates_no_row(
    fault_settings: Settings, workers: Workers, coder: ArticleCoder
) -> None:
    raws = story_raws(300, prefix="kill3")
    extract = workers.start("extract")
    workers.start("store")
    send(fault_settings, raws)
    for _ in range(3):
        wait_for(
            lambda w=extract: consumed_raw(fault_settings, w) >= 16,
            240,
            "the extract worker to be mid-stream",
        )
        extract.sigkill()
        assert extract_lag(fault_settings) > 0, "the kill came after the stream had ended"
        extract = workers.start("extract")
    drain(workers, roles=("extract", "store"), timeout_s=360)

    assert_stored_equals_offline(fault_settings, raws, coder)


def test_sigterm_shuts_down_cleanly_and_restart_duplicates_nothing(
    fault_settings: Settings, workers: Workers, coder: ArticleCoder
) -> None:
    raws = story_raws(200, prefix="term")
    extract = workers.start("extract")
    store = workers.start("store")
    send(fault_settings, raws)
    wait_for(lambda: consumed_raw(fault_settings, extract) >= 16, 240, "extract mid-stream")

    assert extract.sigterm(timeout=60) == 0, extract.log()
    assert store.sigterm(timeout=60) == 0, store.log()
    assert extract_lag(fault_settings) > 0, "the stop came after the stream had ended"
    workers.start("extract")
    workers.start("store")
    drain(workers, roles=("extract", "store"), timeout_s=300)

    assert_stored_equals_offline(fault_settings, raws, coder)
    # A clean stop commits what it acked: the restarted worker redelivers nothing, so
    # no event reaches the topic twice (after SIGKILL some would).
    on_topic = event_ids(consume_all(fault_settings, fault_settings.topics.events, timeout_s=30))
    assert len(on_topic) == len(set(on_topic)), "events redelivered after a clean stop"


def test_second_extract_worker_joins_and_leaves_mid_stream_without_loss(
    fault_settings: Settings, workers: Workers, coder: ArticleCoder
) -> None:
    raws = story_raws(300, prefix="scale")
    first, second_half, tail = raws[:100], raws[100:250], raws[250:]
    topic = fault_settings.topics.raw
    one = workers.start("extract")
    workers.start("store")
    send(fault_settings, first)
    wait_for(lambda: consumed_raw(fault_settings, one) >= 8, 240, "the first worker to start")

    two = workers.start("extract")
    wait_for(
        lambda: (
            group_member_count(fault_settings, "extract") == 2
            and bool(assigned_partitions(one, topic))
            and bool(assigned_partitions(two, topic))
        ),
        180,
        "both extract workers to hold partitions",
    )
    held_one, held_two = assigned_partitions(one, topic), assigned_partitions(two, topic)
    assert held_one.isdisjoint(held_two)
    send(fault_settings, second_half)
    wait_for(lambda: consumed_raw(fault_settings, two) >= 8, 240, "the second worker to work")
    # The second worker's count is final only once the group has caught up: a record it
    # took after its count was read and before it stopped would be counted by neither.
    wait_for(lambda: extract_lag(fault_settings) == 0, 240, "the group to catch up")

    consumed_by_two = consumed_raw(fault_settings, two)
    assert two.sigterm(timeout=60) == 0, two.log()
    send(fault_settings, tail)
    wait_for(
        lambda: assigned_partitions(one, topic) == set(range(fault_settings.topics.raw_partitions)),
        180,
        "the remaining worker to take every partition back",
    )
    drain(workers, roles=("extract", "store"), timeout_s=300)

    assert consumed_by_two > 0
    assert consumed_raw(fault_settings, one) + consumed_by_two >= len(raws)
    assert_stored_equals_offline(fault_settings, raws, coder)
