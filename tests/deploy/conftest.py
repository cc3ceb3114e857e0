"""Fixtures of the deployment tests: a real extract worker fed with the seed article."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator

import pytest

from pipeline.kafka.admin import ensure_topics
from tests.deploy.helpers import REPO
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
    ensure_topics(settings)
    logs = tmp_path_factory.mktemp("deploy-worker")
    worker = start_worker(settings, "extract", free_port(), logs / "extract.log")
    try:
        replay = subprocess.run(
            [sys.executable, "-m", "pipeline", "replay", str(REPO / "seeds")],
            env=child_env(settings), capture_output=True, text=True, timeout=120, check=False,
            cwd=REPO,
        )
        assert replay.returncode == 0, replay.stdout + replay.stderr
        consumed = f'wirewatch_records_consumed_total{{topic="{settings.topics.raw}"}}'
        wait_until(lambda: worker.shows(consumed), 180, "the extract worker to consume the seeds")
        yield worker
    finally:
        worker.stop()
