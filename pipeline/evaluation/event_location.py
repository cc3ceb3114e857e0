"""Event-location evaluation: does ``place_for_event`` pick the place the annotator marked?

Input: JSON lines ``{id, text, tokens, spans: [{label: VERB|LOCATION, text, token_start,
token_end}]}`` (one marked event verb, zero or more marked locations). Each text is parsed
with the spaCy model, the marked verb mapped to a token, and ``place_for_event`` run with
the sentence as the whole article (no dateline, no actors).

Reported: for records with a marked location, the share whose chosen mention overlaps a
marked one (``accuracy``, and ``exact`` for equal names); for records without, how often
a place is returned anyway (``invention_rate``).

    python -m pipeline.evaluation.event_location PATH [--limit N] [--seed S]
    python -m pipeline.evaluation.event_location --plover PLOVER_GSR_CAMEO.json
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.geo.normalize import name_key


def load_records(path: Path, limit: int | None = None, seed: int = 0) -> list[dict[str, Any]]:
    """The records of ``path``; a seeded random sample of ``limit`` of them when given."""
    with path.open(encoding="utf-8") as handle:
        records = [json.loads(line) for line in handle if line.strip()]
    if limit is not None and limit < len(records):
        records = random.Random(seed).sample(records, limit)
    return records


def token_offsets(text: str, tokens: list[str]) -> list[tuple[int, int]]:
    """Character offsets of each pre-tokenised token in ``text`` (-1, -1 when not found)."""
    offsets, pos = [], 0
    for token in tokens:
        found = text.find(token, pos)
        if found < 0:
            offsets.append((-1, -1))
            continue
        offsets.append((found, found + len(token)))
        pos = found + len(token)
    return offsets


def run_event_location_eval(
    path: str | Path,
    limit: int | None = None,
    seed: int = 0,
    model: str | None = None,
    misses: Path | None = None,
) -> dict[str, Any]:
    """Run the evaluation and return its figures (see the module docstring).

    ``misses``: a JSON-lines file to write every wrong answer to (id, verb, gold places,
    our mention and resolved name), for error analysis; never copied into the project.
    """
    import spacy

    from pipeline.coding.nlp import resolve_model_name
    from pipeline.geo import build_geo_context, get_gazetteer, place_for_event
    from pipeline.settings import NlpSettings

    records = load_records(Path(path), limit, seed)
    nlp = spacy.load(resolve_model_name(NlpSettings(model=model)))
    gazetteer = get_gazetteer()
    counts = {
        "with_location": 0,
        "matched": 0,
        "exact": 0,
        "none_returned": 0,
        "without_location": 0,
        "invented": 0,
        "unmapped_verb": 0,
        "geocoded": 0,
        "returned": 0,
    }
    wrong: list[dict[str, Any]] = []
    started = time.perf_counter()
    texts = [r["text"] for r in records]
    for record, doc in zip(records, nlp.pipe(texts, batch_size=64), strict=True):
        offsets = token_offsets(record["text"], record["tokens"])
        verb = next(s for s in record["spans"] if s["label"] == "VERB")
        gold = [s for s in record["spans"] if s["label"] == "LOCATION"]
        start, end = _char_span(offsets, verb)
        span = doc.char_span(start, end, alignment_mode="expand") if start >= 0 else None
        if span is None or len(span) == 0:
            counts["unmapped_verb"] += 1
            continue
        trigger = span.root
        ctx = build_geo_context(doc, None, ())
        result = place_for_event(trigger.sent, trigger, ctx, gazetteer)
        mention = result.mention if result.location is not None else None
        if mention is not None:
            counts["returned"] += 1
            if result.location is not None and result.location.latitude is not None:
                counts["geocoded"] += 1
        ok = mention is None
        if gold:
            counts["with_location"] += 1
            spans = [_char_span(offsets, g) for g in gold]
            if mention is None:
                counts["none_returned"] += 1
                ok = False
            elif _overlaps(record["text"], mention, trigger.sent.start_char, spans):
                counts["matched"] += 1
                ok = True
            else:
                ok = False
            if mention is not None and any(name_key(g["text"]) == name_key(mention) for g in gold):
                counts["exact"] += 1
        else:
            counts["without_location"] += 1
            if mention is not None:
                counts["invented"] += 1
        if not ok:
            wrong.append(_miss(record, trigger.text, gold, mention, result))
    elapsed = time.perf_counter() - started
    if misses is not None:
        with misses.open("w", encoding="utf-8") as out:
            out.writelines(json.dumps(m, ensure_ascii=False) + "\n" for m in wrong)
    with_loc, without = counts["with_location"], counts["without_location"]
    return {
        "records": len(records),
        **counts,
        "accuracy": counts["matched"] / with_loc if with_loc else None,
        "exact_accuracy": counts["exact"] / with_loc if with_loc else None,
        "invention_rate": counts["invented"] / without if without else None,
        "geocoded_share": counts["geocoded"] / counts["returned"] if counts["returned"] else None,
        "seconds": round(elapsed, 1),
        "limit": limit,
        "seed": seed,
    }


def _miss(
    record: dict[str, Any], verb: str, gold: list[dict[str, Any]], mention: str | None, result: Any
) -> dict[str, Any]:
    location = result.location
    return {
        "id": record["id"],
        "verb": verb,
        "gold": [g["text"] for g in gold],
        "ours": mention,
        "resolved": None if location is None else [location.name, location.country],
        "note": result.note,
        "text": record["text"],
    }


def _char_span(offsets: list[tuple[int, int]], span: dict[str, Any]) -> tuple[int, int]:
    """Character offsets of a token-indexed span; (-1, -1) when its indices are out of range."""
    start, end = span["token_start"], span["token_end"]
    if not (0 <= start <= end < len(offsets)):
        return -1, -1
    return offsets[start][0], offsets[end][1]


def _overlaps(text: str, mention: str, sent_start: int, gold: list[tuple[int, int]]) -> bool:
    """True when some occurrence of ``mention`` (from its sentence on) overlaps a gold span."""
    pos = text.find(mention, sent_start)
    while pos >= 0:
        if any(s < pos + len(mention) and pos < e for s, e in gold if s >= 0):
            return True
        pos = text.find(mention, pos + 1)
    return False


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path)
    parser.add_argument("--limit", type=int, default=None, help="seeded sample of N records")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--model", default=None, help="spaCy model (default as the coder)")
    parser.add_argument("--misses", type=Path, default=None, help="write wrong answers here")
    parser.add_argument(
        "--plover", action="store_true", help="PATH is the PLOVER gold JSON: places and deaths"
    )
    args = parser.parse_args(argv)
    if args.plover:
        result = run_plover_geo_eval(args.path, args.model)
    else:
        result = run_event_location_eval(args.path, args.limit, args.seed, args.model, args.misses)
    json.dump(result, sys.stdout, indent=2)
    print()
    return 0


def run_plover_geo_eval(path: str | Path, model: str | None = None) -> dict[str, Any]:
    """Place and fatality extraction on the PLOVER gold records that carry them.

    The trigger is the first sentence token equal to the first word of ``eventText``;
    a place matches when its mention or gazetteer name contains the gold ``eventLoc``
    name (or the reverse), folded by ``name_key``.
    """
    import spacy

    from pipeline.coding.nlp import resolve_model_name
    from pipeline.geo import build_geo_context, get_gazetteer, place_for_event
    from pipeline.quantities import fatalities_for_event
    from pipeline.settings import NlpSettings

    with Path(path).open(encoding="utf-8") as handle:
        records = [r for r in json.load(handle)[1:] if "eventLoc" in r or "dead" in r]
    nlp = spacy.load(resolve_model_name(NlpSettings(model=model)))
    gazetteer = get_gazetteer()
    counts = {
        "with_place": 0,
        "place_matched": 0,
        "place_none": 0,
        "with_dead": 0,
        "dead_matched": 0,
        "dead_none": 0,
    }
    for record, doc in zip(records, nlp.pipe([r["text"] for r in records]), strict=True):
        first = record["eventText"].split()[0].lower()
        trigger = next((t for t in doc if t.lower_ == first), doc[0])
        if "eventLoc" in record:
            gold = record["eventLoc"]
            gold_name = name_key(gold["name"] if isinstance(gold, dict) else str(gold))
            gold_name = gold_name.replace("province of ", "")
            ctx = build_geo_context(doc, None, ())
            result = place_for_event(trigger.sent, trigger, ctx, gazetteer)
            counts["with_place"] += 1
            if result.location is None:
                counts["place_none"] += 1
            else:
                ours = {name_key(result.mention or ""), name_key(result.location.name)}
                if any(o and (gold_name in o or o in gold_name) for o in ours):
                    counts["place_matched"] += 1
        if "dead" in record:
            counts["with_dead"] += 1
            value = fatalities_for_event(trigger.sent, trigger).value
            if value is None:
                counts["dead_none"] += 1
            elif value == int(record["dead"]):
                counts["dead_matched"] += 1
    return {
        **counts,
        "place_accuracy": counts["place_matched"] / max(counts["with_place"], 1),
        "dead_accuracy": counts["dead_matched"] / max(counts["with_dead"], 1),
    }


if __name__ == "__main__":
    raise SystemExit(main())
