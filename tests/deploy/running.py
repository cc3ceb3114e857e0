"""A real wirewatch worker process for the deployment tests, and small waits."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from pipeline.settings import Settings
from tests.deploy.helpers import REPO


@dataclass
class RunningWorker:
    role: str
    process: subprocess.Popen[bytes]
    metrics_port: int
    log_path: Path

    @property
    def metrics_url(self) -> str:
        return f"http://127.0.0.1:{self.metrics_port}/metrics"

    def log_tail(self, chars: int = 4000) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-chars:]

    def metrics_text(self) -> str:
        with urllib.request.urlopen(self.metrics_url, timeout=5) as response:
            return str(response.read().decode("utf-8"))

    def shows(self, fragment: str) -> bool:
        """Whether /metrics contains ``fragment``; fails with the log if the worker died."""
        if self.process.poll() is not None:
            raise AssertionError(
                f"the {self.role} worker exited with {self.process.returncode}:\n" + self.log_tail()
            )
        try:
            return fragment in self.metrics_text()
        except OSError:
            return False

    def stop(self, grace_s: float = 60.0) -> None:
        if self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=grace_s)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=30)


def wait_until(predicate: Callable[[], bool], timeout_s: float, what: str) -> None:
    """Poll ``predicate`` until it holds; fail naming ``what`` after ``timeout_s``."""
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(0.3)
    raise AssertionError(f"gave up after {timeout_s:.0f} s waiting for {what}")


def child_env(settings: Settings, extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment of a wirewatch child process: ``settings`` and nothing stale."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env.update(settings.to_env())
    env.update(extra or {})
    return env


def start_worker(
    settings: Settings,
    role: str,
    metrics_port: int,
    log_path: Path,
    extra_env: Mapping[str, str] | None = None,
) -> RunningWorker:
    """``wirewatch worker <role>`` in the background, once its /metrics answers."""
    with log_path.open("wb") as log:
        process = subprocess.Popen(
            [sys.executable, "-m", "pipeline", "worker", role, "--metrics-port", str(metrics_port)],
            env=child_env(settings, extra_env),
            stdout=log,
            stderr=subprocess.STDOUT,
            cwd=REPO,
        )
    worker = RunningWorker(role, process, metrics_port, log_path)

    def answers() -> bool:
        if process.poll() is not None:
            raise AssertionError(f"the {role} worker exited early:\n{worker.log_tail()}")
        try:
            worker.metrics_text()
        except OSError:
            return False
        return True

    try:
        wait_until(answers, 180, f"the {role} worker's /metrics")
    except AssertionError:
        worker.stop()
        raise
    return worker
