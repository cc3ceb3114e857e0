"""SQLite backend: one file, WAL mode, a busy timeout, one writer at a time.

``BEGIN IMMEDIATE`` takes the write lock at the start of every transaction, so two
processes writing the same file serialise instead of failing half-way. A lock still
held after the busy timeout, or a file that cannot be opened, is ``StoreUnavailable``.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pipeline.metrics import Metrics
from pipeline.storage.base import StoreUnavailable
from pipeline.storage.sql_store import Row, SqlStore

_OUTAGE_MESSAGES = (
    "database is locked",
    "database is busy",
    "unable to open database",
    "disk i/o error",
    "database or disk is full",
)


def _is_outage(exc: sqlite3.Error) -> bool:
    return isinstance(exc, sqlite3.OperationalError) and any(
        msg in str(exc).lower() for msg in _OUTAGE_MESSAGES
    )


class _SqliteTx:
    def __init__(self, conn: sqlite3.Connection) -> None:
        self._conn = conn

    def execute(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        return self._conn.execute(sql, params).fetchall()

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self._conn.executemany(sql, rows)

    def insert_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        self.executemany(sql, rows)

    def script(self, sql: str) -> None:
        # executescript() would COMMIT first; run statement by statement instead so
        # a migration and its schema_migrations row commit together.
        buffer = ""
        for line in sql.splitlines(keepends=True):
            buffer += line
            if sqlite3.complete_statement(buffer):
                self._conn.execute(buffer)
                buffer = ""
        if buffer.strip() and not all(
            part.strip().startswith("--") or not part.strip() for part in buffer.splitlines()
        ):
            raise ValueError(f"incomplete SQL statement at end of migration: {buffer[:80]!r}")


class SqliteStore(SqlStore):
    backend = "sqlite"
    migration_set = "sqlite"

    def __init__(
        self, path: Path, metrics: Metrics | None = None, busy_timeout_s: float = 10.0
    ) -> None:
        super().__init__(metrics)
        self.path = path
        if str(path) != ":memory:":
            path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        try:
            # isolation_level=None: we issue BEGIN/COMMIT ourselves; timeout is the
            # busy timeout (how long to wait for another writer's lock).
            self._conn = sqlite3.connect(
                path, timeout=busy_timeout_s, isolation_level=None, check_same_thread=False
            )
            self._conn.execute("PRAGMA journal_mode=WAL")
            self._conn.execute("PRAGMA synchronous=NORMAL")
        except sqlite3.OperationalError as exc:
            raise StoreUnavailable(f"cannot open SQLite database {path}: {exc}") from exc

    @contextmanager
    def _transaction(self, lock: int | None = None) -> Iterator[_SqliteTx]:
        with self._lock:
            try:
                self._conn.execute("BEGIN IMMEDIATE" if lock is not None else "BEGIN")
            except sqlite3.Error as exc:
                if _is_outage(exc):
                    raise StoreUnavailable(f"SQLite {self.path}: {exc}") from exc
                raise
            try:
                yield _SqliteTx(self._conn)
                self._conn.execute("COMMIT")
            except BaseException as exc:
                if self._conn.in_transaction:
                    self._conn.execute("ROLLBACK")
                if isinstance(exc, sqlite3.Error) and _is_outage(exc):
                    raise StoreUnavailable(f"SQLite {self.path}: {exc}") from exc
                raise

    def _load_json(self, value: Any, model: type[Any]) -> Any:
        return model.model_validate_json(value)

    def close(self) -> None:
        with self._lock:
            self._conn.close()
