"""Filters -> parameterised SQL (``?`` placeholders; values only ever travel as parameters).

The SQL is the same for SQLite and PostgreSQL; the PostgreSQL backend swaps ``?`` for
``%s``. Only placeholders and fixed column names are ever put into the text.
"""

from __future__ import annotations

import re
from datetime import UTC, date, datetime

from pipeline.storage.base import AlertFilter, ArticleFilter, EventFilter

_ACTOR = re.compile(r"^[A-Z]{3,15}$")
_CAMEO = re.compile(r"^[0-9]{2,4}$")
_TAG = re.compile(r"^[a-z][a-z0-9_]{0,39}$")
_ISO3 = re.compile(r"^[A-Z]{3}$")

EVENT_SELECT = (
    "SELECT e.payload, e.canonical_id, c.mention_count, c.source_count, c.article_count,"
    " c.sources, e.stored_at, a.url, c.fatalities"
    " FROM events e"
    " {join} canonical_events c ON c.{link} = e.{link_event}"
    " LEFT JOIN articles a ON a.article_id = e.article_id"
)


def iso_time(value: datetime) -> str:
    """A timestamp as stored: UTC, ISO-8601, so text order is time order in SQLite."""
    return value.astimezone(UTC).isoformat()


def iso_day(value: date) -> str:
    return value.isoformat()


def placeholders(count: int) -> str:
    return ", ".join("?" * count)


def _assemble(
    select: str, where: list[str], params: list[object], order_by: str, limit: int | None
) -> tuple[str, list[object]]:
    """``select`` with the AND of ``where``, the ordering and the limit, and its parameters."""
    sql = select
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += f" ORDER BY {order_by}"
    if limit is not None:
        sql += " LIMIT ?"
        params = [*params, limit]
    return sql, params


def event_query(filters: EventFilter) -> tuple[str, list[object]]:
    """SELECT for ``query_events``: one row per mention, or per canonical event."""
    if filters.canonical:
        select = EVENT_SELECT.format(join="JOIN", link="first_event_id", link_event="event_id")
    else:
        select = EVENT_SELECT.format(
            join="LEFT JOIN", link="canonical_id", link_event="canonical_id"
        )
    where: list[str] = []
    params: list[object] = []
    if filters.since is not None:
        where.append("e.event_date >= ?")
        params.append(iso_day(filters.since))
    if filters.until is not None:
        where.append("e.event_date <= ?")
        params.append(iso_day(filters.until))
    if filters.country:
        country = filters.country.upper()
        if not _ISO3.match(country):
            raise ValueError(f"--country wants an ISO-3 code like SYR, not {filters.country!r}")
        where.append("e.location_country = ?")
        params.append(country)
    if filters.actor:
        actor = filters.actor.upper()
        if not _ACTOR.match(actor):
            raise ValueError(f"--actor wants a CAMEO actor code like RUSMIL, not {filters.actor!r}")
        where.append("(e.source_code LIKE ? OR e.target_code LIKE ?)")
        params += [actor + "%", actor + "%"]
    if filters.cameo:
        if not _CAMEO.match(filters.cameo):
            raise ValueError(
                f"--cameo wants 2-4 digits (root, base or code), not {filters.cameo!r}"
            )
        column = {2: "cameo_root", 3: "cameo_base", 4: "cameo_code"}[len(filters.cameo)]
        where.append(f"e.{column} = ?")
        params.append(filters.cameo)
    if filters.acled_type:
        where.append("(lower(e.acled_event_type) = ? OR lower(e.acled_sub_event_type) = ?)")
        params += [filters.acled_type.lower()] * 2
    if filters.tag:
        if not _TAG.match(filters.tag):
            raise ValueError(f"--tag wants a snake_case tag, not {filters.tag!r}")
        where.append("e.tags LIKE ?")
        params.append(f"%,{filters.tag},%")
    if filters.place:
        where.append("(lower(e.location_name) = ? OR lower(e.location_admin1) = ?)")
        params += [filters.place.lower()] * 2
    return _assemble(select, where, params, "e.event_date, e.event_id", filters.limit)


def alert_query(filters: AlertFilter) -> tuple[str, list[object]]:
    where: list[str] = []
    params: list[object] = []
    if filters.since is not None:
        where.append("window_end >= ?")
        params.append(iso_time(filters.since))
    if filters.until is not None:
        where.append("window_start <= ?")
        params.append(iso_time(filters.until))
    for column, value in (
        ("rule", filters.rule),
        ("group_key", filters.group_key),
        ("status", filters.status),
    ):
        if value:
            where.append(f"{column} = ?")
            params.append(value)
    return _assemble(
        "SELECT payload FROM alerts_by_group_window",
        where,
        params,
        "window_start, alert_id",
        filters.limit,
    )


def article_query(filters: ArticleFilter) -> tuple[str, list[object]]:
    where: list[str] = []
    params: list[object] = []
    when = "COALESCE(published_at, received_at)"
    if filters.since is not None:
        where.append(f"{when} >= ?")
        params.append(iso_time(filters.since))
    if filters.until is not None:
        where.append(f"{when} <= ?")
        params.append(iso_time(filters.until))
    if filters.source:
        where.append("(lower(source) = ? OR lower(agency) = ?)")
        params += [filters.source.lower()] * 2
    return _assemble(
        "SELECT payload FROM articles", where, params, f"{when}, article_id", filters.limit
    )
