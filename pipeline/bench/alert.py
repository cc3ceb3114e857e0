"""``wirewatch bench alert``: the alert engine's throughput and event-to-alert latency.

In one process and one run, on the same generated events:

1. throughput: events/s through ``AlertEngine.observe`` with the shipped rules, against a
   baseline that only iterates the events and hashes their ids and dates (the floor of
   any per-event work in Python);
2. latency: for threshold-crossing events in an engine already holding the whole stream's
   state, the time from the event's JSON to the alert delivered to the log (decode +
   observe + deliver), against decoding the same JSON alone.

Events are generated (targets of airspace violations, air strikes in provinces, events no
rule matches), mostly in date order with some out-of-order and 10% redelivered ones.
"""

from __future__ import annotations

import hashlib
import io
import json
import logging
import random
import statistics
import time
from datetime import UTC, date, datetime, timedelta

from pipeline.bench.report import (
    BenchOptions,
    BenchResult,
    BenchRow,
    current_rss_mb,
    median_seconds,
)
from pipeline.models import Acled, Actor, Cameo, Event, Location
from pipeline.settings import Settings

_COUNTRIES = ("TUR", "GRC", "CYP", "LTU", "LVA", "EST", "POL", "FIN", "JPN", "KOR", "TWN", "UKR")
_PROVINCES = tuple(f"Province {i}" for i in range(60))
_START = date(2015, 9, 1)


