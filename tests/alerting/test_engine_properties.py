"""Invariants of the counter under any arrival order, duplicates and thresholds (hypothesis)."""

from __future__ import annotations

import itertools
import json
from datetime import date, timedelta

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.alerting import AlertEngine
from pipeline.ids import deterministic_id
from pipeline.models import Event
from tests.alerting.conftest import DAY0, NOW, airspace
from tests.alerting.test_engine import rule

COUNTRIES = ("TUR", "GRC", "CYP")
WIDE = timedelta(days=365)

specs = st.lists(
    st.tuples(st.integers(0, 40), st.sampled_from(COUNTRIES), st.integers(1, 3)),
    min_size=0,
    max_size=25,
)


def build(spec: list[tuple[int, str, int]]) -> list[Event]:
    return [airspace(f"ev{i}", day, target=c, reports=n) for i, (day, c, n) in enumerate(spec)]


def crossing_windows(events: list[Event], width: int, threshold: int) -> set[tuple[str, date]]:
    """Brute force: (group, anchor day) of every window anchored at a counted day that crosses."""
    out = set()
    for anchor in {(e.target.country, e.event_date) for e in events if e.target}:
        group, start = anchor
        total = sum(
            e.report_count or 1
            for e in events
            if e.target
            and e.target.country == group
            and e.event_date is not None
            and start <= e.event_date < start + timedelta(days=width)
        )
        if total >= threshold:
            out.add((group, start))
    return out


def fired_windows(
    events: list[Event], threshold: int, cooldown: str | None
) -> list[tuple[str, date]]:
    engine = AlertEngine([rule(threshold=threshold, cooldown=cooldown)], allowed_lateness=WIDE)
    alerts = [a for e in events for a in engine.observe(e, NOW) if a.status == "firing"]
    return [(a.group_key, a.window_start.date()) for a in alerts]


@settings(max_examples=150, deadline=None)
@given(spec=specs, threshold=st.integers(1, 8), data=st.data())
def test_without_cooldown_alerts_are_exactly_the_crossing_windows_in_any_order(
    spec: list[tuple[int, str, int]], threshold: int, data: st.DataObject
) -> None:
    events = build(spec)
    redelivered = data.draw(st.lists(st.sampled_from(events), max_size=10)) if events else []
    shuffled = data.draw(st.permutations(events + redelivered))
    expected = crossing_windows(events, 7, threshold)
    in_order = fired_windows(sorted(events, key=lambda e: e.event_date or DAY0), threshold, "0d")
    any_order = fired_windows(shuffled, threshold, "0d")
    assert len(any_order) == len(set(any_order)), "a window fired twice"
    assert set(any_order) == set(in_order) == expected


@settings(max_examples=150, deadline=None)
@given(spec=specs, threshold=st.integers(1, 8), data=st.data())
def test_with_cooldown_alerts_are_crossing_windows_spaced_by_the_cooldown(
    spec: list[tuple[int, str, int]], threshold: int, data: st.DataObject
) -> None:
    events = build(spec)
    shuffled = data.draw(st.permutations(events + events[:3]))
    expected = crossing_windows(events, 7, threshold)
    fired = fired_windows(shuffled, threshold, None)
    assert set(fired) <= expected, "an alert fired for a window below the threshold"
    assert {g for g, _ in fired} == {g for g, _ in expected}, "a crossing group never fired"
    for group in COUNTRIES:
        starts = sorted(d for g, d in fired if g == group)
        assert all(b - a >= timedelta(days=7) for a, b in itertools.pairwise(starts))


@settings(max_examples=100, deadline=None)
@given(spec=specs)
def test_alert_ids_depend_only_on_rule_group_and_window(spec: list[tuple[int, str, int]]) -> None:
    events = build(spec)
    runs = []
    for _ in range(2):
        engine = AlertEngine([rule()], allowed_lateness=WIDE)
        runs.append([a for e in events for a in engine.observe(e, NOW)])
    assert [a.alert_id for a in runs[0]] == [a.alert_id for a in runs[1]]
    for alert in runs[0]:
        parts = ("airspace", alert.group_key, alert.window_start, alert.window_end)
        assert alert.alert_id == deterministic_id("alert", *parts)


@settings(max_examples=100, deadline=None)
@given(spec=specs, data=st.data())
def test_snapshot_and_restore_at_any_point_changes_nothing(
    spec: list[tuple[int, str, int]], data: st.DataObject
) -> None:
    events = build(spec)
    stream = data.draw(st.permutations(events + events[:4]))
    split = data.draw(st.integers(0, len(stream)))
    lateness = timedelta(days=data.draw(st.integers(0, 20)))
    whole = AlertEngine([rule()], allowed_lateness=lateness)
    expected = [a for e in stream for a in whole.observe(e, NOW)]
    first = AlertEngine([rule()], allowed_lateness=lateness)
    got = [a for e in stream[:split] for a in first.observe(e, NOW)]
    second = AlertEngine.restore([rule()], json.loads(json.dumps(first.snapshot())))
    got += [a for e in stream[split:] for a in second.observe(e, NOW)]
    assert got == expected
    assert second.advance(NOW) == whole.advance(NOW)
