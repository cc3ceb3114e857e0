"""The operators' Prometheus rules and the Alertmanager config, checked by the real tools.

promtool (Debian package ``prometheus``) and amtool (``prometheus-alertmanager``) must be
installed: CI installs them; these tests fail, not skip, without them.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import yaml
from prometheus_client import CollectorRegistry

from pipeline.metrics import Metrics

ROOT = Path(__file__).resolve().parents[2]
RULES_DIR = ROOT / "deploy" / "prometheus" / "rules"
RULES = RULES_DIR / "wirewatch.rules.yml"
RULE_TESTS = RULES_DIR / "wirewatch.rules.test.yml"
ALERTMANAGER = ROOT / "deploy" / "alertmanager" / "alertmanager.yml"
RUNBOOK = ROOT / "deploy" / "RUNBOOK.md"


def tool(name: str) -> str:
    path = shutil.which(name)
    assert path, f"{name} is not installed (apt-get install prometheus prometheus-alertmanager)"
    return path


def run(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(args, capture_output=True, text=True, timeout=120, check=False)


def alerting_rules() -> list[dict[str, object]]:
    groups = yaml.safe_load(RULES.read_text())["groups"]
    return [rule for group in groups for rule in group["rules"] if "alert" in rule]


def test_promtool_check_rules() -> None:
    result = run(tool("promtool"), "check", "rules", str(RULES))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS: 7 rules found" in result.stdout


def test_promtool_unit_tests_pass() -> None:
    result = run(tool("promtool"), "test", "rules", str(RULE_TESTS))
    assert result.returncode == 0, result.stdout + result.stderr


def test_every_alert_is_unit_tested() -> None:
    tests = yaml.safe_load(RULE_TESTS.read_text())["tests"]
    tested = {t["alertname"] for case in tests for t in case.get("alert_rule_test", [])}
    assert {rule["alert"] for rule in alerting_rules()} == tested


def test_rules_use_only_metrics_defined_in_pipeline_metrics() -> None:
    defined = set()
    for family in Metrics(CollectorRegistry()).registry.collect():
        defined.update(sample.name for sample in family.samples)
        defined.add(family.name)
    used = set(re.findall(r"\bwirewatch_[a-z0-9_]+", RULES.read_text()))
    assert used, "no wirewatch metric found in the rules"
    # Counters appear as <name>_total only once incremented; their family name lacks it.
    unknown = {
        name for name in used if name not in defined and name.removesuffix("_total") not in defined
    }
    assert unknown == set()


def test_every_alert_has_for_severity_and_a_runbook_section() -> None:
    runbook_anchors = {
        "#" + line.lstrip("#").strip().lower()
        for line in RUNBOOK.read_text().splitlines()
        if line.startswith("## ")
    }
    for rule in alerting_rules():
        assert "for" in rule, rule["alert"]
        labels = rule["labels"]
        annotations = rule["annotations"]
        assert isinstance(labels, dict)
        assert isinstance(annotations, dict)
        assert labels["severity"] in ("info", "warning", "critical", "{{ $labels.severity }}")
        url = str(annotations["runbook_url"])
        assert url == f"deploy/RUNBOOK.md#{str(rule['alert']).lower()}"
        assert url.removeprefix("deploy/RUNBOOK.md") in runbook_anchors, url


def test_amtool_accepts_the_alertmanager_config() -> None:
    result = run(tool("amtool"), "check-config", str(ALERTMANAGER))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "SUCCESS" in result.stdout


def test_alertmanager_routes_threshold_alerts_to_analysts_and_critical_to_paging() -> None:
    def route(*labels: str) -> str:
        result = run(
            tool("amtool"), "config", "routes", "test", f"--config.file={ALERTMANAGER}", *labels
        )
        assert result.returncode == 0, result.stderr
        return result.stdout.strip()

    assert (
        route("source=wirewatch", "severity=critical", "rule=mass_casualties_admin1") == "analysts"
    )
    assert route("alertname=WirewatchThresholdAlertFired", "severity=critical") == "analysts"
    assert route("alertname=WirewatchSinkDown", "severity=critical") == "operators-paging"
    assert route("alertname=WirewatchConsumerLagGrowing", "severity=warning") == "operators"
