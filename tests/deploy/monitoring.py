"""Real Prometheus and Alertmanager processes for the deployment tests.

``local_config`` turns deploy/prometheus/prometheus.yml into a config for loopback
targets: the same jobs, labels, relabelling, external labels and alerting section, with
the compose DNS names replaced and 1 s intervals.
"""

from __future__ import annotations

import json
import subprocess
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from pipeline.metrics import Metrics
from tests.deploy.helpers import PROMETHEUS_CONFIG, load_yaml
from tests.deploy.running import wait_until
from tests.fixtures.kafka import free_port

RAW_TOPIC = "wire.articles.raw"


@dataclass
class ServerProcess:
    """A server started by a test; ``url`` is its loopback address."""

    url: str
    process: subprocess.Popen[bytes]
    log_path: Path

    def log_tail(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-3000:]

    def get_json(self, path: str, **params: str) -> Any:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(f"{self.url}{path}{query}", timeout=10) as response:
            return json.loads(response.read().decode("utf-8"))

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


class PrometheusServer(ServerProcess):
    def api(self, path: str, **params: str) -> Any:
        body = self.get_json(f"/api/v1/{path}", **params)
        assert body["status"] == "success", body
        return body["data"]

    def query(self, expr: str) -> list[dict[str, Any]]:
        data = self.api("query", query=expr)
        result: list[dict[str, Any]] = data["result"] if data["resultType"] == "vector" else []
        return result

    def query_error(self, expr: str) -> str | None:
        """None if ``expr`` evaluates, else Prometheus' error message."""
        try:
            self.api("query", query=expr)
        except urllib.error.HTTPError as exc:
            return str(json.loads(exc.read().decode("utf-8")).get("error"))
        return None

    def rules(self) -> list[dict[str, Any]]:
        return [rule for group in self.api("rules")["groups"] for rule in group["rules"]]

    def rules_evaluated(self) -> bool:
        return all(not r["lastEvaluation"].startswith("0001") for r in self.rules())

    def alert_states(self) -> dict[str, dict[str, Any]]:
        return {a["labels"]["alertname"]: a for a in self.api("alerts")["alerts"]}


def start_server(
    kind: type[ServerProcess], command: list[str], port: int, folder: Path
) -> ServerProcess:
    """Run ``command`` (which listens on ``port``) until its /-/ready answers."""
    log_path = folder / "server.log"
    with log_path.open("wb") as log:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT, cwd=folder)
    server = kind(f"http://127.0.0.1:{port}", process, log_path)

    def ready() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"{command[0]} exited:\n{server.log_tail()}")
        try:
            with urllib.request.urlopen(f"{server.url}/-/ready", timeout=2) as response:
                return bool(response.status == 200)
        except OSError:
            return False

    try:
        wait_until(ready, 60, f"{command[0]} to be ready")
    except AssertionError:
        server.stop()
        raise
    return server


def start_prometheus(binary: str, config: dict[str, Any], folder: Path) -> PrometheusServer:
    folder.mkdir(parents=True)
    config_path = folder / "prometheus.yml"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    command = [
        binary,
        f"--config.file={config_path}",
        f"--storage.tsdb.path={folder / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
    ]
    server = start_server(PrometheusServer, command, port, folder)
    assert isinstance(server, PrometheusServer)
    return server


def start_alertmanager(binary: str, config: dict[str, Any], folder: Path) -> ServerProcess:
    folder.mkdir(parents=True)
    config_path = folder / "alertmanager.yml"
    config_path.write_text(yaml.safe_dump(config), encoding="utf-8")
    port = free_port()
    # An empty cluster address turns gossip off: no second port, no peers.
    command = [
        binary,
        f"--config.file={config_path}",
        f"--storage.path={folder / 'data'}",
        f"--web.listen-address=127.0.0.1:{port}",
        "--cluster.listen-address=",
    ]
    return start_server(ServerProcess, command, port, folder)


def local_config(
    targets: dict[str, str], rule_files: list[Path], alertmanager: str | None = None
) -> dict[str, Any]:
    """The production config with ``targets`` (job -> host:port) and 1 s intervals.

    With ``alertmanager`` (host:port), the production alerting section points there.
    """
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
    config: dict[str, Any] = {
        "global": {
            **production["global"],
            "scrape_interval": "1s",
            "scrape_timeout": "1s",
            "evaluation_interval": "1s",
        },
        "rule_files": [str(path) for path in rule_files],
        "scrape_configs": jobs,
    }
    if alertmanager is not None:
        alerting = production["alerting"]
        [manager] = alerting["alertmanagers"]
        config["alerting"] = {
            "alertmanagers": [{**manager, "static_configs": [{"targets": [alertmanager]}]}]
        }
    return config


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
    lag = f'sum(wirewatch_consumer_lag{{topic="{RAW_TOPIC}"}}) > 100'
    rules = [
        {
            "record": "wirewatch:events_extracted:sum",
            "expr": "sum(wirewatch_events_extracted_total)",
        },
        {"alert": "TestRawLagAbove100", "expr": lag, "labels": {"severity": "warning"}},
    ]
    path = folder / "test.rules.yml"
    path.write_text(
        yaml.safe_dump({"groups": [{"name": "deploy-test", "rules": rules}]}), encoding="utf-8"
    )
    return path
