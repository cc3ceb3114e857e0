"""Delivery to a webhook (a tiny local HTTP server) and to a real Alertmanager."""

from __future__ import annotations

import json
import logging
import shutil
import socket
import subprocess
import threading
import time
import urllib.request
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest
from prometheus_client import CollectorRegistry
from pydantic import SecretStr

from pipeline.alerting import AlertEngine, deliver, load_rules
from pipeline.alerting.delivery import alertmanager_payload
from pipeline.metrics import Metrics
from pipeline.models import Alert
from pipeline.settings import AlertSettings
from tests.alerting.conftest import airspace


def turkey_alert(now: datetime) -> Alert:
    engine = AlertEngine(load_rules(None))
    events = [airspace("weekend", 3, reports=2), airspace("monday", 4)]
    [alert] = [a for e in events for a in engine.observe(e, now)]
    return alert


def deliveries(metrics: Metrics, target: str, result: str) -> float:
    value = metrics.registry.get_sample_value(
        "wirewatch_alert_deliveries_total", {"target": target, "result": result}
    )
    return value or 0.0


class _Receiver:
    """A local HTTP server answering each POST with the next status of ``statuses``."""

    def __init__(self, statuses: list[int]) -> None:
        self.statuses = statuses
        self.bodies: list[Any] = []
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                length = int(self.headers["Content-Length"])
                receiver.bodies.append(json.loads(self.rfile.read(length)))
                index = min(len(receiver.bodies), len(receiver.statuses)) - 1
                self.send_response(receiver.statuses[index])
                self.end_headers()

            def log_message(self, *args: object) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/hook?token=s3cr3t"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)
        self.thread.start()

    def close(self) -> None:
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def receiver_factory() -> Iterator[Any]:
    made: list[_Receiver] = []

    def make(statuses: list[int]) -> _Receiver:
        made.append(_Receiver(statuses))
        return made[-1]

    yield make
    for receiver in made:
        receiver.close()


