"""A real Prometheus (the Debian ``prometheus`` package) scraping wirewatch metrics.

Each test runs Prometheus with ``local_config``: deploy/prometheus/prometheus.yml's jobs,
labels, relabelling and rule files, with the compose DNS targets replaced by loopback
addresses. Assertions go through Prometheus' HTTP API: the series are there with the
production labels, the wirewatch rules load and evaluate on them (one goes pending),
and every Grafana dashboard query evaluates.
"""

from __future__ import annotations

import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.helpers import (
    PROMETHEUS_CONFIG,
    PROMETHEUS_RULES,
    dashboard_targets,
    grafana_queries_for_prometheus,
    load_dashboard,
    load_yaml,
)
from tests.deploy.monitoring import (
    RAW_TOPIC,
    PrometheusServer,
    busy_metrics,
    local_config,
    own_rules,
)
from tests.deploy.running import RunningWorker, wait_until

pytestmark = pytest.mark.prometheus

StartPrometheus = Callable[[dict[str, Any]], PrometheusServer]


def test_the_production_config_is_valid_for_promtool() -> None:
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is not installed (apt-get install prometheus)"
    proc = subprocess.run(
        [promtool, "check", "config", str(PROMETHEUS_CONFIG)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 rule files found" in proc.stdout + proc.stderr


def test_prometheus_scrapes_wirewatch_metrics_and_evaluates_the_rules(
    prometheus_factory: StartPrometheus, tmp_path: Path
) -> None:
    metrics = busy_metrics()
    port = metrics.serve("127.0.0.1", 0)
    config = local_config(
        {"wirewatch-extract": f"127.0.0.1:{port}"}, [PROMETHEUS_RULES, own_rules(tmp_path)]
    )
    server = prometheus_factory(config)

    wait_until(
        lambda: bool(server.query("wirewatch_records_consumed_total")), 60, "the first scrape"
    )
    [series] = server.query("wirewatch_records_consumed_total")
    assert series["metric"]["topic"] == RAW_TOPIC
    assert series["metric"]["job"] == "wirewatch-extract"
    assert series["metric"]["service"] == "extract"  # the production relabelling
    assert float(series["value"][1]) == 7.0
    [up] = server.query('up{job="wirewatch-extract"}')
    assert float(up["value"][1]) == 1.0

    wait_until(lambda: server.rules_evaluated(), 60, "every rule to be evaluated")
    rules = server.rules()
    production = {
        r.get("alert") or r.get("record")
        for g in load_yaml(PROMETHEUS_RULES)["groups"]
        for r in g["rules"]
    }
    assert production <= {r["name"] for r in rules}
    assert [r["name"] for r in rules if r["health"] != "ok"] == []

    # Rules evaluated before the first scrape saw nothing: wait for one that saw data.
    wait_until(
        lambda: bool(server.query("wirewatch:events_extracted:sum")), 60, "the recording rule"
    )
    [recorded] = server.query("wirewatch:events_extracted:sum")
    assert float(recorded["value"][1]) == 5.0

    wait_until(
        lambda: {"TestRawLagAbove100", "WirewatchSinkDown"} <= set(server.alert_states()),
        60,
        "the alerting rules to see the samples",
    )
    firing = server.alert_states()
    assert firing["TestRawLagAbove100"]["state"] == "firing"
    # The production rule sees the failing sink at once; its `for: 5m` keeps it pending.
    sink_down = firing["WirewatchSinkDown"]
    assert sink_down["state"] == "pending"
    assert sink_down["labels"]["backend"] == "postgresql"
    assert sink_down["labels"]["severity"] == "critical"


def test_every_dashboard_query_evaluates_and_finds_data(
    prometheus_factory: StartPrometheus, tmp_path: Path
) -> None:
    metrics = busy_metrics()
    port = metrics.serve("127.0.0.1", 0)
    server = prometheus_factory(local_config({"wirewatch-extract": f"127.0.0.1:{port}"}, []))
    wait_until(lambda: bool(server.query("wirewatch_build_info")), 60, "the first scrape")
    # rate() needs two samples inside its window.
    wait_until(
        lambda: bool(server.query("rate(wirewatch_records_consumed_total[1m])")),
        60,
        "a second scrape",
    )
    targets = dashboard_targets(load_dashboard())
    assert targets
    for title, expr in targets:
        promql = grafana_queries_for_prometheus(expr)
        assert server.query_error(promql) is None, f"{title}: {promql}"
        assert server.query(promql), f"{title}: {promql} found no data"
    assert server.query_error("sum(rate(wirewatch_records_consumed_total[1m]") is not None


@pytest.mark.kafka
@pytest.mark.slow
def test_prometheus_scrapes_a_running_extract_worker(
    prometheus_factory: StartPrometheus, extract_worker: RunningWorker
) -> None:
    config = local_config(
        {"wirewatch-extract": f"127.0.0.1:{extract_worker.metrics_port}"}, [PROMETHEUS_RULES]
    )
    server = prometheus_factory(config)
    consumed = 'wirewatch_records_consumed_total{job="wirewatch-extract",service="extract"}'
    wait_until(lambda: bool(server.query(consumed)), 60, "the worker's series in Prometheus")
    assert sum(float(s["value"][1]) for s in server.query(consumed)) >= 1
    [up] = server.query('up{job="wirewatch-extract"}')
    assert float(up["value"][1]) == 1.0
    assert server.query("wirewatch_build_info")
    wait_until(lambda: server.rules_evaluated(), 60, "every rule to be evaluated")
    assert [r["name"] for r in server.rules() if r["health"] != "ok"] == []
    for title, expr in dashboard_targets(load_dashboard()):
        promql = grafana_queries_for_prometheus(expr)
        assert server.query_error(promql) is None, f"{title}: {promql}"
