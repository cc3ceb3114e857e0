"""write_with_retry as plumbing: retries only outages, backs off, gives up when told."""

from __future__ import annotations

import asyncio

import pytest
from prometheus_client import CollectorRegistry

from pipeline.metrics import Metrics
from pipeline.storage import Backoff, StoreUnavailable, write_with_retry, write_with_retry_async
from pipeline.storage.postgres import redact_url


class _Flaky:
    def __init__(self, failures: int) -> None:
        self.failures, self.calls = failures, 0

    def __call__(self) -> str:
        self.calls += 1
        if self.calls <= self.failures:
            raise StoreUnavailable("connection refused")
        return "done"


def test_retries_with_exponential_backoff_until_success() -> None:
    metrics = Metrics(CollectorRegistry())
    sleeps: list[float] = []
    op = _Flaky(4)
    result = write_with_retry(
        op,
        backoff=Backoff(initial_s=0.5, factor=2, maximum_s=3),
        metrics=metrics,
        backend="sqlite",
        table="events",
        rows=10,
        sleep=sleeps.append,
    )
    assert result == "done"
    assert op.calls == 5
    assert sleeps == [0.5, 1.0, 2.0, 3.0]
    sample = metrics.registry.get_sample_value
    assert (
        sample(
            "wirewatch_sink_writes_total",
            {"backend": "sqlite", "table": "events", "result": "retry"},
        )
        == 40
    )
    assert sample("wirewatch_sink_up", {"backend": "sqlite"}) == 1


def test_gives_up_only_after_the_deadline() -> None:
    op = _Flaky(1000)
    with pytest.raises(StoreUnavailable):
        write_with_retry(op, backoff=Backoff(give_up_after_s=0.0), sleep=lambda _: None)
    assert op.calls == 1


def test_other_errors_are_bugs_and_are_not_retried() -> None:
    calls = []

    def broken() -> None:
        calls.append(1)
        raise ValueError("bad row")

    with pytest.raises(ValueError, match="bad row"):
        write_with_retry(broken, sleep=lambda _: None)
    assert calls == [1]


def test_async_variant_retries() -> None:
    op = _Flaky(2)
    result = asyncio.run(write_with_retry_async(op, backoff=Backoff(initial_s=0.01)))
    assert result == "done"
    assert op.calls == 3


def test_redact_url_hides_the_password_only() -> None:
    assert redact_url("postgresql://ww:pa%40ss@db.example:5432/ww") == (
        "postgresql://ww:***@db.example:5432/ww"
    )
    assert redact_url("postgresql://ww@db:5432/ww") == "postgresql://ww@db:5432/ww"
