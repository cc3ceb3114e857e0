"""Exports parsed back: GDELT 2.0 (61 tab-separated columns) and ACLED-style CSV."""

from __future__ import annotations

import csv
import io
import json

from pipeline.storage import EventFilter, Store
from pipeline.storage.exports import (
    ACLED_COLUMNS,
    CSV_COLUMNS,
    GDELT_COLUMNS,
    global_event_id,
    jsonl_lines,
    table_lines,
    write_acled,
    write_csv,
    write_gdelt,
)

from .builders import AFP_STRIKE, REUTERS_STRIKE, article, event

# The GDELT 2.0 event codebook order (GDELT-Event_Codebook-V2.0), written out here so a
# change to the exporter's list is caught.
CODEBOOK = [
    "GLOBALEVENTID",
    "SQLDATE",
    "MonthYear",
    "Year",
    "FractionDate",
    "Actor1Code",
    "Actor1Name",
    "Actor1CountryCode",
    "Actor1KnownGroupCode",
    "Actor1EthnicCode",
    "Actor1Religion1Code",
    "Actor1Religion2Code",
    "Actor1Type1Code",
    "Actor1Type2Code",
    "Actor1Type3Code",
    "Actor2Code",
    "Actor2Name",
    "Actor2CountryCode",
    "Actor2KnownGroupCode",
    "Actor2EthnicCode",
    "Actor2Religion1Code",
    "Actor2Religion2Code",
    "Actor2Type1Code",
    "Actor2Type2Code",
    "Actor2Type3Code",
    "IsRootEvent",
    "EventCode",
    "EventBaseCode",
    "EventRootCode",
    "QuadClass",
    "GoldsteinScale",
    "NumMentions",
    "NumSources",
    "NumArticles",
    "AvgTone",
    "Actor1Geo_Type",
    "Actor1Geo_FullName",
    "Actor1Geo_CountryCode",
    "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code",
    "Actor1Geo_Lat",
    "Actor1Geo_Long",
    "Actor1Geo_FeatureID",
    "Actor2Geo_Type",
    "Actor2Geo_FullName",
    "Actor2Geo_CountryCode",
    "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code",
    "Actor2Geo_Lat",
    "Actor2Geo_Long",
    "Actor2Geo_FeatureID",
    "ActionGeo_Type",
    "ActionGeo_FullName",
    "ActionGeo_CountryCode",
    "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code",
    "ActionGeo_Lat",
    "ActionGeo_Long",
    "ActionGeo_FeatureID",
    "DATEADDED",
    "SOURCEURL",
]

ACLED_STANDARD = [
    "event_id_cnty",
    "event_date",
    "year",
    "time_precision",
    "disorder_type",
    "event_type",
    "sub_event_type",
    "actor1",
    "assoc_actor_1",
    "inter1",
    "actor2",
    "assoc_actor_2",
    "inter2",
    "interaction",
    "civilian_targeting",
    "iso",
    "region",
    "country",
    "admin1",
    "admin2",
    "admin3",
    "location",
    "latitude",
    "longitude",
    "geo_precision",
    "source",
    "source_scale",
    "notes",
    "fatalities",
    "tags",
    "timestamp",
]


def _load(store: Store):
    afp, reuters = event(AFP_STRIKE), event(REUTERS_STRIKE)
    uncoded = event(
        AFP_STRIKE, article_id="afp-x", cameo=None, acled=None, sentence="Officials met in Geneva."
    )
    store.write_articles(
        [
            article(
                "afp-20151008-001",
                "AFP",
                "2015-10-08T09:30:00+00:00",
                "https://example.org/afp/strike",
            )
        ]
    )
    store.write_events([afp, reuters, uncoded])
    return afp, reuters, uncoded


def test_gdelt_columns_are_the_codebook_order() -> None:
    assert list(GDELT_COLUMNS) == CODEBOOK
    assert len(GDELT_COLUMNS) == 61
    assert list(ACLED_COLUMNS) == ACLED_STANDARD


def test_gdelt_export_parses_back_column_by_column(store: Store) -> None:
    afp, _, _ = _load(store)
    rows = store.query_events(EventFilter())
    out = io.StringIO()
    skipped = write_gdelt(rows, out)
    assert skipped == 1  # the event with no CAMEO code
    lines = out.getvalue().splitlines()
    assert len(lines) == 2
    parsed = [dict(zip(CODEBOOK, line.split("\t"), strict=True)) for line in lines]
    got = next(p for p in parsed if p["SOURCEURL"] == "https://example.org/afp/strike")
    stored = next(r for r in rows if r.event.event_id == afp.event_id)
    expected = {name: "" for name in CODEBOOK}
    expected.update({
        "GLOBALEVENTID": str(int(afp.event_id[:15], 16)),
        "SQLDATE": "20151007", "MonthYear": "201510", "Year": "2015",
        "FractionDate": f"{2015 + (10 * 30 + 7) / 365:.4f}",
        "Actor1Code": "RUSMIL", "Actor1Name": "RUSSIAN WARPLANES", "Actor1CountryCode": "RUS",
        "Actor1Type1Code": "MIL",
        "Actor2Code": "SYRREB", "Actor2Name": "REBEL POSITIONS", "Actor2CountryCode": "SYR",
        "Actor2Type1Code": "REB",
        "IsRootEvent": "1", "EventCode": "195", "EventBaseCode": "195", "EventRootCode": "19",
        "QuadClass": "4", "GoldsteinScale": "-10.0",
        "NumMentions": "2", "NumSources": "2", "NumArticles": "2",
        "Actor1Geo_Type": "0", "Actor2Geo_Type": "0",
        "ActionGeo_Type": "4", "ActionGeo_FullName": "Saraqeb, Idlib, Syria",
        "ActionGeo_CountryCode": "SY", "ActionGeo_ADM1Code": "SY",
        "ActionGeo_Lat": "35.8623", "ActionGeo_Long": "36.8006", "ActionGeo_FeatureID": "163345",
        "DATEADDED": stored.stored_at.astimezone(__import__("datetime").UTC)
        .strftime("%Y%m%d%H%M%S"),
        "SOURCEURL": "https://example.org/afp/strike",
    })  # fmt: skip
    for name in CODEBOOK:
        assert got[name] == expected[name], name
    other = next(p for p in parsed if p is not got)
    assert other["SOURCEURL"] == "reuters-20151007-17"  # no article row: the article id
    assert other["EventCode"] == "1951"
    assert other["IsRootEvent"] == "0"
    assert other["ActionGeo_Type"] == "5"
    assert other["ActionGeo_FullName"] == "Idlib, Syria"


