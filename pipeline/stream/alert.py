"""The alert agent: wire.events -> threshold rules -> wire.alerts, log, webhook, Alertmanager.

The rule engine's state (which events counted, which windows fired) is saved to a file
in the state folder after every batch and before its offsets are acked, and loaded at
start: a restarted worker neither double-counts a redelivered event nor fires a
(rule, group, window) twice. Run one alert worker per consumer group: grouping needs
every event in one place.
"""

from __future__ import annotations

import json
import logging
import os
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from pathlib import Path

import faust

from pipeline.alerting import AlertEngine, AlertRule, deliver, load_rules, prepare_metrics
from pipeline.codec import encode
from pipeline.errors import Rejected
from pipeline.metrics import Metrics
from pipeline.models import Alert, Event
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
from pipeline.stream.steps import decode_model

log = logging.getLogger(__name__)


def engine_state_path(settings: Settings) -> Path:
    return settings.state_dir / "alert-engine.json"


def load_engine(settings: Settings, rules: list[AlertRule]) -> AlertEngine:
    lateness = timedelta(days=settings.alerts.allowed_lateness_days)
    path = engine_state_path(settings)
    if path.exists():
        state = json.loads(path.read_text(encoding="utf-8"))
        log.info("alert engine state restored from %s", path)
        return AlertEngine.restore(rules, state, allowed_lateness=lateness)
    return AlertEngine(rules, allowed_lateness=lateness)


def save_engine(engine: AlertEngine, path: Path) -> None:
    """Write the snapshot atomically: a crash leaves the old file or the new one."""
    state = engine.snapshot()
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(state), encoding="utf-8")
    os.replace(tmp, path)


def attach_alert(app: faust.App, settings: Settings, metrics: Metrics) -> None:
    topics = settings.topics
    events_topic = app.topic(topics.events)
    alerts_topic = app.topic(topics.alerts)
    deadletter_topic = app.topic(topics.deadletter)
    rules = load_rules(settings.alerts.rules_file)
    engine = load_engine(settings, rules)
    prepare_metrics(rules, settings.alerts, metrics)
    state_path = engine_state_path(settings)
    executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="alert-delivery")

    async def publish(outbox: Outbox, alerts: list[Alert]) -> None:
        for alert in alerts:
            await outbox.send(alerts_topic, alert.alert_id, encode(alert))
            if alert.status == "firing":
                metrics.alerts_fired.labels(rule=alert.rule, severity=alert.severity).inc()
            else:
                metrics.alerts_resolved.labels(rule=alert.rule).inc()

    async def deliver_all(alerts: list[Alert]) -> None:
        for alert in alerts:
            await run_blocking(executor, deliver, alert, settings.alerts, metrics)

    @app.agent(events_topic, name="raise_alerts", concurrency=1)
    async def raise_alerts(stream: FaustStream) -> None:
        async for batch in stream.noack_take(
            settings.worker.store_batch, within=settings.worker.store_batch_timeout_s
        ):
            count_consumed(metrics, batch)
            outbox = Outbox(metrics)
            new_alerts: list[Alert] = []
            now = datetime.now(UTC)
            for event in batch:
                decoded = decode_model(Event, event.message.value, "alert")
                if isinstance(decoded, Rejected):
                    await send_deadletter(outbox, deadletter_topic, event, decoded, metrics)
                    continue
                new_alerts.extend(engine.observe(decoded, now))
            await publish(outbox, new_alerts)
            await outbox.flush()
            save_engine(engine, state_path)
            await ack_all(stream, batch)
            await deliver_all(new_alerts)
            mark_processed(metrics, "alert")

    @app.timer(interval=30.0)  # type: ignore[untyped-decorator]  # faust's is untyped
    async def resolve_passed_windows() -> None:
        resolved = engine.advance(datetime.now(UTC))
        if not resolved:
            return
        outbox = Outbox(metrics)
        await publish(outbox, resolved)
        await outbox.flush()
        save_engine(engine, state_path)
        await deliver_all(resolved)
