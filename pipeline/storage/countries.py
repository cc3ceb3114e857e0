"""Country code table (ISO-3 -> ISO-2, FIPS 10-4, ISO numeric, name) for the exports.

The table is ``pipeline/data/country_codes.tsv`` (tab-separated, ``#`` comment lines,
then a header row); its facts come from the GeoNames countryInfo table.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from importlib import resources


@dataclass(frozen=True)
class Country:
    iso3: str
    iso2: str
    fips: str
    isonumeric: int
    name: str


@functools.cache
def country_table() -> dict[str, Country]:
    """ISO-3 code -> Country, read once from the data file."""
    text = resources.files("pipeline").joinpath("data/country_codes.tsv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    table: dict[str, Country] = {}
    for line in lines[1:]:
        iso3, iso2, fips, numeric, name = (part.strip() for part in line.split("\t"))
        table[iso3] = Country(iso3, iso2, fips, int(numeric), name)
    return table


def lookup(iso3: str | None) -> Country | None:
    if not iso3:
        return None
    return country_table().get(iso3)
