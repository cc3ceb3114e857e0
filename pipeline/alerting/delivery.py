"""Alert delivery: a log line always, a webhook and Alertmanager's v2 API when configured.

``deliver`` never raises: a target that keeps failing is retried with exponential
backoff, then counted as ``wirewatch_alert_deliveries_total{result="error"}`` and
logged, and the stream moves on (the alert is already on ``wire.alerts`` and in
storage). Target URLs are secrets (they may carry tokens) and are never logged.

``deliver`` blocks while it retries (seconds at most with the defaults): an asyncio
worker awaits ``deliver_async``, which runs it in a thread.
"""

from __future__ import annotations

import asyncio
import json
import logging
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from pipeline.alerting.rules import AlertRule
from pipeline.metrics import Metrics
from pipeline.models import Alert
from pipeline.settings import AlertSettings

log = logging.getLogger("pipeline.alerting")

ALERTMANAGER_PATH = "/api/v2/alerts"
# 4xx answers other than these mean the payload or the address is wrong: retrying the
# same request cannot help.
_RETRYABLE_CLIENT_ERRORS = frozenset({408, 425, 429})


def alertmanager_payload(alert: Alert) -> list[dict[str, Any]]:
    """The body of ``POST /api/v2/alerts`` for one alert.

    The window is a label, so two windows of one rule and group are two Alertmanager
    alerts. A firing alert ends at its window's end when that is still ahead; a window
    already past (a replay of old articles) leaves ``endsAt`` out, so Alertmanager's
    ``resolve_timeout`` applies.
    """
    labels = {
        "alertname": alert.rule,
        "rule": alert.rule,
        "group": alert.group_key,
        "severity": alert.severity,
        "window": f"{alert.window_start.date()}/{alert.window_end.date()}",
        "source": "wirewatch",
    }
    annotations = {
        "summary": alert.summary,
        "alert_id": alert.alert_id,
        "count": str(alert.count),
        "threshold": str(alert.threshold),
        "event_ids": ",".join(alert.event_ids[:50]),
    }
    item: dict[str, Any] = {
        "labels": labels,
        "annotations": annotations,
        "startsAt": alert.fired_at.isoformat(),
    }
    if alert.status == "resolved":
        item["endsAt"] = (alert.resolved_at or alert.fired_at).isoformat()
    elif alert.window_end > alert.fired_at:
        item["endsAt"] = alert.window_end.isoformat()
    return [item]


def webhook_payload(alert: Alert) -> dict[str, Any]:
    """The webhook body: the alert exactly as on ``wire.alerts``."""
    return alert.model_dump(mode="json")


