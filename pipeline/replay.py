"""Replay article files into ``wire.articles.raw`` with an idempotent kafka-python producer.

What to send comes from ``pipeline.replay_sources`` (no Kafka there); this module
paces it (``TokenBucket``), repeats it (``--loop``, distinct ids per pass), produces
it and counts what happened. Records are keyed by article id; their value is
``codec.encode(raw)``; the record timestamp is the send time, so topic retention
never deletes a replayed 2015 story on arrival (its publication time is in the payload).
"""

from __future__ import annotations

import sys
import threading
import time
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, TextIO

from pipeline.codec import encode
from pipeline.kafka.exceptions import TopicError
from pipeline.models import RawArticle
from pipeline.replay_sources import Clock, Skipped, read_sources, utc_now, with_loop
from pipeline.settings import Settings


@dataclass
class TokenBucket:
    """Pace to ``rate`` items per second, allowing bursts of ``capacity``.

    ``reserve(now)`` takes one token and returns how long to wait before using it;
    a negative balance is debt that later calls pay off, so N calls spread over
    (N - capacity) / rate seconds whatever the caller's sleep granularity.
    """

    rate: float
    capacity: float = 1.0
    tokens: float | None = None
    updated: float | None = None

    def __post_init__(self) -> None:
        if self.rate <= 0:
            raise ValueError(f"rate must be positive, got {self.rate}")
        if self.capacity < 1:
            raise ValueError(f"capacity must be at least 1, got {self.capacity}")

    def reserve(self, now: float) -> float:
        if self.tokens is None or self.updated is None:
            self.tokens, self.updated = self.capacity, now
        elapsed = max(0.0, now - self.updated)
        self.tokens = min(self.capacity, self.tokens + elapsed * self.rate)
        self.updated = now
        self.tokens -= 1.0
        return 0.0 if self.tokens >= 0 else -self.tokens / self.rate


@dataclass(frozen=True)
class ReplayOptions:
    paths: tuple[Path, ...] = (Path("seeds"),)
    rate: float | None = None
    loops: int = 1
    dry_run: bool = False
    progress: bool = False


@dataclass
class ReplaySummary:
    """What a replay did: counts, skips with reasons, delivery failures, throughput."""

    topic: str
    dry_run: bool = False
    sent: int = 0
    bytes_sent: int = 0
    seconds: float = 0.0
    skipped: list[Skipped] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)

    @property
    def articles_per_s(self) -> float:
        return self.sent / self.seconds if self.seconds > 0 else 0.0

    @property
    def mb_per_s(self) -> float:
        return self.bytes_sent / 1e6 / self.seconds if self.seconds > 0 else 0.0

    def render(self) -> str:
        verb = "would send" if self.dry_run else "sent"
        lines = [
            f"{verb} {self.sent} article(s), {self.bytes_sent / 1e6:.3f} MB, to {self.topic} "
            f"in {self.seconds:.2f} s ({self.articles_per_s:.1f} articles/s, "
            f"{self.mb_per_s:.2f} MB/s)"
        ]
        if self.skipped:
            reasons = Counter(s.reason for s in self.skipped)
            counts = ", ".join(f"{reason} {n}" for reason, n in sorted(reasons.items()))
            lines.append(f"skipped {len(self.skipped)} ({counts}):")
            lines.extend(f"  {s}" for s in self.skipped)
        else:
            lines.append("skipped 0")
        if self.failed:
            lines.append(f"failed {len(self.failed)}:")
            lines.extend(f"  {f}" for f in self.failed[:20])
        return "\n".join(lines)


def replay_plan(
    paths: Sequence[Path], *, loops: int, max_bytes: int, clock: Clock = utc_now
) -> Iterator[RawArticle | Skipped]:
    """Every article of every pass, with pass-specific ids; skips only from pass 1.

    Files are read again on each pass (so ``received_at`` is each pass's time); the
    same file skips for the same reason every time, so it is reported once.
    """
    if loops < 1:
        raise ValueError(f"--loop must be at least 1, got {loops}")
    for loop in range(1, loops + 1):
        for item in read_sources(paths, max_bytes=max_bytes, clock=clock):
            if isinstance(item, Skipped):
                if loop == 1:
                    yield item
                continue
            yield with_loop(item, loop)


