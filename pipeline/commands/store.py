"""``wirewatch events|alerts|articles|db``: read the event store, export, migrate.

The database is ``WIREWATCH_DATABASE_URL`` when set, else the SQLite file in the state
folder. Results go to stdout; notes (skipped rows, counts) to stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Callable, Sequence
from typing import Any, TextIO

from pipeline.settings import Settings

EVENT_FORMATS = ("table", "jsonl", "csv", "gdelt", "acled")


def _day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected YYYY-MM-DD, got {text!r}") from exc


def _moment(text: str) -> dt.datetime:
    try:
        value = dt.datetime.fromisoformat(text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"expected an ISO date or time, got {text!r}") from exc
    return value if value.tzinfo else value.replace(tzinfo=dt.UTC)


def _limit(value: int) -> int | None:
    return None if value <= 0 else value


def register(subparsers: Any) -> None:
    events = subparsers.add_parser(
        "events", help="query stored events; export as table, JSONL, CSV, GDELT 2.0 or ACLED"
    )
    events.add_argument("--since", type=_day, help="event date on or after (YYYY-MM-DD)")
    events.add_argument("--until", type=_day, help="event date on or before (YYYY-MM-DD)")
    events.add_argument("--country", help="ISO-3 country of the event location, e.g. SYR")
    events.add_argument("--actor", help="CAMEO actor code or prefix (source or target)")
    events.add_argument("--cameo", help="CAMEO root (2 digits), base (3) or code (4)")
    events.add_argument("--acled-type", help="ACLED event type or sub-event type")
    events.add_argument("--tag", help="a tag, e.g. airspace_violation")
    events.add_argument("--place", help="place name or admin1 (case-insensitive)")
    events.add_argument(
        "--canonical", action="store_true", help="one row per deduplicated event (its first report)"
    )
    events.add_argument("--format", choices=EVENT_FORMATS, default="table")
    events.add_argument("--limit", type=int, default=1000, help="at most N rows (0: all)")
    events.set_defaults(func=run_events)

    alerts = subparsers.add_parser("alerts", help="list stored alerts")
    alerts.add_argument("--since", type=_moment, help="windows ending on or after")
    alerts.add_argument("--until", type=_moment, help="windows starting on or before")
    alerts.add_argument("--rule")
    alerts.add_argument("--group", help="group key, e.g. TUR")
    alerts.add_argument("--status", choices=("firing", "resolved"))
    alerts.add_argument("--format", choices=("table", "jsonl"), default="table")
    alerts.add_argument("--limit", type=int, default=1000, help="at most N rows (0: all)")
    alerts.set_defaults(func=run_alerts)

    articles = subparsers.add_parser("articles", help="list stored articles")
    articles.add_argument("--since", type=_moment, help="published on or after")
    articles.add_argument("--until", type=_moment, help="published on or before")
    articles.add_argument("--source", help="source or agency, e.g. AFP")
    articles.add_argument("--format", choices=("table", "jsonl"), default="table")
    articles.add_argument("--limit", type=int, default=1000, help="at most N rows (0: all)")
    articles.set_defaults(func=run_articles)

    db = subparsers.add_parser("db", help="database schema: migrate or show status")
    db.add_argument("action", choices=("migrate", "status"))
    db.set_defaults(func=run_db)


def _open(settings: Settings, migrate: bool = True) -> Any:
    from pipeline.storage import open_store

    return open_store(settings.effective_database_url(), migrate=migrate)


def _fail(message: str) -> int:
    print(f"wirewatch: {message}", file=sys.stderr)
    return 1


def run_events(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    from pipeline.storage import EventFilter, StoreUnavailable, exports

    out = out or sys.stdout
    filters = EventFilter(
        since=args.since, until=args.until, country=args.country, actor=args.actor,
        cameo=args.cameo, acled_type=args.acled_type, tag=args.tag, place=args.place,
        canonical=args.canonical, limit=_limit(args.limit),
    )  # fmt: skip
    try:
        with _open(settings) as store:
            rows = store.query_events(filters)
    except StoreUnavailable as exc:
        return _fail(str(exc))
    except ValueError as exc:
        print(f"wirewatch events: {exc}", file=sys.stderr)
        return 2
    skipped = 0
    if args.format == "gdelt":
        skipped = exports.write_gdelt(rows, out, canonical=args.canonical)
    elif args.format == "acled":
        skipped = exports.write_acled(rows, out, canonical=args.canonical)
    elif args.format == "csv":
        exports.write_csv(rows, out)
    elif args.format == "jsonl":
        for line in exports.jsonl_lines(rows):
            out.write(line + "\n")
    else:
        for line in exports.table_lines(rows):
            out.write(line + "\n")
    note = f"{len(rows)} event(s)"
    if skipped:
        note += (
            f", {skipped} not exported (no {'CAMEO' if args.format == 'gdelt' else 'ACLED'} code)"
        )
    print(note, file=sys.stderr)
    return 0


def run_alerts(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    from pipeline.storage import AlertFilter, StoreUnavailable

    out = out or sys.stdout
    filters = AlertFilter(
        since=args.since,
        until=args.until,
        rule=args.rule,
        group_key=args.group,
        status=args.status,
        limit=_limit(args.limit),
    )
    try:
        with _open(settings) as store:
            alerts = store.query_alerts(filters)
    except StoreUnavailable as exc:
        return _fail(str(exc))
    header = f"{'window_start':<20} {'rule':<20} {'group':<14} {'count':>5} {'sev':<8} status"
    _print_rows(out, alerts, args.format, header, _alert_line, "alert")
    return 0


def _alert_line(a: Any) -> str:
    return (
        f"{a.window_start:%Y-%m-%d %H:%M}     {a.rule:<20.20} {a.group_key:<14.14} "
        f"{a.count:>5} {a.severity:<8} {a.status}"
    )


def run_articles(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    from pipeline.storage import ArticleFilter, StoreUnavailable

    out = out or sys.stdout
    filters = ArticleFilter(
        since=args.since, until=args.until, source=args.source, limit=_limit(args.limit)
    )
    try:
        with _open(settings) as store:
            articles = store.query_articles(filters)
    except StoreUnavailable as exc:
        return _fail(str(exc))
    header = f"{'published':<17} {'source':<12} {'article_id':<32} headline"
    _print_rows(out, articles, args.format, header, _article_line, "article")
    return 0


def _article_line(a: Any) -> str:
    when = a.published_at or a.received_at
    return f"{when:%Y-%m-%d %H:%M} {a.source:<12.12} {a.article_id:<32.32} {a.headline or ''}"


def _print_rows(
    out: TextIO,
    rows: Sequence[Any],
    fmt: str,
    header: str,
    line: Callable[[Any], str],
    noun: str,
) -> None:
    """Models as JSON lines or as a table (``header`` then ``line`` of each); the count to
    stderr."""
    if fmt == "jsonl":
        out.writelines(row.model_dump_json() + "\n" for row in rows)
    else:
        out.write(header + "\n")
        out.writelines(line(row) + "\n" for row in rows)
    print(f"{len(rows)} {noun}(s)", file=sys.stderr)


def run_db(args: argparse.Namespace, settings: Settings, out: TextIO | None = None) -> int:
    from pipeline.storage import StoreUnavailable, safe_url

    out = out or sys.stdout
    url = settings.effective_database_url()
    try:
        with _open(settings, migrate=False) as store:
            status = store.migrate() if args.action == "migrate" else store.migration_status()
    except StoreUnavailable as exc:
        return _fail(str(exc))
    out.write(f"database: {safe_url(url)} ({store.backend})\n")
    out.write(
        f"schema version: {status.current} (applied: "
        f"{', '.join(map(str, status.applied)) or 'none'})\n"
    )
    out.write(f"pending: {', '.join(map(str, status.pending)) or 'none'}\n")
    return 0
