"""PETRARCH validation records: JSON lines ``{id, date, text, event_codings}``.

Each coding is ``{sourcecode, targetcode, eventcode}`` or ``{noevents}``. Scored per
record as multisets: CAMEO root codes, full codes, and (root, source country, target
country) triples; a prediction on a "no event" record is a false positive.
Negated and hypothetical events are not counted as predictions (they did not happen).

Two views are printed. The strict one (``cameo_root``, ``cameo_code``, ...) counts only
events reported as having happened. The ``gold_convention`` one counts events as this
set's coders did: a planned act as done (without the intent statement derived from it),
and "X said Y attacked Z" as X's accusation only when the coder made one. Both are
always printed; the strict figure is the one wirewatch is held to.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.coding.coder import Coder
from pipeline.evaluation.common import as_gold_convention, asserted, code_texts
from pipeline.evaluation.metrics import PRF, multiset_prf, top_confusions
from pipeline.models import Event


@dataclass(frozen=True)
class GoldCoding:
    source: str
    target: str
    code: str


@dataclass(frozen=True)
class PetrarchRecord:
    id: str
    text: str
    published: datetime | None
    codings: tuple[GoldCoding, ...]  # empty: the record says "no events"
    category: str = ""


def read_petrarch(path: Path) -> Iterator[PetrarchRecord]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        rec = json.loads(line)
        date = str(rec.get("date") or "")
        published = (
            datetime.strptime(date, "%Y%m%d").replace(tzinfo=UTC) if len(date) == 8 else None
        )
        codings = tuple(
            GoldCoding(
                str(c.get("sourcecode") or ""), str(c.get("targetcode") or ""), str(c["eventcode"])
            )
            for c in rec.get("event_codings", [])
            if "eventcode" in c
        )
        yield PetrarchRecord(
            str(rec.get("id", number)),
            rec["text"],
            published,
            codings,
            str(rec.get("category") or ""),
        )


# Categories of records taken from news wires; the others are constructed test sentences.
REAL_WIRE = frozenset({"AFP", "GOLD"})


def _country(code: str | None) -> str:
    return (code or "---")[:3]


def score(records: list[PetrarchRecord], predictions: list[list[Event]]) -> dict[str, Any]:
    strict = _score(records, [asserted(p) for p in predictions])
    convention = _score(records, [as_gold_convention(p) for p in predictions])
    return {
        **strict,
        "gold_convention": {
            key: convention[key]
            for key in ("cameo_root", "cameo_code", "root_source_target_country")
        },
        "gold_convention_root_by_group": convention["cameo_root_by_group"],
    }


def _score(records: list[PetrarchRecord], predictions: list[list[Event]]) -> dict[str, Any]:
    root = code = triple = PRF(0, 0, 0)
    by_category: dict[str, PRF] = {}
    pairs: list[tuple[str, str]] = []
    for rec, events in zip(records, predictions, strict=True):
        pred = [e for e in events if e.cameo is not None]
        gold_roots = [c.code[:2] for c in rec.codings]
        pred_roots = [e.cameo.code[:2] for e in pred if e.cameo]
        one = multiset_prf(gold_roots, pred_roots)
        root += one
        group = "real_wire" if rec.category in REAL_WIRE else "constructed"
        for key in (group, f"category {rec.category or '-'}"):
            by_category[key] = by_category.get(key, PRF(0, 0, 0)) + one
        code += multiset_prf([c.code for c in rec.codings], [e.cameo.code for e in pred if e.cameo])
        triple += multiset_prf(
            [(c.code[:2], _country(c.source), _country(c.target)) for c in rec.codings],
            [
                (
                    e.cameo.code[:2] if e.cameo else "",
                    _country(e.source.code if e.source else None),
                    _country(e.target.code if e.target else None),
                )
                for e in pred
            ],
        )
        gold_set, pred_set = set(gold_roots) or {"none"}, set(pred_roots) or {"none"}
        if gold_set != pred_set:
            pairs.append(("/".join(sorted(gold_set)), "/".join(sorted(pred_set))))
        else:
            pairs.append(("ok", "ok"))
    return {
        "records": len(records),
        "gold_codings": sum(len(r.codings) for r in records),
        "cameo_root": root.as_dict(),
        "cameo_code": code.as_dict(),
        "root_source_target_country": triple.as_dict(),
        "cameo_root_by_group": {k: v.as_dict() for k, v in sorted(by_category.items())},
        "top_confusions_gold_to_predicted_roots": top_confusions(pairs, 12),
    }


def run_petrarch_eval(coder: Coder, path: Path, limit: int | None = None) -> dict[str, Any]:
    records = list(read_petrarch(path))[:limit]
    predictions = code_texts(coder, [(r.id, r.text, r.published) for r in records])
    return score(records, predictions)
