"""The Grafana dashboard and its provisioning: every query names real wirewatch metrics.

The static tests parse every PromQL expression of the dashboard and check each metric
against ``Metrics()``; ``test_a_running_worker_exposes_every_dashboard_metric`` checks
them against the /metrics page of a real extract worker connected to a real broker.
test_prometheus_live.py runs every query through a real Prometheus.
"""

from __future__ import annotations

import urllib.request

import pytest

from tests.deploy.helpers import (
    DEPLOY,
    PROMETHEUS_SYNTHETIC,
    dashboard_targets,
    exposition_series_names,
    load_dashboard,
    load_yaml,
    metrics_series_names,
    promql_metric_names,
)
from tests.deploy.running import RunningWorker

# What the dashboard must show (issue 9), as (metric, a fragment of a query using it).
REQUIRED = [
    ("wirewatch_records_consumed_total", "sum by (topic) (rate("),
    ("wirewatch_records_produced_total", "sum by (topic) (rate("),
    ("wirewatch_consumer_lag", "by (topic)"),
    ("wirewatch_extraction_seconds_bucket", "histogram_quantile(0.5,"),
    ("wirewatch_extraction_seconds_bucket", "histogram_quantile(0.95,"),
    ("wirewatch_article_to_event_seconds_bucket", "histogram_quantile(0.5,"),
    ("wirewatch_article_to_event_seconds_bucket", "histogram_quantile(0.95,"),
    ("wirewatch_deadletters_total", "reason"),
    ("wirewatch_events_extracted_total", "by (cameo_root)"),
    ("wirewatch_events_by_country_total", "by (country)"),
    ("wirewatch_alerts_fired_total", "by (rule"),
]


def dashboard_metric_names() -> set[str]:
    names: set[str] = set()
    for _title, expr in dashboard_targets(load_dashboard()):
        names |= promql_metric_names(expr)
    return names - PROMETHEUS_SYNTHETIC


def test_promql_metric_names_are_parsed_correctly() -> None:
    expr = (
        'histogram_quantile(0.95, sum by (le, backend) (rate(a_seconds_bucket{job=~"x.*"}'
        "[$__rate_interval]))) / ignoring(le) group_left b_total offset 5m > bool 1e3"
        " and on(topic) c unless time() - d"
    )
    assert promql_metric_names(expr) == {"a_seconds_bucket", "b_total", "c", "d"}


def test_every_panel_has_a_query_and_the_provisioned_datasource() -> None:
    dashboard = load_dashboard()
    assert dashboard["uid"] == "wirewatch-overview"
    variables = {v["name"]: v for v in dashboard["templating"]["list"]}
    provisioned = load_yaml(DEPLOY / "grafana" / "provisioning" / "datasources" / "prometheus.yml")
    source = provisioned["datasources"][0]
    assert source["type"] == "prometheus"
    assert source["url"] == "http://prometheus:9090"
    assert variables["datasource"]["current"]["value"] == source["uid"]
    panels = [p for p in dashboard["panels"] if p["type"] != "row"]
    assert len(panels) >= 10
    ids = [p["id"] for p in dashboard["panels"]]
    assert len(ids) == len(set(ids))
    for panel in panels:
        assert panel["type"] in {"timeseries", "stat", "bargauge", "gauge", "table"}
        assert panel["datasource"]["uid"] == "${datasource}", panel["title"]
        assert panel["targets"], panel["title"]
        for target in panel["targets"]:
            assert target["expr"].strip(), panel["title"]
            assert target["datasource"]["uid"] == "${datasource}"
        grid = panel["gridPos"]
        assert grid["x"] >= 0
        assert grid["x"] + grid["w"] <= 24


def test_the_dashboard_shows_what_the_issue_asks_for() -> None:
    targets = dashboard_targets(load_dashboard())
    for metric, fragment in REQUIRED:
        assert any(metric in expr and fragment in expr for _t, expr in targets), (
            f"no query uses {metric} with {fragment!r}"
        )


def test_every_dashboard_metric_is_defined_in_metrics() -> None:
    names = dashboard_metric_names()
    assert names, "the dashboard queries no metric"
    unknown = names - metrics_series_names()
    assert unknown == set()


def test_the_metric_check_can_fail() -> None:
    assert "wirewatch_not_a_metric_total" not in metrics_series_names()
    assert "wirewatch_records_consumed" not in metrics_series_names()  # counters end in _total


def test_the_dashboard_provider_loads_the_dashboard_folder() -> None:
    provider = load_yaml(DEPLOY / "grafana" / "provisioning" / "dashboards" / "wirewatch.yml")
    entry = provider["providers"][0]
    assert entry["type"] == "file"
    assert entry["options"]["path"] == "/etc/grafana/dashboards"


@pytest.mark.kafka
@pytest.mark.slow
def test_a_running_worker_exposes_every_dashboard_metric(extract_worker: RunningWorker) -> None:
    with urllib.request.urlopen(extract_worker.metrics_url, timeout=10) as response:
        text = response.read().decode("utf-8")
    exposed = exposition_series_names(text)
    missing = dashboard_metric_names() - exposed
    assert missing == set()
