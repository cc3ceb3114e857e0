"""What a rule sees of an event: does it match, which group, how much it counts, which day.

Pure functions over ``Event``; ``CompiledRule`` turns a rule's lists into sets once so
the engine's hot path is a few set look-ups per rule.
"""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from datetime import UTC, date
from importlib import resources

import pycountry

from pipeline.alerting.rules import AlertRule, GroupField
from pipeline.models import Event

GROUP_SEPARATOR = "|"
MAX_GROUP_KEY = 200


def event_day(event: Event) -> date | None:
    """The day an event counts on: its resolved date, else the article's UTC publication day.

    Never the Kafka timestamp or the wall clock: a replay must count the same as the
    live run did.
    """
    if event.event_date is not None:
        return event.event_date
    if event.published_at is not None:
        return event.published_at.astimezone(UTC).date()
    return None


@dataclass(frozen=True)
class CompiledRule:
    """A rule with its criteria as sets and its spans in days."""

    rule: AlertRule
    window_days: int
    cooldown_days: int
    tags: frozenset[str]
    cameo: tuple[str, ...]
    acled_event_types: frozenset[str]
    acled_sub_event_types: frozenset[str]
    plover_types: frozenset[str]
    source_countries: frozenset[str]
    target_countries: frozenset[str]
    location_countries: frozenset[str]
    source_codes: tuple[str, ...]
    target_codes: tuple[str, ...]

    @classmethod
    def build(cls, rule: AlertRule) -> CompiledRule:
        m = rule.match
        return cls(
            rule=rule,
            window_days=rule.window_span.days,
            cooldown_days=rule.cooldown_span.days,
            tags=frozenset(m.tags),
            cameo=m.cameo,
            acled_event_types=frozenset(m.acled_event_types),
            acled_sub_event_types=frozenset(m.acled_sub_event_types),
            plover_types=frozenset(m.plover_types),
            source_countries=frozenset(m.source_countries),
            target_countries=frozenset(m.target_countries),
            location_countries=frozenset(m.location_countries),
            source_codes=m.source_codes,
            target_codes=m.target_codes,
        )

    def matches(self, event: Event) -> bool:
        m = self.rule.match
        if event.negated and not m.include_negated:
            return False
        if event.hypothetical and not m.include_hypothetical:
            return False
        if event.future and not m.include_future:
            return False
        if event.confidence < m.min_confidence:
            return False
        if self.tags and self.tags.isdisjoint(event.tags):
            return False
        if self.cameo and (event.cameo is None or not event.cameo.code.startswith(self.cameo)):
            return False
        acled = event.acled
        if self.acled_event_types and (
            acled is None or acled.event_type not in self.acled_event_types
        ):
            return False
        if self.acled_sub_event_types and (
            acled is None or acled.sub_event_type not in self.acled_sub_event_types
        ):
            return False
        if self.plover_types and (
            event.plover is None or event.plover.event_type not in self.plover_types
        ):
            return False
        src, tgt, loc = event.source, event.target, event.location
        if self.source_countries and (src is None or src.country not in self.source_countries):
            return False
        if self.target_countries and (tgt is None or tgt.country not in self.target_countries):
            return False
        if self.location_countries and (loc is None or loc.country not in self.location_countries):
            return False
        if self.source_codes and (
            src is None or not (src.code or "").startswith(self.source_codes)
        ):
            return False
        return not (
            self.target_codes
            and (tgt is None or not (tgt.code or "").startswith(self.target_codes))
        )

    def value(self, event: Event) -> int:
        """How much one event adds to the window's measure."""
        measure = self.rule.measure
        if measure == "reports":
            return event.report_count or 1
        if measure == "fatalities":
            return event.fatalities or 0
        return 1

    def group_key(self, event: Event) -> str | None:
        """The group an event counts in, or None when a grouped-on field is unknown."""
        parts = []
        for field in self.rule.group_by:
            part = group_part(event, field)
            if part is None:
                return None
            parts.append(part)
        key = GROUP_SEPARATOR.join(parts)
        if len(key) > MAX_GROUP_KEY:
            # Alert.group_key is bounded; a long place name keeps a readable head and a
            # hash of the whole, so two long names never share a group.
            digest = hashlib.sha256(key.encode("utf-8")).hexdigest()[:16]
            key = f"{key[: MAX_GROUP_KEY - 17]}~{digest}"
        return key


def group_part(event: Event, field: GroupField) -> str | None:
    """One grouped-on value: 'TUR', 'RUS->TUR', 'SYR/Idlib', 'RUSMIL'."""
    src, tgt, loc = event.source, event.target, event.location
    if field == "target_country":
        return tgt.country if tgt else None
    if field == "source_country":
        return src.country if src else None
    if field == "source_target":
        if src is None or tgt is None or src.country is None or tgt.country is None:
            return None
        return f"{src.country}->{tgt.country}"
    if field == "source_code":
        return src.code if src else None
    if field == "target_code":
        return tgt.code if tgt else None
    if field == "location_country":
        return loc.country if loc else None
    if loc is None or not loc.admin1:
        return None
    # Admin1 names repeat across countries ("Central"), so the key carries the country
    # (empty when unknown); the separator inside a part would make two groups collide.
    admin1 = loc.admin1.replace(GROUP_SEPARATOR, "/")
    return f"{loc.country or ''}/{admin1}"


class CountryNames:
    """Short English country names for summaries ("Turkey", "Russia")."""

    def __init__(self) -> None:
        text = resources.files("pipeline").joinpath("data", "alert_country_names.tsv")
        rows = (line for line in text.read_text("utf-8").splitlines() if not line.startswith("#"))
        self._overrides = {row["iso3"]: row["name"] for row in csv.DictReader(rows, delimiter="\t")}

    def name(self, iso3: str) -> str:
        if iso3 in self._overrides:
            return self._overrides[iso3]
        country = pycountry.countries.get(alpha_3=iso3)
        if country is None:
            return iso3
        return str(getattr(country, "common_name", None) or country.name)

    def group_label(self, rule: AlertRule, group_key: str) -> str:
        """'Turkey', 'Russia → Turkey', 'Idlib, Syria' for a group key of ``rule``."""
        parts = group_key.split(GROUP_SEPARATOR)
        if len(parts) != len(rule.group_by) or len(group_key) >= MAX_GROUP_KEY:
            return group_key
        labels = []
        for field, part in zip(rule.group_by, parts, strict=True):
            if field in ("target_country", "source_country", "location_country"):
                labels.append(self.name(part))
            elif field == "source_target":
                source, _, target = part.partition("->")
                labels.append(f"{self.name(source)} → {self.name(target)}")
            elif field == "location_admin1":
                country, _, admin1 = part.partition("/")
                labels.append(f"{admin1}, {self.name(country)}" if country else admin1)
            else:
                labels.append(part)
        return "; ".join(labels)
