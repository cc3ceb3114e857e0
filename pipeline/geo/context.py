"""What an article tells the place resolver, and what the resolver answers."""

from __future__ import annotations

from dataclasses import dataclass

from pipeline.models import Location


@dataclass(frozen=True)
class GeoContext:
    """Evidence from the article for choosing between places of the same name.

    ``dateline_country`` is where the reporter filed from, never by itself the event's
    place; it only breaks ties ("Tripoli" filed from Beirut is more likely Lebanon's).
    ``place_countries`` are the countries of the article's other unambiguous mentions.
    """

    dateline_country: str | None
    actor_countries: tuple[str, ...]
    article_places: tuple[str, ...]
    place_countries: tuple[str, ...] = ()


@dataclass(frozen=True)
class PlaceResolution:
    """The event's place, or None with the reason in ``note``.

    ``mention`` is the surface text the place came from (for evidence and evaluation);
    ``location`` can carry a name without coordinates when the text names a place the
    gazetteer does not know (``note`` then says so).
    """

    location: Location | None
    note: str | None
    mention: str | None = None
    # The mention only modifies a thing or names a container ("a U.S. patrol", "to X"):
    # the best there was, but weak evidence of where the people involved belong.
    weak: bool = False
