"""Where, when and how many: the bridge to the place, date and count resolvers.

The resolvers live in ``pipeline.geo``, ``pipeline.timeexpr`` and
``pipeline.quantities``. They return a value or ``None`` with a note that names its
field ("date: no date expression"); the note goes into the event's ``notes`` so an
analyst can see why a field is empty. A resolver that
fails on one sentence leaves that field null with a note: it never stops coding.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from spacy.tokens import Doc, Span, Token

from pipeline.geo import Gazetteer, GeoContext, build_geo_context, get_gazetteer, place_for_event
from pipeline.models import Article, Location
from pipeline.quantities import fatalities_for_event, report_count
from pipeline.timeexpr import resolve_event_date

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrichment:
    location: Location | None
    event_date: date | None
    time_precision: int | None
    fatalities: int | None
    report_count: int | None
    notes: tuple[str, ...]


class Enricher:
    """Holds the gazetteer (loaded once per process); ``enrich`` is pure per call."""

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer if gazetteer is not None else get_gazetteer()

    def context(
        self, article: Article, doc: Doc, actor_countries: tuple[str, ...] = ()
    ) -> GeoContext:
        """The article-level geo context: dateline, actors' countries, places seen."""
        dateline = article.dateline.place if article.dateline else None
        return build_geo_context(doc, dateline=dateline, actor_countries=actor_countries)

    def enrich(
        self, sent: Span, trigger: Token, ctx: GeoContext, published: datetime | None
    ) -> Enrichment:
        notes: list[str] = []
        location = None
        try:
            place = place_for_event(sent, trigger, ctx, self._gazetteer)
            location = place.location
            if location is None and place.note:
                notes.append(place.note)
        except Exception as exc:
            log.debug("place resolver failed on sentence %r", sent.text[:80], exc_info=True)
            notes.append(f"location: resolver failed ({type(exc).__name__})")

        event_date, precision = None, None
        if published is not None:
            try:
                when = resolve_event_date(sent, trigger, published)
                event_date, precision = when.event_date, when.time_precision
                if when.note:
                    notes.append(when.note)
            except Exception as exc:
                log.debug("date resolver failed on sentence %r", sent.text[:80], exc_info=True)
                notes.append(f"date: resolver failed ({type(exc).__name__})")
        if event_date is None and published is not None:
            # ACLED's convention when a report gives no date: the report's own date.
            event_date, precision = published.date(), 1
            notes.append("date: from publication")
        elif published is None:
            notes.append("date: article has no publication time")

        fatalities = reports = None
        try:
            count = fatalities_for_event(sent, trigger)
            fatalities = count.value
            if count.note:
                notes.append(count.note)
        except Exception as exc:
            log.debug("fatality resolver failed on %r", sent.text[:80], exc_info=True)
            notes.append(f"fatalities: resolver failed ({type(exc).__name__})")
        try:
            reports = report_count(sent, trigger)
        except Exception as exc:
            log.debug("report counter failed on %r", sent.text[:80], exc_info=True)
            notes.append(f"report_count: resolver failed ({type(exc).__name__})")
        return Enrichment(location, event_date, precision, fatalities, reports, tuple(notes))