class _Deliveries:
    """Counts acknowledgements from the producer's I/O thread."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self.acked = 0
        self.bytes = 0
        self.failed: list[str] = []

    def ok(self, size: int) -> Callable[[Any], None]:
        def on_ok(_metadata: Any) -> None:
            with self._lock:
                self.acked += 1
                self.bytes += size

        return on_ok

    def error(self, key: str) -> Callable[[BaseException], None]:
        def on_error(exc: BaseException) -> None:
            with self._lock:
                self.failed.append(f"{key}: {type(exc).__name__}: {exc}"[:300])

        return on_error


def make_producer(settings: Settings) -> Any:
    """An idempotent, acks=all ``KafkaProducer`` sized for the article limit."""
    from kafka import KafkaProducer

    from pipeline.kafka.admin import max_message_bytes
    from pipeline.kafka.config import kafka_python_config

    return KafkaProducer(
        **kafka_python_config(settings.kafka),
        acks="all",
        enable_idempotence=True,
        linger_ms=5,
        max_request_size=max_message_bytes(settings.limits.max_article_bytes),
    )


def check_topic(settings: Settings, topic: str) -> None:
    """Raise ``BrokerUnavailable`` or ``TopicError`` before producing into the void."""
    from pipeline.kafka.admin import admin_client

    with admin_client(settings) as admin:
        if topic not in admin.list_topics():
            raise TopicError(
                f"topic {topic} does not exist on {settings.kafka.bootstrap_servers}; "
                "create it with `wirewatch topics create`"
            )


def replay(
    settings: Settings, options: ReplayOptions, *, out: TextIO = sys.stdout
) -> ReplaySummary:
    """Send (or with ``dry_run`` print) every article under ``options.paths``.

    Raises ``BrokerUnavailable`` / ``TopicError`` before sending anything when the
    broker or the topic is missing; a failed delivery is counted, never raised.
    """
    from tqdm import tqdm  # type: ignore[import-untyped]

    topic = settings.topics.raw
    summary = ReplaySummary(topic=topic, dry_run=options.dry_run)
    producer = None
    if not options.dry_run:
        check_topic(settings, topic)
        producer = make_producer(settings)
    deliveries = _Deliveries()
    bucket = TokenBucket(options.rate) if options.rate else None
    plan = replay_plan(
        options.paths, loops=options.loops, max_bytes=settings.limits.max_article_bytes
    )
    bar = tqdm(unit="article", file=sys.stderr, disable=not options.progress, desc="replay")
    started = time.monotonic()
    try:
        for item in plan:
            if isinstance(item, Skipped):
                summary.skipped.append(item)
                continue
            if bucket is not None:
                wait = bucket.reserve(time.monotonic())
                if wait > 0:
                    time.sleep(wait)
            value = encode(item)
            if producer is None:
                print(
                    f"{topic}\t{item.id}\t{len(value)} bytes\t{item.source}\t"
                    f"{item.published_at.isoformat() if item.published_at else '-'}",
                    file=out,
                )
                deliveries.ok(len(value))(None)
            else:
                _send(producer, topic, item.id, value, deliveries)
            bar.update(1)
        if producer is not None:
            producer.flush()
    finally:
        bar.close()
        if producer is not None:
            producer.close()
    summary.seconds = time.monotonic() - started
    summary.sent, summary.bytes_sent = deliveries.acked, deliveries.bytes
    summary.failed = list(deliveries.failed)
    return summary


def _send(producer: Any, topic: str, key: str, value: bytes, deliveries: _Deliveries) -> None:
    from kafka.errors import KafkaError

    try:
        future = producer.send(topic, key=key.encode("utf-8"), value=value)
    except KafkaError as exc:
        deliveries.error(key)(exc)
        return
    future.add_callback(deliveries.ok(len(value)))
    future.add_errback(deliveries.error(key))
