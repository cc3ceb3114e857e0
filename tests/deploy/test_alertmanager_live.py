"""Prometheus -> Alertmanager -> webhook, with the production configs and real servers.

Prometheus runs with deploy/prometheus/prometheus.yml's alerting section pointed at a
real Alertmanager (Debian's ``prometheus-alertmanager``) running
deploy/alertmanager/alertmanager.yml, whose webhook receivers are redirected to a
capture server on loopback and whose grouping waits are shortened to one second.
"""

from __future__ import annotations

import json
import threading
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.deploy.helpers import ALERTMANAGER_CONFIG, PROMETHEUS_RULES, load_yaml
from tests.deploy.monitoring import (
    PrometheusServer,
    ServerProcess,
    busy_metrics,
    local_config,
    own_rules,
)
from tests.deploy.running import wait_until

pytestmark = pytest.mark.prometheus


class _Capture(BaseHTTPRequestHandler):
    received: list[dict[str, Any]]

    def do_POST(self) -> None:
        length = int(self.headers.get("Content-Length", "0"))
        self.received.append(
            {"path": self.path, "body": json.loads(self.rfile.read(length) or b"{}")}
        )
        self.send_response(200)
        self.end_headers()

    def log_message(self, format: str, *args: Any) -> None:
        return


@pytest.fixture
def webhook() -> Iterator[tuple[str, list[dict[str, Any]]]]:
    """A loopback HTTP server recording every notification posted to it."""
    received: list[dict[str, Any]] = []
    handler = type("Capture", (_Capture,), {"received": received})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", received
    finally:
        server.shutdown()
        server.server_close()


def local_alertmanager_config(webhook_url: str) -> dict[str, Any]:
    """The production Alertmanager config, delivering to ``webhook_url`` within a second."""
    config: dict[str, Any] = load_yaml(ALERTMANAGER_CONFIG)
    for receiver in config["receivers"]:
        for hook in receiver.get("webhook_configs", []):
            hook["url"] = f"{webhook_url}/{receiver['name']}"

    def hurry(route: dict[str, Any]) -> None:
        for key in ("group_wait", "group_interval"):
            if key in route or route is config["route"]:
                route[key] = "1s"
        for child in route.get("routes", []):
            hurry(child)

    hurry(config["route"])
    return config


def test_prometheus_alerts_reach_the_alertmanager_receivers(
    prometheus_factory: Callable[[dict[str, Any]], PrometheusServer],
    alertmanager_factory: Callable[[dict[str, Any]], ServerProcess],
    webhook: tuple[str, list[dict[str, Any]]],
    tmp_path: Path,
) -> None:
    url, received = webhook
    alertmanager = alertmanager_factory(local_alertmanager_config(url))
    metrics = busy_metrics()
    port = metrics.serve("127.0.0.1", 0)
    prometheus = prometheus_factory(
        local_config(
            {"wirewatch-extract": f"127.0.0.1:{port}"},
            [PROMETHEUS_RULES, own_rules(tmp_path)],
            alertmanager=alertmanager.url.removeprefix("http://"),
        )
    )

    def delivered() -> list[dict[str, Any]]:
        return [
            alert
            for note in received
            for alert in note["body"].get("alerts", [])
            if alert["labels"].get("alertname") == "TestRawLagAbove100"
        ]

    wait_until(lambda: bool(delivered()), 90, "the alert to reach the webhook")
    [alert] = delivered()[:1]
    assert alert["status"] == "firing"
    # The production config's external label travels with every alert.
    assert alert["labels"]["stack"] == "wirewatch"
    notes = [n for n in received if any(a in n["body"]["alerts"] for a in delivered())]
    assert notes[0]["path"] == "/operators"  # a warning goes to the default receiver

    active = alertmanager.get_json("/api/v2/alerts")
    assert "TestRawLagAbove100" in {a["labels"]["alertname"] for a in active}
    assert prometheus.api("alertmanagers")["activeAlertmanagers"]
