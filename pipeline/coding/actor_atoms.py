"""The parts an actor phrase is made of: dictionary hits ("atoms") and what each codes as.

``actor_phrases`` combines them into one actor per noun phrase; this module knows only
single hits: a country, a seat, a person (by the office held on a date), an
organisation or a generic agent on its own.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Protocol

from pipeline.coding.actor_dictionary import ActorDictionary, ActorEntry, Office
from pipeline.models import Actor

# ACLED actor type by sector, for actors whose entry does not say.
SECTOR_INTER = {
    "GOV": 1,
    "MIL": 1,
    "COP": 1,
    "SPY": 1,
    "LEG": 1,
    "JUD": 1,
    "REB": 2,
    "UAF": 3,
    "CVL": 7,
    "REF": 7,
    "MED": 7,
    "NGO": 7,
    "EDU": 7,
    "HLH": 7,
    "BUS": 7,
    "LAB": 7,
    "AGR": 7,
    "IGO": 8,
}

# Sectors of people who belong where they are found: "killed 23 people in Tel Aviv"
# (``ActorLookup.placed``), "Darfur rebels" (a place name before the head). Not an army,
# a government or its agents (troops in Hebron, the coalition's jets over Syria, are not
# the place's), nor the media (a named outlet coded MED is no local).
PEOPLE_OF_A_PLACE = frozenset(
    {"CVL", "OPP", "LAB", "REF", "COP", "REB", "UAF", "AGR", "EDU", "HLH", "BUS", "ELI"}
    | {"JUD", "LEG", "CRM"}
)


@dataclass(frozen=True)
class Atom:
    """One dictionary hit, pronoun or anaphoric definite: the parts phrases are made of."""

    start: int
    end: int
    entry: ActorEntry | None
    role: str  # name | demonym | capital | seat | alias | agent | office | pronoun | definite
    kind: str  # the entry kind, or "capital", "pronoun", "definite"
    anaphor: str | None = None  # the noun of a definite ("alliance")


class AtomIndex:
    """The atoms of one Doc sorted by start, for range queries without a full scan."""

    # Longer than any dictionary form in tokens; bounds the look-back for covering atoms.
    MAX_ATOM_TOKENS = 16

    def __init__(self, atoms: Sequence[Atom]) -> None:
        self.atoms = sorted(atoms, key=lambda a: (a.start, a.end))
        self._starts = [a.start for a in self.atoms]

    def __iter__(self) -> Iterator[Atom]:
        return iter(self.atoms)

    def between(self, start: int, end: int) -> list[Atom]:
        """Atoms that start in [start, end)."""
        lo = bisect_left(self._starts, start)
        hi = bisect_left(self._starts, end)
        return self.atoms[lo:hi]

    def covering(self, i: int) -> list[Atom]:
        return [a for a in self.between(i - self.MAX_ATOM_TOKENS, i + 1) if a.end > i]


class PlaceCountry(Protocol):
    """Place name -> ISO-3 country; ``prefer`` picks that country's place of the name
    when it has one ("the town of Bardere" beside Somali troops is Somalia's); ``exact``
    takes the name only as the gazetteer spells it, never a looser spelling."""

    def __call__(self, name: str, prefer: str | None = None, exact: bool = False) -> str | None: ...


@dataclass(frozen=True)
class PhraseContext:
    on: date | None
    default_country: str | None
    dictionary: ActorDictionary
    # Only a country the caller passed (e.g. the dateline's): it also gives "President X"
    # with an unknown name a country, which the guessed main country is too weak for.
    given_country: str | None = None
    # Optional place-name -> ISO-3 lookup (a gazetteer), for "militants in Mosul".
    place_country: PlaceCountry | None = None


def office_on(entry: ActorEntry, on: date | None) -> tuple[Office, bool]:
    """The office ``entry`` held on ``on`` and True, or the nearest one and False."""
    offices = entry.offices
    if on is None:
        return max(offices, key=lambda o: o.start or date.min), True
    holding = [o for o in offices if o.holds_on(on)]
    if holding:
        return max(holding, key=lambda o: o.start or date.min), True

    def distance(office: Office) -> int:
        if office.end is not None and office.end <= on:
            return (on - office.end).days
        return ((office.start or on) - on).days

    return min(offices, key=distance), False


def country_code(dictionary: ActorDictionary, iso3: str | None) -> str | None:
    if iso3 is None:
        return None
    entry = dictionary.entries.get(f"country:{iso3}")
    return entry.code if entry is not None and entry.code else iso3


def atom_actor(atom: Atom, text: str, context: PhraseContext) -> Actor | None:
    """The actor a dictionary hit denotes on its own."""
    entry = atom.entry
    if entry is None:
        return None
    if entry.kind == "country":
        if entry.sector is not None:  # a seat: Kremlin, Pentagon
            return Actor(
                text=text,
                code=entry.code,
                country=entry.country,
                sector=entry.sector,
                acled_inter=entry.acled_inter,
            )
        if atom.role == "capital":
            return Actor(
                text=text,
                code=f"{entry.code}GOV",
                country=entry.country,
                sector="GOV",
                acled_inter=1,
            )
        return Actor(text=text, code=entry.code, country=entry.country, acled_inter=1)
    if entry.kind == "person":
        office, holds = office_on(entry, context.on)
        sector = office.sector if holds else "ELI"
        prefix = country_code(context.dictionary, office.country)
        if office.code is not None:
            code: str | None = office.code if holds else None
        else:
            code = f"{prefix}{sector}" if prefix else None
        inter = (8 if office.code is not None else SECTOR_INTER.get(sector)) if holds else None
        return Actor(text=text, code=code, country=office.country, sector=sector, acled_inter=inter)
    if entry.kind in ("group", "igo", "ngo", "media"):
        return Actor(
            text=text,
            code=entry.code,
            country=entry.country,
            sector=entry.sector,
            acled_inter=entry.acled_inter,
        )
    code = entry.sector if entry.codes_bare else None
    return Actor(text=text, code=code, sector=entry.sector, acled_inter=entry.acled_inter)
