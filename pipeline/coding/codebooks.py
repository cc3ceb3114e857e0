"""CAMEO, PLOVER and ACLED code tables, loaded from ``pipeline/data/cameo/``.

The tables are facts kept as data files (see that folder's README). This module only
reads them and applies the few rules that depend on the actors rather than on the code
(ACLED's violence-against-civilians split and the interaction code).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import cast, get_args

from pipeline.models import Acled, AcledDisorderType, AcledEventType, Cameo, Plover, PloverType

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "cameo"

PLOVER_TYPES: frozenset[str] = frozenset(get_args(PloverType))
# Aerial and remote weapons stay "Explosions/Remote violence" even against civilians,
# as ACLED codes them.
_REMOTE_PREFIXES = ("183", "194", "195", "204")


def quad_class(code: str) -> int:
    """GDELT's quad class from the root: 01-05 -> 1, 06-09 -> 2, 10-14 -> 3, 15-20 -> 4."""
    root = int(code[:2])
    if root <= 5:
        return 1
    if root <= 9:
        return 2
    if root <= 14:
        return 3
    return 4


def base_code(code: str) -> str:
    """The three-digit base of a code ('1712' -> '171'); a root stays a root."""
    return code[:3]


@dataclass(frozen=True)
class AcledCategory:
    disorder_type: str
    event_type: str
    sub_event_type: str


@dataclass(frozen=True)
class Codebook:
    """Read-only views of the three tables."""

    goldstein: Mapping[str, float]
    labels: Mapping[str, str]
    plover: Mapping[str, tuple[str, str | None]]
    acled: Mapping[str, AcledCategory]
    # The blocks are frozen models, so each is built once per key and shared by events.
    _cameos: dict[str, Cameo] = field(default_factory=dict, repr=False, compare=False)
    _plovers: dict[tuple[str, str | None], Plover | None] = field(
        default_factory=dict, repr=False, compare=False
    )
    _acleds: dict[tuple[str, int | None, int | None], Acled | None] = field(
        default_factory=dict, repr=False, compare=False
    )

    def is_code(self, code: str) -> bool:
        return code in self.goldstein

    def cameo(self, code: str) -> Cameo:
        """The Cameo block of a known code (KeyError for an unknown one: no default code)."""
        block = self._cameos.get(code)
        if block is None:
            block = self._cameos[code] = Cameo(
                code=code,
                base_code=base_code(code),
                root_code=code[:2],
                quad_class=quad_class(code),
                goldstein=self.goldstein[code],
            )
        return block

    def plover_for(self, code: str, mode: str | None = None) -> Plover | None:
        """PLOVER type for a code (falling back to its base, then root); ``mode`` overrides."""
        key = (code, mode)
        if key not in self._plovers:
            self._plovers[key] = self._plover_for(code, mode)
        return self._plovers[key]

    def _plover_for(self, code: str, mode: str | None) -> Plover | None:
        for key in (code, code[:3], code[:2]):
            if key in self.plover:
                event_type, table_mode = self.plover[key]
                return Plover(event_type=cast(PloverType, event_type), mode=mode or table_mode)
        return None

    def acled_for(
        self, code: str, source_inter: int | None, target_inter: int | None
    ) -> Acled | None:
        """ACLED category for a code and the two actors' inter codes, or None if out of scope."""
        key = (code, source_inter, target_inter)
        if key not in self._acleds:
            self._acleds[key] = self._acled_for(code, source_inter, target_inter)
        return self._acleds[key]

    def _acled_for(
        self, code: str, source_inter: int | None, target_inter: int | None
    ) -> Acled | None:
        category = None
        for length in (4, 3, 2):
            category = self.acled.get(code[:length])
            if category is not None:
                break
        if category is None:
            return None
        disorder, event_type, sub_event = (
            category.disorder_type,
            category.event_type,
            category.sub_event_type,
        )
        root = code[:2]
        if (
            root in ("18", "19", "20")
            and target_inter == 7
            and not code.startswith(_REMOTE_PREFIXES)
            and event_type == "Battles"
        ):
            disorder, event_type, sub_event = (
                "Political violence",
                "Violence against civilians",
                "Attack",
            )
        if code.startswith("192") and source_inter == 1:
            sub_event = "Government regains territory"
        return Acled(
            disorder_type=cast(AcledDisorderType, disorder),
            event_type=cast(AcledEventType, event_type),
            sub_event_type=sub_event,
            interaction=interaction(source_inter, target_inter),
        )


def interaction(first: int | None, second: int | None) -> int | None:
    """ACLED interaction: the two inter codes joined, lower first; one actor alone is N0."""
    codes = sorted(c for c in (first, second) if c is not None)
    if not codes:
        return None
    if len(codes) == 1:
        return codes[0] * 10
    return codes[0] * 10 + codes[1]


def _rows(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows


@lru_cache(maxsize=4)
def load_codebook(data_dir: Path = DATA_DIR) -> Codebook:
    """Read the tables once per process (cached; the result is immutable)."""
    goldstein: dict[str, float] = {}
    labels: dict[str, str] = {}
    for code, value, label in _rows(data_dir / "cameo_codes.tsv"):
        goldstein[code] = float(value)
        labels[code] = label
    plover: dict[str, tuple[str, str | None]] = {}
    for code, event_type, mode, _context in _rows(data_dir / "cameo_to_plover.tsv"):
        if event_type not in PLOVER_TYPES:
            raise ValueError(f"cameo_to_plover.tsv: {event_type!r} is not a PLOVER type")
        plover[code] = (event_type, None if mode == "-" else mode)
    acled: dict[str, AcledCategory] = {}
    for prefix, disorder, event_type, sub_event in _rows(data_dir / "cameo_to_acled.tsv"):
        acled[prefix] = AcledCategory(disorder, event_type, sub_event)
    return Codebook(
        goldstein=MappingProxyType(goldstein),
        labels=MappingProxyType(labels),
        plover=MappingProxyType(plover),
        acled=MappingProxyType(acled),
    )