def generate_events(count: int, seed: int = 20151008) -> list[Event]:
    """Deterministic events over ~90 days; ~10% are redeliveries of earlier ones."""
    rng = random.Random(seed)
    events: list[Event] = []
    for index in range(count):
        if events and rng.random() < 0.10:
            events.append(rng.choice(events))
            continue
        day = _START + timedelta(days=index * 90 // count + rng.randint(-3, 0))
        events.append(_event(rng, index, day))
    return events


def _event(rng: random.Random, index: int, day: date) -> Event:
    kind = rng.random()
    common = {
        "event_id": hashlib.sha256(f"bench-{index}".encode()).hexdigest()[:24],
        "article_id": f"bench-{index // 8}",
        "sentence_index": index % 8,
        "trigger": "bench",
        "rule": "bench",
        "extractor_version": "bench",
        "event_date": day,
        "confidence": 0.8,
    }
    if kind < 0.2:
        return Event(
            **common,
            sentence="Jets were said to have entered the airspace.",
            source=Actor(text="jets", code="RUSMIL", country="RUS"),
            target=Actor(text="the country", country=rng.choice(_COUNTRIES)),
            tags=("airspace_violation",),
            report_count=rng.choice((1, 1, 1, 2)),
        )
    if kind < 0.6:
        return Event(
            **common,
            sentence="Warplanes were said to have struck the town.",
            source=Actor(text="warplanes", code="SYRMIL", country="SYR"),
            acled=Acled(
                disorder_type="Political violence",
                event_type="Explosions/Remote violence",
                sub_event_type="Air/drone strike",
            ),
            location=Location(name="a town", admin1=rng.choice(_PROVINCES), country="SYR"),
            fatalities=rng.choice((0, 0, 1, 2, 5)),
        )
    return Event(
        **common,
        sentence="The ministers were said to have met.",
        source=Actor(text="ministers", code="FRAGOV", country="FRA"),
        cameo=Cameo(code="040", base_code="040", root_code="04", quad_class=1, goldstein=1.0),
    )


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    from pipeline.alerting import AlertEngine, deliver, load_rules
    from pipeline.metrics import Metrics

    result = BenchResult(part="alert")
    count = 20_000 if options.quick else 200_000
    repeat = 1 if options.quick else options.repeat
    events = generate_events(count)
    rules = load_rules(settings.alerts.rules_file)
    now = datetime.now(UTC)
    lateness = timedelta(days=30)

    def baseline() -> None:
        for event in events:
            hash((event.event_id, event.event_date))

    fired: list[int] = []

    def engine_pass() -> None:
        engine = AlertEngine(rules, allowed_lateness=lateness)
        alerts = 0
        for event in events:
            alerts += len(engine.observe(event, now))
        fired.append(alerts)

    base_s = median_seconds(baseline, repeat)
    rss_before = current_rss_mb()
    engine_s = median_seconds(engine_pass, repeat)
    result.add(
        BenchRow(
            name="observe events/s (shipped rules)",
            value=count / engine_s,
            unit="events/s",
            baseline_name="iterate + hash events",
            baseline_value=count / base_s,
            target=">= 10000 events/s",
        )
    )

    # Latency: a warm engine holding the whole stream, then crossings in fresh groups.
    engine = AlertEngine(rules, allowed_lateness=lateness)
    for event in events:
        engine.observe(event, now)
    metrics = Metrics()
    sink = logging.getLogger("pipeline.alerting")
    saved = (sink.handlers[:], sink.propagate, sink.level)
    sink.handlers, sink.propagate = [logging.StreamHandler(io.StringIO())], False
    sink.setLevel(logging.INFO)
    trials = 200 if options.quick else 1_000
    rng = random.Random(7)
    last_day = _START + timedelta(days=89)
    to_alert: list[float] = []
    decode_only: list[float] = []
    try:
        for trial in range(trials):
            admin1 = f"Latency {trial}"
            primer = _strike(rng, f"prime-{trial}", admin1, last_day, reports=9)
            engine.observe(primer, now)
            payload = _strike(rng, f"cross-{trial}", admin1, last_day, reports=1).model_dump_json()
            start = time.perf_counter()
            crossing = Event.model_validate_json(payload)
            alerts = engine.observe(crossing, now)
            for alert in alerts:
                deliver(alert, settings.alerts.model_copy(update={"webhook_url": None,
                                                                   "alertmanager_url": None}),
                        metrics)  # fmt: skip
            to_alert.append(time.perf_counter() - start)
            if not alerts:
                raise RuntimeError("bench: the crossing event fired no alert")
            start = time.perf_counter()
            Event.model_validate_json(payload)
            decode_only.append(time.perf_counter() - start)
    finally:
        sink.handlers, sink.propagate = saved[0], saved[1]
        sink.setLevel(saved[2])
    result.add(
        BenchRow(
            name="event JSON -> alert logged, median",
            value=statistics.median(to_alert) * 1000,
            unit="ms",
            baseline_name="decode event JSON only",
            baseline_value=statistics.median(decode_only) * 1000,
            target="< 100 ms",
        )
    )
    # The worker saves a snapshot after every batch: its cost bounds the batch rate.
    snapshot_bytes = len(json.dumps(engine.snapshot()))
    held_ids = [e.event_id for e in events]
    snapshot_s = median_seconds(lambda: json.dumps(engine.snapshot()), repeat)
    ids_s = median_seconds(lambda: json.dumps(held_ids), repeat)
    result.add(
        BenchRow(
            name="snapshot() + JSON encode of the state",
            value=snapshot_s * 1000,
            unit="ms",
            baseline_name="JSON encode of the event ids alone",
            baseline_value=ids_s * 1000,
        )
    )
    result.details = {
        "events": count,
        "distinct_events": len({e.event_id for e in events}),
        "alerts_fired_per_pass": fired[-1],
        "rules": [r.name for r in rules],
        "latency_trials": trials,
        "latency_p99_ms": sorted(to_alert)[int(0.99 * (len(to_alert) - 1))] * 1000,
        "snapshot_bytes": snapshot_bytes,
        "rss_growth_mb_during_engine_passes": round(current_rss_mb() - rss_before, 1),
    }
    return result


def _strike(rng: random.Random, name: str, admin1: str, day: date, reports: int) -> Event:
    return Event(
        event_id=hashlib.sha256(name.encode()).hexdigest()[:24],
        article_id="bench-latency",
        sentence_index=0,
        sentence="Warplanes were said to have struck the town.",
        trigger="bench",
        rule="bench",
        extractor_version="bench",
        source=Actor(text="warplanes", code="SYRMIL", country="SYR"),
        acled=Acled(
            disorder_type="Political violence",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
        ),
        location=Location(name="a town", admin1=admin1, country="SYR"),
        event_date=day,
        report_count=reports,
        fatalities=rng.choice((0, 1)),
        confidence=0.8,
    )
