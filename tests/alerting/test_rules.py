"""Loading rules files: the shipped defaults, and errors that name the line."""

from __future__ import annotations

from pathlib import Path

import pytest

from pipeline.alerting import RulesError, load_rules, parse_rules
from pipeline.alerting.rules import parse_span

GOOD = """\
version: 1
rules:
  - name: airspace
    match:
      tags: [airspace_violation]
    group_by: [target_country]
    window: 7d
    measure: reports
    threshold: 3
"""


def problems(text: str) -> list[tuple[int | None, str, str]]:
    with pytest.raises(RulesError) as info:
        parse_rules(text, "rules.yaml")
    return [(p.line, p.where, p.message) for p in info.value.problems]


def test_shipped_defaults_load_with_the_three_issue_rules() -> None:
    rules = {r.name: r for r in load_rules(None)}
    assert set(rules) == {
        "airspace_violation_reports", "mass_casualties_admin1", "air_strike_surge_admin1"
    }  # fmt: skip
    airspace = rules["airspace_violation_reports"]
    assert (airspace.match.tags, airspace.group_by, airspace.window_span.days) == (
        ("airspace_violation",),
        ("target_country",),
        7,
    )
    assert (airspace.measure, airspace.threshold) == ("reports", 3)
    assert rules["mass_casualties_admin1"].measure == "fatalities"
    assert rules["air_strike_surge_admin1"].match.acled_sub_event_types == ("Air/drone strike",)


def test_a_good_file_loads_and_disabled_rules_are_left_out(tmp_path: Path) -> None:
    path = tmp_path / "rules.yaml"
    path.write_text(
        GOOD + GOOD.split("rules:\n")[1].replace("airspace", "quiet", 1) + "    enabled: false\n"
    )
    assert [r.name for r in load_rules(path)] == ["airspace"]


def test_bad_window_names_its_line() -> None:
    found = problems(GOOD.replace("window: 7d", "window: 7x"))
    assert found == [
        (7, "rules[0] (airspace).window", "'7x' is not a duration like '7d', '24h' or '2w'")
    ]


def test_sub_day_window_is_refused_with_the_reason() -> None:
    [(line, _where, message)] = problems(GOOD.replace("window: 7d", "window: 36h"))
    assert line == 7
    assert "whole number of days" in message


def test_unknown_key_and_bad_sub_event_type_name_their_lines() -> None:
    text = GOOD.replace(
        "      tags: [airspace_violation]\n",
        "      tagz: [airspace_violation]\n      acled_sub_event_types: [Air strike]\n",
    )
    found = problems(text)
    assert (5, "rules[0] (airspace).match.tagz", "Extra inputs are not permitted") in found
    assert any(line == 6 and "not an ACLED sub-event type" in msg for line, _, msg in found)


def test_missing_field_points_at_the_rule() -> None:
    found = problems(GOOD.replace("    threshold: 3\n", ""))
    assert found == [(3, "rules[0] (airspace).threshold", "Field required")]


def test_unknown_country_is_an_error() -> None:
    text = GOOD.replace(
        "group_by: [target_country]",
        "group_by: [target_country]\n    match: {target_countries: [TRK]}",
    )
    found = problems(text)
    assert any("key given twice" in msg and line == 7 for line, _, msg in found)
    fixed = GOOD.replace("tags: [airspace_violation]", "target_countries: [TRK]")
    assert [(p[0], p[2]) for p in problems(fixed)] == [
        (5, "'TRK' is not an ISO 3166 alpha-3 country code")
    ]


def test_yaml_syntax_error_names_its_line() -> None:
    [(line, _, message)] = problems(GOOD.replace("group_by: [target_country]", "group_by: [target"))
    assert line is not None
    assert line >= 6
    assert message.startswith("not valid YAML")


def test_duplicate_rule_names_and_match_everything_are_refused() -> None:
    twice = GOOD + GOOD.split("rules:\n")[1]
    assert problems(twice) == [(10, "rules[1].name", "'airspace' is used twice")]
    [(line, where, message)] = problems(GOOD.replace("tags: [airspace_violation]", "{}"))
    assert (line, where) == (5, "rules[0] (airspace).match")
    assert "names no criterion" in message


def test_error_text_has_file_and_line() -> None:
    with pytest.raises(RulesError) as info:
        parse_rules(GOOD.replace("threshold: 3", "threshold: 0"), "mine.yaml")
    assert str(info.value).startswith("mine.yaml:9: rules[0] (airspace).threshold: ")


def test_spans() -> None:
    assert (parse_span("24h").days, parse_span("2w").days, parse_span("3d").describe()) == (
        1,
        14,
        "3 days",
    )
    assert parse_span("24h").describe() == "24 hours"
    with pytest.raises(ValueError, match="at least one day"):
        parse_span("0d")
    assert parse_span("0d", allow_zero=True).days == 0
