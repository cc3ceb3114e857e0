"""Service outages mid-stream: the broker restarts, PostgreSQL goes away for ten seconds.

Both tests use services of their own (a private broker, a private PostgreSQL), so
stopping them cannot disturb the session's shared ones.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.codec import encode
from pipeline.kafka.admin import ensure_topics
from pipeline.kafka.broker import LocalBroker
from pipeline.models import RawArticle
from pipeline.settings import Settings
from pipeline.storage.pgserver import TempPostgres
from pipeline.stream.steps import ArticleCoder
from tests.fixtures.kafka import KafkaBrokerFixture, start_local_broker
from tests.stream.corpus import assert_stored_equals_offline, story_raws
from tests.stream.harness import (
    Workers,
    drain,
    produce,
    sample_sum,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.postgres, pytest.mark.slow]


@pytest.fixture
def own_broker(tmp_path: Path) -> Iterator[LocalBroker]:
    broker = start_local_broker(tmp_path / "private-kafka")
    try:
        yield broker
    finally:
        broker.stop()


@pytest.fixture
def own_postgres() -> Iterator[TempPostgres]:
    # Not under tmp_path: the server runs as the postgres user, which cannot enter
    # pytest's private temp folders.
    server = TempPostgres()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


def send(settings: Settings, raws: list[RawArticle]) -> None:
    produce(settings, settings.topics.raw, [(r.id, encode(r)) for r in raws])


def test_broker_restart_mid_stream_resumes_by_itself(
    own_broker: LocalBroker, postgres_url: str, tmp_path: Path, coder: ArticleCoder
) -> None:
    fixture = KafkaBrokerFixture(own_broker.bootstrap_servers, own_broker, tmp_path)
    settings = fixture.settings(database_url=postgres_url)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    ensure_topics(settings)
    workers = Workers(settings, tmp_path)
    raws = story_raws(240, prefix="restart")
    try:
        extract = workers.start("extract")
        store = workers.start("store")
        send(settings, raws[:160])
        wait_for(
            lambda: sample_sum(extract.metrics(), "wirewatch_records_consumed_total") >= 16,
            240,
            "extract mid-stream",
        )
        own_broker.stop()
        time.sleep(5)
        assert extract.process.poll() is None
        assert store.process.poll() is None
        own_broker.start(timeout=180)
        send(settings, raws[160:])
        drain(workers, roles=("extract", "store"), timeout_s=360)
        assert extract.process.poll() is None, "the extract worker did not survive the restart"
        assert store.process.poll() is None, "the store worker did not survive the restart"
        assert_stored_equals_offline(settings, raws, coder)
    finally:
        workers.stop_all()


def test_postgres_down_ten_seconds_mid_stream_loses_nothing(
    kafka_broker: KafkaBrokerFixture,
    own_postgres: TempPostgres,
    tmp_path: Path,
    coder: ArticleCoder,
) -> None:
    url = own_postgres.create_database("outage")
    settings = kafka_broker.settings(database_url=url)
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    ensure_topics(settings)
    workers = Workers(settings, tmp_path)
    raws = story_raws(200, prefix="pgdown")
    try:
        workers.start("extract")
        store = workers.start("store")
        send(settings, raws[:100])
        wait_for(
            lambda: sample_sum(store.metrics(), "wirewatch_sink_writes_total", result="ok") > 0,
            240,
            "the first rows to be stored",
        )
        own_postgres.stop()
        send(settings, raws[100:])
        wait_for(
            lambda: sample_sum(store.metrics(), "wirewatch_sink_up") == 0,
            60,
            "the store worker to notice the outage",
        )
        time.sleep(10)
        during = store.metrics()
        assert sample_sum(during, "wirewatch_sink_up") == 0
        assert store.process.poll() is None, store.log()
        own_postgres.start()
        drain(workers, roles=("extract", "store"), timeout_s=360)

        after = store.metrics()
        assert sample_sum(after, "wirewatch_sink_up") == 1
        failed = sample_sum(after, "wirewatch_sink_writes_total", result="retry") + sample_sum(
            after, "wirewatch_sink_writes_total", result="error"
        )
        assert failed > 0, "the outage left no trace in wirewatch_sink_writes_total"
        assert_stored_equals_offline(settings, raws, coder)
    finally:
        workers.stop_all()
