"""The extract agent: wire.articles.raw -> normalise -> code -> wire.events (+ wire.articles).

Concurrency: one agent per process, one coder thread. spaCy parsing is CPU-bound and
holds the GIL for much of its work, so threads inside one process add little; the
batch goes to a single worker thread so the event loop stays free for heartbeats and
commits, and throughput scales with processes (one per core) in one consumer group.

A batch's records are encoded and handed to the producer as soon as it is coded; the
wait for Kafka to acknowledge them, and the ack of the batch's offsets after that, go
on while the thread codes the next batch (at most one batch is in flight, and it is
finished before the next one's offsets are acked). Waiting instead left the coder idle
for about a tenth of the time (``wirewatch bench pipeline``: the worker used 0.88 of a
core). Encoding the records while the next batch is coded was also measured: it raised
the worker's CPU per article by 12-16 %, the two threads fighting for the GIL, for no
gain.
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor

import faust

from pipeline.codec import encode
from pipeline.errors import Rejected
from pipeline.metrics import Metrics
from pipeline.settings import Settings
from pipeline.stream.plumbing import (
    FaustEvent,
    FaustStream,
    Outbox,
    ack_all,
    count_consumed,
    mark_processed,
    run_blocking,
    send_deadletter,
)
from pipeline.stream.steps import ArticleCoder, Extracted, extract_records


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

    async def finish(
        stream: FaustStream,
        outbox: Outbox,
        batch: list[FaustEvent],
        outcomes: list[Extracted | Rejected],
    ) -> None:
        """Once Kafka has the batch's records: the latency metric, then the acks."""
        await outbox.flush()
        now = time.time()
        for event, outcome in zip(batch, outcomes, strict=True):
            if isinstance(outcome, Extracted) and outcome.events:
                metrics.article_to_event_seconds.observe(max(0.0, now - event.message.timestamp))
        await ack_all(stream, batch)
        mark_processed(metrics, "extract")

    @app.agent(raw_topic, name="extract_events", concurrency=1)
    async def extract_events(stream: FaustStream) -> None:
        in_flight: asyncio.Task[None] | None = None
        try:
            async for batch in stream.noack_take(
                settings.worker.extract_batch, within=settings.worker.extract_batch_timeout_s
            ):
                count_consumed(metrics, batch)
                values = [e.message.value for e in batch]
                outcomes, seconds = await run_blocking(executor, code_batch, values)
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
                    outcome_label = "coded" if outcome.events else "filtered"
                    metrics.articles.labels(outcome=outcome_label).inc()
                    for reason in outcome.skipped:
                        metrics.sentences_skipped.labels(reason=reason).inc()
                if in_flight is not None:
                    await in_flight  # the batch before is acked first (and a failure stops us)
                in_flight = asyncio.ensure_future(finish(stream, outbox, batch, outcomes))
        finally:
            if in_flight is not None:
                await in_flight