def test_gdelt_canonical_export_has_one_line_per_real_event(store: Store) -> None:
    _load(store)
    rows = store.query_events(EventFilter(canonical=True))
    out = io.StringIO()
    write_gdelt(rows, out, canonical=True)
    lines = out.getvalue().splitlines()
    assert len(lines) == 1
    fields = lines[0].split("\t")
    assert fields[0] == str(global_event_id(rows[0].canonical_id or ""))
    assert int(fields[0]) < 2**63


def test_acled_export_parses_back_column_by_column(store: Store) -> None:
    _, reuters, _ = _load(store)
    # One batch: the canonical event is represented by its earliest report (Reuters).
    rows = store.query_events(EventFilter(canonical=True, cameo="195"))
    assert [r.event.event_id for r in rows] == [reuters.event_id]
    out = io.StringIO()
    skipped = write_acled(rows, out, canonical=True)
    assert skipped == 0
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(parsed[0].keys()) == ACLED_STANDARD
    assert len(parsed) == 1
    row, stored = parsed[0], rows[0]
    expected = {
        "event_id_cnty": f"SYR{global_event_id(stored.canonical_id or '')}",
        "event_date": "2015-10-06", "year": "2015", "time_precision": "1",
        "disorder_type": "Political violence", "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "actor1": "Russian warplanes", "assoc_actor_1": "", "inter1": "8",
        "actor2": "insurgent-held areas", "assoc_actor_2": "", "inter2": "2",
        "interaction": "28", "civilian_targeting": "",
        "iso": "760", "region": "", "country": "Syria", "admin1": "Idlib", "admin2": "",
        "admin3": "", "location": "Idlib", "latitude": "35.9306", "longitude": "36.6339",
        "geo_precision": "3", "source": "AFP; Reuters", "source_scale": "",
        "notes": reuters.sentence, "fatalities": "4", "tags": "airstrike",
        "timestamp": str(int(stored.stored_at.timestamp())),
    }  # fmt: skip
    for name in ACLED_STANDARD:
        assert row[name] == expected[name], name


def test_acled_civilian_targeting_and_single_actor_interaction(store: Store) -> None:
    market = event(
        AFP_STRIKE,
        article_id="afp-9",
        target={"text": "a market", "code": "SYRCVL", "sector": "CVL", "acled_inter": 7},
        acled={"interaction": None},
        fatalities=None,
    )
    alone = event(
        AFP_STRIKE,
        article_id="afp-10",
        target=None,
        acled={"interaction": None},
        location={"admin1": "Aleppo", "name": "Aleppo"},
    )
    store.write_events([market, alone])
    out = io.StringIO()
    write_acled(store.query_events(EventFilter()), out)
    parsed = {r["actor2"]: r for r in csv.DictReader(io.StringIO(out.getvalue()))}
    assert parsed["a market"]["civilian_targeting"] == "Civilian targeting"
    assert parsed["a market"]["interaction"] == "78"
    assert parsed["a market"]["fatalities"] == "0"
    assert parsed[""]["interaction"] == "80"


def test_csv_and_jsonl_round_trip(store: Store) -> None:
    afp, reuters, uncoded = _load(store)
    rows = store.query_events(EventFilter())
    out = io.StringIO()
    write_csv(rows, out)
    parsed = list(csv.DictReader(io.StringIO(out.getvalue())))
    assert list(parsed[0].keys()) == list(CSV_COLUMNS)
    by_id = {r["event_id"]: r for r in parsed}
    assert set(by_id) == {afp.event_id, reuters.event_id, uncoded.event_id}
    assert by_id[afp.event_id]["sources"] == "AFP; Reuters"
    assert by_id[afp.event_id]["mention_count"] == "2"
    assert by_id[uncoded.event_id]["cameo_code"] == ""

    lines = list(jsonl_lines(rows))
    decoded = [json.loads(line) for line in lines]
    events = {d["event_id"]: d for d in decoded}
    assert events[afp.event_id]["sentence"] == afp.sentence
    assert events[afp.event_id]["canonical"]["mention_count"] == 2
    assert afp.model_dump(mode="json").items() <= events[afp.event_id].items()

    table = list(table_lines(rows))
    assert table[0].startswith("date")
    assert len(table) == 4
    assert any("Saraqeb" in line for line in table)
