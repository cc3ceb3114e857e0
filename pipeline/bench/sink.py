"""``wirewatch bench sink``: event store write throughput and query latency, per backend.

Figures, for SQLite and PostgreSQL over loopback:

- events/s through ``Store.write_events`` (upsert + cross-article dedup + mentions +
  canonical counts), in batches of ``Settings.worker.store_batch``, each real event
  reported three times by different agencies on adjacent days; baseline: a plain
  INSERT of the same rows (same JSON serialisation) into a table with no key or index.
- milliseconds to read one country's month of events through ``Store.query_events`` on
  a store of 1,000,000 events (100,000 with ``--quick``), loaded by a bulk path
  (executemany / COPY); baseline: the same rows read by a full table scan.

PostgreSQL: ``WIREWATCH_DATABASE_URL`` when it points at PostgreSQL (the bench creates
and drops its own databases there, so the role needs CREATEDB), else a temporary local
server when the binaries are installed; otherwise the PostgreSQL rows are missing and
``details`` says why.
"""

from __future__ import annotations

import datetime as dt
import functools
import os
import sqlite3
import statistics
import tempfile
import time
import uuid
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.bench.report import BenchOptions, BenchResult, BenchRow, median_seconds
from pipeline.ids import deterministic_id
from pipeline.models import Event
from pipeline.settings import Settings
from pipeline.storage import EventFilter, open_store
from pipeline.storage.sql_store import EVENT_COLUMNS, event_row

_COUNTRIES = (
    "SYR", "IRQ", "UKR", "RUS", "TUR", "YEM", "AFG", "PAK", "IND", "NGA", "MLI", "SOM",
    "SDN", "SSD", "COD", "CAF", "ETH", "LBY", "EGY", "ISR", "PSE", "LBN", "IRN", "SAU",
    "MMR", "PHL", "COL", "MEX", "VEN", "BRA", "NER", "BFA", "TCD", "CMR", "KEN", "MOZ",
    "AZE", "ARM", "GEO", "BDI",
)  # fmt: skip
_START = dt.date(2015, 1, 1)
_DAYS = 730
_AGENCIES = ("AFP", "Reuters", "AP", "Anadolu", "ANI", "EFE")
_QUERY_COUNTRY, _QUERY_MONTH = "SYR", (2015, 10)


def _template(country: str, n: int) -> Event:
    return Event.model_validate({
        "event_id": "0" * 24, "article_id": "bench-0", "sentence_index": n % 5,
        "sentence": f"Warplanes struck positions near the town of Placename{n} on Tuesday, "
                    "killing several fighters, a monitoring group said.",
        "trigger": "struck", "rule": "bench.airstrike", "extractor_version": "bench",
        "source": {"text": "warplanes", "code": f"{country}MIL", "country": country,
                   "sector": "MIL", "acled_inter": 1},
        "target": {"text": "rebel positions", "code": f"{country}REB", "country": country,
                   "sector": "REB", "acled_inter": 2},
        "cameo": {"code": "195", "base_code": "195", "root_code": "19", "quad_class": 4,
                  "goldstein": -10.0},
        "acled": {"disorder_type": "Political violence",
                  "event_type": "Explosions/Remote violence",
                  "sub_event_type": "Air/drone strike", "interaction": 12},
        "location": {"name": f"Placename{n}", "admin1": f"Province{n % 7}", "country": country,
                     "latitude": 30.0 + n % 10, "longitude": 40.0 + n % 10, "geo_precision": 1},
        "event_date": "2015-01-01", "time_precision": 1, "fatalities": 3, "confidence": 0.7,
        "article_source": "AFP",
    })  # fmt: skip


