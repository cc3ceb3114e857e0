"""Event-verb coverage: does the coder code the event an annotator marked in real news?

Input: the event-location format (``event_location.py``): JSON lines ``{id, text,
tokens, spans}`` with one marked VERB, the word that reports the event. Each text is
coded as a one-sentence article; a record counts as covered when one of its events has
the marked word as (a word of) its trigger, or the marked word is a light verb whose
noun the coder codes ("launched an offensive"), flagged or not, or the marked word is one
of two verbs joined by "and" whose other verb is the trigger ("shot and killed": one
act, coded once; reported apart as ``marked_verb_coded_by_its_pair``); and as done when
such an event is the act itself reported as having happened (not a threat or intent
derived from a future act).

A result clause the coder merges into its cause ("stormed the village, killing 15" is
one event, "stormed", with 15 dead) counts as covered when the marked word is "killing"
and an event of the sentence carries a death toll (reported apart as
``marked_verb_merged_as_result``); "wounding" and the like, which no field carries, count
as missed. The figure is a lower bound: a sentence read alone gives no article context
("soldiers were killed": whose?).

This measures recall on wire text only: the sets mark events, not the absence of one,
and no code is given, so precision and code accuracy are measured elsewhere (PETR2,
PLOVER). The marked verbs that are most often missed are listed for error analysis.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import Any

from pipeline.coding.coder import Coder
from pipeline.coding.roles import SUPPORT_FORMS
from pipeline.evaluation.common import asserted, code_texts, derived
from pipeline.evaluation.event_location import load_records
from pipeline.models import Event

_WORD = re.compile(r"[\w'-]+")
# Result participles the coder folds into the event they follow, as its dead.
_RESULT_WORDS = frozenset({"killing"})


def _marked(record: dict[str, Any]) -> str:
    verb = next((s for s in record.get("spans", ()) if s.get("label") == "VERB"), None)
    return str(verb.get("text", "")).lower() if verb else ""


def _reports(event: Event, word: str) -> bool:
    """Is the event the one the marked word reports: its trigger, or the light verb whose
    noun the coder takes as the trigger ("launched an offensive": "offensive")?"""
    trigger = event.trigger.lower().split()
    if not word or not trigger:
        return False
    return word in trigger or (word in SUPPORT_FORMS and word in event.sentence.lower().split())


def _coordinated(event: Event, word: str) -> bool:
    """Is the marked word one of two verbs joined by "and" for one act, the other the
    event's trigger ("shot and killed", "captured and executed")? The coder codes such a
    pair once, by one of its verbs."""
    trigger = event.trigger.lower().split()
    if not word or not trigger:
        return False
    text = " ".join(_WORD.findall(event.sentence.lower()))
    pairs = (f"{word} and {trigger[0]}", f"{trigger[-1]} and {word}")
    return any(f" {p} " in f" {text} " for p in pairs)


def run_event_verb_eval(
    coder: Coder, path: Path, limit: int | None = None, seed: int = 0
) -> dict[str, Any]:
    records = load_records(path, limit, seed)
    predictions = code_texts(coder, [(str(r["id"]), r["text"], None) for r in records])
    covered = done = any_event = by_pair = as_result = 0
    roots: Counter[str] = Counter()
    acled: Counter[str] = Counter()
    missed: Counter[str] = Counter()
    for record, events in zip(records, predictions, strict=True):
        word = _marked(record)
        any_event += bool(events)
        hits = [e for e in events if _reports(e, word)]
        if not hits:
            hits = [e for e in events if _coordinated(e, word)]
            by_pair += bool(hits)
        if not hits and word in _RESULT_WORDS:
            # "stormed the village, killing 15": one event, the dead counted on it
            hits = [e for e in events if e.fatalities and word in e.sentence.lower()]
            as_result += bool(hits)
        if not hits:
            missed[word or "-"] += 1
            continue
        covered += 1
        done += any(not derived(e) for e in asserted(hits))
        first = hits[0]
        roots[first.cameo.root_code if first.cameo else "-"] += 1
        acled[first.acled.event_type if first.acled else "-"] += 1
    n = len(records)
    return {
        "records": n,
        "marked_verb_coded": round(covered / n, 4) if n else 0.0,
        "marked_verb_coded_as_done": round(done / n, 4) if n else 0.0,
        # of marked_verb_coded: by the other verb of an "X and Y" pair
        "marked_verb_coded_by_its_pair": round(by_pair / n, 4) if n else 0.0,
        # of marked_verb_coded: "killing N" counted as the dead of the event it follows
        "marked_verb_merged_as_result": round(as_result / n, 4) if n else 0.0,
        "records_with_any_event": round(any_event / n, 4) if n else 0.0,
        "coded_by_cameo_root": dict(roots.most_common()),
        "coded_by_acled_type": dict(acled.most_common()),
        "most_missed_verbs": [f"{w} {c}" for w, c in missed.most_common(15)],
        "limit": limit,
        "seed": seed,
    }
