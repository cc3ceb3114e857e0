"""The sink bench's generated data is what it claims to be (no timing asserted here)."""

from __future__ import annotations

from pathlib import Path

from pipeline.bench.sink import bulk_rows, write_workload
from pipeline.models import Event
from pipeline.storage import EventFilter, open_store
from pipeline.storage.sql_store import EVENT_COLUMNS


def test_bulk_rows_carry_valid_event_json_matching_their_columns() -> None:
    rows = list(bulk_rows(50))
    assert len({r[0] for r in rows}) == 50
    for row in rows:
        columns = dict(zip(EVENT_COLUMNS, row, strict=True))
        event = Event.model_validate_json(str(columns["payload"]))
        assert event.event_id == columns["event_id"]
        assert event.event_date is not None
        assert event.event_date.isoformat() == columns["event_date"]
        assert event.location is not None
        assert event.location.country == columns["location_country"]


def test_write_workload_is_three_reports_per_real_event(tmp_path: Path) -> None:
    events = write_workload(30)
    store = open_store(f"sqlite:///{tmp_path}/b.db")
    try:
        store.write_events(events)
        canonical = store.query_events(EventFilter(canonical=True))
        assert len(canonical) == 10
        assert {r.mention_count for r in canonical} == {3}
        assert {r.source_count for r in canonical} == {3}
    finally:
        store.close()
