"""Place phrases with their qualifiers -> a Location with ACLED geo precision.

ACLED geo precision: 1 the town itself; 2 near a town or a part of it ("near X", "the X
countryside", "the outskirts of X", "southern X" for a town); 3 a larger region
("X province", "southern parts of X" for a province or a country, a country).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import TYPE_CHECKING

from pipeline.geo.context import GeoContext, PlaceResolution
from pipeline.geo.normalize import is_mostly_latin
from pipeline.geo.places import KIND_PRECISION, Place, PlaceKind
from pipeline.models import Location

if TYPE_CHECKING:
    from pipeline.geo.gazetteer import Gazetteer

MAX_PHRASE_CHARS = 200

_DIRECTION = (
    r"(?:north|south|east|west)(?:-?(?:east|west))?(?:ern)?|central|rural|eastern|western"
    r"|northern|southern|upper|lower|greater"
)
_EDGE = (
    rf"(?:the\s+)?(?:(?:{_DIRECTION})\s+)?"
    r"(?:edges?|outskirts|suburbs|vicinity|environs|fringes|periphery|countryside)\s+of"
)
_NEAR = (
    rf"near|nearby|outside|around|close to|next to|not far from|{_EDGE}"
    r"|(?:\d+\s*(?:km|kilometers|kilometres|miles)\s+)?(?:north|south|east|west)"
    r"(?:-?(?:east|west))?\s+of"
)
_ADMIN_TYPES = r"province|governorate|oblast|state|region|wilayah|prefecture|department|county"
_AREA_TYPES = r"countryside|outskirts|suburbs?|area|district|environs|neighbou?rhood|sector|axis"
_TOWN_TYPES = r"city|town|village|camp|refugee camp|municipality"

# The qualifier words that may precede a place name ("near the southern parts of").
LEAD = (
    rf"(?P<near>(?:{_NEAR})\s+)?(?:the\s+)?"
    rf"(?P<dir>(?:{_DIRECTION})\s+(?:parts?\s+of\s+(?:the\s+)?)?)?"
    r"(?:(?:countryside|province|city|town|village|governorate|region|district)\s+of\s+"
    r"(?:the\s+)?)?"
)
_PHRASE = re.compile(
    rf"^(?:(?:in|at|on|into|from|across|inside|within|over)\s+)?{LEAD}"
    rf"(?P<name>.+?)"
    rf"(?:'s)?(?:\s+(?P<type>{_ADMIN_TYPES}|{_AREA_TYPES}|{_TOWN_TYPES}))?$",
    re.IGNORECASE,
)
_LEAD_AT_END = re.compile(rf"(?:^|\s)({LEAD})$", re.IGNORECASE)


@lru_cache(maxsize=4096)  # every event of a sentence asks again about the same words
def qualifier_prefix(before: str) -> str:
    """The qualifier words at the end of ``before`` (the text preceding a place name)."""
    match = _LEAD_AT_END.search(before.rstrip() + " ")
    return match.group(1) if match else ""


_OF_TYPE = re.compile(r"\b(countryside|province|governorate|region|district)\s+of\b", re.I)


_POSSESSIVE = re.compile(r"\s*['’]s?$")


@dataclass(frozen=True)
class _Phrase:
    name: str
    near: bool
    direction: bool
    admin_type: bool
    area_type: bool


def parse_phrase(text: str) -> _Phrase | None:
    """Split "near southern Idlib province" into the name and its qualifiers."""
    match = _PHRASE.match(" ".join(text.split()))
    if match is None:
        return None
    type_word = (match.group("type") or "").lower()
    of_type = _OF_TYPE.search(text)
    of_word = of_type.group(1).lower() if of_type else ""
    admin = bool(re.fullmatch(_ADMIN_TYPES, type_word)) or of_word in (
        "province",
        "governorate",
        "region",
    )
    area = bool(re.fullmatch(_AREA_TYPES, type_word)) or of_word in ("countryside", "district")
    return _Phrase(
        name=match.group("name").strip(" ,.;:'\""),
        near=match.group("near") is not None,
        direction=match.group("dir") is not None,
        admin_type=admin,
        area_type=area,
    )


def to_location(place: Place, precision: int) -> Location:
    return Location(
        name=place.name[:500],
        admin1=place.admin1,
        country=place.country,
        latitude=place.latitude,
        longitude=place.longitude,
        gazetteer_id=place.gazetteer_id,
        geo_precision=precision,
    )


def resolve_location(
    gazetteer: Gazetteer, text: str, ctx: GeoContext | None = None
) -> PlaceResolution:
    """Resolve one place phrase; None with a reason when the gazetteer has no such place."""
    if not text or not text.strip():
        return PlaceResolution(None, "place: empty mention", None)
    if len(text) > MAX_PHRASE_CHARS:
        return PlaceResolution(None, "place: mention too long to be a place name", None)
    if not is_mostly_latin(text):
        return PlaceResolution(None, "place: mention not in Latin script", text)
    whole = _whole_name(gazetteer, text, ctx) or _typed_unit(gazetteer, text, ctx)
    if whole is not None:
        # Only admin1 units, named regions and countries are looked up this way.
        return PlaceResolution(to_location(whole, 3), None, text)
    town = _town_named_with_type(gazetteer, text, ctx)
    if town is not None:
        return PlaceResolution(to_location(town, 1), None, text)
    phrase = parse_phrase(text)
    if phrase is None or not phrase.name:
        return PlaceResolution(None, f"place: cannot read {text!r}", text)
    owner = _POSSESSIVE.sub("", phrase.name)
    if owner and owner != phrase.name and not gazetteer.candidates(phrase.name, fuzzy=False):
        # "Aleppo’s districts", the possessive left on the name: the name itself (a name
        # the gazetteer holds with its apostrophe, "St. John's", stays whole)
        phrase = replace(phrase, name=owner)
    place = _lookup(gazetteer, phrase, ctx)
    if place is None:
        return PlaceResolution(None, f"place: {phrase.name!r} not in gazetteer", text)
    if _far_lookalike(gazetteer, place, phrase.name, ctx):
        note = f"place: {phrase.name!r} only looks like {place.name!r} ({place.country})"
        return PlaceResolution(None, note, text)
    return PlaceResolution(to_location(place, _precision(place, phrase)), None, text)


def _far_lookalike(gazetteer: Gazetteer, place: Place, name: str, ctx: GeoContext | None) -> bool:
    """A town found only by the skeleton of its spelling, in a country the article gives
    no other sign of: when the article names countries ("the Syrian Army attacked the
    Ramousah district": not Reims), or when it names none and the spelling fits towns in
    several countries ("in Malir", a district of Karachi: Mallawi in Egypt, Melur in
    India, Meleiro in Brazil), a guess among them is no place."""
    if gazetteer.candidates(name, fuzzy=False):
        return False
    known = set()
    if ctx is not None:
        known = {ctx.dateline_country, *ctx.actor_countries, *ctx.place_countries} - {None}
    if known:
        return place.country not in known
    if place.kind != "city":
        return False  # "Byelorussia": the country, whatever village is spelt alike
    return len({p.country for p in gazetteer.candidates(name)}) > 1


_LEADING = re.compile(r"^(?:(?:in|at|on|into|from|across|inside|within|over)\s+)?(?:the\s+)?", re.I)
_TYPE_SUFFIX = re.compile(rf"\s+(?:{_ADMIN_TYPES}|{_AREA_TYPES}|{_TOWN_TYPES})$", re.I)


def _whole_name(gazetteer: Gazetteer, text: str, ctx: GeoContext | None) -> Place | None:
    """A unit or a country whose own name starts with a direction word ("North Darfur",
    "Lower Shabelle", "Rural Damascus", "South Sudan", "North Korea"), found by exact key
    before the words are read as qualifiers of a shorter name."""
    name = _TYPE_SUFFIX.sub("", _LEADING.sub("", " ".join(text.split())))
    if not re.match(rf"(?:{_DIRECTION})\s", name, re.I):
        return None
    return gazetteer.resolve_place(name, ctx, "admin1", fuzzy=False) or gazetteer.resolve_place(
        name, ctx, "country", fuzzy=False
    )


def _typed_unit(gazetteer: Gazetteer, text: str, ctx: GeoContext | None) -> Place | None:
    """A unit named with its type word, by exact key before the word is read as a
    qualifier: "Gulf Province" is Papua New Guinea's, where "the Gulf" is a sea."""
    name = _LEADING.sub("", " ".join(text.split()))
    if not re.search(rf"\s(?:{_ADMIN_TYPES})$", name, re.I):
        return None
    return gazetteer.resolve_place(name, ctx, "admin1", fuzzy=False)


def _town_named_with_type(gazetteer: Gazetteer, text: str, ctx: GeoContext | None) -> Place | None:
    """A town whose own name ends in a type word ("Cape Town", "Kuwait City", "Panama
    City"), by exact key before the word is read as a qualifier of a shorter name."""
    name = _LEADING.sub("", " ".join(text.split()))
    if not _TYPE_SUFFIX.search(name):
        return None
    return gazetteer.resolve_place(name, ctx, "city", fuzzy=False)


def _lookup(gazetteer: Gazetteer, phrase: _Phrase, ctx: GeoContext | None) -> Place | None:
    order: tuple[PlaceKind | None, ...] = ("admin1", None) if phrase.admin_type else (None,)
    for kind in order:
        place = gazetteer.resolve_place(phrase.name, ctx, kind)
        if place is not None:
            return place
    return None


def _precision(place: Place, phrase: _Phrase) -> int:
    base = KIND_PRECISION[place.kind]
    if phrase.admin_type:
        return 3
    if place.kind == "city" and (phrase.near or phrase.direction or phrase.area_type):
        return 2
    return base if place.kind != "region" else 3
