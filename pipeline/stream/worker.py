"""Run a worker: build the app for a role, attach its agent, serve /metrics, go.

``run_worker`` blocks until the worker is stopped (SIGINT/SIGTERM: faust drains the
current batch, commits acked offsets, and leaves the group). ``run_all`` supervises
one child process per role.
"""

from __future__ import annotations

import logging
import signal
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import NoReturn

from pipeline.metrics import Metrics
from pipeline.settings import Settings
from pipeline.stream.app import ROLES, Role, create_app
from pipeline.stream.plumbing import attach_lag_monitor

log = logging.getLogger(__name__)


def metrics_port_for(settings: Settings, role: Role) -> int:
    """Each role's default /metrics port: the configured base plus its index."""
    if settings.metrics.port == 0:
        return 0
    return settings.metrics.port + ROLES.index(role)


def run_worker(settings: Settings, role: Role, metrics_port: int | None = None) -> NoReturn:
    import faust

    metrics = Metrics()
    (settings.state_dir / "faust").mkdir(parents=True, exist_ok=True)
    app = create_app(settings, role)
    if role == "extract":
        from pipeline.coding.coder import Coder
        from pipeline.stream.extract import attach_extract

        attach_extract(app, settings, metrics, Coder.from_settings(settings.nlp))
    elif role == "store":
        from pipeline.storage import open_store
        from pipeline.stream.store import attach_store

        attach_store(
            app, settings, metrics, open_store(settings.effective_database_url(), metrics=metrics)
        )
    else:
        from pipeline.stream.alert import attach_alert

        attach_alert(app, settings, metrics)
    attach_lag_monitor(app, metrics)
    port = metrics_port_for(settings, role) if metrics_port is None else metrics_port
    bound = metrics.serve(settings.metrics.host, port)
    log.info("%s worker: metrics on http://%s:%d/metrics", role, settings.metrics.host, bound)
    worker = faust.Worker(
        app,
        loglevel=settings.log_level.lower(),
        quiet=True,
        redirect_stdouts=False,
    )
    worker.execute_from_commandline()


def worker_command(role: Role, metrics_port: int | None = None) -> list[str]:
    command = [sys.executable, "-m", "pipeline", "worker", role]
    if metrics_port is not None:
        command += ["--metrics-port", str(metrics_port)]
    return command


def start_role_processes(
    settings: Settings, roles: Sequence[Role] = ROLES, log_dir: Path | None = None
) -> list[subprocess.Popen[bytes]]:
    """One child process per role; with ``log_dir``, each writes ``<role>.log`` there."""
    processes = []
    for role in roles:
        command = worker_command(role, metrics_port_for(settings, role))
        if log_dir is None:
            processes.append(subprocess.Popen(command))
            continue
        log_dir.mkdir(parents=True, exist_ok=True)
        with (log_dir / f"{role}.log").open("ab") as log_file:
            processes.append(subprocess.Popen(command, stdout=log_file, stderr=subprocess.STDOUT))
    return processes


def stop_processes(processes: Sequence[subprocess.Popen[bytes]], grace_s: float = 30.0) -> None:
    """SIGTERM each child, wait for a clean exit, SIGKILL what is left after ``grace_s``."""
    for process in processes:
        if process.poll() is None:
            process.send_signal(signal.SIGTERM)
    deadline = time.monotonic() + grace_s
    for process in processes:
        try:
            process.wait(timeout=max(0.1, deadline - time.monotonic()))
        except subprocess.TimeoutExpired:
            log.warning("worker pid %d did not stop in %.0fs; killing it", process.pid, grace_s)
            process.kill()
            process.wait()


def run_all(settings: Settings) -> int:
    """Run every role as a child process until interrupted or one of them exits."""
    processes = start_role_processes(settings)
    stopping = False

    def on_signal(signum: int, _frame: object) -> None:
        nonlocal stopping
        stopping = True

    signal.signal(signal.SIGTERM, on_signal)
    signal.signal(signal.SIGINT, on_signal)
    try:
        while not stopping:
            if any(p.poll() is not None for p in processes):
                log.error("a worker exited; stopping the others")
                break
            time.sleep(0.5)
    finally:
        stop_processes(processes)
    codes = [p.returncode for p in processes]
    return 0 if stopping and all(c in (0, -signal.SIGTERM) for c in codes) else 1
