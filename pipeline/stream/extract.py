"""The extract agent: wire.articles.raw -> normalise -> code -> wire.events (+ wire.articles).

Concurrency: one agent per process, one coder thread. spaCy parsing is CPU-bound and
holds the GIL for much of its work, so threads inside one process add little; the
batch goes to a single worker thread so the event loop stays free for heartbeats and
commits, and throughput scales with processes (one per core) in one consumer group.
While the thread codes a batch, the loop publishes the one before (sends, waits for
the broker's acks, acks the input), so the coder does not sit idle during the round trip.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any

import faust

from pipeline.codec import encode
from pipeline.errors import Rejected
from pipeline.metrics import Metrics
from pipeline.settings import Settings
from pipeline.stream.plumbing import (
    FaustStream,
    Outbox,
    ack_all,
    count_consumed,
    mark_processed,
    run_blocking,
    send_deadletter,
)
from pipeline.stream.steps import ArticleCoder, Extracted, extract_records

log = logging.getLogger(__name__)


def attach_extract(
    app: faust.App, settings: Settings, metrics: Metrics, coder: ArticleCoder
) -> None:
    topics = settings.topics
    raw_topic = app.topic(topics.raw)
    events_topic = app.topic(topics.events)
    articles_topic = app.topic(topics.articles)
    deadletter_topic = app.topic(topics.deadletter)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="coder")
    max_bytes = settings.limits.max_article_bytes

    def code_batch(values: list[bytes | None]) -> tuple[list[Extracted | Rejected], float]:
        started = time.perf_counter()
        outcomes = extract_records(values, coder, max_bytes=max_bytes)
        return outcomes, time.perf_counter() - started

    async def publish(
        stream: FaustStream, batch: list[Any], outcomes: list[Extracted | Rejected], seconds: float
    ) -> None:
        """Send what one batch gave, wait for the broker to have it, then ack the batch."""
        outbox = Outbox(metrics)
        for event, outcome in zip(batch, outcomes, strict=True):
            metrics.extraction_seconds.observe(seconds / len(batch))
            if isinstance(outcome, Rejected):
                await send_deadletter(outbox, deadletter_topic, event, outcome, metrics)
                metrics.articles.labels(outcome="deadletter").inc()
                continue
            for article in outcome.articles:
                await outbox.send(articles_topic, article.article_id, encode(article))
            for coded in outcome.events:
                await outbox.send(events_topic, coded.article_id, encode(coded))
                root = coded.cameo.root_code if coded.cameo else "none"
                metrics.events_extracted.labels(cameo_root=root).inc()
                country = coded.location.country if coded.location else None
                metrics.events_by_country.labels(country=country or "unknown").inc()
            metrics.articles.labels(outcome="coded" if outcome.events else "filtered").inc()
            for reason in outcome.skipped:
                metrics.sentences_skipped.labels(reason=reason).inc()
        await outbox.flush()
        now = time.time()
        for event, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Extracted) and outcome.events:
                metrics.article_to_event_seconds.observe(max(0.0, now - event.message.timestamp))
        await ack_all(stream, batch)
        mark_processed(metrics, "extract")

    @app.agent(raw_topic, name="extract_events", concurrency=1)
    async def extract_events(stream: FaustStream) -> None:
        # Two batches in flight: while the coder thread codes one, the event loop sends
        # the previous one's records and waits for the broker's acks. Batches are still
        # published and acked in order, each only after its records are on the broker.
        publishing: asyncio.Future[None] | None = None
        try:
            async for batch in stream.noack_take(
                settings.worker.extract_batch, within=settings.worker.extract_batch_timeout_s
            ):
                count_consumed(metrics, batch)
                values = [e.message.value for e in batch]
                coding = asyncio.ensure_future(run_blocking(executor, code_batch, values))
                if publishing is not None:
                    await publishing
                outcomes, seconds = await coding
                # A task of its own: it completes even while the next take waits.
                publishing = asyncio.ensure_future(publish(stream, batch, outcomes, seconds))
                publishing.add_done_callback(_report_failure)
        finally:
            if publishing is not None:
                # On shutdown, let the last batch reach the broker and be acked before
                # the offsets are committed; if it cannot, it is redelivered.
                await publishing


def _report_failure(task: asyncio.Future[None]) -> None:
    # Raised again where the agent awaits the task; logged here so that a failure is
    # seen at once even when no further batch comes to await it.
    if not task.cancelled() and task.exception() is not None:
        log.error("publishing a batch failed; it stays unacked", exc_info=task.exception())
