"""The store logic shared by SQLite and PostgreSQL: the same SQL, two small drivers.

A backend provides a transaction (``_transaction``) yielding a ``Tx`` that runs ``?``
-placeholder SQL, and translates "database unreachable" into ``StoreUnavailable``.
Everything else (upserts, deduplication, canonical counts, reads) lives here once.
"""

from __future__ import annotations

import abc
import time
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from contextlib import AbstractContextManager
from datetime import UTC, date, datetime, timedelta
from typing import Any, Protocol

from pipeline.metrics import Metrics
from pipeline.models import Alert, Article, Event
from pipeline.storage import migrations
from pipeline.storage.base import (
    AlertFilter,
    ArticleFilter,
    EventFilter,
    MigrationStatus,
    Store,
    StoredEvent,
    StoreUnavailable,
    WriteReport,
)
from pipeline.storage.dedup import DAY_TOLERANCE, Canonical, assign, canonical_id, dedup_key
from pipeline.storage.queries import (
    alert_query,
    article_query,
    event_query,
    iso_day,
    iso_time,
    placeholders,
)

Row = tuple[Any, ...]
CHUNK = 500
# Keys for the backends that need a cross-process lock (PostgreSQL advisory locks).
WRITE_LOCK = 0x57495245_01
MIGRATE_LOCK = 0x57495245_02

EVENT_COLUMNS = (
    "event_id", "article_id", "sentence_index", "event_date", "source_code",
    "source_country", "source_sector", "target_code", "target_country", "target_sector",
    "cameo_code", "cameo_base", "cameo_root", "acled_event_type", "acled_sub_event_type",
    "location_name", "location_admin1", "location_country", "tags", "article_source",
    "payload", "stored_at", "canonical_id",
)  # fmt: skip
_KEEP_ON_UPDATE = {"event_id", "stored_at", "canonical_id"}
# SQL text below is built from fixed column names and "?" placeholders only (S608 noqa).
UPSERT_EVENT = (
    f"INSERT INTO events ({', '.join(EVENT_COLUMNS)}) VALUES ({placeholders(len(EVENT_COLUMNS))})"  # noqa: S608
    " ON CONFLICT (event_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in EVENT_COLUMNS if c not in _KEEP_ON_UPDATE)
    + ", canonical_id = COALESCE(events.canonical_id, excluded.canonical_id)"
)
_CANONICAL_COUNTS = (
    "mention_count", "source_count", "article_count", "sources", "first_date", "last_date",
    "fatalities", "updated_at",
)  # fmt: skip
# Inserts a new canonical event or refreshes the counts of an existing one; its group,
# anchor, first event and creation time never change.
UPSERT_CANONICAL = (
    "INSERT INTO canonical_events (canonical_id, group_key, anchor_date, first_event_id,"  # noqa: S608
    f" created_at, {', '.join(_CANONICAL_COUNTS)}) VALUES ({placeholders(13)})"
    " ON CONFLICT (canonical_id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in _CANONICAL_COUNTS)
)
INSERT_MENTION = (
    "INSERT INTO mentions (event_id, canonical_id, article_id, agency, sentence_index,"
    " sentence, event_date, fatalities, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (event_id) DO NOTHING"
)
UPSERT_ARTICLE = (
    "INSERT INTO articles (article_id, parent_id, kind, source, agency, headline, url,"
    " published_at, received_at, payload, stored_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (article_id) DO UPDATE SET parent_id = excluded.parent_id,"
    " kind = excluded.kind, source = excluded.source, agency = excluded.agency,"
    " headline = excluded.headline, url = excluded.url, published_at = excluded.published_at,"
    " received_at = excluded.received_at, payload = excluded.payload"
)
UPSERT_ALERT = (
    "INSERT INTO alerts_by_group_window (alert_id, rule, group_key, window_start, window_end,"
    " severity, status, count, threshold, fired_at, resolved_at, payload, updated_at)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
    " ON CONFLICT (alert_id) DO UPDATE SET severity = excluded.severity,"
    " status = excluded.status, count = excluded.count, resolved_at = excluded.resolved_at,"
    " payload = excluded.payload, updated_at = excluded.updated_at"
)
UNKNOWN_AGENCY = "unknown"


