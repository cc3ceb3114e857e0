"""Where, when and how many: the bridge to the place, date and count resolvers.

The resolvers live in ``pipeline.geo``, ``pipeline.timeexpr`` and
``pipeline.quantities``. They return a value or ``None`` with a note that names its
field ("date: no date expression"); the note goes into the event's ``notes`` so an
analyst can see why a field is empty. A resolver that fails on one sentence leaves
that field null with a note: it never stops coding.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime

from spacy.tokens import Doc, Span, Token

from pipeline.coding.relevance import paragraph_of
from pipeline.doc_columns import columns
from pipeline.geo import Gazetteer, GeoContext, build_geo_context, get_gazetteer, place_for_event
from pipeline.models import Article, Location
from pipeline.quantities import (
    CountResolution,
    FatalityReading,
    event_clause,
    read_fatalities,
    reports_in_text,
    toll_of,
)
from pipeline.timeexpr import DateMatch, date_expressions, resolve_event_date

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Enrichment:
    location: Location | None
    event_date: date | None
    time_precision: int | None
    fatalities: int | None
    report_count: int | None
    notes: tuple[str, ...]
    # The place's country when the event's own sentence names the place (not a place
    # borrowed from the rest of the paragraph) and the article backs that country: the
    # country of the people found there (see ``ActorLookup.placed``).
    place_country: str | None = None
    # The date nearest the event when it is over a year before publication, as offsets
    # into the sentence's text (see ``DateResolution.long_past``).
    long_past: tuple[int, int] | None = None
    # The sentence itself gives the event's date (not the publication).
    dated_in_text: bool = False
    # The toll tied to the event is too large for one event (``CountResolution.cumulative``).
    cumulative_toll: bool = False


@dataclass(frozen=True)
class _SentenceFacts:
    """What a sentence says whichever of its events is asked about."""

    dates: tuple[DateMatch, ...] | None
    fatalities: FatalityReading
    reports: int | None
    reports_note: str | None = None


class Enricher:
    """Holds the gazetteer (loaded once per process); ``enrich`` is pure per call.

    A sentence's date expressions and counts are read once however many of its triggers
    are enriched; the memo holds one Doc at a time (it is dropped when the next Doc
    comes), so nothing is carried from one article to another.
    """

    def __init__(self, gazetteer: Gazetteer | None = None) -> None:
        self._gazetteer = gazetteer if gazetteer is not None else get_gazetteer()
        self._memo_doc: Doc | None = None
        self._memo: dict[tuple[int, date | None], _SentenceFacts] = {}
        self._texts: dict[tuple[int, int], str] = {}

    @property
    def gazetteer(self) -> Gazetteer:
        return self._gazetteer

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
        place_country = None
        try:
            # clause, then sentence, then the rest of the paragraph (its candidate sentences)
            paragraph = paragraph_of(sent)
            place = place_for_event(sent, trigger, ctx, self._gazetteer, paragraph)
            location = place.location
            if location is None and place.note:
                notes.append(place.note)
            if (
                location is not None
                and location.country is not None
                and place.mention
                and place.mention in self.sentence_text(sent)
                and not place.weak
                and _corroborated(location.country, ctx)
            ):
                place_country = location.country
        except Exception as exc:
            log.debug("place resolver failed on sentence %r", sent.text[:80], exc_info=True)
            notes.append(f"location: resolver failed ({type(exc).__name__})")

        facts = self._facts(sent, published)
        event_date, precision = None, None
        long_past = None
        if published is not None:
            try:
                when = resolve_event_date(sent, trigger, published, facts.dates)
                event_date, precision = when.event_date, when.time_precision
                long_past = when.long_past
                if when.note:
                    notes.append(when.note)
            except Exception as exc:
                log.debug("date resolver failed on sentence %r", sent.text[:80], exc_info=True)
                notes.append(f"date: resolver failed ({type(exc).__name__})")
        dated_in_text = event_date is not None
        if event_date is None and published is not None:
            # ACLED's convention when a report gives no date: the report's own date.
            event_date, precision = published.date(), 1
            notes.append("date: from publication")
        elif published is None:
            notes.append("date: article has no publication time")

        # The event's own clause gives its toll; a second figure there is most often a
        # competing estimate (ACLED: lowest). A clause telling another event ("... while
        # another three died in Y") has its own.
        toll = toll_of(facts.fatalities, sent, event_clause(sent, trigger))
        fatalities = toll.value
        if toll.note:
            notes.append(toll.note)
        if facts.reports_note:
            notes.append(facts.reports_note)
        return Enrichment(
            location,
            event_date,
            precision,
            fatalities,
            facts.reports,
            tuple(notes),
            place_country,
            long_past,
            dated_in_text,
            toll.cumulative,
        )

    def sentence_text(self, sent: Span) -> str:
        """``sent.text``, joined from its tokens once however many events quote it."""
        self._hold(sent.doc)
        text = self._texts.get((sent.start, sent.end))
        if text is None:
            text = self._texts[sent.start, sent.end] = columns(sent.doc).span_text(
                sent.start, sent.end
            )
        return text

    def _facts(self, sent: Span, published: datetime | None) -> _SentenceFacts:
        self._hold(sent.doc)
        day = published.date() if published is not None else None
        key = (sent.start, day)
        facts = self._memo.get(key)
        if facts is None:
            facts = _read_sentence(self.sentence_text(sent), day)
            self._memo[key] = facts
        return facts

    def _hold(self, doc: Doc) -> None:
        """Keep the memos of ``doc`` only (a new Doc drops the last one's)."""
        if doc is not self._memo_doc:
            self._memo_doc, self._memo, self._texts = doc, {}, {}


def _corroborated(country: str, ctx: GeoContext) -> bool:
    """Does the article back the place's country: an unambiguous place name of that
    country anywhere in it, one of its actors, or the dateline? A name the gazetteer
    matched loosely or chose among namesakes ("Ma'an": Jordan's, in a report on Hama)
    gives its place to the event, not its country to the people there."""
    return (
        country in ctx.place_countries
        or country in ctx.actor_countries
        or country == ctx.dateline_country
    )


def _read_sentence(text: str, published: date | None) -> _SentenceFacts:
    """Date expressions and counts of one sentence; a resolver that fails leaves its
    field empty with a note, never stops coding."""
    dates: tuple[DateMatch, ...] | None = None
    if published is not None:
        try:
            dates = date_expressions(text, published)
        except Exception:
            log.debug("date expressions failed on sentence %r", text[:80], exc_info=True)
    try:
        fatalities = read_fatalities(text)
    except Exception as exc:
        log.debug("fatality resolver failed on %r", text[:80], exc_info=True)
        failed = CountResolution(None, f"fatalities: resolver failed ({type(exc).__name__})")
        fatalities = FatalityReading((), failed)
    try:
        return _SentenceFacts(dates, fatalities, reports_in_text(text))
    except Exception as exc:
        log.debug("report counter failed on %r", text[:80], exc_info=True)
        note = f"report_count: resolver failed ({type(exc).__name__})"
        return _SentenceFacts(dates, fatalities, None, note)
