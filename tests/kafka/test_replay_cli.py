"""``wirewatch topics create`` and ``wirewatch replay`` as a user runs them."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

pytestmark = pytest.mark.kafka

ROOT = Path(__file__).parents[2]


def run_cli(settings, *args: str) -> subprocess.CompletedProcess[str]:  # type: ignore[no-untyped-def]
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env.update(
        WIREWATCH_KAFKA__BOOTSTRAP_SERVERS=settings.kafka.bootstrap_servers,
        WIREWATCH_KAFKA__CONNECT_TIMEOUT_S="10",
        WIREWATCH_TOPICS__RAW=settings.topics.raw,
        WIREWATCH_TOPICS__ARTICLES=settings.topics.articles,
        WIREWATCH_TOPICS__EVENTS=settings.topics.events,
        WIREWATCH_TOPICS__ALERTS=settings.topics.alerts,
        WIREWATCH_TOPICS__DEADLETTER=settings.topics.deadletter,
        WIREWATCH_STATE_DIR=str(settings.state_dir),
    )
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def test_topics_then_replay_with_loops_and_a_bad_file(kafka_broker, tmp_path: Path) -> None:
    settings = kafka_broker.settings()
    created = run_cli(settings, "topics", "create")
    assert created.returncode == 0, created.stderr
    assert created.stdout.count(" created ") == 5
    again = run_cli(settings, "topics", "create")
    assert again.stdout.count(" exists ") == 5

    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"\x00binary")
    result = run_cli(settings, "replay", "--loop", "2", "--rate", "100", "seeds", str(bad))
    assert result.returncode == 0, result.stderr
    assert "sent 2 article(s)" in result.stdout
    assert f"{bad}: binary (NUL byte at offset 0)" in result.stdout
    assert "Traceback" not in result.stderr

    only_bad = run_cli(settings, "replay", str(bad))
    assert only_bad.returncode == 1
    assert "sent 0 article(s)" in only_bad.stdout
