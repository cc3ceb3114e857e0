"""The store agent: wire.articles, wire.events, wire.alerts -> SQL, then commit offsets.

A batch is written in the storage's transactions and acked only afterwards. While the
database is down the agent retries with capped exponential backoff and acks nothing,
so the batch is redelivered after a crash and upserted onto the same rows.
"""

from __future__ import annotations

import functools

import faust

from pipeline.errors import Rejected
from pipeline.metrics import Metrics
from pipeline.models import Alert, Article, Event
from pipeline.settings import Settings
from pipeline.storage import Backoff, Store, write_with_retry_async
from pipeline.stream.plumbing import (
    FaustStream,
    Outbox,
    ack_all,
    count_consumed,
    mark_processed,
    send_deadletter,
)
from pipeline.stream.steps import decode_model

# Capped exponential backoff, never giving up: offsets wait for the database.
RETRY = Backoff(initial_s=0.5, factor=2.0, maximum_s=30.0)


def attach_store(app: faust.App, settings: Settings, metrics: Metrics, store: Store) -> None:
    topics = settings.topics
    source = app.topic(topics.articles, topics.events, topics.alerts)
    deadletter_topic = app.topic(topics.deadletter)
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
            # Retried while the database is down; the wait is cancellable, so a worker
            # asked to stop does so promptly, with the batch unacked.
            await write_with_retry_async(
                functools.partial(write, articles, events, alerts),
                backoff=RETRY,
                metrics=metrics,
                backend=store.backend,
                table="batch",
                rows=len(batch),
            )
            await outbox.flush()
            await ack_all(stream, batch)
            mark_processed(metrics, "store")
