"""Fixtures of the deployment tests: a real extract worker, Prometheus, Alertmanager."""

from __future__ import annotations

import shutil
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from pipeline.kafka.admin import ensure_topics
from tests.deploy.helpers import REPO
from tests.deploy.monitoring import (
    PrometheusServer,
    ServerProcess,
    start_alertmanager,
    start_prometheus,
)
from tests.deploy.running import RunningWorker, child_env, start_worker, wait_until
from tests.fixtures.kafka import KafkaBrokerFixture, free_port


@pytest.fixture(scope="session")
def extract_worker(
    kafka_broker: KafkaBrokerFixture, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[RunningWorker]:
    """``wirewatch worker extract`` on the session broker, after it consumed the seeds.

    The seeds go in through ``wirewatch replay``, so the worker's counters have moved
    by the time a test scrapes it.
    """
    settings = kafka_broker.settings()
    settings.state_dir.mkdir(parents=True)  # as in the image: the state dir exists, empty
    ensure_topics(settings)
    logs = tmp_path_factory.mktemp("deploy-worker")
    worker = start_worker(settings, "extract", free_port(), logs / "extract.log")
    try:
        replay = subprocess.run(
            [sys.executable, "-m", "pipeline", "replay", str(REPO / "seeds")],
            env=child_env(settings),
            capture_output=True,
            text=True,
            timeout=120,
            check=False,
            cwd=REPO,
        )
        assert replay.returncode == 0, replay.stdout + replay.stderr
        consumed = f'wirewatch_records_consumed_total{{topic="{settings.topics.raw}"}}'
        wait_until(lambda: worker.shows(consumed), 180, "the extract worker to consume the seeds")
        yield worker
    finally:
        worker.stop()


@pytest.fixture
def prometheus_factory(tmp_path: Path) -> Iterator[Callable[[dict[str, Any]], PrometheusServer]]:
    """Start real Prometheus servers from config dicts; all are stopped after the test."""
    binary = shutil.which("prometheus")
    assert binary is not None, "prometheus is not installed (apt-get install prometheus)"
    started: list[PrometheusServer] = []

    def start(config: dict[str, Any]) -> PrometheusServer:
        server = start_prometheus(binary, config, tmp_path / f"prometheus-{len(started)}")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()


@pytest.fixture
def alertmanager_factory(tmp_path: Path) -> Iterator[Callable[[dict[str, Any]], ServerProcess]]:
    """Start real Alertmanagers (Debian's prometheus-alertmanager); stopped after the test."""
    binary = shutil.which("prometheus-alertmanager") or shutil.which("alertmanager")
    assert binary is not None, "apt-get install prometheus-alertmanager"
    started: list[ServerProcess] = []

    def start(config: dict[str, Any]) -> ServerProcess:
        server = start_alertmanager(binary, config, tmp_path / f"alertmanager-{len(started)}")
        started.append(server)
        return server

    yield start
    for server in started:
        server.stop()
