"""A real Prometheus (the Debian ``prometheus`` package) scraping wirewatch metrics.

Each test derives a local config from deploy/prometheus/prometheus.yml: the same jobs,
labels, relabelling and rule files, with the compose DNS targets replaced by loopback
addresses and a 1 s scrape and evaluation interval. Assertions go through Prometheus'
HTTP API: the series are there with the production labels, the wirewatch rules load and
evaluate on them (one goes pending), and every Grafana dashboard query evaluates.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
import yaml

from pipeline.metrics import Metrics
from tests.deploy.helpers import (
    PROMETHEUS_CONFIG,
    PROMETHEUS_RULES,
    dashboard_targets,
    grafana_queries_for_prometheus,
    load_dashboard,
    load_yaml,
)
from tests.deploy.running import RunningWorker, wait_until
from tests.fixtures.kafka import free_port

pytestmark = pytest.mark.prometheus

RAW_TOPIC = "wire.articles.raw"


@dataclass
class PrometheusServer:
    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def api(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}/api/v1/{path}{query}", timeout=10) as response:
            body = json.loads(response.read().decode("utf-8"))
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        result: list[dict[str, Any]] = data["result"] if data["resultType"] == "vector" else []
        return result

    def query_error(self, expr: str) -> str | None:
        """None if ``expr`` evaluates, else Prometheus' error message."""
        params = urllib.parse.urlencode({"query": expr})
        try:
            with urllib.request.urlopen(f"{self.url}/api/v1/query?{params}", timeout=10):
                return None
        except urllib.error.HTTPError as exc:
            return str(json.loads(exc.read().decode("utf-8")).get("error"))

    def rules(self) -> list[dict[str, Any]]:
        return [rule for group in self.api("rules")["groups"] for rule in group["rules"]]

    def log_tail(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]


def local_config(targets: dict[str, str], rule_files: list[Path]) -> dict[str, Any]:
    """deploy/prometheus/prometheus.yml with ``targets`` (job -> host:port) on loopback."""
    production = load_yaml(PROMETHEUS_CONFIG)
    jobs = []
    for job in production["scrape_configs"]:
        if job["job_name"] not in targets:
            continue
        labels: dict[str, str] = {}
        for static in job.get("static_configs", []):
            labels.update(static.get("labels", {}))
        local = {k: v for k, v in job.items() if k not in ("dns_sd_configs", "static_configs")}
        local["static_configs"] = [{"targets": [targets[job["job_name"]]], "labels": labels}]
        jobs.append(local)
    assert len(jobs) == len(targets), f"no such jobs in {PROMETHEUS_CONFIG}: {targets}"
    return {
        "global": {
            **production["global"],
            "scrape_interval": "1s", "scrape_timeout": "1s", "evaluation_interval": "1s",
        },
        "rule_files": [str(path) for path in rule_files],
        "scrape_configs": jobs,
    }


@pytest.fixture
def start_prometheus(tmp_path: Path) -> Iterator[Any]:
    """A factory: start Prometheus with a config dict; every instance is stopped after."""
    binary = shutil.which("prometheus")
    assert binary is not None, "prometheus is not installed (apt-get install prometheus)"
    started: list[PrometheusServer] = []

    def start(config: dict[str, Any]) -> PrometheusServer:
        folder = tmp_path / f"prometheus-{len(started)}"
        folder.mkdir()
        config_path = folder / "prometheus.yml"
        config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
        port = free_port()
        log_path = folder / "prometheus.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                [binary, f"--config.file={config_path}", f"--storage.tsdb.path={folder / 'data'}",
                 f"--web.listen-address=127.0.0.1:{port}"],
                stdout=log, stderr=subprocess.STDOUT,
            )
        server = PrometheusServer(f"http://127.0.0.1:{port}", process, log_path)
        started.append(server)

        def ready() -> bool:
            if process.poll() is not None:
                raise AssertionError(f"prometheus exited:\n{server.log_tail()}")
            try:
                with urllib.request.urlopen(f"{server.url}/-/ready", timeout=2) as response:
                    return bool(response.status == 200)
            except OSError:
                return False

        wait_until(ready, 60, "prometheus to be ready")
        return server

    yield start
    for server in started:
        server.process.terminate()
        try:
            server.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.process.kill()
            server.process.wait(timeout=10)


def busy_metrics() -> Metrics:
    """A ``Metrics`` with a sample in every family, as a worker that saw traffic has."""
    m = Metrics()
    m.records_consumed.labels(topic=RAW_TOPIC).inc(7)
    m.records_produced.labels(topic="wire.events").inc(5)
    m.articles.labels(outcome="coded").inc(6)
    m.events_extracted.labels(cameo_root="19").inc(3)
    m.events_extracted.labels(cameo_root="04").inc(2)
    m.events_by_country.labels(country="SYR").inc(5)
    m.sentences_skipped.labels(reason="too_long").inc()
    for seconds in (0.02, 0.2, 0.4, 1.5):
        m.extraction_seconds.observe(seconds)
        m.article_to_event_seconds.observe(seconds * 2)
    m.last_processed.labels(stage="extract").set_to_current_time()
    m.consumer_lag.labels(topic=RAW_TOPIC, partition="0").set(250)
    m.deadletters.labels(stage="extract", reason="invalid_json").inc()
    m.sink_writes.labels(backend="postgresql", table="events", result="error").inc(4)
    m.sink_write_seconds.labels(backend="postgresql").observe(0.01)
    m.sink_up.labels(backend="postgresql").set(0)
    m.alerts_fired.labels(rule="airspace_violation", severity="warning").inc()
    m.alerts_resolved.labels(rule="airspace_violation").inc()
    m.alert_deliveries.labels(target="alertmanager", result="ok").inc()
    return m


