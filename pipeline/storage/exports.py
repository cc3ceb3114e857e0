"""Stored events as the files analysts load: GDELT 2.0, ACLED-style CSV, CSV, JSONL, table.

GDELT 2.0 event export: the 61 columns of the GDELT 2.0 event codebook, in its order,
tab-separated, no header. Where we differ from GDELT, by necessity:

- GLOBALEVENTID is the first 60 bits of the (canonical) event id as an integer: stable
  across runs, not sequential.
- Actor1Geo_* and Actor2Geo_* are empty (type 0): we locate the action, not the actors.
- ActionGeo_CountryCode is the FIPS 10-4 code (from ``pipeline/data/country_codes.tsv``),
  as GDELT has it; ActionGeo_ADM1Code is that FIPS country code alone, since we have no
  FIPS admin1 codes (GDELT does the same for country-level matches).
- AvgTone is empty (we score no tone); KnownGroup/Ethnic/Religion codes are empty;
  Actor*Type1Code is the actor's CAMEO sector.
- IsRootEvent is 1 for an event coded from the article's first sentence.
- Only events with a CAMEO code are exported (GDELT rows are CAMEO events).

ACLED-style CSV: ACLED's standard column order with a header row. ``iso`` is the ISO
3166 numeric code; ``region``, ``admin2``, ``admin3``, ``assoc_actor_*`` and
``source_scale`` are empty; ``notes`` is the sentence; ``fatalities`` the lowest figure
reported across mentions (0 when none was reported). Only events with an ACLED block.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Iterator
from datetime import UTC
from typing import TextIO

from pipeline.models import Actor, Event, Location
from pipeline.storage.base import StoredEvent
from pipeline.storage.countries import lookup
from pipeline.storage.dedup import normalise_name

GDELT_COLUMNS = (
    "GLOBALEVENTID", "SQLDATE", "MonthYear", "Year", "FractionDate",
    "Actor1Code", "Actor1Name", "Actor1CountryCode", "Actor1KnownGroupCode",
    "Actor1EthnicCode", "Actor1Religion1Code", "Actor1Religion2Code",
    "Actor1Type1Code", "Actor1Type2Code", "Actor1Type3Code",
    "Actor2Code", "Actor2Name", "Actor2CountryCode", "Actor2KnownGroupCode",
    "Actor2EthnicCode", "Actor2Religion1Code", "Actor2Religion2Code",
    "Actor2Type1Code", "Actor2Type2Code", "Actor2Type3Code",
    "IsRootEvent", "EventCode", "EventBaseCode", "EventRootCode", "QuadClass",
    "GoldsteinScale", "NumMentions", "NumSources", "NumArticles", "AvgTone",
    "Actor1Geo_Type", "Actor1Geo_FullName", "Actor1Geo_CountryCode", "Actor1Geo_ADM1Code",
    "Actor1Geo_ADM2Code", "Actor1Geo_Lat", "Actor1Geo_Long", "Actor1Geo_FeatureID",
    "Actor2Geo_Type", "Actor2Geo_FullName", "Actor2Geo_CountryCode", "Actor2Geo_ADM1Code",
    "Actor2Geo_ADM2Code", "Actor2Geo_Lat", "Actor2Geo_Long", "Actor2Geo_FeatureID",
    "ActionGeo_Type", "ActionGeo_FullName", "ActionGeo_CountryCode", "ActionGeo_ADM1Code",
    "ActionGeo_ADM2Code", "ActionGeo_Lat", "ActionGeo_Long", "ActionGeo_FeatureID",
    "DATEADDED", "SOURCEURL",
)  # fmt: skip

ACLED_COLUMNS = (
    "event_id_cnty", "event_date", "year", "time_precision", "disorder_type", "event_type",
    "sub_event_type", "actor1", "assoc_actor_1", "inter1", "actor2", "assoc_actor_2",
    "inter2", "interaction", "civilian_targeting", "iso", "region", "country", "admin1",
    "admin2", "admin3", "location", "latitude", "longitude", "geo_precision", "source",
    "source_scale", "notes", "fatalities", "tags", "timestamp",
)  # fmt: skip

CSV_COLUMNS = (
    "event_id", "canonical_id", "event_date", "source_code", "source_country",
    "target_code", "target_country", "cameo_code", "cameo_root", "quad_class", "goldstein",
    "acled_event_type", "acled_sub_event_type", "location_name", "admin1",
    "location_country", "latitude", "longitude", "fatalities", "mention_count",
    "source_count", "article_count", "sources", "tags", "confidence", "article_id",
    "sentence",
)  # fmt: skip

_CIVILIANS = 7


def global_event_id(hex_id: str) -> int:
    """A stable non-negative integer (< 2**60) from a hex id."""
    return int(hex_id[:15], 16)


def _s(value: object) -> str:
    """One field: None is empty; tabs and line breaks become spaces (GDELT has no quoting)."""
    if value is None:
        return ""
    return " ".join(str(value).replace("\t", " ").splitlines())


def _coord(value: float | None) -> str:
    return "" if value is None else f"{value:.4f}"


def _export_id(row: StoredEvent, canonical: bool) -> str:
    return row.canonical_id if canonical and row.canonical_id else row.event.event_id


def _actor_fields(actor: Actor | None) -> list[str]:
    if actor is None:
        return [""] * 10
    return [
        _s(actor.code), _s(actor.text.upper()), _s(actor.country),
        "", "", "", "", _s(actor.sector), "", "",
    ]  # fmt: skip


def action_geo_type(loc: Location | None) -> int:
    """GDELT geo type: 0 none, 1 country, 2 US state, 3 US city, 4 world city, 5 world state."""
    if loc is None:
        return 0
    country = lookup(loc.country)
    name = normalise_name(loc.name)
    if country is not None and name == normalise_name(country.name):
        return 1
    is_state = name == normalise_name(loc.admin1) or (loc.geo_precision == 3 and loc.admin1)
    us = loc.country == "USA"
    if is_state:
        return 2 if us else 5
    return 3 if us else 4


def action_geo_full_name(loc: Location | None) -> str:
    if loc is None:
        return ""
    country = lookup(loc.country)
    country_name = country.name if country else loc.country
    kind = action_geo_type(loc)
    if kind == 1:
        parts = [country_name]
    elif kind in (2, 5):
        parts = [loc.admin1 or loc.name, country_name]
    else:
        parts = [loc.name, loc.admin1, country_name]
    return ", ".join(p for p in parts if p)


def gdelt_row(row: StoredEvent, *, canonical: bool = False) -> list[str] | None:
    """The 61 fields of one event, or None when it has no CAMEO code."""
    ev = row.event
    if ev.cameo is None:
        return None
    day = ev.event_date or (ev.published_at.date() if ev.published_at else row.stored_at.date())
    loc = ev.location
    country = lookup(loc.country) if loc else None
    fips = country.fips if country else ""
    fields = [
        str(global_event_id(_export_id(row, canonical))),
        day.strftime("%Y%m%d"), day.strftime("%Y%m"), str(day.year),
        f"{day.year + (day.month * 30 + day.day) / 365:.4f}",
        *_actor_fields(ev.source),
        *_actor_fields(ev.target),
        "1" if ev.sentence_index == 0 else "0",
        ev.cameo.code, ev.cameo.base_code, ev.cameo.root_code, str(ev.cameo.quad_class),
        f"{ev.cameo.goldstein:.1f}",
        str(row.mention_count), str(row.source_count), str(row.article_count), "",
        "0", "", "", "", "", "", "", "",
        "0", "", "", "", "", "", "", "",
        str(action_geo_type(loc)), _s(action_geo_full_name(loc)), fips, fips, "",
        _coord(loc.latitude if loc else None), _coord(loc.longitude if loc else None),
        _s(loc.gazetteer_id if loc else None),
        row.stored_at.astimezone(UTC).strftime("%Y%m%d%H%M%S"),
        _s(row.source_url or ev.article_id),
    ]  # fmt: skip
    assert len(fields) == len(GDELT_COLUMNS)
    return fields


def write_gdelt(rows: Iterable[StoredEvent], out: TextIO, *, canonical: bool = False) -> int:
    """Write GDELT 2.0 export lines; returns how many events had no CAMEO code (skipped)."""
    skipped = 0
    for row in rows:
        fields = gdelt_row(row, canonical=canonical)
        if fields is None:
            skipped += 1
            continue
        out.write("\t".join(fields) + "\n")
    return skipped


def _interaction(ev: Event) -> str:
    if ev.acled is not None and ev.acled.interaction is not None:
        return str(ev.acled.interaction)
    codes = sorted(a.acled_inter for a in (ev.source, ev.target) if a and a.acled_inter)
    if not codes:
        return ""
    return f"{codes[0]}{codes[1]}" if len(codes) == 2 else f"{codes[0]}0"


def acled_row(row: StoredEvent, *, canonical: bool = False) -> list[str] | None:
    """The ACLED-style fields of one event, or None when it has no ACLED block."""
    ev = row.event
    if ev.acled is None:
        return None
    day = ev.event_date or (ev.published_at.date() if ev.published_at else row.stored_at.date())
    loc = ev.location
    country = lookup(loc.country) if loc else None
    src, tgt = ev.source, ev.target
    fatalities = row.fatalities_lowest if canonical else ev.fatalities
    sources = "; ".join(row.sources) if row.sources else (ev.article_source or "")
    fields = [
        f"{(loc.country if loc and loc.country else 'XXX')}"
        f"{global_event_id(_export_id(row, canonical))}",
        day.isoformat(), str(day.year), _s(ev.time_precision),
        ev.acled.disorder_type, ev.acled.event_type, ev.acled.sub_event_type,
        _s(src.text if src else None), "", _s(src.acled_inter if src else None),
        _s(tgt.text if tgt else None), "", _s(tgt.acled_inter if tgt else None),
        _interaction(ev),
        "Civilian targeting" if tgt and tgt.acled_inter == _CIVILIANS else "",
        str(country.isonumeric) if country else "", "",
        country.name if country else _s(loc.country if loc else None),
        _s(loc.admin1 if loc else None), "", "", _s(loc.name if loc else None),
        _coord(loc.latitude if loc else None), _coord(loc.longitude if loc else None),
        _s(loc.geo_precision if loc else None),
        _s(sources), "", _s(ev.sentence), str(fatalities or 0), "; ".join(ev.tags),
        str(int(row.stored_at.timestamp())),
    ]  # fmt: skip
    assert len(fields) == len(ACLED_COLUMNS)
    return fields


def write_acled(rows: Iterable[StoredEvent], out: TextIO, *, canonical: bool = False) -> int:
    """Write the ACLED-style CSV with its header; returns events skipped (no ACLED block)."""
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(ACLED_COLUMNS)
    skipped = 0
    for row in rows:
        fields = acled_row(row, canonical=canonical)
        if fields is None:
            skipped += 1
            continue
        writer.writerow(fields)
    return skipped


def csv_row(row: StoredEvent) -> list[object]:
    ev, loc, cam, acl = row.event, row.event.location, row.event.cameo, row.event.acled
    return [
        ev.event_id, row.canonical_id, ev.event_date,
        ev.source.code if ev.source else None, ev.source.country if ev.source else None,
        ev.target.code if ev.target else None, ev.target.country if ev.target else None,
        cam.code if cam else None, cam.root_code if cam else None,
        cam.quad_class if cam else None, cam.goldstein if cam else None,
        acl.event_type if acl else None, acl.sub_event_type if acl else None,
        loc.name if loc else None, loc.admin1 if loc else None, loc.country if loc else None,
        loc.latitude if loc else None, loc.longitude if loc else None, ev.fatalities,
        row.mention_count, row.source_count, row.article_count, "; ".join(row.sources),
        "; ".join(ev.tags), ev.confidence, ev.article_id, ev.sentence,
    ]  # fmt: skip


def write_csv(rows: Iterable[StoredEvent], out: TextIO) -> None:
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for row in rows:
        writer.writerow(["" if v is None else v for v in csv_row(row)])


def jsonl_lines(rows: Iterable[StoredEvent]) -> Iterator[str]:
    """The Event JSON (DESIGN.md) of each row, plus a ``canonical`` object from storage."""
    for row in rows:
        payload = row.event.model_dump(mode="json")
        payload["canonical"] = {
            "canonical_id": row.canonical_id,
            "mention_count": row.mention_count,
            "source_count": row.source_count,
            "article_count": row.article_count,
            "sources": list(row.sources),
        }
        yield json.dumps(payload, ensure_ascii=False)


def table_lines(rows: Iterable[StoredEvent], width: int = 60) -> Iterator[str]:
    yield f"{'date':<10} {'cameo':<5} {'source':<12} {'target':<12} {'place':<18} {'ctry':<4} {'ment':>4} {'src':>3}  sentence"  # noqa: E501
    for row in rows:
        ev = row.event
        place = ev.location.name if ev.location else ""
        yield (
            f"{_s(ev.event_date):<10} {ev.cameo.code if ev.cameo else '':<5} "
            f"{(ev.source.code or '') if ev.source else '':<12.12} "
            f"{(ev.target.code or '') if ev.target else '':<12.12} {place:<18.18} "
            f"{(ev.location.country or '') if ev.location else '':<4} "
            f"{row.mention_count:>4} {row.source_count:>3}  {_s(ev.sentence)[:width]}"
        )
