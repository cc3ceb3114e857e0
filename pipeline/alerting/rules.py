"""Threshold rules: the pydantic models of a rules file and its loader.

The file format is documented in ``pipeline/data/ALERT_RULES.md``; the shipped defaults
are ``pipeline/data/alert_rules.yaml``. ``load_rules`` raises ``RulesError`` listing
every problem with the file name and line, e.g.
``alert_rules.yaml:14: rules[0] (airspace_violation_reports).window: ...``.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

import pycountry
from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    model_validator,
)

from pipeline.alerting.yaml_lines import YamlLinesError, line_for, load_with_lines
from pipeline.models import AcledEventType, PloverType

DEFAULT_RULES_RESOURCE = "alert_rules.yaml"

# ACLED's sub-event types (ACLED codebook, 2023 edition); listed so that a typo such as
# "Air strike" is an error when the file is loaded instead of a rule that never fires.
ACLED_SUB_EVENT_TYPES = frozenset(
    {
        "Armed clash",
        "Government regains territory",
        "Non-state actor overtakes territory",
        "Chemical weapon",
        "Air/drone strike",
        "Suicide bomb",
        "Shelling/artillery/missile attack",
        "Remote explosive/landmine/IED",
        "Grenade",
        "Sexual violence",
        "Attack",
        "Abduction/forced disappearance",
        "Peaceful protest",
        "Protest with intervention",
        "Excessive force against protesters",
        "Violent demonstration",
        "Mob violence",
        "Agreement",
        "Arrests",
        "Change to group/activity",
        "Disrupted weapons use",
        "Headquarters or base established",
        "Looting/property destruction",
        "Non-violent transfer of territory",
        "Other",
    }
)

GroupField = Literal[
    "target_country",
    "source_country",
    "source_target",
    "source_code",
    "target_code",
    "location_country",
    "location_admin1",
]
Measure = Literal["events", "reports", "fatalities"]
Severity = Literal["info", "warning", "critical"]

_SPAN = re.compile(r"^\s*(\d+)\s*([hdw])\s*$")
_UNIT_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
_UNIT_WORDS = {"h": "hour", "d": "day", "w": "week"}
MAX_WINDOW_DAYS = 366


@dataclass(frozen=True)
class Span:
    """A window or cooldown length: whole days, and how a human wrote it ("24h")."""

    days: int
    text: str

    def describe(self) -> str:
        """'7 days', '24 hours', '2 weeks': for alert summaries."""
        match = _SPAN.match(self.text)
        assert match is not None
        amount, unit = int(match.group(1)), match.group(2)
        word = _UNIT_WORDS[unit]
        return f"{amount} {word}" if amount == 1 else f"{amount} {word}s"


def parse_span(text: str, *, allow_zero: bool = False) -> Span:
    """Parse "7d", "24h" or "2w". Event time is a calendar day, so spans are whole days."""
    match = _SPAN.match(text)
    if match is None:
        raise ValueError(f"{text!r} is not a duration like '7d', '24h' or '2w'")
    hours = int(match.group(1)) * _UNIT_HOURS[match.group(2)]
    if hours % 24:
        raise ValueError(
            f"{text!r} is not a whole number of days: events are dated to the day, "
            "so windows and cooldowns are multiples of 24h"
        )
    days = hours // 24
    if days == 0 and not allow_zero:
        raise ValueError(f"{text!r} is empty: a window lasts at least one day")
    if days > MAX_WINDOW_DAYS:
        raise ValueError(f"{text!r} is longer than {MAX_WINDOW_DAYS} days")
    return Span(days=days, text=text.strip())


def _check_window(text: str) -> str:
    return parse_span(text).text


def _check_cooldown(text: str) -> str:
    return parse_span(text, allow_zero=True).text


def _check_country(code: str) -> str:
    if pycountry.countries.get(alpha_3=code) is None:
        raise ValueError(f"{code!r} is not an ISO 3166 alpha-3 country code")
    return code


def _check_sub_event(value: str) -> str:
    if value not in ACLED_SUB_EVENT_TYPES:
        raise ValueError(
            f"{value!r} is not an ACLED sub-event type (e.g. 'Air/drone strike', 'Armed clash')"
        )
    return value


Country = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3}$"), AfterValidator(_check_country)]
ActorCodePrefix = Annotated[str, StringConstraints(pattern=r"^[A-Z]{3,15}$")]
CameoPrefix = Annotated[str, StringConstraints(pattern=r"^[0-9]{2,4}$")]
Tag = Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,39}$")]
SubEventType = Annotated[str, AfterValidator(_check_sub_event)]
WindowText = Annotated[str, AfterValidator(_check_window)]
CooldownText = Annotated[str, AfterValidator(_check_cooldown)]


class _Strict(BaseModel):
    model_config = ConfigDict(frozen=True, extra="forbid")


class RuleMatch(_Strict):
    """Which events a rule counts. Lists are "any of"; criteria combine with "and"."""

    tags: tuple[Tag, ...] = ()
    cameo: tuple[CameoPrefix, ...] = Field(
        default=(), description="CAMEO code prefixes: '19' (a root) or '195' (a code)."
    )
    acled_event_types: tuple[AcledEventType, ...] = ()
    acled_sub_event_types: tuple[SubEventType, ...] = ()
    plover_types: tuple[PloverType, ...] = ()
    source_countries: tuple[Country, ...] = ()
    target_countries: tuple[Country, ...] = ()
    location_countries: tuple[Country, ...] = ()
    source_codes: tuple[ActorCodePrefix, ...] = Field(
        default=(), description="CAMEO actor code prefixes: 'RUS' matches RUSMIL."
    )
    target_codes: tuple[ActorCodePrefix, ...] = ()
    include_negated: bool = False
    include_hypothetical: bool = False
    include_future: bool = False
    min_confidence: float = Field(default=0.0, ge=0.0, le=1.0)

    @model_validator(mode="after")
    def _not_everything(self) -> RuleMatch:
        content = (
            self.tags, self.cameo, self.acled_event_types, self.acled_sub_event_types,
            self.plover_types, self.source_countries, self.target_countries,
            self.location_countries, self.source_codes, self.target_codes,
        )  # fmt: skip
        if not any(content):
            raise ValueError(
                "match names no criterion (tags, cameo, acled_event_types, ...): "
                "a rule must not count every event"
            )
        return self


class AlertRule(_Strict):
    """One threshold rule: count matching events per group in a sliding window."""

    name: Annotated[str, StringConstraints(pattern=r"^[a-z][a-z0-9_]{0,63}$")]
    description: Annotated[str, StringConstraints(max_length=500)] = ""
    label: Annotated[str, StringConstraints(max_length=60)] | None = Field(
        default=None, description="Words before the measure in summaries: 'airspace-violation'."
    )
    enabled: bool = True
    match: RuleMatch
    group_by: tuple[GroupField, ...] = Field(min_length=1)
    window: WindowText
    measure: Measure = "events"
    threshold: int = Field(ge=1)
    severity: Severity = "warning"
    cooldown: CooldownText | None = Field(
        default=None, description="Least distance between two alerts' windows; default: window."
    )

    @property
    def window_span(self) -> Span:
        return parse_span(self.window)

    @property
    def cooldown_span(self) -> Span:
        return (
            self.window_span
            if self.cooldown is None
            else parse_span(self.cooldown, allow_zero=True)
        )


class RulesFile(_Strict):
    """The whole file: a format version and the rules."""

    version: Literal[1]
    rules: tuple[AlertRule, ...]


@dataclass(frozen=True)
class RuleProblem:
    line: int | None
    where: str
    message: str


class RulesError(ValueError):
    """A rules file that cannot be used, with every problem and its line."""

    def __init__(self, source: str, problems: Sequence[RuleProblem]) -> None:
        self.source = source
        self.problems = tuple(problems)
        super().__init__("\n".join(self.format_lines()))

    def format_lines(self) -> list[str]:
        out = []
        for p in self.problems:
            place = f"{self.source}:{p.line}" if p.line is not None else self.source
            where = f" {p.where}:" if p.where else ""
            out.append(f"{place}:{where} {p.message}")
        return out


def default_rules_text() -> str:
    return resources.files("pipeline").joinpath("data", DEFAULT_RULES_RESOURCE).read_text("utf-8")


def load_rules(path: Path | None = None) -> list[AlertRule]:
    """The enabled rules of ``path`` (``None``: the shipped defaults)."""
    if path is None:
        text, source = default_rules_text(), DEFAULT_RULES_RESOURCE
    else:
        source = str(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise RulesError(source, [RuleProblem(None, "", f"cannot read: {exc}")]) from exc
    return [r for r in parse_rules(text, source).rules if r.enabled]


def parse_rules(text: str, source: str = "<rules>") -> RulesFile:
    """Validate a rules text; ``RulesError`` names the line of every problem."""
    try:
        data, lines = load_with_lines(text)
    except YamlLinesError as exc:
        raise RulesError(
            source, [RuleProblem(p.line, "", p.message) for p in exc.problems]
        ) from exc
    if not isinstance(data, dict):
        raise RulesError(
            source, [RuleProblem(1, "", "expected a mapping with 'version' and 'rules'")]
        )
    try:
        parsed = RulesFile.model_validate(data)
    except ValidationError as exc:
        problems = [
            RuleProblem(line_for(lines, err["loc"]), _where(data, err["loc"]), _message(err))
            for err in exc.errors()
        ]
        raise RulesError(source, problems) from exc
    seen: set[str] = set()
    duplicates = []
    for index, rule in enumerate(parsed.rules):
        if rule.name in seen:
            line = line_for(lines, ("rules", index, "name"))
            duplicates.append(
                RuleProblem(line, f"rules[{index}].name", f"{rule.name!r} is used twice")
            )
        seen.add(rule.name)
    if duplicates:
        raise RulesError(source, duplicates)
    return parsed


def _where(data: Any, loc: Sequence[str | int]) -> str:
    """'rules[0] (airspace_violation_reports).match.tags' from a pydantic error location."""
    parts: list[str] = []
    for index, key in enumerate(loc):
        if isinstance(key, int):
            parts.append(f"[{key}]")
            if tuple(loc[:index]) == ("rules",):
                name = _rule_name(data, key)
                if name:
                    parts.append(f" ({name})")
        else:
            parts.append(("." if parts else "") + key)
    return "".join(parts)


def _rule_name(data: Any, index: int) -> str | None:
    rules = data.get("rules") if isinstance(data, dict) else None
    if isinstance(rules, list) and index < len(rules) and isinstance(rules[index], dict):
        name = rules[index].get("name")
        return name if isinstance(name, str) else None
    return None


def _message(err: Any) -> str:
    message = str(err["msg"])
    # pydantic prefixes messages of our own validators with "Value error, ".
    return message.removeprefix("Value error, ")
