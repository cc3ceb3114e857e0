"""The storage interface the stream workers and the CLI use, whatever the backend.

A ``Store`` writes articles, events and alerts in one transaction per call, upserting on
their deterministic ids, so a redelivered batch changes nothing. Reads go through
filter objects (``EventFilter``, ``AlertFilter``, ``ArticleFilter``) that ``queries``
turns into parameterised SQL.
"""

from __future__ import annotations

import abc
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from pipeline.models import Alert, Article, Event


class StoreUnavailable(Exception):
    """The database cannot be reached (refused, gone mid-transaction, locked too long).

    The write did not happen (its transaction was rolled back); retrying the same call
    later is safe. Any other exception from a store is a bug, not an outage.
    """


@dataclass(frozen=True)
class WriteReport:
    """What one ``write_events`` call changed."""

    received: int
    new_events: int
    updated_events: int
    new_canonical: int
    merged_into_existing: int


@dataclass(frozen=True)
class EventFilter:
    """Which events to read; every field set narrows the result (AND).

    ``cameo`` of two digits matches the root code, three the base code, four the full
    code. ``actor`` matches source or target code by prefix (``RUS`` matches ``RUSMIL``).
    ``country`` is the ISO-3 country of the event location. ``place`` matches the place
    name or admin1, case-insensitively. ``canonical`` returns one row per deduplicated
    event (its first mention) instead of one row per mention.
    """

    since: date | None = None
    until: date | None = None
    country: str | None = None
    actor: str | None = None
    cameo: str | None = None
    acled_type: str | None = None
    tag: str | None = None
    place: str | None = None
    canonical: bool = False
    limit: int | None = 1000


@dataclass(frozen=True)
class AlertFilter:
    since: datetime | None = None
    until: datetime | None = None
    rule: str | None = None
    group_key: str | None = None
    status: str | None = None
    limit: int | None = 1000


@dataclass(frozen=True)
class ArticleFilter:
    since: datetime | None = None
    until: datetime | None = None
    source: str | None = None
    limit: int | None = 1000


@dataclass(frozen=True)
class StoredEvent:
    """An event as stored: the Event, its canonical (deduplicated) event and its counts.

    ``mention_count``, ``source_count`` and ``article_count`` describe the canonical
    event this row belongs to (the same for all of its mentions); ``sources`` are the
    distinct agencies that reported it; ``fatalities_lowest`` the lowest fatality
    figure any mention gave (ACLED's rule).
    """

    event: Event
    canonical_id: str | None
    mention_count: int
    source_count: int
    article_count: int
    sources: tuple[str, ...]
    stored_at: datetime
    source_url: str | None = None
    fatalities_lowest: int | None = None


@dataclass(frozen=True)
class MigrationStatus:
    applied: tuple[int, ...]
    available: tuple[int, ...]

    @property
    def current(self) -> int:
        return max(self.applied, default=0)

    @property
    def pending(self) -> tuple[int, ...]:
        return tuple(v for v in self.available if v not in self.applied)


class Store(abc.ABC):
    """One database; every write method is a single transaction, idempotent on ids."""

    backend: str

    @abc.abstractmethod
    def write_articles(self, articles: Sequence[Article]) -> None: ...

    @abc.abstractmethod
    def write_events(self, events: Sequence[Event]) -> WriteReport: ...

    @abc.abstractmethod
    def write_alerts(self, alerts: Sequence[Alert]) -> None: ...

    @abc.abstractmethod
    def known_alert_ids(self, ids: Iterable[str]) -> set[str]: ...

    @abc.abstractmethod
    def query_events(self, filters: EventFilter) -> list[StoredEvent]: ...

    @abc.abstractmethod
    def query_alerts(self, filters: AlertFilter) -> list[Alert]: ...

    @abc.abstractmethod
    def query_articles(self, filters: ArticleFilter) -> list[Article]: ...

    @abc.abstractmethod
    def migrate(self) -> MigrationStatus: ...

    @abc.abstractmethod
    def migration_status(self) -> MigrationStatus: ...

    @abc.abstractmethod
    def close(self) -> None: ...

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
