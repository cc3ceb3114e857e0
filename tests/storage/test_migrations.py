"""Migrations: from an empty database, and from the previous version with data in it."""

from __future__ import annotations

import pytest

from pipeline.storage import EventFilter, open_store
from pipeline.storage.migrations import available
from pipeline.storage.sql_store import SqlStore, event_row

from .builders import AFP_STRIKE, REUTERS_STRIKE, event

# The events columns of migration 0001 (before canonical_id existed).
_V1_COLUMNS = 22


def test_both_backends_ship_the_same_versions() -> None:
    sqlite = [(m.version, m.name) for m in available("sqlite")]
    postgres = [(m.version, m.name) for m in available("postgres")]
    assert sqlite == postgres
    assert [v for v, _ in sqlite] == list(range(1, len(sqlite) + 1))
    assert len(sqlite) >= 2


def test_migrate_from_empty_applies_every_version(store_url: str) -> None:
    store = open_store(store_url, migrate=False)
    try:
        assert isinstance(store, SqlStore)
        assert store.migration_status().applied == ()
        status = store.migrate()
        assert status.applied == status.available
        assert store.migrate().applied == status.applied  # idempotent
        store.write_events([event(AFP_STRIKE)])
        assert len(store.query_events(EventFilter(canonical=True))) == 1
    finally:
        store.close()


def test_migrate_from_previous_version_keeps_and_links_old_events(store_url: str) -> None:
    old = open_store(store_url, migrate=False)
    assert isinstance(old, SqlStore)
    try:
        assert old.migrate(upto=1).applied == (1,)
        afp, reuters = event(AFP_STRIKE), event(REUTERS_STRIKE)
        columns = (
            "event_id, article_id, sentence_index, event_date, source_code, "
            "source_country, source_sector, target_code, target_country, target_sector, "
            "cameo_code, cameo_base, cameo_root, acled_event_type, acled_sub_event_type, "
            "location_name, location_admin1, location_country, tags, article_source, "
            "payload, stored_at"
        )
        with old._transaction() as tx:
            for ev in (afp, reuters):
                row = event_row(ev, None, "2015-10-08T10:00:00+00:00")[:_V1_COLUMNS]
                tx.execute(
                    f"INSERT INTO events ({columns}) VALUES ({', '.join('?' * _V1_COLUMNS)})", row
                )
        with pytest.raises(Exception, match="canonical_id"), old._transaction() as tx:
            tx.execute("SELECT canonical_id FROM events")
    finally:
        old.close()

    upgraded = open_store(store_url)
    try:
        status = upgraded.migration_status()
        assert status.applied == status.available
        assert status.current == max(status.available)
        rows = upgraded.query_events(EventFilter())
        assert {r.event.event_id for r in rows} == {afp.event_id, reuters.event_id}
        assert len({r.canonical_id for r in rows}) == 1
        assert all(r.canonical_id and r.mention_count == 2 for r in rows)
        assert all(r.sources == ("AFP", "Reuters") for r in rows)
    finally:
        upgraded.close()


def _has_index(store: SqlStore, name: str) -> bool:
    with store._transaction() as tx:
        if store.backend == "sqlite":
            rows = tx.execute(
                "SELECT name FROM sqlite_master WHERE type = 'index' AND name = ?", [name]
            )
        else:
            rows = tx.execute("SELECT indexname FROM pg_indexes WHERE indexname = ?", [name])
    return bool(rows)


def test_migrate_from_version_2_keeps_events_and_drops_the_unused_index(store_url: str) -> None:
    old = open_store(store_url, migrate=False)
    assert isinstance(old, SqlStore)
    try:
        assert old.migrate(upto=2).applied == (1, 2)
        assert _has_index(old, "canonical_group_anchor_idx")
        old.write_events([event(AFP_STRIKE), event(REUTERS_STRIKE)])
    finally:
        old.close()
    upgraded = open_store(store_url)
    assert isinstance(upgraded, SqlStore)
    try:
        assert upgraded.migration_status().current == 3
        assert not _has_index(upgraded, "canonical_group_anchor_idx")
        rows = upgraded.query_events(EventFilter())
        assert len(rows) == 2
        assert {r.mention_count for r in rows} == {2}
        upgraded.write_events([event(AFP_STRIKE, article_id="afp-late")])
        assert upgraded.query_events(EventFilter())[0].mention_count == 3
    finally:
        upgraded.close()
