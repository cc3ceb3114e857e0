"""CASE 2021 Task 2 TSV: ``id<TAB>EventSnippet<TAB>SubType``, one label per snippet.

Our events map to CASE labels through their ACLED sub-event type; a snippet with only
non-violent, non-protest events maps to DIPLO; with no event, to NONE (which no gold
label uses, so it only costs recall). Labels outside our scope (NATURAL_DISASTER,
MAN_MADE_DISASTER, ORG_CRIME, ATTRIB) are reported but are not expected to match.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pipeline.coding.coder import Coder
from pipeline.evaluation.common import asserted, code_texts, primary
from pipeline.evaluation.metrics import macro_f1, per_label, top_confusions
from pipeline.models import Event

SUB_EVENT_TO_CASE = {
    "Armed clash": "ARMED_CLASH",
    "Government regains territory": "GOV_REGAINS_TERIT",
    "Non-state actor overtakes territory": "NON_STATE_ACTOR_OVERTAKES_TER",
    "Chemical weapon": "CHEM_WEAPON",
    "Air/drone strike": "AIR_STRIKE",
    "Suicide bomb": "SUICIDE_BOMB",
    "Shelling/artillery/missile attack": "ART_MISS_ATTACK",
    "Remote explosive/landmine/IED": "REM_EXPLOS",
    "Grenade": "GRENADE",
    "Peaceful protest": "PEACE_PROTEST",
    "Protest with intervention": "PROTEST_WITH_INTER",
    "Excessive force against protesters": "EXCESSIVE_FORCE",
    "Violent demonstration": "VIOL_DEMONSTR",
    "Mob violence": "MOB_VIOL",
    "Agreement": "AGREEMENT",
    "Arrests": "ARREST",
    "Change to group/activity": "CHANGE_TO_GROUP_ACT",
    "Disrupted weapons use": "DISR_WEAP",
    "Headquarters or base established": "HQ_ESTABLISHED",
    "Looting/property destruction": "LOOT",
    "Non-violent transfer of territory": "NON_VIOL_TERRIT_TRANSFER",
    "Other": "OTHER",
    "Sexual violence": "SEX_VIOL",
    "Attack": "ATTACK",
    "Abduction/forced disappearance": "ABDUCT_DISSAP",
}
OUT_OF_SCOPE = frozenset({"NATURAL_DISASTER", "MAN_MADE_DISASTER", "ORG_CRIME", "ATTRIB"})


@dataclass(frozen=True)
class CaseRecord:
    id: str
    text: str
    label: str


def read_case(path: Path) -> Iterator[CaseRecord]:
    with path.open(encoding="utf-8", newline="") as handle:
        for number, row in enumerate(csv.reader(handle, delimiter="\t"), start=1):
            if len(row) < 3 or (number == 1 and row[2].strip().lower() == "subtype"):
                continue
            yield CaseRecord(row[0].strip(), row[1].strip(), row[2].strip())


def case_label(events: list[Event]) -> str:
    live = asserted(events)
    best = primary([e for e in live if e.acled is not None])
    if best is not None and best.acled is not None:
        return SUB_EVENT_TO_CASE.get(best.acled.sub_event_type, "OTHER")
    return "DIPLO" if live else "NONE"


def score(records: list[CaseRecord], predictions: list[list[Event]]) -> dict[str, Any]:
    pairs = [(r.label, case_label(ev)) for r, ev in zip(records, predictions, strict=True)]
    n = len(records)
    scores = per_label(pairs)
    return {
        "records": n,
        "accuracy": round(sum(g == p for g, p in pairs) / n, 4) if n else 0.0,
        "macro_f1_in_scope": round(macro_f1(scores, exclude=[*OUT_OF_SCOPE, "NONE"]), 4),
        "per_label": {k: v.as_dict() for k, v in scores.items()},
        "top_confusions": top_confusions(pairs, 12),
    }


def run_case_eval(coder: Coder, path: Path, limit: int | None = None) -> dict[str, Any]:
    records = list(read_case(path))[:limit]
    predictions = code_texts(coder, [(r.id, r.text, None) for r in records])
    return score(records, predictions)
