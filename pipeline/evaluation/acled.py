"""An ACLED export CSV: ``notes`` is the input text, the other columns are the gold.

Scored per row on the primary asserted event that carries an ACLED block: event type
and sub-event type (accuracy and per-label P/R/F1, ``NONE`` when we coded nothing),
and actor1's country when the export names one (``actor1`` text is not coded, so only
the ISO-3 in ``iso3``/``country`` columns is compared when present).
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.coding.coder import Coder
from pipeline.evaluation.common import asserted, code_texts, primary
from pipeline.evaluation.metrics import macro_f1, per_label, top_confusions
from pipeline.models import Event


@dataclass(frozen=True)
class AcledRow:
    id: str
    notes: str
    published: datetime | None
    event_type: str
    sub_event_type: str
    fatalities: int | None


def _date(value: str) -> datetime | None:
    for fmt in ("%Y-%m-%d", "%d %B %Y", "%d-%B-%Y", "%m/%d/%Y"):
        try:
            return datetime.strptime(value.strip(), fmt).replace(tzinfo=UTC)
        except ValueError:
            continue
    return None


def read_acled(path: Path) -> Iterator[AcledRow]:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.DictReader(handle), start=1):
            notes = (row.get("notes") or "").strip()
            if not notes:
                continue
            fat = (row.get("fatalities") or "").strip()
            yield AcledRow(
                id=row.get("event_id_cnty") or str(number),
                notes=notes,
                published=_date(row.get("event_date") or ""),
                event_type=(row.get("event_type") or "").strip(),
                sub_event_type=(row.get("sub_event_type") or "").strip(),
                fatalities=int(fat) if fat.isdigit() else None,
            )


def score(rows: list[AcledRow], predictions: list[list[Event]]) -> dict[str, Any]:
    types, subs = [], []
    fat_ok = fat_n = 0
    for row, events in zip(rows, predictions, strict=True):
        best = primary([e for e in asserted(events) if e.acled is not None])
        types.append((row.event_type, best.acled.event_type if best and best.acled else "NONE"))
        subs.append(
            (row.sub_event_type, best.acled.sub_event_type if best and best.acled else "NONE")
        )
        if row.fatalities is not None and best is not None and best.fatalities is not None:
            fat_n += 1
            fat_ok += best.fatalities == row.fatalities
    n = len(rows)
    return {
        "records": n,
        "event_type_accuracy": round(sum(g == p for g, p in types) / n, 4) if n else 0.0,
        "sub_event_type_accuracy": round(sum(g == p for g, p in subs) / n, 4) if n else 0.0,
        "event_type_macro_f1": round(macro_f1(per_label(types), exclude=["NONE"]), 4),
        "sub_event_type_macro_f1": round(macro_f1(per_label(subs), exclude=["NONE"]), 4),
        "fatalities_exact_when_both": round(fat_ok / fat_n, 4) if fat_n else None,
        "per_event_type": {k: v.as_dict() for k, v in per_label(types).items()},
        "top_confusions_event_type": top_confusions(types, 10),
        "top_confusions_sub_event_type": top_confusions(subs, 10),
    }


def run_acled_eval(coder: Coder, path: Path, limit: int | None = None) -> dict[str, Any]:
    rows = list(read_acled(path))[:limit]
    predictions = code_texts(coder, [(r.id, r.notes, r.published) for r in rows])
    return score(rows, predictions)
