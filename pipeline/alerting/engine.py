"""The windowed counter: events in, alerts out, on event time, firing once per window.

Windows (see ``pipeline/data/ALERT_RULES.md``, "How counting works"):

- Time is the event's day (``event_date``, else the article's publication day), never
  the Kafka timestamp or the wall clock.
- A rule fires for a group when its measure reaches the threshold within *any* span of
  ``window`` consecutive days. The window that fires is anchored at the first counted
  event inside it: ``[anchor day, anchor day + window)``. That start and end, with the
  rule and the group, are the window's identity and give the deterministic alert id, so
  a (rule, group, window) fires at most once, across restarts too (``snapshot``).
- Two alerts of one (rule, group) are at least ``cooldown`` apart (anchor to anchor;
  default: the window), so one burst gives one alert rather than one per day it spans.
  With ``cooldown: 0d`` the set of alerts depends only on the set of events, never on
  their arrival order; with a cooldown, which window of an overlapping pair fires can
  depend on the order late events arrive in. (No scheme is sliding, one alert per burst
  and order-free at once: a late event can make an earlier window cross after an
  overlapping later one fired, and a fired alert cannot be taken back. Tumbling windows
  would be order-free but miss bursts across a boundary, e.g. a Sunday and a Monday.)
- Each event id counts once per rule and group: redelivered or replayed events add
  nothing. An event older than the latest event day seen minus ``allowed_lateness`` is
  too late and is not counted (``stats.too_late``).
- A fired window resolves when the stream's event time has passed its end (``observe``)
  or when the wall clock is past its end plus the allowed lateness (``advance``).

The engine is a plain object, not thread-safe: one per consumer of a partition set.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from pipeline.alerting.grouping import CompiledRule, CountryNames, event_day
from pipeline.alerting.rules import AlertRule
from pipeline.ids import deterministic_id
from pipeline.models import Alert, Event

SNAPSHOT_FORMAT = 1
SUMMARY_LIMIT = 1_000  # Alert.summary's bound
_MEASURE_NOUNS = {
    "events": ("event", "events"),
    "reports": ("report", "reports"),
    "fatalities": ("fatality", "fatalities"),
}


@dataclass
class EngineStats:
    """Counters of what the engine did not count, for the worker's logs and metrics."""

    observed: int = 0
    undated: int = 0
    too_late: int = 0
    duplicates: int = 0


@dataclass
class _Fired:
    """A window that fired. Its events and measure are not copied here: they are the
    group's days inside the window, which stay in memory until the window resolves."""

    anchor: int
    end: int
    alert: Alert | None  # None once resolved and restored: only the window is kept
    resolved: bool = False
    # The alert as JSON without its event ids, built once: the worker snapshots often.
    dumped: dict[str, Any] | None = None

    def snapshot(self) -> dict[str, Any]:
        if self.resolved:
            # Kept only so the window never fires again and for the cooldown.
            return {"anchor": self.anchor, "end": self.end, "resolved": True}
        if self.dumped is None:
            assert self.alert is not None
            self.dumped = self.alert.model_dump(mode="json", exclude={"event_ids"})
        return {"anchor": self.anchor, "end": self.end, "resolved": False, "alert": self.dumped}


@dataclass
class _Group:
    """Counted events of one (rule, group), by day, and the windows that fired."""

    events: set[str] = field(default_factory=set)
    day_totals: dict[int, int] = field(default_factory=dict)
    day_events: dict[int, list[str]] = field(default_factory=dict)
    fired: dict[int, _Fired] = field(default_factory=dict)

    def add(self, event_id: str, day: int, value: int) -> None:
        self.events.add(event_id)
        self.day_totals[day] = self.day_totals.get(day, 0) + value
        self.day_events.setdefault(day, []).append(event_id)

    def window(self, start: int, end: int) -> tuple[int, list[str]]:
        """The measure and the event ids of the days in ``[start, end)``."""
        total = sum(self.day_totals.get(d, 0) for d in range(start, end))
        return total, [e for d in range(start, end) for e in self.day_events.get(d, ())]

    def forget_before(self, day: int) -> None:
        for old in [d for d in self.day_totals if d < day]:
            del self.day_totals[old]
            self.events.difference_update(self.day_events.pop(old))


def _day_start(day: int) -> datetime:
    return datetime.combine(date.fromordinal(day), time(), UTC)


def _whole_days(span: timedelta) -> int:
    if span < timedelta(0):
        raise ValueError("allowed_lateness must not be negative")
    return math.ceil(span.total_seconds() / 86_400)


