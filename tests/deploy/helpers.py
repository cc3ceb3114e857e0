"""Shared checks for the deployment files: Settings variables, metric names, PromQL.

Everything here is plain functions over parsed files, so the compose, Kubernetes,
Grafana and Prometheus tests agree on what a "real" variable or metric is.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any
from unittest import mock

import yaml
from prometheus_client import CollectorRegistry
from prometheus_client.parser import text_string_to_metric_families
from pydantic import BaseModel

from pipeline.metrics import Metrics
from pipeline.settings import Settings

REPO = Path(__file__).resolve().parents[2]
DEPLOY = REPO / "deploy"
COMPOSE_FILE = REPO / "docker-compose.yml"
DASHBOARD = DEPLOY / "grafana" / "dashboards" / "wirewatch.json"
PROMETHEUS_CONFIG = DEPLOY / "prometheus" / "prometheus.yml"
PROMETHEUS_RULES = DEPLOY / "prometheus" / "rules" / "wirewatch.rules.yml"
ALERTMANAGER_CONFIG = DEPLOY / "alertmanager" / "alertmanager.yml"
K8S = DEPLOY / "k8s"

# The port every worker container serves /metrics on (one role per container).
WORKER_METRICS_PORT = 9464

# Series Prometheus itself makes for every target; not exposed by wirewatch.
PROMETHEUS_SYNTHETIC = frozenset({"up", "scrape_duration_seconds", "scrape_samples_scraped"})


def settings_env_names(model: type[BaseModel] = Settings, prefix: str = "WIREWATCH_") -> set[str]:
    """Every environment variable ``Settings`` reads, nested groups joined with ``__``."""
    names: set[str] = set()
    for name, field in model.model_fields.items():
        annotation = field.annotation
        key = f"{prefix}{name.upper()}"
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            names |= settings_env_names(annotation, f"{key}__")
        else:
            names.add(key)
    return names


def settings_from_env(env: Mapping[str, str]) -> Settings:
    """``Settings`` as a process with exactly ``env`` (plus PATH/HOME) would build it."""
    base = {key: os.environ[key] for key in ("PATH", "HOME") if key in os.environ}
    with mock.patch.dict(os.environ, {**base, **env}, clear=True):
        return Settings()


def _family_series_names(name: str, kind: str) -> set[str]:
    if kind == "counter":
        return {f"{name}_total", f"{name}_created"}
    if kind == "histogram":
        return {f"{name}_bucket", f"{name}_sum", f"{name}_count", f"{name}_created"}
    if kind == "summary":
        return {name, f"{name}_sum", f"{name}_count", f"{name}_created"}
    return {name}


def registry_series_names(registry: CollectorRegistry) -> set[str]:
    """Series names a registry exposes, suffixes included, labelled or not yet used."""
    names: set[str] = set()
    for family in registry.collect():
        names |= _family_series_names(family.name, family.type)
    return names


def metrics_series_names() -> set[str]:
    """Every series name wirewatch's ``Metrics`` can expose."""
    return registry_series_names(Metrics().registry)


def exposition_series_names(text: str) -> set[str]:
    """Series names announced by a /metrics page (its # TYPE lines and samples)."""
    names: set[str] = set()
    for family in text_string_to_metric_families(text):
        names |= _family_series_names(family.name, family.type)
        names |= {sample.name for sample in family.samples}
    return names


_PROMQL_KEYWORDS = frozenset(
    {
        "by",
        "without",
        "on",
        "ignoring",
        "group_left",
        "group_right",
        "and",
        "or",
        "unless",
        "bool",
        "offset",
        "inf",
        "nan",
    }
)
_GROUPING = re.compile(r"\b(?:by|without|on|ignoring|group_left|group_right)\s*\([^)]*\)")
_IDENTIFIER = re.compile(r"[A-Za-z_:][A-Za-z0-9_:]*")


def promql_metric_names(expr: str) -> set[str]:
    """The metric names a PromQL expression selects (functions, labels, keywords removed)."""
    text = re.sub(r'"(?:[^"\\]|\\.)*"', '""', expr)
    text = re.sub(r"'(?:[^'\\]|\\.)*'", "''", text)
    text = re.sub(r"\{[^}]*\}", " ", text)
    text = re.sub(r"\[[^\]]*\]", " ", text)
    text = _GROUPING.sub(" ", text)
    names: set[str] = set()
    for match in _IDENTIFIER.finditer(text):
        token = match.group(0)
        before = text[match.start() - 1] if match.start() else " "
        if before.isdigit() or before in ".$":
            continue  # part of a number (1e3, 5m) or a Grafana variable
        if text[match.end() :].lstrip().startswith("("):
            continue  # a function or an aggregation
        if token.lower() in _PROMQL_KEYWORDS:
            continue
        names.add(token)
    return names


def dashboard_targets(dashboard: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(panel title, PromQL) for every query of every panel, rows included."""
    found: list[tuple[str, str]] = []

    def walk(panels: Iterable[Mapping[str, Any]]) -> None:
        for panel in panels:
            for target in panel.get("targets", []):
                found.append((str(panel.get("title")), str(target.get("expr", ""))))
            walk(panel.get("panels", []))

    walk(dashboard.get("panels", []))
    return found


def load_dashboard() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(DASHBOARD.read_text(encoding="utf-8"))
    return data


def load_yaml(path: Path) -> Any:
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def load_yaml_documents(path: Path) -> list[dict[str, Any]]:
    return [doc for doc in yaml.safe_load_all(path.read_text(encoding="utf-8")) if doc]


def grafana_queries_for_prometheus(expr: str, rate_interval: str = "1m") -> str:
    """A dashboard query with Grafana's variables replaced, as Prometheus would get it."""
    return expr.replace("$__rate_interval", rate_interval).replace("$__range", "5m")
