"""PostgreSQL backend (psycopg 3): one connection, reopened after an outage.

Event writes take a transaction-scoped advisory lock, so deduplication sees every
canonical event committed before it even with several workers writing at once.
Connection failures and a server gone mid-transaction become ``StoreUnavailable``
(the transaction is rolled back by the server); the next call reconnects. The URL is
never logged or put in an error message with its password.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit, urlunsplit

from pipeline.metrics import Metrics
from pipeline.storage.base import StoreUnavailable
from pipeline.storage.sql_store import Row, SqlStore

if TYPE_CHECKING:
    import psycopg


def redact_url(url: str) -> str:
    """The URL with its password replaced by ``***`` (safe to log)."""
    parts = urlsplit(url)
    if parts.password is None:
        return url
    netloc = parts.netloc.rsplit("@", 1)
    user = (parts.username or "") + ":***"
    return urlunsplit(parts._replace(netloc=f"{user}@{netloc[-1]}"))


def _redact_message(url: str, exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    password = urlsplit(url).password
    if password:
        text = text.replace(password, "***")
    return text[:300]


class _PgTx:
    def __init__(self, cursor: psycopg.Cursor[Any]) -> None:
        self._cur = cursor

    def execute(self, sql: str, params: Sequence[object] = ()) -> list[Row]:
        self._cur.execute(sql.replace("?", "%s"), params)
        return self._cur.fetchall() if self._cur.description else []

    def executemany(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        if rows:
            self._cur.executemany(sql.replace("?", "%s"), rows)

    def insert_many(self, sql: str, rows: Sequence[Sequence[object]]) -> None:
        # executemany runs in pipeline mode; measured faster than one multi-row INSERT
        # for our rows (the server plans each huge VALUES list anew).
        self.executemany(sql, rows)

    def script(self, sql: str) -> None:
        # No parameters: psycopg sends it with the simple protocol, several statements.
        self._cur.execute(sql)


class PostgresStore(SqlStore):
    backend = "postgresql"
    migration_set = "postgres"

    def __init__(
        self, url: str, metrics: Metrics | None = None, connect_timeout_s: int = 5
    ) -> None:
        super().__init__(metrics)
        self._url = url
        self._connect_timeout_s = connect_timeout_s
        self._conn: psycopg.Connection[Any] | None = None
        self._lock = threading.Lock()

    @property
    def safe_url(self) -> str:
        return redact_url(self._url)

    def _connection(self) -> psycopg.Connection[Any]:
        import psycopg
        from psycopg.types.string import TextLoader

        if self._conn is not None and not (self._conn.closed or self._conn.broken):
            return self._conn
        self._drop()
        try:
            self._conn = psycopg.connect(
                self._url, connect_timeout=self._connect_timeout_s, autocommit=False
            )
            # JSON arrives as text and pydantic parses it once (faster than json.loads
            # followed by validating the dict).
            self._conn.adapters.register_loader("json", TextLoader)
        except psycopg.OperationalError as exc:
            raise StoreUnavailable(
                f"cannot connect to {self.safe_url}: {_redact_message(self._url, exc)}"
            ) from exc
        return self._conn

    def _drop(self) -> None:
        if self._conn is not None:
            try:
                self._conn.close()
            finally:
                self._conn = None

    @contextmanager
    def _transaction(self, lock: int | None = None) -> Iterator[_PgTx]:
        import psycopg

        with self._lock:
            conn = self._connection()
            try:
                with conn.transaction(), conn.cursor() as cur:
                    tx = _PgTx(cur)
                    if lock is not None:
                        tx.execute("SELECT pg_advisory_xact_lock(?)", [lock])
                    yield tx
            except psycopg.OperationalError as exc:
                self._drop()
                raise StoreUnavailable(
                    f"PostgreSQL {self.safe_url}: {_redact_message(self._url, exc)}"
                ) from exc

    def _load_json(self, value: Any, model: type[Any]) -> Any:
        return model.model_validate_json(value)

    def close(self) -> None:
        with self._lock:
            self._drop()