class AlertEngine:
    """Counts events per rule, group and window; returns alerts as thresholds are crossed."""

    def __init__(
        self, rules: Sequence[AlertRule], allowed_lateness: timedelta = timedelta(days=30)
    ) -> None:
        self._rules = [CompiledRule.build(rule) for rule in rules]
        self._by_name = {c.rule.name: c for c in self._rules}
        self._lateness = _whole_days(allowed_lateness)
        self._groups: dict[tuple[str, str], _Group] = {}
        # Unresolved windows by end day: (end day, rule, group, anchor).
        self._open: list[tuple[int, str, str, int]] = []
        self._watermark: int | None = None
        self._names = CountryNames()
        self.stats = EngineStats()

    @property
    def rules(self) -> list[AlertRule]:
        return [c.rule for c in self._rules]

    @property
    def watermark(self) -> date | None:
        """The latest event day seen: event time as far as this engine knows."""
        return None if self._watermark is None else date.fromordinal(self._watermark)

    def observe(self, event: Event, now: datetime) -> list[Alert]:
        """Count ``event``; return alerts it fires and windows its event time closes.

        ``now`` (wall clock) only stamps ``fired_at``/``resolved_at``; it never decides
        what counts.
        """
        self.stats.observed += 1
        when = event_day(event)
        if when is None:
            self.stats.undated += 1
            return []
        day = when.toordinal()
        if self._watermark is not None and day < self._watermark - self._lateness:
            self.stats.too_late += 1
            return []
        out: list[Alert] = []
        duplicate = False
        for compiled in self._rules:
            if not compiled.matches(event):
                continue
            key = compiled.group_key(event)
            value = compiled.value(event)
            if key is None or value <= 0:
                continue
            gkey = (compiled.rule.name, key)
            group = self._groups.get(gkey)
            if group is None:
                group = self._groups[gkey] = _Group()
            elif event.event_id in group.events:
                duplicate = True
                continue
            group.add(event.event_id, day, value)
            out.extend(self._evaluate(compiled, key, group, day, now))
        self.stats.duplicates += duplicate
        if self._watermark is None or day > self._watermark:
            self._watermark = day
            out.extend(self._resolve_until(day, now))
            self._collect(day)
        return out

    def advance(self, now: datetime) -> list[Alert]:
        """Resolve windows whose end plus the allowed lateness is past on the wall clock."""
        today = now.astimezone(UTC).date().toordinal()
        out = self._resolve_until(today - self._lateness, now)
        if self._watermark is not None:
            self._collect(self._watermark)
        return out

    def _evaluate(
        self,
        compiled: CompiledRule,
        key: str,
        group: _Group,
        day: int,
        now: datetime,
    ) -> list[Alert]:
        """Check every window that contains ``day`` and is anchored at a counted day."""
        width = compiled.window_days
        low = day - width + 1
        # Running totals over [low, day + width): each window [a, a + width) is a slice.
        totals = group.day_totals
        prefix = [0]
        for d in range(low, day + width):
            prefix.append(prefix[-1] + totals.get(d, 0))
        fired: list[Alert] = []
        for anchor in range(low, day + 1):
            if anchor not in totals:
                continue
            if anchor in group.fired:
                continue
            total = prefix[anchor - low + width] - prefix[anchor - low]
            if total < compiled.rule.threshold or self._cooling(group, anchor, compiled):
                continue
            fired.append(self._fire(compiled, key, group, anchor, total, now))
        return fired

    @staticmethod
    def _cooling(group: _Group, anchor: int, compiled: CompiledRule) -> bool:
        cooldown = compiled.cooldown_days
        if cooldown == 0 or not group.fired:
            return False
        if len(group.fired) < 2 * cooldown:
            return any(abs(anchor - other) < cooldown for other in group.fired)
        return any(d in group.fired for d in range(anchor - cooldown + 1, anchor + cooldown))

    def _fire(
        self,
        compiled: CompiledRule,
        key: str,
        group: _Group,
        anchor: int,
        total: int,
        now: datetime,
    ) -> Alert:
        rule = compiled.rule
        end = anchor + compiled.window_days
        _total, event_ids = group.window(anchor, end)
        start_at, end_at = _day_start(anchor), _day_start(end)
        alert = Alert(
            alert_id=deterministic_id("alert", rule.name, key, start_at, end_at),
            rule=rule.name,
            group_key=key,
            group_by=rule.group_by,
            window_start=start_at,
            window_end=end_at,
            measure=rule.measure,
            count=total,
            threshold=rule.threshold,
            event_ids=tuple(sorted(event_ids)),
            severity=rule.severity,
            status="firing",
            summary=self._summary(compiled, key, total, anchor),
            fired_at=now,
        )
        group.fired[anchor] = _Fired(anchor=anchor, end=end, alert=alert)
        heapq.heappush(self._open, (end, rule.name, key, anchor))
        return alert

    def _summary(self, compiled: CompiledRule, key: str, count: int, anchor: int) -> str:
        """'Turkey: 3 airspace-violation reports in 7 days, threshold 3 (2015-10-04 to ...)'."""
        rule = compiled.rule
        singular, plural = _MEASURE_NOUNS[rule.measure]
        noun = singular if count == 1 else plural
        what = f"{rule.label} {noun}" if rule.label else noun
        first = date.fromordinal(anchor)
        last = date.fromordinal(anchor + compiled.window_days - 1)
        days = f"{first}" if first == last else f"{first} to {last}"
        text = (
            f"{self._names.group_label(rule, key)}: {count} {what} in "
            f"{rule.window_span.describe()}, threshold {rule.threshold} ({days})"
        )
        return text[:SUMMARY_LIMIT]

    def _resolve_until(self, last_end: int, now: datetime) -> list[Alert]:
        """Resolve every open window whose end day is at or before ``last_end``."""
        out = []
        while self._open and self._open[0][0] <= last_end:
            _end, rule_name, key, anchor = heapq.heappop(self._open)
            group = self._groups.get((rule_name, key))
            record = None if group is None else group.fired.get(anchor)
            compiled = self._by_name.get(rule_name)
            if record is None or record.resolved or record.alert is None or compiled is None:
                continue
            assert group is not None
            record.resolved = True
            # Late events that joined after the alert fired are in the resolution.
            count, event_ids = group.window(record.anchor, record.end)
            out.append(
                record.alert.model_copy(
                    update={
                        "status": "resolved",
                        "resolved_at": now,
                        "count": count,
                        "event_ids": tuple(sorted(event_ids)),
                        "summary": self._summary(compiled, key, count, anchor),
                    }
                )
            )
        return out

    def _collect(self, watermark: int) -> None:
        """Forget what no acceptable late event can reach any more (bounded memory)."""
        horizon = watermark - self._lateness
        for gkey in list(self._groups):
            compiled = self._by_name.get(gkey[0])
            group = self._groups[gkey]
            if compiled is None:
                del self._groups[gkey]
                continue
            width, cooldown = compiled.window_days, compiled.cooldown_days
            # A late event on day >= horizon reads days >= horizon - width + 1.
            group.forget_before(horizon - width + 1)
            keep_from = horizon - width - cooldown + 1
            for anchor in [a for a, r in group.fired.items() if a < keep_from and r.resolved]:
                del group.fired[anchor]
            if not group.events and not group.fired:
                del self._groups[gkey]

    def snapshot(self) -> dict[str, Any]:
        """The whole state as JSON-ready data; ``restore`` continues exactly from it."""
        groups = []
        for (rule_name, key), group in self._groups.items():
            groups.append(
                {
                    "rule": rule_name,
                    "group": key,
                    # Ids joined per day: one string encodes far faster than a list.
                    "days": [
                        [d, total, " ".join(group.day_events[d])]
                        for d, total in group.day_totals.items()
                    ],
                    "fired": [r.snapshot() for r in group.fired.values()],
                }
            )
        return {
            "format": SNAPSHOT_FORMAT,
            "watermark": self._watermark,
            "allowed_lateness_days": self._lateness,
            "stats": vars(self.stats).copy(),
            "groups": groups,
        }

    @classmethod
    def restore(
        cls,
        rules: Sequence[AlertRule],
        state: dict[str, Any],
        allowed_lateness: timedelta | None = None,
    ) -> AlertEngine:
        """An engine with ``state`` from ``snapshot``; state of rules no longer given is dropped.

        The allowed lateness is the snapshot's unless given.
        """
        if state.get("format") != SNAPSHOT_FORMAT:
            raise ValueError(f"unknown alert engine snapshot format {state.get('format')!r}")
        lateness = allowed_lateness or timedelta(days=int(state["allowed_lateness_days"]))
        engine = cls(rules, allowed_lateness=lateness)
        engine._watermark = state["watermark"]
        engine.stats = EngineStats(**state.get("stats", {}))
        for item in state["groups"]:
            if item["rule"] not in engine._by_name:
                continue
            group = _Group()
            for day, total, joined in item["days"]:
                ids = joined.split()
                group.day_totals[day] = total
                group.day_events[day] = ids
                group.events.update(ids)
            for fired in item["fired"]:
                anchor, end = fired["anchor"], fired["end"]
                if fired["resolved"]:
                    group.fired[anchor] = _Fired(anchor, end, None, resolved=True)
                    continue
                _total, event_ids = group.window(anchor, end)
                alert = Alert.model_validate(fired["alert"] | {"event_ids": sorted(event_ids)})
                group.fired[anchor] = _Fired(anchor, end, alert, dumped=fired["alert"])
                engine._open.append((end, item["rule"], item["group"], anchor))
            engine._groups[(item["rule"], item["group"])] = group
        heapq.heapify(engine._open)
        return engine
