"""Database outages: StoreUnavailable, then write_with_retry catches up without loss."""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest
from prometheus_client import CollectorRegistry

from pipeline.metrics import Metrics
from pipeline.storage import Backoff, EventFilter, StoreUnavailable, open_store, write_with_retry
from pipeline.storage.pgserver import TempPostgres
from pipeline.storage.sqlite import SqliteStore

from .builders import AFP_STRIKE, event

PASSWORD = "s3cret-pw"


def _batch(prefix: str, n: int):
    return [event(AFP_STRIKE, article_id=f"{prefix}-{i}", sentence_index=i) for i in range(n)]


@pytest.fixture
def own_postgres() -> Iterator[TempPostgres]:
    """A server of our own, since this test stops it (trust auth ignores the password)."""
    server = TempPostgres()
    try:
        server.start()
        yield server
    finally:
        server.cleanup()


@pytest.mark.postgres
def test_postgres_down_then_back_loses_nothing(
    own_postgres: TempPostgres, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    own_postgres.create_database("outage")
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{own_postgres.port}/outage"
    metrics = Metrics(CollectorRegistry())
    store = open_store(url, metrics=metrics)
    try:
        store.write_events(_batch("before", 5))
        own_postgres.stop()
        with pytest.raises(StoreUnavailable) as down:
            store.write_events(_batch("lost", 1))
        assert PASSWORD not in str(down.value)
        assert (
            metrics.registry.get_sample_value("wirewatch_sink_up", {"backend": "postgresql"}) == 0
        )

        restarter = threading.Timer(1.5, own_postgres.start)
        restarter.start()
        pending = _batch("during", 7)
        report = write_with_retry(
            lambda: store.write_events(pending),
            metrics=metrics,
            backend="postgresql",
            table="events",
            rows=len(pending),
            backoff=Backoff(initial_s=0.1, maximum_s=0.5, give_up_after_s=15),
        )
        restarter.join()
        assert report.new_events == 7
        stored = store.query_events(EventFilter(limit=None))
        assert len(stored) == 12
        assert {r.event.article_id.split("-")[0] for r in stored} == {"before", "during"}
        sample = metrics.registry.get_sample_value
        assert sample("wirewatch_sink_up", {"backend": "postgresql"}) == 1
        assert (
            sample(
                "wirewatch_sink_writes_total",
                {"backend": "postgresql", "table": "events", "result": "retry"},
            )
            >= 7
        )
        assert (
            sample(
                "wirewatch_sink_writes_total",
                {"backend": "postgresql", "table": "events", "result": "ok"},
            )
            == 12
        )
        assert any("storage unavailable" in r.getMessage() for r in caplog.records)
        assert all(PASSWORD not in r.getMessage() for r in caplog.records)
    finally:
        store.close()


@pytest.mark.postgres
def test_open_store_on_a_stopped_server_is_unavailable(own_postgres: TempPostgres) -> None:
    own_postgres.stop()
    url = f"postgresql://postgres:{PASSWORD}@127.0.0.1:{own_postgres.port}/postgres"
    with pytest.raises(StoreUnavailable) as down:
        open_store(url)
    assert PASSWORD not in str(down.value)
    assert "***" in str(down.value)


def test_sqlite_locked_then_released_loses_nothing(tmp_path: Path) -> None:
    path = tmp_path / "w.db"
    metrics = Metrics(CollectorRegistry())
    store = SqliteStore(path, metrics=metrics, busy_timeout_s=0.2)
    store.migrate()
    other = sqlite3.connect(path, isolation_level=None, check_same_thread=False)
    try:
        other.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        with pytest.raises(StoreUnavailable):
            store.write_events(_batch("locked", 1))
        releaser = threading.Timer(0.8, lambda: other.execute("COMMIT"))
        releaser.start()
        pending = _batch("after", 4)
        write_with_retry(
            lambda: store.write_events(pending),
            metrics=metrics,
            backend="sqlite",
            rows=4,
            backoff=Backoff(initial_s=0.05),
        )
        releaser.join()
        assert len(store.query_events(EventFilter())) == 4
        assert metrics.registry.get_sample_value("wirewatch_sink_up", {"backend": "sqlite"}) == 1
    finally:
        other.close()
        store.close()
