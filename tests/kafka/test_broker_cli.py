"""``wirewatch broker start|status|stop`` in a subprocess, on free ports, in a tmp state dir."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
from pathlib import Path

import psutil
import pytest

from tests.fixtures.kafka import free_port

ROOT = Path(__file__).parents[2]


def cli_env(state: Path, port: int, controller: int, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env.update(
        WIREWATCH_STATE_DIR=str(state),
        WIREWATCH_BROKER__PORT=str(port),
        WIREWATCH_BROKER__CONTROLLER_PORT=str(controller),
        WIREWATCH_BROKER__HEAP="256m",
        WIREWATCH_KAFKA__BOOTSTRAP_SERVERS=f"127.0.0.1:{port}",
    )
    env.update(extra)
    return env


def wirewatch(
    env: dict[str, str], *args: str, timeout: float = 240
) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )


@pytest.mark.kafka
@pytest.mark.timeout(300)
def test_start_status_stop_touches_only_its_own_broker(tmp_path: Path) -> None:
    env = cli_env(tmp_path / "state", free_port(), free_port())
    bystander = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(300)"])
    try:
        started = wirewatch(env, "broker", "start")
        assert started.returncode == 0, started.stderr + started.stdout
        assert "ready in" in started.stdout
        pid = int((tmp_path / "state" / "kafka" / "broker.pid").read_text())
        assert "kafka.Kafka" in psutil.Process(pid).cmdline()

        again = wirewatch(env, "broker", "start")
        assert again.returncode == 0
        assert f"already running  pid {pid}" in again.stdout

        status = wirewatch(env, "broker", "status")
        assert status.returncode == 0
        assert status.stdout.startswith(f"running  pid {pid}")
        assert " answering " in status.stdout

        topics = wirewatch(env, "topics", "create")
        assert topics.returncode == 0, topics.stderr
        assert topics.stdout.count("created") == 5

        # A pid file that names someone else's process must not get it killed.
        other_state = tmp_path / "other"
        (other_state / "kafka").mkdir(parents=True)
        (other_state / "kafka" / "broker.pid").write_text(f"{bystander.pid}\n")
        other = wirewatch(cli_env(other_state, free_port(), free_port()), "broker", "stop")
        assert other.returncode == 0
        assert "no Kafka broker of ours" in other.stdout
        assert bystander.poll() is None

        stopped = wirewatch(env, "broker", "stop")
        assert stopped.returncode == 0, stopped.stderr
        assert "stopped" in stopped.stdout
        assert not psutil.pid_exists(pid) or psutil.Process(pid).status() == psutil.STATUS_ZOMBIE
        assert bystander.poll() is None

        after = wirewatch(env, "broker", "status")
        assert after.returncode == 3
        assert after.stdout.startswith("not running")
    finally:
        wirewatch(env, "broker", "stop")
        bystander.kill()
        bystander.wait()


def test_start_refuses_a_taken_port(tmp_path: Path) -> None:
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen(1)
        port = taken.getsockname()[1]
        result = wirewatch(cli_env(tmp_path, port, free_port()), "broker", "start", timeout=60)
    assert result.returncode == 1
    assert f"broker port 127.0.0.1:{port} is already in use" in result.stderr
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "kafka" / "broker.pid").exists()


def test_start_without_java_says_so(tmp_path: Path) -> None:
    env = cli_env(tmp_path, free_port(), free_port(), PATH=str(tmp_path / "empty-bin"))
    result = wirewatch(env, "broker", "start", timeout=60)
    assert result.returncode == 1
    assert "Java is not on PATH" in result.stderr
    assert "Traceback" not in result.stderr


def test_start_without_maven_and_no_cached_jars_says_so(tmp_path: Path) -> None:
    java = shutil.which("java")
    assert java is not None, "the kafka tests need Java 17+"
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    (bin_dir / "java").symlink_to(Path(java).resolve())
    env = cli_env(
        tmp_path,
        free_port(),
        free_port(),
        PATH=str(bin_dir),
        WIREWATCH_BROKER__CACHE_DIR=str(tmp_path / "empty-cache"),
    )
    result = wirewatch(env, "broker", "start", timeout=60)
    assert result.returncode == 1
    assert "Maven (mvn) is not on PATH" in result.stderr
    assert "Traceback" not in result.stderr
