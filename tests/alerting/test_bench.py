"""The alert bench runs end to end in quick mode (figures are not asserted: no timing tests)."""

from __future__ import annotations

from pipeline.bench.alert import generate_events, run
from pipeline.bench.report import BenchOptions
from pipeline.settings import Settings


def test_generated_events_are_deterministic_with_redeliveries() -> None:
    first, second = generate_events(500), generate_events(500)
    assert [e.event_id for e in first] == [e.event_id for e in second]
    assert len({e.event_id for e in first}) < len(first)


def test_quick_bench_reports_throughput_latency_and_snapshot_rows() -> None:
    result = run(Settings(), BenchOptions(quick=True, repeat=1))
    assert [row.unit for row in result.rows] == ["events/s", "ms", "ms"]
    assert all(row.baseline_value for row in result.rows)
    assert result.details["alerts_fired_per_pass"] > 0