def write_workload(count: int) -> list[Event]:
    """``count`` events: each real event reported by three agencies on adjacent days."""
    templates = [_template(c, i) for i, c in enumerate(_COUNTRIES * 3)]
    events = []
    for i in range(count):
        real, report = divmod(i, 3)
        day = _START + dt.timedelta(days=(real * 7) % _DAYS + (report % 2))
        events.append(templates[real % len(templates)].model_copy(update={
            "event_id": deterministic_id("bench-event", i),
            "article_id": f"bench-{real}-{report}",
            "event_date": day,
            "article_source": _AGENCIES[(real + report) % len(_AGENCIES)],
        }))  # fmt: skip
    return events


def bulk_rows(count: int) -> Iterator[list[object]]:
    """Rows of the events table for the query store (a canonical event per 3 rows)."""
    templates = [_template(c, i) for i, c in enumerate(_COUNTRIES)]
    now = dt.datetime.now(dt.UTC).isoformat()
    base = [event_row(t, None, now) for t in templates]
    payloads = [str(row[EVENT_COLUMNS.index("payload")]) for row in base]
    id_at, date_at = EVENT_COLUMNS.index("event_id"), EVENT_COLUMNS.index("event_date")
    payload_at, canon_at = EVENT_COLUMNS.index("payload"), EVENT_COLUMNS.index("canonical_id")
    for i in range(count):
        k = i % len(templates)
        row = list(base[k])
        eid = f"{i:024x}"
        day = (_START + dt.timedelta(days=(i // len(templates)) % _DAYS)).isoformat()
        row[id_at], row[date_at], row[canon_at] = eid, day, f"c{i // 3:023x}"
        row[payload_at] = payloads[k].replace("0" * 24, eid, 1).replace("2015-01-01", day, 1)
        yield row


class _Backend:
    """Fresh databases on one backend: ``new_url()``, plus bulk-load and scan helpers."""

    def __init__(self, name: str, new_url: Callable[[], str], cleanup: Callable[[], None]):
        self.name, self.new_url, self.cleanup = name, new_url, cleanup


@contextmanager
def _backends(settings: Settings, details: dict[str, Any]) -> Iterator[list[_Backend]]:
    from pipeline.storage.pgserver import PostgresNotInstalled, TempPostgres

    tmp = Path(tempfile.mkdtemp(prefix="wirewatch-bench-sink-"))
    backends = [_Backend("sqlite", lambda: f"sqlite:///{tmp}/{uuid.uuid4().hex}.db", lambda: None)]
    server: TempPostgres | None = None
    configured = settings.database_url.get_secret_value() if settings.database_url else ""
    created: list[str] = []
    try:
        if configured.startswith("postgres"):
            details["postgresql"] = "WIREWATCH_DATABASE_URL (databases created and dropped)"
            backends.append(
                _Backend(
                    "postgresql",
                    lambda: _create_db(configured, created),
                    lambda: _drop_dbs(configured, created),
                )
            )
        else:
            try:
                server = TempPostgres()
                server.start()
                srv = server
                details["postgresql"] = (
                    f"temporary local server {srv.bin_dir.parent.name} on 127.0.0.1 "
                    "(fsync off, as a throwaway cluster)"
                )
                backends.append(
                    _Backend(
                        "postgresql",
                        lambda: srv.create_database(f"b_{uuid.uuid4().hex[:12]}"),
                        lambda: None,
                    )
                )
            except PostgresNotInstalled as exc:
                details["postgresql"] = f"not measured: no WIREWATCH_DATABASE_URL and {exc}"
        yield backends
    finally:
        for backend in backends:
            backend.cleanup()
        if server is not None:
            server.cleanup()
        import shutil

        shutil.rmtree(tmp, ignore_errors=True)


def _create_db(url: str, created: list[str]) -> str:
    import psycopg
    from psycopg import sql

    name = f"wirewatch_bench_{uuid.uuid4().hex[:10]}"
    with psycopg.connect(url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    created.append(name)
    return urlunsplit(urlsplit(url)._replace(path=f"/{name}"))


def _drop_dbs(url: str, created: list[str]) -> None:
    import psycopg
    from psycopg import sql

    with psycopg.connect(url, autocommit=True) as conn:
        for name in created:
            conn.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))


def _rate(count: int, seconds: list[float]) -> float:
    return count / statistics.median(seconds)


def _measure_writes(backend: _Backend, events: list[Event], batch: int, repeat: int
                    ) -> tuple[float, float, float]:  # fmt: skip
    """(store events/s, plain-insert events/s, store events per CPU-second of this process).

    The last figure says what the writer itself costs when the machine is shared (for
    SQLite it is all the work; for PostgreSQL the server's CPU is not in it).
    """
    store_s, plain_s, cpu_s = [], [], []
    for _ in range(repeat):
        store = open_store(backend.new_url())
        try:
            start, cpu = time.perf_counter(), time.process_time()
            for i in range(0, len(events), batch):
                store.write_events(events[i : i + batch])
            store_s.append(time.perf_counter() - start)
            cpu_s.append(time.process_time() - cpu)
        finally:
            store.close()
        plain_s.append(_plain_insert(backend.new_url(), events, batch))
    return _rate(len(events), store_s), _rate(len(events), plain_s), _rate(len(events), cpu_s)


def _plain_insert(url: str, events: list[Event], batch: int) -> float:
    """Seconds to INSERT the same rows into a table with no key, index or dedup."""
    cols = ", ".join(EVENT_COLUMNS)
    create = f"CREATE TABLE plain_events ({', '.join(c + ' TEXT' for c in EVENT_COLUMNS)})"
    now = dt.datetime.now(dt.UTC).isoformat()
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        conn.execute("PRAGMA journal_mode=WAL")
        conn.execute("PRAGMA synchronous=NORMAL")
        conn.execute(create)
        insert = f"INSERT INTO plain_events ({cols}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})"  # noqa: S608
        start = time.perf_counter()
        for i in range(0, len(events), batch):
            conn.execute("BEGIN")
            conn.executemany(insert, [event_row(e, None, now) for e in events[i : i + batch]])
            conn.execute("COMMIT")
        elapsed = time.perf_counter() - start
        conn.close()
        return elapsed
    import psycopg

    insert = f"INSERT INTO plain_events ({cols}) VALUES ({', '.join(['%s'] * len(EVENT_COLUMNS))})"  # noqa: S608
    with psycopg.connect(url) as pg:
        pg.execute(create)
        pg.commit()
        start = time.perf_counter()
        for i in range(0, len(events), batch):
            with pg.transaction(), pg.cursor() as cur:
                cur.executemany(insert, [event_row(e, None, now) for e in events[i : i + batch]])
        return time.perf_counter() - start


def _bulk_load(url: str, count: int) -> None:
    """Fill events and canonical_events fast (one transaction; COPY on PostgreSQL)."""
    now = dt.datetime.now(dt.UTC).isoformat()
    cols = ", ".join(EVENT_COLUMNS)
    canon_cols = "canonical_id, group_key, first_event_id, mention_count, created_at, updated_at"
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :], isolation_level=None)
        conn.execute("BEGIN")
        conn.executemany(
            f"INSERT INTO events ({cols}) VALUES ({', '.join('?' * len(EVENT_COLUMNS))})",  # noqa: S608
            bulk_rows(count),
        )
        conn.executemany(
            f"INSERT INTO canonical_events ({canon_cols}) VALUES (?, ?, ?, 3, ?, ?)",  # noqa: S608
            ((f"c{j:023x}", "g", f"{3 * j:024x}", now, now) for j in range((count + 2) // 3)),
        )
        conn.execute("COMMIT")
        conn.execute("ANALYZE")
        conn.close()
        return
    import psycopg

    with psycopg.connect(url) as pg, pg.cursor() as cur:
        with cur.copy(f"COPY events ({cols}) FROM STDIN") as copy:
            for row in bulk_rows(count):
                copy.write_row(row)
        with cur.copy(f"COPY canonical_events ({canon_cols}) FROM STDIN") as copy:
            for j in range((count + 2) // 3):
                copy.write_row((f"c{j:023x}", "g", f"{3 * j:024x}", 3, now, now))
        pg.commit()
        pg.autocommit = True
        pg.execute("ANALYZE")


def _full_scan_seconds(url: str, since: str, until: str, repeat: int) -> tuple[float, int]:
    sql = (
        "SELECT payload FROM events {hint} WHERE location_country = {p}"
        " AND event_date BETWEEN {p} AND {p}"
    )
    params = (_QUERY_COUNTRY, since, until)
    if url.startswith("sqlite:///"):
        conn = sqlite3.connect(url[len("sqlite:///") :])
        query = sql.format(hint="NOT INDEXED", p="?")
        rows = len(conn.execute(query, params).fetchall())
        seconds = median_seconds(lambda: conn.execute(query, params).fetchall(), repeat)
        conn.close()
        return seconds, rows
    import psycopg

    with psycopg.connect(url, autocommit=True) as pg:
        pg.execute("SET enable_indexscan = off")
        pg.execute("SET enable_bitmapscan = off")
        query = sql.format(hint="", p="%s")
        rows = len(pg.execute(query, params).fetchall())
        seconds = median_seconds(lambda: pg.execute(query, params).fetchall(), repeat)
        return seconds, rows


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    result = BenchResult("sink")
    write_count = 6_000 if options.quick else 60_000
    store_size = 100_000 if options.quick else 1_000_000
    batch = settings.worker.store_batch
    repeat = max(1, min(options.repeat, 3))
    events = write_workload(write_count)
    year, month = _QUERY_MONTH
    since = dt.date(year, month, 1)
    until = dt.date(year, month + 1, 1) - dt.timedelta(days=1)
    result.details.update({
        "write_events": write_count, "batch": batch, "write_repeats": repeat,
        "query_store_events": store_size, "quick": options.quick,
        "query": f"country {_QUERY_COUNTRY}, {since} .. {until}",
    })  # fmt: skip
    # Other work on the machine slows every figure alike; the load says how much.
    result.details["load_average_at_start"] = [round(x, 2) for x in os.getloadavg()]
    with _backends(settings, result.details) as backends:
        for backend in backends:
            stored, plain, per_cpu = _measure_writes(backend, events, batch, repeat)
            result.details[f"{backend.name}_write_events_per_client_cpu_s"] = round(per_cpu)
            result.add(
                BenchRow(
                    f"{backend.name} write_events (upsert+dedup)",
                    stored,
                    "events/s",
                    "plain INSERT, no key/index/dedup",
                    plain,
                    ">= 5000 events/s",
                )
            )
            url = backend.new_url()
            open_store(url).close()  # schema
            start = time.perf_counter()
            _bulk_load(url, store_size)
            result.details[f"{backend.name}_bulk_load_s"] = round(time.perf_counter() - start, 1)
            store = open_store(url)
            try:
                filters = EventFilter(country=_QUERY_COUNTRY, since=since, until=until, limit=None)
                found = len(store.query_events(filters))
                seconds = median_seconds(
                    functools.partial(store.query_events, filters), options.repeat
                )
            finally:
                store.close()
            scan, scan_rows = _full_scan_seconds(
                url, since.isoformat(), until.isoformat(), options.repeat
            )
            result.details[f"{backend.name}_query_rows"] = found
            if scan_rows != found:
                result.details[f"{backend.name}_scan_rows_mismatch"] = scan_rows
            result.add(
                BenchRow(
                    f"{backend.name} query country-month ({store_size // 1000}k store)",
                    seconds * 1000,
                    "ms",
                    "same rows, full table scan",
                    scan * 1000,
                    "< 100 ms on 1M events",
                )
            )
    result.details["load_average_at_end"] = [round(x, 2) for x in os.getloadavg()]
    return result
