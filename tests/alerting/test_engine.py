"""The windowed counter, as input events -> engine -> alerts."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta
from typing import Any

from pipeline.alerting import AlertEngine, AlertRule
from pipeline.ids import deterministic_id
from pipeline.models import Alert, Event
from tests.alerting.conftest import NOW, airspace, strike

LATE = timedelta(days=30)


def rule(**overrides: Any) -> AlertRule:
    fields: dict[str, Any] = {
        "name": "airspace",
        "label": "airspace-violation",
        "match": {"tags": ["airspace_violation"]},
        "group_by": ["target_country"],
        "window": "7d",
        "measure": "reports",
        "threshold": 3,
    }
    fields.update(overrides)
    return AlertRule.model_validate(fields)


def run(rules: list[AlertRule], events: list[Event], lateness: timedelta = LATE) -> list[Alert]:
    engine = AlertEngine(rules, allowed_lateness=lateness)
    out: list[Alert] = []
    for event in events:
        out.extend(engine.observe(event, NOW))
    return out


def firing(alerts: list[Alert]) -> list[Alert]:
    return [a for a in alerts if a.status == "firing"]


def test_seed_pattern_fires_once_with_summary_and_deterministic_id() -> None:
    weekend = airspace("weekend", date(2015, 10, 4), reports=2)
    monday = airspace("monday", date(2015, 10, 5))
    alerts = run([rule()], [weekend, monday])
    assert len(alerts) == 1
    alert = alerts[0]
    start = datetime(2015, 10, 4, tzinfo=UTC)
    end = datetime(2015, 10, 11, tzinfo=UTC)
    assert (alert.window_start, alert.window_end) == (start, end)
    assert alert.alert_id == deterministic_id("alert", "airspace", "TUR", start, end)
    assert alert.summary == (
        "Turkey: 3 airspace-violation reports in 7 days, threshold 3 (2015-10-04 to 2015-10-10)"
    )
    assert alert.event_ids == tuple(sorted([weekend.event_id, monday.event_id]))
    assert (alert.count, alert.threshold, alert.status, alert.fired_at) == (3, 3, "firing", NOW)


def test_below_threshold_never_fires() -> None:
    assert run([rule()], [airspace("a", 0, reports=2)]) == []
    assert run([rule(measure="events")], [airspace("a", 0, reports=5), airspace("b", 1)]) == []


def test_redelivered_event_counts_once() -> None:
    event = airspace("same", 0)
    engine = AlertEngine([rule()], allowed_lateness=LATE)
    for _ in range(5):
        assert engine.observe(event, NOW) == []
    assert engine.stats.duplicates == 4


def test_window_edges_are_inclusive_start_exclusive_end() -> None:
    inside = [airspace("first", 0, reports=2), airspace("last", 6)]
    outside = [airspace("first", 0, reports=2), airspace("after", 7)]
    assert len(run([rule()], inside)) == 1
    assert firing(run([rule()], outside)) == []


def test_groups_are_counted_apart() -> None:
    events = [airspace("t1", 0, reports=2), airspace("g1", 1, target="GRC")]
    assert run([rule()], events) == []
    alerts = run([rule()], [*events, airspace("g2", 2, target="GRC", reports=2)])
    assert [a.group_key for a in alerts] == ["GRC"]
    assert alerts[0].summary.startswith("Greece: 3 ")


def test_window_fires_once_and_later_events_join_its_resolution() -> None:
    engine = AlertEngine([rule()], allowed_lateness=LATE)
    assert engine.observe(airspace("a", 0, reports=3), NOW) != []
    assert engine.observe(airspace("b", 1, reports=3), NOW) == []
    resolved = engine.observe(airspace("other", 7, target="GRC"), NOW)
    assert [(a.status, a.count, a.resolved_at) for a in resolved] == [("resolved", 6, NOW)]
    assert len(resolved[0].event_ids) == 2


def test_cooldown_keeps_one_alert_per_burst_and_zero_cooldown_fires_each_window() -> None:
    spread = [airspace(f"e{d}", d) for d in (0, 3, 6, 9)]
    assert [a.window_start.day for a in firing(run([rule()], spread))] == [1]
    no_cooldown = firing(run([rule(cooldown="0d")], spread))
    assert [a.window_start.day for a in no_cooldown] == [1, 4]
    two_bursts = [airspace(f"b{d}", d) for d in (0, 1, 2, 10, 11, 12)]
    assert [a.window_start.day for a in firing(run([rule()], two_bursts))] == [1, 11]
    long_cooldown = firing(run([rule(cooldown="14d")], two_bursts))
    assert [a.window_start.day for a in long_cooldown] == [1]


def test_late_events_count_within_allowed_lateness_only() -> None:
    ahead = airspace("ahead", 40, target="GRC")
    within = [airspace(f"w{i}", 15) for i in range(3)]
    beyond = [airspace(f"b{i}", 5, target="IRQ") for i in range(3)]
    engine = AlertEngine([rule()], allowed_lateness=timedelta(days=30))
    engine.observe(ahead, NOW)
    fired = [a for e in within + beyond for a in engine.observe(e, NOW)]
    assert [a.group_key for a in fired if a.status == "firing"] == ["TUR"]
    assert engine.stats.too_late == 3


def test_event_time_passing_the_window_resolves_it() -> None:
    engine = AlertEngine([rule()], allowed_lateness=LATE)
    assert engine.observe(airspace("a", 0, reports=3), NOW)[0].status == "firing"
    assert engine.observe(airspace("x", 6, target="GRC"), NOW) == []
    later = NOW + timedelta(hours=1)
    resolved = engine.observe(airspace("y", 7, target="GRC"), later)
    assert [(a.status, a.resolved_at) for a in resolved] == [("resolved", later)]
    assert engine.advance(later) == []


def test_wall_clock_resolves_after_window_plus_lateness() -> None:
    engine = AlertEngine([rule()], allowed_lateness=timedelta(days=2))
    fired = engine.observe(airspace("a", date(2026, 1, 1), reports=3), NOW)
    assert fired[0].window_end == datetime(2026, 1, 8, tzinfo=UTC)
    assert engine.advance(datetime(2026, 1, 9, 23, 59, tzinfo=UTC)) == []
    resolved = engine.advance(datetime(2026, 1, 10, 0, 0, tzinfo=UTC))
    assert [(a.alert_id, a.status) for a in resolved] == [(fired[0].alert_id, "resolved")]


def test_negated_hypothetical_and_future_events_are_not_counted_by_default() -> None:
    flagged = [
        airspace("n", 0, reports=3, negated=True),
        airspace("h", 0, reports=3, hypothetical=True),
        airspace("f", 0, reports=3, future=True),
    ]
    assert run([rule()], flagged) == []
    lenient = rule(match={"tags": ["airspace_violation"], "include_negated": True})
    assert len(run([lenient], flagged)) == 1


def test_undated_event_counts_on_its_publication_day_or_not_at_all() -> None:
    published = datetime(2015, 10, 8, 23, 30, tzinfo=UTC)
    events = [airspace(f"p{i}", 0, event_date=None, published_at=published) for i in range(3)]
    alerts = run([rule()], events)
    assert alerts[0].window_start == datetime(2015, 10, 8, tzinfo=UTC)
    engine = AlertEngine([rule()])
    assert engine.observe(airspace("u", 0, event_date=None), NOW) == []
    assert engine.stats.undated == 1


def test_fatalities_and_admin1_groups() -> None:
    casualties = rule(
        name="casualties", label="reported",
        match={"acled_event_types": ["Explosions/Remote violence"]},
        group_by=["location_admin1"], window="24h", measure="fatalities", threshold=25,
    )  # fmt: skip
    events = [
        strike("s1", 0, fatalities=20),
        strike("s2", 1, fatalities=20),
        strike("s3", 1, fatalities=6),
        strike("s4", 1, fatalities=30, admin1="Hama"),
    ]
    alerts = run([casualties], events)
    assert [(a.group_key, a.count) for a in firing(alerts)] == [("SYR/Idlib", 26), ("SYR/Hama", 30)]
    assert firing(alerts)[0].summary == (
        "Idlib, Syria: 26 reported fatalities in 24 hours, threshold 25 (2015-10-02)"
    )


def test_snapshot_restore_mid_stream_continues_identically() -> None:
    events = [airspace(f"e{i}", (i * 5) % 23, target=("TUR", "GRC")[i % 2]) for i in range(30)]
    uninterrupted = run([rule()], events)
    engine = AlertEngine([rule()], allowed_lateness=LATE)
    before = [a for e in events[:13] for a in engine.observe(e, NOW)]
    state = json.loads(json.dumps(engine.snapshot()))
    restored = AlertEngine.restore([rule()], state)
    after = [a for e in events for a in restored.observe(e, NOW)]
    assert before + after == uninterrupted
    assert len(uninterrupted) > 2


def test_restore_drops_state_of_rules_that_are_gone() -> None:
    engine = AlertEngine([rule()], allowed_lateness=LATE)
    engine.observe(airspace("a", 0, reports=3), NOW)
    other = rule(name="other")
    restored = AlertEngine.restore([other], engine.snapshot())
    assert restored.snapshot()["groups"] == []
    assert restored.observe(airspace("b", 1, reports=3), NOW)[0].rule == "other"


def test_very_long_admin1_names_still_give_valid_distinct_alerts() -> None:
    surge = rule(
        name="surge", match={"acled_sub_event_types": ["Air/drone strike"]},
        group_by=["location_admin1"], measure="events", threshold=1,
    )  # fmt: skip
    long_a, long_b = "A" * 400 + "x", "A" * 400 + "y"
    alerts = run([surge], [strike("a", 0, admin1=long_a), strike("b", 0, admin1=long_b)])
    assert len({a.group_key for a in alerts}) == 2
    assert all(len(a.group_key) <= 200 for a in alerts)
