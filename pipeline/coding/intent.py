"""Statements about events that have not happened: intent, threat, demand, refusal.

"X will release the prisoners" reports no release; it reports X expressing intent to
release. The embedded event keeps its ``future`` flag, and this module gives the code
of the statement that did happen, from ``pipeline/data/cameo/intent.tsv``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType

from pipeline.coding.claims import Modality

DATA = Path(__file__).resolve().parent.parent / "data" / "cameo" / "intent.tsv"
KINDS = ("intent", "threat", "demand", "refusal")


@dataclass(frozen=True)
class IntentTable:
    codes: Mapping[tuple[str, str], str]

    def lookup(self, kind: str, code: str) -> str | None:
        for length in (4, 3, 2):
            found = self.codes.get((kind, code[:length]))
            if found is not None:
                return found
        return None


@lru_cache(maxsize=2)
def load_intent_table(path: Path = DATA) -> IntentTable:
    codes: dict[tuple[str, str], str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip() or line.startswith("#"):
            continue
        cols = line.split("\t")
        if len(cols) != 3 or cols[0] not in KINDS:
            raise ValueError(f"{path.name}:{number}: expected 'kind<TAB>prefix<TAB>code'")
        codes[(cols[0], cols[1])] = cols[2]
    return IntentTable(MappingProxyType(codes))


def statement_kind(mod: Modality) -> str | None:
    """Which statement an unrealised event stands for, or None if it is no statement."""
    if mod.refused or (mod.negated and mod.future):
        return "refusal"
    if mod.negated:
        return None
    if mod.obligation:
        return "demand"
    if mod.future:
        return "intent"
    return None


def states_intent_itself(code: str, mod: Modality) -> bool:
    """An act coded as an expression of intent to cooperate (CAMEO root 03: "will deepen
    ties", "seeks closer cooperation") is itself a statement, and said now: the future or
    the plan is in what it expresses, not in whether it was expressed. Not when it is
    denied, refused, demanded, hypothetical or a condition."""
    return (
        code[:2] == "03"
        and (mod.future or mod.planned)
        and not (
            mod.negated
            or mod.refused
            or mod.obligation
            or mod.hypothetical
            or mod.conditional
            or mod.condition
            or mod.question
        )
    )


def derive(table: IntentTable, code: str, mod: Modality) -> tuple[str, str] | None:
    """(kind, derived CAMEO code) for the statement, or None.

    An intended conflictual act is a threat; a conditional one ("will strike if") too.
    An act only planned or attempted in the writer's words is no statement at all:
    neither a threat nor an intent.
    """
    if mod.condition or mod.question:
        # "if Iran attacks, ...", "Will Iran attack?": states nobody's intent
        return None
    kind = statement_kind(mod)
    if kind == "intent" and mod.planned and mod.reporter is None and not mod.conditional:
        # "sought to seize the town", "is scheduled to visit": a plan, a timetable or an
        # attempt the writer reports; a threat or an intent is something someone says
        return None
    if kind == "intent" or (kind is None and mod.hypothetical and mod.conditional):
        threat = table.lookup("threat", code)
        if threat is not None:
            return "threat", threat
    if kind is None:
        return None
    derived = table.lookup(kind, code)
    return None if derived is None else (kind, derived)
