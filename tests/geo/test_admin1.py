"""Admin1 units from pipeline/data/geo/admin1.tsv: names, centres, seats, aliases."""

import csv
import math

import pytest

from pipeline.geo import Gazetteer
from pipeline.geo.context import GeoContext
from pipeline.geo.places import data_path


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(a))


def _rows() -> list[dict[str, str]]:
    with data_path("admin1.tsv").open(encoding="utf-8") as handle:
        lines = (line for line in handle if line.strip() and not line.startswith("#"))
        return list(csv.DictReader(lines, delimiter="\t"))


def test_every_row_names_a_known_subdivision_and_resolves_with_a_centre(
    gazetteer: Gazetteer,
) -> None:
    rows = _rows()
    assert len(rows) >= 100
    for row in rows:
        # Some names recur abroad (Plateau is also in Benin): the country decides.
        ctx = GeoContext(None, (row["country"],), ())
        place = gazetteer.resolve_place(row["name"], ctx, "admin1")
        assert place is not None, row["code"]
        assert place.gazetteer_id == f"iso3166-2:{row['code']}", row["name"]
        assert place.country == row["country"]
        assert place.latitude is not None
        assert place.longitude is not None


@pytest.mark.parametrize(
    ("phrase", "name", "country", "near"),
    [
        ("Anbar province", "Anbar", "IRQ", (33.3, 42.0)),
        ("the Salah al-Din governorate", "Salahuddin", "IRQ", (34.5, 43.6)),
        ("in Diyala", "Diyala", "IRQ", (34.0, 45.0)),
        ("Nineveh province", "Nineveh", "IRQ", (36.2, 42.7)),
        ("Helmand province", "Helmand", "AFG", (31.3, 64.1)),
        ("Lower Shabelle", "Lower Shabelle", "SOM", (1.9, 44.6)),
        ("North Darfur", "North Darfur", "SDN", (15.8, 25.0)),
        ("Borno state", "Borno", "NGA", (11.5, 13.0)),
        ("Hadramout", "Hadramawt", "YEM", (16.0, 49.0)),
        ("Zaporizhzhia region", "Zaporizhzhia", "UKR", (47.5, 35.7)),
    ],
)
def test_province_phrases_resolve_with_coordinates_and_precision_3(
    gazetteer: Gazetteer, phrase: str, name: str, country: str, near: tuple[float, float]
) -> None:
    loc = gazetteer.resolve(phrase)
    assert loc is not None
    assert (loc.name, loc.admin1, loc.country, loc.geo_precision) == (name, name, country, 3)
    assert loc.latitude is not None
    assert loc.longitude is not None
    assert _km(loc.latitude, loc.longitude, *near) < 1.0


@pytest.mark.parametrize(
    ("town", "admin1"),
    [("Ramadi", "Anbar"), ("Baqubah", "Diyala"), ("Mosul", "Nineveh"), ("Tikrit", "Salahuddin")],
)
def test_towns_report_their_province_through_the_seat(
    gazetteer: Gazetteer, town: str, admin1: str
) -> None:
    loc = gazetteer.resolve(town)
    assert loc is not None
    assert loc.admin1 == admin1


def test_a_town_phrase_in_a_named_region_is_not_split_at_the_direction_word(
    gazetteer: Gazetteer,
) -> None:
    loc = gazetteer.resolve("the West Bank town")
    assert loc is not None
    assert (loc.name, loc.country) == ("West Bank", "PSE")
    # "southern Idlib" is still a qualifier of Idlib.
    south = gazetteer.resolve("southern Idlib")
    assert south is not None
    assert (south.name, south.geo_precision) == ("Idlib", 2)


def test_a_coarse_geonames_code_shared_by_several_subdivisions_names_no_admin1(
    gazetteer: Gazetteer,
) -> None:
    # GeoNames gives every West Bank town one code; ISO 3166-2 has governorates.
    loc = gazetteer.resolve("Jenin")
    assert loc is not None
    assert loc.country == "PSE"
    assert loc.admin1 is None


def test_a_bare_province_name_beats_a_village_abroad_but_not_its_own_town(
    gazetteer: Gazetteer,
) -> None:
    anbar = gazetteer.resolve("Anbar")
    assert anbar is not None
    assert (anbar.country, anbar.geo_precision) == ("IRQ", 3)
    idlib = gazetteer.resolve("Idlib")
    assert idlib is not None
    assert idlib.geo_precision == 1
    ctx = GeoContext(dateline_country=None, actor_countries=("IRQ",), article_places=())
    assert gazetteer.resolve("Diyala", ctx) is not None