class Tx(Protocol):
    """One open transaction: ``?`` placeholders, rows as tuples."""

    def execute(self, sql: str, params: Sequence[object] = ()) -> list[Row]: ...

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None: ...

    def insert_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        """Run an ``INSERT ... VALUES (?, ...) [ON CONFLICT ...]`` for every row.

        Rows must not repeat a conflict key (a multi-row upsert cannot touch a row twice).
        """

    def script(self, sql: str) -> None: ...


def chunks(items: Sequence[Any], size: int = CHUNK) -> Iterator[Sequence[Any]]:
    for start in range(0, len(items), size):
        yield items[start : start + size]


def as_date(value: object) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return date.fromisoformat(str(value))


def as_datetime(value: object) -> datetime:
    if isinstance(value, datetime):
        return value
    return datetime.fromisoformat(str(value))


def event_row(event: Event, canonical_id: str | None, now: str) -> list[object]:
    src, tgt, cam, acl, loc = event.source, event.target, event.cameo, event.acled, event.location
    return [
        event.event_id, event.article_id, event.sentence_index,
        iso_day(event.event_date) if event.event_date else None,
        src.code if src else None, src.country if src else None, src.sector if src else None,
        tgt.code if tgt else None, tgt.country if tgt else None, tgt.sector if tgt else None,
        cam.code if cam else None, cam.base_code if cam else None, cam.root_code if cam else None,
        acl.event_type if acl else None, acl.sub_event_type if acl else None,
        loc.name if loc else None, loc.admin1 if loc else None, loc.country if loc else None,
        "," + ",".join(event.tags) + ",", event.article_source,
        event.model_dump_json(), now, canonical_id,
    ]  # fmt: skip


