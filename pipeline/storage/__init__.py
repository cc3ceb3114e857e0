"""Event store: articles, events, mentions, canonical events and alerts in SQL.

``open_store(url)`` gives a ``Store`` for ``sqlite:///path`` (the default, a file under
the state folder) or ``postgresql://...``; it applies pending migrations on open.
Writes are idempotent upserts on deterministic ids, one transaction per call; events
are deduplicated across articles into canonical events (see ``dedup``). An outage is
``StoreUnavailable``; ``write_with_retry`` waits it out.
"""

from __future__ import annotations

from pathlib import Path

from pipeline.metrics import Metrics
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
from pipeline.storage.retry import Backoff, write_with_retry, write_with_retry_async

__all__ = [
    "AlertFilter",
    "ArticleFilter",
    "Backoff",
    "EventFilter",
    "MigrationStatus",
    "Store",
    "StoreUnavailable",
    "StoredEvent",
    "WriteReport",
    "open_store",
    "safe_url",
    "write_with_retry",
    "write_with_retry_async",
]

_SQLITE_PREFIX = "sqlite:///"
_POSTGRES_PREFIXES = ("postgresql://", "postgres://", "postgresql+psycopg://")


def open_store(url: str, metrics: Metrics | None = None, *, migrate: bool = True) -> Store:
    """Open the store at ``url``; with ``migrate``, apply pending migrations (idempotent).

    ``sqlite:///relative/path.db`` and ``sqlite:////absolute/path.db`` create the parent
    folder. Raises ``StoreUnavailable`` when PostgreSQL cannot be reached.
    """
    store: Store
    if url.startswith(_SQLITE_PREFIX):
        from pipeline.storage.sqlite import SqliteStore

        store = SqliteStore(Path(url[len(_SQLITE_PREFIX) :]), metrics=metrics)
    elif url.startswith(_POSTGRES_PREFIXES):
        from pipeline.storage.postgres import PostgresStore

        _scheme, rest = url.split("://", 1)
        store = PostgresStore("postgresql://" + rest, metrics=metrics)
    else:
        raise ValueError(f"unsupported database URL scheme in {safe_url(url)!r}")
    if migrate:
        try:
            store.migrate()
        except BaseException:
            store.close()
            raise
    return store


def safe_url(url: str) -> str:
    """``url`` without its password, for logs and messages."""
    from pipeline.storage.postgres import redact_url

    return redact_url(url)
