"""The actor dictionary: countries, people, organisations and generic agents, from data files.

Everything the actor coder knows lives in YAML files under ``pipeline/data/actors/``
(format in that folder's README). A user adds actors with extra files of the same
format (``Settings.nlp.actor_dictionaries``); later files win on a clashing ``id``.
The dictionary is read once per process per list of files (``load_actor_dictionary``).

Every surface form becomes a ``Surface``: a lowercased token sequence that points at an
entry and says what role the form plays (a country's name, its demonym, its capital, a
seat of government, a person's name, an organisation's alias, a generic agent word).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal, cast

import pycountry
import yaml

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "actors"
BUILTIN_FILES = (
    "countries.yaml",
    "people.yaml",
    "leaders.yaml",
    "organisations.yaml",
    "regional.yaml",
    "agents.yaml",
    "identities.yaml",
)

EntryKind = Literal["country", "person", "group", "igo", "ngo", "media", "generic"]
SurfaceRole = Literal["name", "demonym", "capital", "seat", "alias", "agent", "office"]

# Sectors that belong to a state: "troops" alone says nothing about whose troops they
# are, so without a country these code only for agents marked `bare` (the sector
# alone: "soldiers" -> MIL).
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "JUD", "LEG"})
_AGENT_KEYS = frozenset(
    {
        "id",
        "sector",
        "acled_inter",
        "contextual",
        "person",
        "identity",
        "needs_country",
        "bare",
        "country",
        "names",
        "exact",
    }
)

# "the country", "the nation" refer back to the last country named.
COUNTRY_ANAPHORS = frozenset({"country", "nation"})


class DictionaryError(ValueError):
    """A dictionary file that does not follow the documented format."""


@dataclass(frozen=True)
class Office:
    """One office a person held: the country and sector it codes as, between two dates."""

    country: str | None  # None for an office in an international organisation
    sector: str
    role: str
    start: date | None
    end: date | None  # None: still in office
    code: str | None = None  # the full code when it is not country + sector (IGOUNO)

    def holds_on(self, on: date) -> bool:
        return (self.start is None or self.start <= on) and (self.end is None or on < self.end)


@dataclass(frozen=True)
class ActorEntry:
    """One dictionary entry. ``code`` is the full CAMEO code for fixed actors (organisations,
    armed groups, seats); for countries it is the CAMEO country code, for generic agents None.
    """

    entry_id: str
    kind: EntryKind
    code: str | None = None
    country: str | None = None
    sector: str | None = None
    acled_inter: int | None = None
    offices: tuple[Office, ...] = ()
    # Definite nouns that may refer back to this entry: "the alliance", "the group".
    anaphors: frozenset[str] = frozenset()
    # Generic agents only: the phrase takes its country from the article when nothing
    # in it names one ("the regime", "government troops").
    contextual: bool = False
    # Generic agents only: a person-denoting title ("president", "spokesman").
    person: bool = False
    # Generic agents only: a CAMEO ethnic or religious block appended to the code
    # ("Kurdish fighters" -> ...REBKUR, "Shiite militias" -> ...REBSHI).
    identity: str | None = None
    # Generic agents only: an actor only when the phrase says whose ("Iraqi towns",
    # "the town of Gorazde"); "the town" alone is just a place.
    needs_country: bool = False
    # Generic state agents only: with no country known, the sector alone is the code
    # ("soldiers" -> MIL, as GDELT codes an agent whose country the text does not give).
    # Off for words that need not be a state's ("planes", "leaders", "observers").
    bare: bool = False

    @property
    def codes_bare(self) -> bool:
        """May this agent be coded by its sector alone, with no country?"""
        return self.sector is not None and (self.bare or self.sector not in STATE_SECTORS)


@dataclass(frozen=True)
class Surface:
    """A surface form and what it means."""

    entry_id: str
    role: SurfaceRole
    alternatives: tuple[str, ...] = ()  # namesakes sharing this form

    @property
    def entry_ids(self) -> tuple[str, ...]:
        return (self.entry_id, *self.alternatives)


@dataclass(frozen=True)
class ActorDictionary:
    """All entries plus the surface forms that find them (lowercased, tokenised by spaces)."""

    entries: Mapping[str, ActorEntry]
    # Case-insensitive forms ("nato" finds "NATO", "Nato").
    surfaces: Mapping[str, Surface]
    # Forms matched only as written ("IS", "US", "AP"), where lowercase is a common word.
    exact_surfaces: Mapping[str, Surface]
    # Words that turn a title into a former one ("former president" -> ELI).
    former_markers: frozenset[str] = frozenset()
    # Pronouns that refer back to the last person.
    person_pronouns: frozenset[str] = frozenset()
    sources: tuple[Path, ...] = field(default=())
    # Single-word nouns some entry lists in ``anaphors`` ("alliance", "group").
    anaphor_nouns: frozenset[str] = frozenset()
    # Pronouns that refer back to a country, organisation or group ("its forces").
    group_pronouns: frozenset[str] = frozenset()
    # Lemmas of heads no modifier makes an actor ("Chinese exports", "German inflation").
    not_actor_heads: frozenset[str] = frozenset()

    def entry(self, entry_id: str) -> ActorEntry:
        return self.entries[entry_id]

    def lookup(self, text: str) -> Surface | None:
        """The meaning of one surface form, exact-case forms first."""
        exact = self.exact_surfaces.get(text)
        if exact is not None:
            return exact
        return self.surfaces.get(" ".join(text.lower().split()))


@lru_cache(maxsize=8)
def _load_cached(files: tuple[Path, ...]) -> ActorDictionary:
    return build_actor_dictionary(files)


def load_actor_dictionary(extra: Sequence[Path] = ()) -> ActorDictionary:
    """The built-in dictionary plus ``extra`` files, built once per process per file list."""
    files = tuple(DATA_DIR / name for name in BUILTIN_FILES) + tuple(
        Path(p).resolve() for p in extra
    )
    return _load_cached(files)


def build_actor_dictionary(files: Iterable[Path]) -> ActorDictionary:
    """Read the files in order (later entries replace earlier ones with the same id)."""
    builder = _Builder()
    paths = tuple(files)
    for path in paths:
        try:
            data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        except (OSError, yaml.YAMLError) as exc:
            raise DictionaryError(f"{path}: {exc}") from exc
        if not isinstance(data, dict):
            raise DictionaryError(f"{path}: top level must be a mapping")
        builder.add_file(path, data)
    return builder.build(paths)


class _Builder:
    """Collects entries and surface forms from parsed files; used once, then discarded."""

    def __init__(self) -> None:
        self.entries: dict[str, ActorEntry] = {}
        self.surfaces: dict[str, Surface] = {}
        self.exact: dict[str, Surface] = {}
        self.former: set[str] = set()
        self.pronouns: set[str] = set()
        self.group_pronouns: set[str] = set()
        self.not_actor_heads: set[str] = set()
        self._countries_seeded = False

    def build(self, paths: tuple[Path, ...]) -> ActorDictionary:
        return ActorDictionary(
            entries=MappingProxyType(dict(self.entries)),
            surfaces=MappingProxyType(dict(self.surfaces)),
            exact_surfaces=MappingProxyType(dict(self.exact)),
            former_markers=frozenset(self.former),
            person_pronouns=frozenset(self.pronouns),
            group_pronouns=frozenset(self.group_pronouns),
            not_actor_heads=frozenset(self.not_actor_heads),
            sources=paths,
            anaphor_nouns=frozenset(
                word
                for entry in self.entries.values()
                for word in entry.anaphors
                if " " not in word
            ),
        )

    def add_file(self, path: Path, data: Mapping[str, Any]) -> None:
        known = {
            "countries",
            "seats",
            "people",
            "actors",
            "agents",
            "former_markers",
            "person_pronouns",
            "group_pronouns",
            "not_actor_heads",
            "exact",
        }
        unknown = set(data) - known
        if unknown:
            raise DictionaryError(f"{path}: unknown sections {sorted(unknown)}")
        if "countries" in data and not self._countries_seeded:
            self._seed_pycountry()
        for item in data.get("countries") or ():
            self._add_country(path, item)
        for item in data.get("seats") or ():
            self._add_seat(path, item)
        for item in data.get("people") or ():
            self._add_person(path, item)
        for item in data.get("actors") or ():
            self._add_actor(path, item)
        for item in data.get("agents") or ():
            self._add_agent(path, item)
        self.former.update(str(w).lower() for w in data.get("former_markers") or ())
        self.pronouns.update(str(w).lower() for w in data.get("person_pronouns") or ())
        self.group_pronouns.update(str(w).lower() for w in data.get("group_pronouns") or ())
        self.not_actor_heads.update(str(w).lower() for w in data.get("not_actor_heads") or ())

    def _seed_pycountry(self) -> None:
        """Official and common names of every ISO 3166 country, before our own forms."""
        self._countries_seeded = True
        for country in pycountry.countries:
            iso3 = str(country.alpha_3)
            entry_id = f"country:{iso3}"
            self.entries[entry_id] = ActorEntry(
                entry_id, "country", code=iso3, country=iso3, anaphors=COUNTRY_ANAPHORS
            )
            for attr in ("name", "common_name", "official_name"):
                name = getattr(country, attr, None)
                if name and "," not in name:
                    self._surface(name, Surface(entry_id, "name"), weak=True)

    def _surface(
        self, form: str, surface: Surface, *, exact: bool = False, weak: bool = False
    ) -> None:
        # Short all-capital acronyms (UN, IS, WHO) are also common words in lower case.
        if surface.role not in ("agent", "office") and _is_acronym(form):
            exact = True
        key = form if exact else " ".join(form.lower().split())
        table = self.exact if exact else self.surfaces
        old = table.get(key)
        if weak and old is not None:
            return
        if (
            old is not None
            and old.role == surface.role == "name"
            and old.entry_id.startswith("person:")
            and surface.entry_id.startswith("person:")
            and surface.entry_id not in old.entry_ids
        ):
            # Namesakes ("Bush"): the one in office on the date is chosen when coding.
            surface = Surface(old.entry_id, "name", (*old.alternatives, surface.entry_id))
        table[key] = surface

    def _forms(self, path: Path, item: Mapping[str, Any], key: str) -> list[str]:
        value = item.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not all(isinstance(v, str) and v.strip() for v in value):
            raise DictionaryError(f"{path}: {key} of {item!r} must be a list of strings")
        return [str(v) for v in value]

    def _add_names(
        self,
        path: Path,
        item: Mapping[str, Any],
        entry_id: str,
        role: SurfaceRole,
        key: str = "names",
    ) -> None:
        for form in self._forms(path, item, key):
            self._surface(form, Surface(entry_id, role))
        for form in self._forms(path, item, "exact" if key == "names" else f"exact_{key}"):
            self._surface(form, Surface(entry_id, role), exact=True)

    def _add_country(self, path: Path, item: Mapping[str, Any]) -> None:
        iso3 = _code(path, item, "iso3", 3)
        if iso3 is None:
            raise DictionaryError(f"{path}: country without iso3: {item!r}")
        entry_id = f"country:{iso3}"
        code = _code(path, item, "cameo", 3) or iso3
        self.entries[entry_id] = ActorEntry(
            entry_id, "country", code=code, country=iso3, anaphors=COUNTRY_ANAPHORS
        )
        self._add_names(path, item, entry_id, "name")
        self._add_names(path, item, entry_id, "demonym", "demonyms")
        self._add_names(path, item, entry_id, "capital", "capitals")

    def _add_seat(self, path: Path, item: Mapping[str, Any]) -> None:
        country = _code(path, item, "country", 3)
        sector = _code(path, item, "sector", 3)
        if country is None or sector is None:
            raise DictionaryError(f"{path}: a seat needs country and sector: {item!r}")
        first = (self._forms(path, item, "names") + self._forms(path, item, "exact"))[0]
        entry_id = f"seat:{item.get('id') or first}"
        self.entries[entry_id] = ActorEntry(
            entry_id,
            "country",
            code=country + sector,
            country=country,
            sector=sector,
            acled_inter=_inter(path, item, default=1),
        )
        self._add_names(path, item, entry_id, "seat")

    def _add_person(self, path: Path, item: Mapping[str, Any]) -> None:
        entry_id = f"person:{_required(path, item, 'id')}"
        offices = []
        for office in item.get("offices") or ():
            country = _code(path, office, "country", 3)
            code = _code(path, office, "code", None)
            sector = _code(path, office, "sector", 3) or "GOV"
            if country is None and code is None:
                raise DictionaryError(f"{path}: office without country or code in {entry_id}")
            offices.append(
                Office(
                    country,
                    sector,
                    str(office.get("role", "")),
                    _date(path, office, "from"),
                    _date(path, office, "to"),
                    code,
                )
            )
        if not offices:
            raise DictionaryError(f"{path}: {entry_id} has no offices")
        offices.sort(key=lambda o: o.start or date.min)
        self.entries[entry_id] = ActorEntry(
            entry_id, "person", offices=tuple(offices), acled_inter=_inter(path, item, default=1)
        )
        self._add_names(path, item, entry_id, "name")

    def _add_actor(self, path: Path, item: Mapping[str, Any]) -> None:
        kind = _required(path, item, "kind")
        if kind not in ("group", "igo", "ngo", "media"):
            raise DictionaryError(f"{path}: actor kind must be group|igo|ngo|media: {item!r}")
        entry_id = f"{kind}:{_required(path, item, 'id')}"
        code = _code(path, item, "code", None)
        if code is None:
            raise DictionaryError(f"{path}: {entry_id} needs a code")
        self.entries[entry_id] = ActorEntry(
            entry_id,
            cast(EntryKind, kind),
            code=code,
            country=_code(path, item, "country", 3),
            sector=_code(path, item, "sector", 3),
            acled_inter=_inter(path, item, default=None),
            anaphors=frozenset(w.lower() for w in self._forms(path, item, "anaphors")),
        )
        self._add_names(path, item, entry_id, "alias")

    def _add_agent(self, path: Path, item: Mapping[str, Any]) -> None:
        entry_id = f"generic:{_required(path, item, 'id')}"
        unknown = set(item) - _AGENT_KEYS
        if unknown:
            # a misspelt flag ("bar: true") would otherwise change nothing, silently
            raise DictionaryError(f"{path}: agent {entry_id}: unknown keys {sorted(unknown)}")
        self.entries[entry_id] = ActorEntry(
            entry_id,
            "generic",
            sector=_code(path, item, "sector", 3),
            acled_inter=_inter(path, item, default=None),
            contextual=bool(item.get("contextual", False)),
            person=bool(item.get("person", False)),
            identity=_code(path, item, "identity", 3),
            needs_country=bool(item.get("needs_country", False)),
            bare=bool(item.get("bare", False)),
            country=_code(path, item, "country", 3),
        )
        self._add_names(path, item, entry_id, "office" if item.get("person") else "agent")


def _is_acronym(form: str) -> bool:
    letters = form.replace(".", "")
    return letters.isalpha() and letters.isupper() and len(letters) <= 5


def _required(path: Path, item: Mapping[str, Any], key: str) -> str:
    value = item.get(key)
    if not isinstance(value, str) or not value:
        raise DictionaryError(f"{path}: missing {key} in {item!r}")
    return value


def _code(path: Path, item: Mapping[str, Any], key: str, length: int | None) -> str | None:
    value = item.get(key)
    if value is None:
        return None
    text = str(value)
    ok = text.isascii() and text.isalpha() and text.isupper()
    if not ok or (length is not None and len(text) != length) or not 3 <= len(text) <= 15:
        raise DictionaryError(f"{path}: {key}={text!r} is not an upper-case code in {item!r}")
    return text


def _inter(path: Path, item: Mapping[str, Any], default: int | None) -> int | None:
    value = item.get("acled_inter", default)
    if value is None:
        return None
    if not isinstance(value, int) or not 1 <= value <= 8:
        raise DictionaryError(f"{path}: acled_inter must be 1-8 in {item!r}")
    return value


def _date(path: Path, item: Mapping[str, Any], key: str) -> date | None:
    value = item.get(key)
    if value is None:
        return None
    if isinstance(value, date):
        return value
    if isinstance(value, int):  # a bare year
        return date(value, 1, 1) if key == "from" else date(value, 12, 31)
    try:
        return date.fromisoformat(str(value))
    except ValueError as exc:
        raise DictionaryError(f"{path}: {key}={value!r} is not a date") from exc