def own_rules(folder: Path) -> Path:
    """A recording and an alerting rule of the test's own, with exact expected results."""
    path = folder / "test.rules.yml"
    path.write_text(yaml.safe_dump({"groups": [{"name": "deploy-test", "rules": [
        {"record": "wirewatch:events_extracted:sum", "expr": "sum(wirewatch_events_extracted_total)"},
        {"alert": "TestRawLagAbove100", "expr": f'sum(wirewatch_consumer_lag{{topic="{RAW_TOPIC}"}}) > 100'},
    ]}]}), encoding="utf-8")
    return path


def _rules_evaluated(server: PrometheusServer) -> bool:
    return all(not r["lastEvaluation"].startswith("0001") for r in server.rules())


def test_the_production_config_is_valid_for_promtool() -> None:
    promtool = shutil.which("promtool")
    assert promtool is not None, "promtool is not installed (apt-get install prometheus)"
    proc = subprocess.run([promtool, "check", "config", str(PROMETHEUS_CONFIG)],
                          capture_output=True, text=True, timeout=60, check=False)
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "1 rule files found" in proc.stdout + proc.stderr


def test_prometheus_scrapes_wirewatch_metrics_and_evaluates_the_rules(
    start_prometheus: Any, tmp_path: Path
) -> None:
    metrics = busy_metrics()
    port = metrics.serve("127.0.0.1", 0)
    config = local_config({"wirewatch-extract": f"127.0.0.1:{port}"},
                          [PROMETHEUS_RULES, own_rules(tmp_path)])
    server = start_prometheus(config)

    wait_until(lambda: bool(server.query("wirewatch_records_consumed_total")), 60,
               "the first scrape")
    [series] = server.query("wirewatch_records_consumed_total")
    assert series["metric"]["topic"] == RAW_TOPIC
    assert series["metric"]["job"] == "wirewatch-extract"
    assert series["metric"]["service"] == "extract"  # the production relabelling
    assert float(series["value"][1]) == 7.0
    [up] = server.query('up{job="wirewatch-extract"}')
    assert float(up["value"][1]) == 1.0

    wait_until(lambda: _rules_evaluated(server), 60, "every rule to be evaluated")
    rules = server.rules()
    production = {r.get("alert") or r.get("record")
                  for g in load_yaml(PROMETHEUS_RULES)["groups"] for r in g["rules"]}
    assert production <= {r["name"] for r in rules}
    assert [r["name"] for r in rules if r["health"] != "ok"] == []

    # Rules evaluated before the first scrape saw nothing: wait for one that saw data.
    wait_until(lambda: bool(server.query("wirewatch:events_extracted:sum")), 60,
               "the recording rule")
    [recorded] = server.query("wirewatch:events_extracted:sum")
    assert float(recorded["value"][1]) == 5.0

    def alert_states() -> dict[str, dict[str, Any]]:
        return {a["labels"]["alertname"]: a for a in server.api("alerts")["alerts"]}

    wait_until(lambda: {"TestRawLagAbove100", "WirewatchSinkDown"} <= set(alert_states()), 60,
               "the alerting rules to see the samples")
    firing = alert_states()
    assert firing["TestRawLagAbove100"]["state"] == "firing"
    # The production rule sees the failing sink at once; its `for: 5m` keeps it pending.
    sink_down = firing["WirewatchSinkDown"]
    assert sink_down["state"] == "pending"
    assert sink_down["labels"]["backend"] == "postgresql"
    assert sink_down["labels"]["severity"] == "critical"


def test_every_dashboard_query_evaluates_and_finds_data(
    start_prometheus: Any, tmp_path: Path
) -> None:
    metrics = busy_metrics()
    port = metrics.serve("127.0.0.1", 0)
    server = start_prometheus(local_config({"wirewatch-extract": f"127.0.0.1:{port}"}, []))
    wait_until(lambda: bool(server.query("wirewatch_build_info")), 60, "the first scrape")
    # rate() needs two samples inside its window.
    wait_until(lambda: bool(server.query("rate(wirewatch_records_consumed_total[1m])")), 60,
               "a second scrape")
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
    start_prometheus: Any, extract_worker: RunningWorker
) -> None:
    config = local_config({"wirewatch-extract": f"127.0.0.1:{extract_worker.metrics_port}"},
                          [PROMETHEUS_RULES])
    server = start_prometheus(config)
    consumed = 'wirewatch_records_consumed_total{job="wirewatch-extract",service="extract"}'
    wait_until(lambda: bool(server.query(consumed)), 60, "the worker's series in Prometheus")
    assert sum(float(s["value"][1]) for s in server.query(consumed)) >= 1
    [up] = server.query('up{job="wirewatch-extract"}')
    assert float(up["value"][1]) == 1.0
    assert server.query("wirewatch_build_info")
    wait_until(lambda: _rules_evaluated(server), 60, "every rule to be evaluated")
    assert [r["name"] for r in server.rules() if r["health"] != "ok"] == []
    for title, expr in dashboard_targets(load_dashboard()):
        promql = grafana_queries_for_prometheus(expr)
        assert server.query_error(promql) is None, f"{title}: {promql}"
