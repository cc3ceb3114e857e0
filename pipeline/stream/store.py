"""The store agent: wire.articles, wire.events, wire.alerts -> SQL, then commit offsets.

A batch is written in the storage's transactions and acked only afterwards. While the
database is down the agent retries with capped exponential backoff and acks nothing,
so the batch is redelivered after a crash and upserted onto the same rows.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

import faust

from pipeline.errors import Rejected
from pipeline.metrics import Metrics
from pipeline.models import Alert, Article, Event
from pipeline.settings import Settings
from pipeline.storage import Store, StoreUnavailable
from pipeline.stream.plumbing import (
    FaustStream,
    Outbox,
    ack_all,
    count_consumed,
    mark_processed,
    run_blocking,
    send_deadletter,
)
from pipeline.stream.steps import decode_model

log = logging.getLogger(__name__)

MAX_BACKOFF_S = 30.0


def attach_store(app: faust.App, settings: Settings, metrics: Metrics, store: Store) -> None:
    topics = settings.topics
    source = app.topic(topics.articles, topics.events, topics.alerts)
    deadletter_topic = app.topic(topics.deadletter)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="sink")
    models: dict[str, type[Article] | type[Event] | type[Alert]] = {
        topics.articles: Article,
        topics.events: Event,
        topics.alerts: Alert,
    }

    def write(articles: list[Article], events: list[Event], alerts: list[Alert]) -> None:
        # Articles first: an event's mention refers to its article.
        if articles:
            store.write_articles(articles)
        if events:
            store.write_events(events)
        if alerts:
            store.write_alerts(alerts)

    @app.agent(source, name="store_records", concurrency=1)
    async def store_records(stream: FaustStream) -> None:
        async for batch in stream.noack_take(
            settings.worker.store_batch, within=settings.worker.store_batch_timeout_s
        ):
            count_consumed(metrics, batch)
            outbox = Outbox(metrics)
            articles: list[Article] = []
            events: list[Event] = []
            alerts: list[Alert] = []
            for event in batch:
                model = models[event.message.topic]
                decoded = decode_model(model, event.message.value, "store")
                if isinstance(decoded, Rejected):
                    await send_deadletter(outbox, deadletter_topic, event, decoded, metrics)
                elif isinstance(decoded, Article):
                    articles.append(decoded)
                elif isinstance(decoded, Event):
                    events.append(decoded)
                else:
                    alerts.append(decoded)
            await _write_until_done(executor, write, articles, events, alerts)
            await outbox.flush()
            await ack_all(stream, batch)
            mark_processed(metrics, "store")


async def _write_until_done(
    executor: ThreadPoolExecutor,
    write: object,
    articles: list[Article],
    events: list[Event],
    alerts: list[Alert],
) -> None:
    """Write the batch; on ``StoreUnavailable`` wait and try again, forever.

    The sleep is cancellable, so a worker asked to stop while the database is down
    stops promptly, with the batch unacked.
    """
    delay = 0.5
    while True:
        try:
            await run_blocking(executor, write, articles, events, alerts)
            return
        except StoreUnavailable as exc:
            log.warning("storage unavailable (%s); retrying in %.1fs", exc, delay)
            await asyncio.sleep(delay)
            delay = min(MAX_BACKOFF_S, delay * 2)