def test_webhook_gets_the_alert_json(
    receiver_factory: Any, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = receiver_factory([200])
    metrics = Metrics(CollectorRegistry())
    alert = turkey_alert(now)
    with caplog.at_level(logging.INFO, logger="pipeline.alerting"):
        deliver(alert, AlertSettings(webhook_url=SecretStr(receiver.url)), metrics)
    assert receiver.bodies == [alert.model_dump(mode="json")]
    assert deliveries(metrics, "webhook", "ok") == 1
    assert "Turkey: 3 airspace-violation reports" in caplog.text


def test_failing_webhook_is_retried_then_counted_as_error_without_raising(
    receiver_factory: Any, now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    receiver = receiver_factory([503])
    metrics = Metrics(CollectorRegistry())
    pauses: list[float] = []
    settings = AlertSettings(webhook_url=SecretStr(receiver.url), delivery_retries=3)
    with caplog.at_level(logging.INFO, logger="pipeline.alerting"):
        deliver(turkey_alert(now), settings, metrics, backoff_s=0.5, sleep=pauses.append)
    assert len(receiver.bodies) == 4
    assert pauses == [0.5, 1.0, 2.0]
    assert (deliveries(metrics, "webhook", "error"), deliveries(metrics, "webhook", "ok")) == (1, 0)
    assert "s3cr3t" not in caplog.text
    assert "127.0.0.1" not in caplog.text


def test_webhook_recovering_after_a_failure_counts_ok(receiver_factory: Any, now: datetime) -> None:
    receiver = receiver_factory([500, 200])
    metrics = Metrics(CollectorRegistry())
    deliver(
        turkey_alert(now),
        AlertSettings(webhook_url=SecretStr(receiver.url)),
        metrics,
        sleep=lambda _s: None,
    )
    assert len(receiver.bodies) == 2
    assert deliveries(metrics, "webhook", "ok") == 1


def test_client_error_is_not_retried_and_unreachable_target_is_an_error(
    receiver_factory: Any, now: datetime
) -> None:
    receiver = receiver_factory([400])
    metrics = Metrics(CollectorRegistry())
    deliver(
        turkey_alert(now),
        AlertSettings(webhook_url=SecretStr(receiver.url)),
        metrics,
        sleep=lambda _s: None,
    )
    assert len(receiver.bodies) == 1
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        closed_port = sock.getsockname()[1]
    unreachable = AlertSettings(
        alertmanager_url=SecretStr(f"http://127.0.0.1:{closed_port}"), delivery_retries=1
    )
    deliver(turkey_alert(now), unreachable, metrics, sleep=lambda _s: None)
    assert deliveries(metrics, "webhook", "error") == 1
    assert deliveries(metrics, "alertmanager", "error") == 1


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture
def alertmanager(tmp_path: Path) -> Iterator[str]:
    """A real Alertmanager on a free loopback port, clustering off, temp storage."""
    binary = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    assert binary, "Alertmanager is not installed (apt-get install prometheus-alertmanager)"
    config = tmp_path / "alertmanager.yml"
    config.write_text("route:\n  receiver: blackhole\nreceivers:\n  - name: blackhole\n")
    port = _free_port()
    log = (tmp_path / "alertmanager.log").open("wb")
    process = subprocess.Popen(
        [binary, f"--config.file={config}", f"--storage.path={tmp_path / 'data'}",
         f"--web.listen-address=127.0.0.1:{port}", "--cluster.listen-address="],
        stdout=log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                with urllib.request.urlopen(f"{url}/-/ready", timeout=1) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert process.poll() is None, (tmp_path / "alertmanager.log").read_text()
            assert time.monotonic() < deadline, "Alertmanager did not become ready"
            time.sleep(0.2)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)
        log.close()


def _alerts_in(url: str) -> list[dict[str, Any]]:
    with urllib.request.urlopen(f"{url}/api/v2/alerts", timeout=5) as response:
        return list(json.loads(response.read()))


def test_alertmanager_receives_firing_then_resolved(alertmanager: str) -> None:
    now = datetime.now(UTC)
    engine = AlertEngine(load_rules(None))
    today = now.date()
    events = [airspace("w", today - timedelta(days=1), reports=2), airspace("m", today)]
    [alert] = [a for e in events for a in engine.observe(e, now)]
    metrics = Metrics(CollectorRegistry())
    settings = AlertSettings(alertmanager_url=SecretStr(alertmanager + "/"))
    deliver(alert, settings, metrics)
    assert deliveries(metrics, "alertmanager", "ok") == 1
    [received] = _alerts_in(alertmanager)
    assert received["labels"] == {
        "alertname": "airspace_violation_reports", "rule": "airspace_violation_reports",
        "group": "TUR", "severity": "warning", "source": "wirewatch",
        "window": f"{alert.window_start.date()}/{alert.window_end.date()}",
    }  # fmt: skip
    assert received["annotations"]["summary"] == alert.summary
    assert received["annotations"]["alert_id"] == alert.alert_id
    assert received["status"]["state"] == "active"
    resolved = alert.model_copy(update={"status": "resolved", "resolved_at": now})
    deliver(resolved, settings, metrics)
    assert _alerts_in(alertmanager) == []
    assert deliveries(metrics, "alertmanager", "ok") == 2


def test_alertmanager_payload_of_an_old_window_leaves_the_end_to_alertmanager(
    now: datetime,
) -> None:
    [item] = alertmanager_payload(turkey_alert(now))
    assert "endsAt" not in item
    assert item["startsAt"] == now.isoformat()


def test_prepare_metrics_creates_series_at_zero_and_count_alert_counts(now: datetime) -> None:
    from pipeline.alerting import count_alert, prepare_metrics

    metrics = Metrics(CollectorRegistry())
    rules = load_rules(None)
    prepare_metrics(rules, AlertSettings(webhook_url=SecretStr("http://127.0.0.1:1/")), metrics)
    get = metrics.registry.get_sample_value
    assert (
        get(
            "wirewatch_alerts_fired_total",
            {"rule": "mass_casualties_admin1", "severity": "critical"},
        )
        == 0
    )
    assert get("wirewatch_alert_deliveries_total", {"target": "webhook", "result": "error"}) == 0
    assert (
        get("wirewatch_alert_deliveries_total", {"target": "alertmanager", "result": "ok"}) is None
    )
    alert = turkey_alert(now)
    count_alert(alert, metrics)
    count_alert(alert.model_copy(update={"status": "resolved", "resolved_at": now}), metrics)
    labels = {"rule": "airspace_violation_reports", "severity": "warning"}
    assert get("wirewatch_alerts_fired_total", labels) == 1
    assert get("wirewatch_alerts_resolved_total", {"rule": "airspace_violation_reports"}) == 1


def test_malformed_urls_are_errors_and_never_logged(
    now: datetime, caplog: pytest.LogCaptureFixture
) -> None:
    metrics = Metrics(CollectorRegistry())
    settings = AlertSettings(
        webhook_url=SecretStr("not a url with token-123"),
        alertmanager_url=SecretStr("ftp://token-456@example.invalid"),
    )
    with caplog.at_level(logging.DEBUG):
        deliver(turkey_alert(now), settings, metrics, sleep=lambda _s: None)
    assert deliveries(metrics, "webhook", "error") == 1
    assert deliveries(metrics, "alertmanager", "error") == 1
    assert "token-" not in caplog.text
