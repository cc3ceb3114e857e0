"""Cross-article deduplication: which stored events describe the same real event.

Two events are mentions of one canonical event when their **group** is equal and their
**day** is within ``DAY_TOLERANCE`` (1) day of the canonical event's anchor day.

The group is, all compared exactly after normalisation:

- modality: asserted, negated, hypothetical or future (a denial never merges with
  the strike it denies);
- source actor country and sector, target actor country and sector (a missing value
  is its own value: "unknown" only matches "unknown");
- the CAMEO base code (``190`` and ``195`` stay apart; ``1951`` and ``195`` merge);
- the place: the location country plus its admin1 when the gazetteer gave one, else
  the place name (case, accents and punctuation ignored). So "near Saraqeb" and "in
  Idlib province" merge when both resolved to admin1 Idlib; two towns in different
  admin1 areas never merge.

The day is the event date, else the day of the article's publication. An event with
neither, or with no CAMEO code, is never merged: it is a canonical event of its own.

The anchor day of a canonical event is the day of its first mention and never moves,
so the window cannot creep: reports dated 7, 8 and 9 October join an event anchored
on the 8th, but an event anchored on the 7th takes the 8th and not the 9th. When
several canonical events are in reach, the nearest anchor wins (then the earlier, then
the smaller id), so the result is deterministic for a given arrival order. Arrival
order can still matter at the edges (a report dated the 9th that arrives before the
one dated the 8th anchors a different event); the store serialises writers so that
two workers cannot create two canonical events for the same report.

The canonical id is ``deterministic_id("canonical", group, anchor day)``: replaying
the same events rebuilds the same ids.
"""

from __future__ import annotations

import hashlib
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from pipeline.ids import deterministic_id
from pipeline.models import Actor, Event

DAY_TOLERANCE = 1

_NON_WORD = re.compile(r"[^a-z0-9]+")


@dataclass(frozen=True)
class DedupKey:
    """What an event is compared on: ``group`` must be equal, ``day`` close enough."""

    group: str
    day: date


@dataclass(frozen=True)
class Canonical:
    """A canonical event as dedup sees it: its id, group and fixed anchor day."""

    canonical_id: str
    group: str
    anchor: date | None


@dataclass(frozen=True)
class Assignment:
    """Which canonical event each new event belongs to, and which canonicals are new."""

    canonical_of: dict[str, str]
    created: tuple[Canonical, ...]


def normalise_name(text: str | None) -> str:
    """Lower case, no accents, punctuation and runs of spaces collapsed to one space."""
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    plain = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_WORD.sub(" ", plain).strip()


def _actor_part(actor: Actor | None) -> str:
    if actor is None:
        return "-/-"
    return f"{actor.country or '-'}/{actor.sector or '-'}"


def _modality(event: Event) -> str:
    if event.negated:
        return "negated"
    if event.hypothetical:
        return "hypothetical"
    if event.future:
        return "future"
    return "asserted"


def place_key(event: Event) -> str:
    """The place part of the group: country plus admin1 if known, else the place name."""
    loc = event.location
    if loc is None:
        return "-"
    if loc.admin1:
        return f"{loc.country or '-'}/a1:{normalise_name(loc.admin1)}"
    return f"{loc.country or '-'}/pl:{normalise_name(loc.name)}"


def event_day(event: Event) -> date | None:
    """The day dedup compares: the event date, else the article's publication day."""
    if event.event_date is not None:
        return event.event_date
    if event.published_at is not None:
        return event.published_at.date()
    return None


def dedup_key(event: Event) -> DedupKey | None:
    """The key of ``event``, or None when it must stay a canonical event of its own."""
    day = event_day(event)
    if event.cameo is None or day is None:
        return None
    parts = (
        _modality(event),
        _actor_part(event.source),
        _actor_part(event.target),
        event.cameo.base_code,
        place_key(event),
    )
    # Hashed so the indexed column stays short whatever the place names are.
    group = hashlib.sha256("|".join(parts).encode("utf-8")).hexdigest()[:32]
    return DedupKey(group=group, day=day)


def canonical_id(group: str, anchor: date) -> str:
    return deterministic_id("canonical", group, anchor.isoformat())


def singleton_id(event_id: str) -> str:
    """The canonical id of an event that is never merged."""
    return deterministic_id("canonical-single", event_id)


def _pick(candidates: Iterable[Canonical], day: date) -> Canonical | None:
    best: tuple[int, date, str] | None = None
    chosen: Canonical | None = None
    for cand in candidates:
        if cand.anchor is None:
            continue
        distance = abs((day - cand.anchor).days)
        if distance > DAY_TOLERANCE:
            continue
        rank = (distance, cand.anchor, cand.canonical_id)
        if best is None or rank < best:
            best, chosen = rank, cand
    return chosen


def assign(
    new_events: Sequence[tuple[str, DedupKey | None]],
    existing: Iterable[Canonical],
) -> Assignment:
    """Attach each ``(event_id, key)`` to an existing or a new canonical event.

    ``existing`` needs to hold only the canonical events whose group appears among the
    keys and whose anchor is within reach of their days. Events are taken in order of
    (day, event id), so one batch gives the same answer however it was ordered.
    """
    pool: dict[str, list[Canonical]] = {}
    for cand in existing:
        pool.setdefault(cand.group, []).append(cand)
    canonical_of: dict[str, str] = {}
    created: list[Canonical] = []

    keyed = [(eid, key) for eid, key in new_events if key is not None]
    keyed.sort(key=lambda item: (item[1].day, item[0]))
    for eid, key in keyed:
        found = _pick(pool.get(key.group, ()), key.day)
        if found is None:
            found = Canonical(canonical_id(key.group, key.day), key.group, key.day)
            pool.setdefault(key.group, []).append(found)
            created.append(found)
        canonical_of[eid] = found.canonical_id

    for eid, maybe_key in new_events:
        if maybe_key is None:
            single = Canonical(singleton_id(eid), f"single:{eid}", None)
            created.append(single)
            canonical_of[eid] = single.canonical_id
    return Assignment(canonical_of=canonical_of, created=tuple(created))
