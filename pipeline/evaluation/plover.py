"""PLOVER gold (one JSON array; record 0 is a header): one event per record.

Gold types from the 2016 set are mapped to the 2021 PLOVER types our coder emits:
DEMAND -> REQUEST, DISAPPROVE -> ACCUSE, INVESTIGATE -> ACCUSE, FIGHT -> ASSAULT.
A record's prediction is its primary asserted event (highest confidence); a record
with no event counts as wrong. Country accuracy compares ISO-3 codes (or an IGO code
prefix) for records where the gold names a country and we coded that role.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.coding.coder import Coder
from pipeline.evaluation.common import asserted, code_texts, primary
from pipeline.evaluation.metrics import macro_f1, per_label, top_confusions
from pipeline.models import Actor, Event

LEGACY_TYPES = {
    "DEMAND": "REQUEST",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
    "FIGHT": "ASSAULT",
}


@dataclass(frozen=True)
class PloverRecord:
    id: str
    text: str
    published: datetime | None
    event_type: str
    sources: tuple[str, ...]
    targets: tuple[str, ...]


def _codes(value: Any) -> tuple[str, ...]:
    if isinstance(value, list):
        return tuple(str(a.get("code")) for a in value if isinstance(a, dict) and a.get("code"))
    return ()


def read_plover(path: Path) -> Iterator[PloverRecord]:
    records = json.loads(path.read_text(encoding="utf-8"))
    for rec in records[1:]:
        date = rec.get("date")
        try:
            published = datetime.fromisoformat(date).replace(tzinfo=UTC) if date else None
        except ValueError:
            published = None
        event = str(rec["event"]).upper()
        yield PloverRecord(
            str(rec["id"]),
            rec["text"],
            published,
            LEGACY_TYPES.get(event, event),
            _codes(rec.get("source")),
            _codes(rec.get("target")),
        )


def actor_matches(gold: Sequence[str], actor: Actor | None) -> bool:
    if actor is None:
        return False
    return any(
        g == actor.country or (actor.code is not None and actor.code.startswith(g)) for g in gold
    )


def score(records: list[PloverRecord], predictions: list[list[Event]]) -> dict[str, Any]:
    pairs = []
    any_match = 0
    src_ok = src_n = tgt_ok = tgt_n = src_all = tgt_all = 0
    for rec, events in zip(records, predictions, strict=True):
        pred = [e for e in asserted(events) if e.plover is not None]
        best = primary(pred)
        label = best.plover.event_type if best and best.plover else "NONE"
        pairs.append((rec.event_type, label))
        any_match += any(e.plover and e.plover.event_type == rec.event_type for e in pred)
        if rec.sources:
            src_all += 1
            if best is not None and best.source is not None:
                src_n += 1
                src_ok += actor_matches(rec.sources, best.source)
        if rec.targets:
            tgt_all += 1
            if best is not None and best.target is not None:
                tgt_n += 1
                tgt_ok += actor_matches(rec.targets, best.target)
    correct = sum(g == p for g, p in pairs)
    n = len(records)
    return {
        "records": n,
        "plover_type_accuracy": round(correct / n, 4) if n else 0.0,
        "plover_type_any_event_accuracy": round(any_match / n, 4) if n else 0.0,
        "coverage_records_with_event": round(sum(p != "NONE" for _, p in pairs) / n, 4) if n else 0,
        "plover_type_macro_f1": round(macro_f1(per_label(pairs), exclude=["NONE"]), 4),
        "source_country_accuracy_when_coded": round(src_ok / src_n, 4) if src_n else 0.0,
        "source_country_accuracy_all": round(src_ok / src_all, 4) if src_all else 0.0,
        "target_country_accuracy_when_coded": round(tgt_ok / tgt_n, 4) if tgt_n else 0.0,
        "target_country_accuracy_all": round(tgt_ok / tgt_all, 4) if tgt_all else 0.0,
        "per_type": {k: v.as_dict() for k, v in per_label(pairs).items()},
        "top_confusions": top_confusions(pairs, 12),
    }


def run_plover_eval(coder: Coder, path: Path, limit: int | None = None) -> dict[str, Any]:
    records = list(read_plover(path))[:limit]
    predictions = code_texts(coder, [(r.id, r.text, r.published) for r in records])
    return score(records, predictions)
