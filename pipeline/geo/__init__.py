"""Where: an offline gazetteer and the place of each event (ACLED geo precision).

The coder calls ``get_gazetteer()`` once, ``build_geo_context`` once per article and
``place_for_event`` once per event. ``Gazetteer.resolve(name, ctx)`` resolves a single
phrase ("near Maarat al-Numan", "Idlib province") to a ``models.Location``.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from pipeline.geo.context import GeoContext, PlaceResolution
from pipeline.geo.gazetteer import Gazetteer

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

__all__ = [
    "Gazetteer",
    "GeoContext",
    "PlaceResolution",
    "build_geo_context",
    "get_gazetteer",
    "place_for_event",
]


@functools.cache
def get_gazetteer(cache_dir: Path | None = None) -> Gazetteer:
    """The process-wide gazetteer: from the on-disk cache (``pipeline.geo.cache``) when
    current, else built from the sources (several seconds, once per machine)."""
    from pipeline.geo.cache import load_gazetteer

    return load_gazetteer(cache_dir)


def build_geo_context(
    doc: Doc, dateline: str | None = None, actor_countries: Iterable[str] = ()
) -> GeoContext:
    """Collect the article's evidence: the dateline's country, actors', other places'."""
    from pipeline.geo.mentions import mention_spans

    gazetteer = get_gazetteer()
    places = tuple(dict.fromkeys(span.text for span in mention_spans(doc[:], gazetteer)))[:200]
    countries: list[str] = []
    for text in places:
        # Only unambiguous names count: "Tripoli" alone must not vote for Libya.
        found = {p.country for p in gazetteer.candidates(text, fuzzy=False)}
        if len(found) == 1 and None not in found:
            countries.extend(c for c in found if c is not None)
    dateline_country = None
    if dateline:
        # "BEIRUT, Lebanon" or "BEIRUT": the last part naming a country or town decides.
        for part in reversed([p.strip() for p in dateline.split(",") if p.strip()]):
            place = gazetteer.resolve_place(part)
            if place is not None:
                dateline_country = place.country
                break
    return GeoContext(
        dateline_country=dateline_country,
        actor_countries=tuple(dict.fromkeys(c for c in actor_countries if c)),
        article_places=places,
        place_countries=tuple(dict.fromkeys(countries)),
    )


def place_for_event(
    sent: Span,
    trigger: Token,
    ctx: GeoContext,
    gazetteer: Gazetteer,
    paragraph: Span | None = None,
) -> PlaceResolution:
    """The event's place from the parse (see ``pipeline.geo.attach``); None with a note."""
    from pipeline.geo.attach import place_for_event as attach_place

    return attach_place(sent, trigger, ctx, gazetteer, paragraph)