class SqlStore(Store):
    """A ``Store`` over any backend that provides ``_transaction``."""

    backend: str
    migration_set: str

    def __init__(self, metrics: Metrics | None = None) -> None:
        self._metrics = metrics

    # -- backend hooks -------------------------------------------------------------
    @abc.abstractmethod
    def _transaction(self, lock: int | None = None) -> AbstractContextManager[Tx]:
        """Open a transaction; ``lock`` serialises writers across processes."""

    @abc.abstractmethod
    def _load_json(self, value: Any, model: type[Any]) -> Any: ...

    # -- metrics -------------------------------------------------------------------
    def _timed(self, table: str, rows: int) -> AbstractContextManager[None]:
        return _Timed(self, table, rows)

    # -- migrations ----------------------------------------------------------------
    def migrate(self, upto: int | None = None) -> MigrationStatus:
        """Apply pending migrations (up to ``upto``), then link pre-dedup events."""
        available = migrations.available(self.migration_set)
        with self._transaction(lock=MIGRATE_LOCK) as tx:
            applied = self._applied(tx)
            for mig in available:
                if mig.version in applied or (upto is not None and mig.version > upto):
                    continue
                tx.script(mig.sql)
                tx.execute(
                    "INSERT INTO schema_migrations (version, name, applied_at) VALUES (?, ?, ?)",
                    [mig.version, mig.name, iso_time(datetime.now(UTC))],
                )
                applied.add(mig.version)
        if 2 in applied:
            self._backfill_canonicals()
        return MigrationStatus(tuple(sorted(applied)), tuple(m.version for m in available))

    def migration_status(self) -> MigrationStatus:
        available = migrations.available(self.migration_set)
        with self._transaction(lock=MIGRATE_LOCK) as tx:
            applied = self._applied(tx)
        return MigrationStatus(tuple(sorted(applied)), tuple(m.version for m in available))

    @staticmethod
    def _applied(tx: Tx) -> set[int]:
        tx.execute(
            "CREATE TABLE IF NOT EXISTS schema_migrations (version INTEGER PRIMARY KEY,"
            " name TEXT NOT NULL, applied_at TEXT NOT NULL)"
        )
        return {int(r[0]) for r in tx.execute("SELECT version FROM schema_migrations")}

    def _backfill_canonicals(self) -> None:
        """Give events stored before migration 0002 their canonical event and mention."""
        while True:
            with self._transaction() as tx:
                rows = tx.execute(
                    "SELECT payload FROM events WHERE canonical_id IS NULL"
                    " ORDER BY event_id LIMIT ?",
                    [CHUNK],
                )
            if not rows:
                return
            self.write_events([self._load_json(r[0], Event) for r in rows])

    # -- writes --------------------------------------------------------------------
    def write_articles(self, articles: Sequence[Article]) -> None:
        if not articles:
            return
        now = iso_time(datetime.now(UTC))
        rows = [
            [a.article_id, a.parent_id, a.kind, a.source, a.agency, a.headline, a.url,
             iso_time(a.published_at) if a.published_at else None, iso_time(a.received_at),
             a.model_dump_json(), now]
            for a in {a.article_id: a for a in articles}.values()
        ]  # fmt: skip
        with self._timed("articles", len(rows)), self._transaction() as tx:
            tx.insert_many(UPSERT_ARTICLE, rows)

    def write_alerts(self, alerts: Sequence[Alert]) -> None:
        if not alerts:
            return
        now = iso_time(datetime.now(UTC))
        rows = [
            [a.alert_id, a.rule, a.group_key, iso_time(a.window_start), iso_time(a.window_end),
             a.severity, a.status, a.count, a.threshold, iso_time(a.fired_at),
             iso_time(a.resolved_at) if a.resolved_at else None, a.model_dump_json(), now]
            for a in {a.alert_id: a for a in alerts}.values()
        ]  # fmt: skip
        with self._timed("alerts", len(rows)), self._transaction() as tx:
            tx.insert_many(UPSERT_ALERT, rows)

    def write_events(self, events: Sequence[Event]) -> WriteReport:
        unique = {e.event_id: e for e in events}
        if not unique:
            return WriteReport(0, 0, 0, 0, 0)
        with self._timed("events", len(unique)), self._transaction(lock=WRITE_LOCK) as tx:
            return self._write_events(tx, unique, len(events))

    def _write_events(self, tx: Tx, unique: dict[str, Event], received: int) -> WriteReport:
        now = iso_time(datetime.now(UTC))
        known: dict[str, str | None] = {}
        for chunk in chunks(list(unique)):
            sql = (
                "SELECT event_id, canonical_id FROM events"  # noqa: S608
                f" WHERE event_id IN ({placeholders(len(chunk))})"
            )
            known.update((r[0], r[1]) for r in tx.execute(sql, chunk))
        to_link = [e for e in unique.values() if known.get(e.event_id) is None]
        keys = [(e.event_id, dedup_key(e)) for e in to_link]
        candidates = self._candidates(tx, [k for _, k in keys if k is not None])
        assignment = assign(keys, candidates)
        candidate_ids = {c.canonical_id for c in candidates}

        tx.insert_many(
            UPSERT_EVENT,
            [event_row(e, assignment.canonical_of.get(e.event_id), now) for e in unique.values()],
        )
        tx.insert_many(
            INSERT_MENTION,
            [[e.event_id, assignment.canonical_of[e.event_id], e.article_id,
              e.article_source or UNKNOWN_AGENCY, e.sentence_index, e.sentence,
              iso_day(e.event_date) if e.event_date else None, e.fatalities, now]
             for e in to_link],
        )  # fmt: skip
        first_event: dict[str, str] = {}
        for eid, _key in sorted(keys, key=lambda k: (k[1].day if k[1] else date.max, k[0])):
            first_event.setdefault(assignment.canonical_of[eid], eid)
        touched = {c.canonical_id: c for c in (*candidates, *assignment.created)
                   if c.canonical_id in first_event}  # fmt: skip
        self._upsert_canonicals(tx, touched, first_event, now)
        merged = sum(1 for cid in assignment.canonical_of.values() if cid in candidate_ids)
        return WriteReport(
            received=received,
            new_events=sum(1 for eid in unique if eid not in known),
            updated_events=sum(1 for eid in unique if eid in known),
            new_canonical=len(assignment.created),
            merged_into_existing=merged,
        )

    @staticmethod
    def _candidates(tx: Tx, keys: Sequence[Any]) -> list[Canonical]:
        """The stored canonical events these keys could join, by primary key.

        A canonical id is a hash of (group, anchor day), so the only candidates of a key
        are the ids for its group with an anchor within the tolerance of its day: exact
        lookups, however large the store and however many days the batch spans.
        """
        wanted = sorted({
            canonical_id(k.group, k.day + timedelta(days=shift))
            for k in keys
            for shift in range(-DAY_TOLERANCE, DAY_TOLERANCE + 1)
        })  # fmt: skip
        found: list[Canonical] = []
        for chunk in chunks(wanted):
            sql = (
                "SELECT canonical_id, group_key, anchor_date FROM canonical_events"  # noqa: S608
                f" WHERE canonical_id IN ({placeholders(len(chunk))})"
            )
            for cid, group, anchor in tx.execute(sql, chunk):
                found.append(Canonical(cid, group, as_date(anchor)))
        return found

    @staticmethod
    def _upsert_canonicals(
        tx: Tx, touched: dict[str, Canonical], first_event: dict[str, str], now: str
    ) -> None:
        """Create or recount the canonical events this batch touched, from their mentions.

        Runs after the batch's mentions are inserted, so the counts include them.
        """
        mentions: dict[str, list[Row]] = defaultdict(list)
        for chunk in chunks(sorted(touched)):
            sql = (
                "SELECT canonical_id, article_id, agency, event_date, fatalities FROM mentions"  # noqa: S608
                f" WHERE canonical_id IN ({placeholders(len(chunk))})"
            )
            for row in tx.execute(sql, chunk):
                mentions[row[0]].append(row)
        upserts = []
        for cid, canonical in sorted(touched.items()):
            rows = mentions[cid]
            agencies = sorted({r[2] or UNKNOWN_AGENCY for r in rows})
            days = [d for d in (as_date(r[3]) for r in rows) if d is not None]
            deaths = [int(r[4]) for r in rows if r[4] is not None]
            upserts.append([
                cid, canonical.group, iso_day(canonical.anchor) if canonical.anchor else None,
                first_event[cid], now,
                len(rows), len(agencies), len({r[1] for r in rows}), " | ".join(agencies),
                iso_day(min(days)) if days else None, iso_day(max(days)) if days else None,
                min(deaths) if deaths else None, now,
            ])  # fmt: skip
        tx.insert_many(UPSERT_CANONICAL, upserts)

    # -- reads ---------------------------------------------------------------------
    def known_alert_ids(self, ids: Iterable[str]) -> set[str]:
        wanted = sorted(set(ids))
        found: set[str] = set()
        with self._transaction() as tx:
            for chunk in chunks(wanted):
                sql = (
                    "SELECT alert_id FROM alerts_by_group_window"  # noqa: S608
                    f" WHERE alert_id IN ({placeholders(len(chunk))})"
                )
                found.update(r[0] for r in tx.execute(sql, chunk))
        return found

    def query_events(self, filters: EventFilter) -> list[StoredEvent]:
        sql, params = event_query(filters)
        with self._transaction() as tx:
            rows = tx.execute(sql, params)
        return [
            StoredEvent(
                event=self._load_json(payload, Event),
                canonical_id=cid,
                mention_count=int(mentions or 0),
                source_count=int(sources or 0),
                article_count=int(articles or 0),
                sources=tuple(s for s in (agencies or "").split(" | ") if s),
                stored_at=as_datetime(stored_at),
                source_url=url,
                fatalities_lowest=deaths,
            )
            for payload, cid, mentions, sources, articles, agencies, stored_at, url, deaths in rows
        ]

    def query_alerts(self, filters: AlertFilter) -> list[Alert]:
        sql, params = alert_query(filters)
        with self._transaction() as tx:
            rows = tx.execute(sql, params)
        return [self._load_json(r[0], Alert) for r in rows]

    def query_articles(self, filters: ArticleFilter) -> list[Article]:
        sql, params = article_query(filters)
        with self._transaction() as tx:
            rows = tx.execute(sql, params)
        return [self._load_json(r[0], Article) for r in rows]


class _Timed:
    """Counts one write in the sink metrics: rows ok or error, duration, up/down."""

    def __init__(self, store: SqlStore, table: str, rows: int) -> None:
        self._store, self._table, self._rows = store, table, rows
        self._start = 0.0

    def __enter__(self) -> None:
        self._start = time.perf_counter()

    def __exit__(self, exc_type: type[BaseException] | None, *rest: object) -> None:
        metrics = self._store._metrics
        if metrics is None:
            return
        backend = self._store.backend
        ok = exc_type is None
        result = "ok" if ok else "error"
        metrics.sink_writes.labels(backend=backend, table=self._table, result=result).inc(
            self._rows
        )
        if ok:
            metrics.sink_write_seconds.labels(backend=backend).observe(
                time.perf_counter() - self._start
            )
            metrics.sink_up.labels(backend=backend).set(1)
        elif exc_type is not None and issubclass(exc_type, StoreUnavailable):
            metrics.sink_up.labels(backend=backend).set(0)