def deliver(
    alert: Alert,
    settings: AlertSettings,
    metrics: Metrics,
    *,
    timeout_s: float = 5.0,
    backoff_s: float = 0.5,
    max_backoff_s: float = 8.0,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """Log ``alert`` and send it to the configured webhook and Alertmanager; never raises."""
    log.info(
        "alert %s [%s] rule=%s group=%s window=%s..%s count=%d threshold=%d id=%s: %s",
        alert.status, alert.severity, alert.rule, alert.group_key,
        alert.window_start.date(), alert.window_end.date(), alert.count, alert.threshold,
        alert.alert_id, alert.summary,
    )  # fmt: skip
    targets: list[tuple[str, str, Any]] = []
    if settings.webhook_url is not None:
        targets.append(("webhook", settings.webhook_url.get_secret_value(), webhook_payload(alert)))
    if settings.alertmanager_url is not None:
        base = settings.alertmanager_url.get_secret_value().rstrip("/")
        targets.append(("alertmanager", base + ALERTMANAGER_PATH, alertmanager_payload(alert)))
    for target, url, payload in targets:
        try:
            ok = _post_with_retries(
                target, url, json.dumps(payload).encode("utf-8"), alert,
                attempts=1 + settings.delivery_retries, timeout_s=timeout_s,
                backoff_s=backoff_s, max_backoff_s=max_backoff_s, sleep=sleep,
            )  # fmt: skip
        except Exception as exc:  # a bug here must not stop the stream either
            # The class name only: the message or traceback could carry the secret URL.
            log.error(
                "alert %s: delivery to %s failed unexpectedly: %s",
                alert.alert_id, target, type(exc).__name__,
            )  # fmt: skip
            ok = False
        metrics.alert_deliveries.labels(target=target, result="ok" if ok else "error").inc()


def prepare_metrics(rules: Sequence[AlertRule], settings: AlertSettings, metrics: Metrics) -> None:
    """Create every rule's and target's series at 0 when the worker starts.

    A labelled counter only appears once incremented, and Prometheus' ``increase()``
    cannot see the step from "no series" to 1: without this, the first alert of a rule
    would never show in ``WirewatchThresholdAlertFired``.
    """
    for rule in rules:
        metrics.alerts_fired.labels(rule=rule.name, severity=rule.severity)
        metrics.alerts_resolved.labels(rule=rule.name)
    targets = [
        name
        for name, url in (
            ("webhook", settings.webhook_url),
            ("alertmanager", settings.alertmanager_url),
        )
        if url is not None
    ]
    for target in targets:
        for result in ("ok", "error"):
            metrics.alert_deliveries.labels(target=target, result=result)


def count_alert(alert: Alert, metrics: Metrics) -> None:
    """Count a fired or resolved alert in ``wirewatch_alerts_{fired,resolved}_total``."""
    if alert.status == "firing":
        metrics.alerts_fired.labels(rule=alert.rule, severity=alert.severity).inc()
    else:
        metrics.alerts_resolved.labels(rule=alert.rule).inc()


async def deliver_async(alert: Alert, settings: AlertSettings, metrics: Metrics) -> None:
    """``deliver`` in a worker thread, so retries and backoff never block the event loop."""
    await asyncio.to_thread(deliver, alert, settings, metrics)


def _post_with_retries(
    target: str,
    url: str,
    body: bytes,
    alert: Alert,
    *,
    attempts: int,
    timeout_s: float,
    backoff_s: float,
    max_backoff_s: float,
    sleep: Callable[[float], None],
) -> bool:
    for attempt in range(1, attempts + 1):
        problem, retryable = _post_once(url, body, timeout_s)
        if problem is None:
            return True
        log.warning(
            "alert %s: %s delivery attempt %d/%d failed: %s",
            alert.alert_id, target, attempt, attempts, problem,
        )  # fmt: skip
        if not retryable or attempt == attempts:
            break
        sleep(min(max_backoff_s, backoff_s * 2 ** (attempt - 1)))
    log.error("alert %s: giving up on %s delivery", alert.alert_id, target)
    return False


def _post_once(url: str, body: bytes, timeout_s: float) -> tuple[str | None, bool]:
    """POST ``body``; return (None, _) on a 2xx, else (what went wrong, worth retrying).

    Messages name the error class and HTTP status only: urllib's own messages can
    contain the URL, which is a secret.
    """
    try:
        request = urllib.request.Request(  # noqa: S310 - the scheme is checked below
            url, data=body, method="POST", headers={"Content-Type": "application/json"}
        )
    except ValueError:
        return "not a valid URL", False
    if request.type not in ("http", "https"):
        return f"unsupported URL scheme {request.type!r}", False
    try:
        with urllib.request.urlopen(request, timeout=timeout_s) as response:  # noqa: S310
            response.read()
            return None, True
    except urllib.error.HTTPError as exc:
        retryable = exc.code >= 500 or exc.code in _RETRYABLE_CLIENT_ERRORS
        return f"HTTP {exc.code}", retryable
    except urllib.error.URLError as exc:
        reason = exc.reason
        detail = type(reason).__name__ if isinstance(reason, BaseException) else "URLError"
        errno = getattr(reason, "errno", None)
        return (f"{detail} (errno {errno})" if errno else detail), True
    except (TimeoutError, OSError) as exc:
        return type(exc).__name__, True
