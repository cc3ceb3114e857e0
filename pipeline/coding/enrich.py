"""Where, when and how many: the bridge to the place, date and count resolvers.

Those resolvers live in ``pipeline.geo``, ``pipeline.timeexpr`` and
``pipeline.quantities``. When one is not installed or fails on a sentence, the field
stays null (or falls back, for the date) and the event's notes say why: a missing
resolver never stops coding.
"""

from __future__ import annotations

import importlib
import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from spacy.tokens import Doc, Span, Token

from pipeline.models import Article, Location

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrichment:
    location: Location | None
    event_date: date | None
    time_precision: int | None
    fatalities: int | None
    report_count: int | None
    notes: tuple[str, ...]


def _optional(module: str, *names: str) -> tuple[Any, ...] | None:
    try:
        mod = importlib.import_module(module)
        return tuple(getattr(mod, n) for n in names)
    except (ImportError, AttributeError) as exc:
        log.info("%s not available (%s): its fields stay null", module, exc)
        return None


class Enricher:
    """Holds the resolvers found at start-up; ``enrich`` is pure per call."""

    def __init__(self) -> None:
        geo = _optional("pipeline.geo", "get_gazetteer", "build_geo_context", "place_for_event")
        self._gazetteer: Any = None
        self._build_ctx: Callable[..., Any] | None = None
        self._place: Callable[..., Any] | None = None
        if geo is not None:
            try:
                self._gazetteer = geo[0]()
                self._build_ctx, self._place = geo[1], geo[2]
            except Exception as exc:
                log.warning("gazetteer could not load (%s): locations stay null", exc)
        dates = _optional("pipeline.timeexpr", "resolve_event_date")
        self._date: Callable[..., Any] | None = dates[0] if dates else None
        counts = _optional("pipeline.quantities", "fatalities_for_event", "report_count")
        self._fatalities: Callable[..., Any] | None = counts[0] if counts else None
        self._reports: Callable[..., Any] | None = counts[1] if counts else None

    def context(self, article: Article, doc: Doc, actor_countries: tuple[str, ...] = ()) -> Any:
        """The article-level geo context (None when no resolver)."""
        if self._build_ctx is None:
            return None
        dateline = article.dateline.place if article.dateline else None
        try:
            return self._build_ctx(doc, dateline=dateline, actor_countries=actor_countries)
        except Exception as exc:
            log.debug("geo context failed: %s", exc)
            return None

    def enrich(
        self, sent: Span, trigger: Token, ctx: Any, published: datetime | None
    ) -> Enrichment:
        notes: list[str] = []
        location = None
        if self._place is not None and self._gazetteer is not None:
            try:
                res = self._place(sent, trigger, ctx, self._gazetteer)
                location = res.location
                if location is None and res.note:
                    notes.append(f"location: {res.note}")
            except Exception as exc:
                notes.append(f"location: resolver failed ({type(exc).__name__})")
        else:
            notes.append("location: no place resolver installed")
        event_date, precision = None, None
        if self._date is not None and published is not None:
            try:
                res = self._date(sent, trigger, published)
                event_date, precision = res.event_date, res.time_precision
                if res.note:
                    notes.append(f"date: {res.note}")
            except Exception as exc:
                notes.append(f"date: resolver failed ({type(exc).__name__})")
        if event_date is None and published is not None:
            # ACLED's convention when a report gives no date: the report's own date.
            event_date, precision = published.date(), 1
            notes.append("date: from publication")
        elif published is None:
            notes.append("date: article has no publication time")
        fatalities = reports = None
        if self._fatalities is not None:
            try:
                res = self._fatalities(sent, trigger)
                fatalities = res.value
                if res.note:
                    notes.append(f"fatalities: {res.note}")
            except Exception as exc:
                notes.append(f"fatalities: resolver failed ({type(exc).__name__})")
        if self._reports is not None:
            try:
                reports = self._reports(sent, trigger)
            except Exception:
                reports = None
        return Enrichment(location, event_date, precision, fatalities, reports, tuple(notes))
