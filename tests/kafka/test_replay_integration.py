"""Replay into the real broker and read it back with a separate consumer."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.codec import decode_raw_article
from pipeline.kafka.config import kafka_python_config
from pipeline.kafka.exceptions import TopicError
from pipeline.models import RawArticle
from pipeline.replay import ReplayOptions, replay
from pipeline.settings import Settings

pytestmark = pytest.mark.kafka

SEEDS = Path(__file__).parents[2] / "seeds"


def consume_all(settings: Settings, expected: int) -> list[tuple[bytes, bytes, int]]:
    """(key, value, timestamp) of every record on the raw topic, read by a fresh consumer."""
    from kafka import KafkaConsumer

    consumer = KafkaConsumer(
        settings.topics.raw,
        **kafka_python_config(settings.kafka),
        group_id=None,
        auto_offset_reset="earliest",
        consumer_timeout_ms=3_000,
    )
    records: list[tuple[bytes, bytes, int]] = []
    try:
        # Stop early once everything arrived; a 3 s idle gap ends the read otherwise.
        for message in consumer:
            records.append((message.key, message.value, message.timestamp))
            if len(records) >= expected:
                break
        # Anything beyond what we expect must show up too, so read on briefly.
        records.extend((m.key, m.value, m.timestamp) for m in _drain(consumer))
    finally:
        consumer.close()
    return records


def _drain(consumer) -> Iterator:  # type: ignore[no-untyped-def]
    batch = consumer.poll(timeout_ms=1_000)
    for messages in batch.values():
        yield from messages


@pytest.fixture
def settings(kafka_settings: Settings) -> Settings:
    return kafka_settings


def test_seeds_arrive_with_their_ids_and_bytes(settings: Settings) -> None:
    summary = replay(settings, ReplayOptions(paths=(SEEDS,)))
    assert (summary.sent, summary.failed, summary.skipped) == (1, [], [])
    [(key, value, timestamp)] = consume_all(settings, expected=1)
    assert key == b"0f3fda6538e218d8"
    article = decode_raw_article(value, max_bytes=10 * 1024 * 1024)
    assert isinstance(article, RawArticle)
    assert article.id == "0f3fda6538e218d8"
    assert article.source == "AFP"
    assert article.body.encode("utf-8") == (SEEDS / "000_0f3fda6538e218d8.txt").read_bytes()
    assert summary.bytes_sent == len(value)
    # The record time is the send time, not the 2015 publication time (retention).
    assert article.published_at is not None
    assert timestamp > article.published_at.timestamp() * 1000 + 365 * 24 * 3600 * 1000


def test_replaying_twice_sends_twice_with_the_same_key(settings: Settings) -> None:
    first = replay(settings, ReplayOptions(paths=(SEEDS,)))
    second = replay(settings, ReplayOptions(paths=(SEEDS,)))
    assert (first.sent, second.sent) == (1, 1)
    records = consume_all(settings, expected=2)
    assert [key for key, _, _ in records] == [b"0f3fda6538e218d8"] * 2


def test_loops_send_distinct_ids_and_bad_files_never_leave(
    settings: Settings, tmp_path: Path
) -> None:
    (tmp_path / "a.txt").write_text("Police dispersed a protest in the capital.", encoding="utf-8")
    (tmp_path / "b.html").write_text("<p>Rebels seized the airport.</p>", encoding="utf-8")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02")
    (tmp_path / "empty.txt").write_bytes(b"")
    summary = replay(settings, ReplayOptions(paths=(tmp_path,), loops=3, rate=200))
    assert summary.sent == 6
    assert sorted(s.reason for s in summary.skipped) == ["binary", "empty"]
    keys = sorted(key.decode() for key, _, _ in consume_all(settings, expected=6))
    assert keys == sorted(
        f"{name}{suffix}" for name in ("a.txt", "b.html") for suffix in ("", "#loop2", "#loop3")
    )


def test_missing_topic_is_a_clear_error(kafka_broker) -> None:
    settings = kafka_broker.settings()  # topics not created
    with pytest.raises(TopicError, match=f"topic {settings.topics.raw} does not exist"):
        replay(settings, ReplayOptions(paths=(SEEDS,)))
