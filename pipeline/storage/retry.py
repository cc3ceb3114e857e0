"""Retry a store write until the database is back: exponential backoff, metrics, logs.

The stream worker wraps each batch write in ``write_with_retry`` and commits its Kafka
offsets only after it returns, so an outage delays the batch but never loses it.
Only ``StoreUnavailable`` is retried; any other exception is a bug and propagates.
"""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass
from typing import TypeVar

from pipeline.metrics import Metrics
from pipeline.storage.base import StoreUnavailable

T = TypeVar("T")

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Backoff:
    """Delays ``initial * factor**n``, capped at ``maximum``; ``give_up_after`` None = never."""

    initial_s: float = 0.2
    factor: float = 2.0
    maximum_s: float = 10.0
    give_up_after_s: float | None = None

    def delay(self, attempt: int) -> float:
        return float(min(self.maximum_s, self.initial_s * self.factor**attempt))


def _note_retry(
    exc: StoreUnavailable, attempt: int, delay: float, metrics: Metrics | None,
    backend: str, table: str, rows: int,
) -> None:  # fmt: skip
    if metrics is not None:
        metrics.sink_up.labels(backend=backend).set(0)
        metrics.sink_writes.labels(backend=backend, table=table, result="retry").inc(rows)
    # The message comes from the store, which never includes credentials.
    log.warning(
        "storage unavailable (%s, %s, attempt %d): %s; retrying in %.1f s",
        backend, table, attempt + 1, exc, delay,
    )  # fmt: skip


def write_with_retry(
    op: Callable[[], T],
    *,
    backoff: Backoff | None = None,
    metrics: Metrics | None = None,
    backend: str = "store",
    table: str = "events",
    rows: int = 1,
    sleep: Callable[[float], None] = time.sleep,
) -> T:
    """Call ``op`` until it does not raise ``StoreUnavailable``; return its result.

    Raises the last ``StoreUnavailable`` only when ``backoff.give_up_after_s`` has passed.
    """
    policy = backoff or Backoff()
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            result = op()
        except StoreUnavailable as exc:
            waited = time.monotonic() - started
            if policy.give_up_after_s is not None and waited >= policy.give_up_after_s:
                raise
            delay = policy.delay(attempt)
            _note_retry(exc, attempt, delay, metrics, backend, table, rows)
            sleep(delay)
            attempt += 1
            continue
        if attempt:
            log.info("storage back after %d retries (%s, %s)", attempt, backend, table)
            if metrics is not None:
                metrics.sink_up.labels(backend=backend).set(1)
        return result


async def write_with_retry_async(
    op: Callable[[], T],
    *,
    backoff: Backoff | None = None,
    metrics: Metrics | None = None,
    backend: str = "store",
    table: str = "events",
    rows: int = 1,
) -> T:
    """``write_with_retry`` for an asyncio worker: ``op`` runs in a thread, sleeps await."""
    policy = backoff or Backoff()
    started = time.monotonic()
    attempt = 0
    while True:
        try:
            result = await asyncio.to_thread(op)
        except StoreUnavailable as exc:
            if (
                policy.give_up_after_s is not None
                and time.monotonic() - started >= policy.give_up_after_s
            ):
                raise
            delay = policy.delay(attempt)
            _note_retry(exc, attempt, delay, metrics, backend, table, rows)
            await asyncio.sleep(delay)
            attempt += 1
            continue
        if attempt and metrics is not None:
            metrics.sink_up.labels(backend=backend).set(1)
        return result
