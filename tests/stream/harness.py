"""Helpers for stream tests: worker processes, producing, consuming, scraping metrics."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from prometheus_client.parser import text_string_to_metric_families

from pipeline.kafka.admin import read_topic
from pipeline.kafka.config import kafka_python_config
from pipeline.settings import Settings

FAULTY_WORKER = Path(__file__).with_name("faulty_worker.py")


@dataclass
class WorkerProcess:
    role: str
    process: subprocess.Popen[bytes]
    metrics_port: int
    log_path: Path
    stopped_on_purpose: bool = False

    def metrics(self) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
        return scrape(self.metrics_port)

    def sigkill(self) -> None:
        self.stopped_on_purpose = True
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=30)

    def sigterm(self, timeout: float = 60) -> int:
        self.stopped_on_purpose = True
        self.process.send_signal(signal.SIGTERM)
        return self.process.wait(timeout=timeout)

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")[-6000:]


@dataclass
class Workers:
    settings: Settings
    log_dir: Path
    extra_env: dict[str, str] = field(default_factory=dict)
    running: list[WorkerProcess] = field(default_factory=list)

    def start(self, role: str, *, script: Path | None = None) -> WorkerProcess:
        from tests.fixtures.kafka import free_port

        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
        env.update(self.settings.to_env())
        env.update(self.extra_env)
        env["WIREWATCH_LOG_LEVEL"] = "INFO"
        command = (
            [sys.executable, str(script), role, "--metrics-port", str(port)]
            if script
            else [sys.executable, "-m", "pipeline", "worker", role, "--metrics-port", str(port)]
        )
        log_path = self.log_dir / f"{role}-{len(self.running)}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                command,
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
                cwd=Path(__file__).resolve().parents[2],
            )
        worker = WorkerProcess(role, process, port, log_path)
        self.running.append(worker)
        wait_for(
            lambda: _metrics_up(port) or process.poll() is not None, 120, f"{role} worker metrics"
        )
        if process.poll() is not None:
            raise RuntimeError(f"{role} worker exited early:\n{worker.log()}")
        return worker

    def stop_all(self) -> None:
        for worker in self.running:
            if worker.process.poll() is None:
                worker.process.send_signal(signal.SIGTERM)
        for worker in self.running:
            try:
                worker.process.wait(timeout=60)
            except subprocess.TimeoutExpired:
                worker.process.kill()
                worker.process.wait()
        self.running.clear()


def wait_for(predicate: Any, timeout: float, what: str, interval: float = 0.25) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(interval)
    raise TimeoutError(f"timed out after {timeout:.0f}s waiting for {what}")


def _metrics_up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as r:
            return bool(r.status == 200)
    except OSError:
        return False


def scrape(port: int) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=5) as response:
        text = response.read().decode("utf-8")
    samples = {}
    for family in text_string_to_metric_families(text):
        for sample in family.samples:
            samples[(sample.name, tuple(sorted(sample.labels.items())))] = sample.value
    return samples


def sample_sum(
    samples: dict[tuple[str, tuple[tuple[str, str], ...]], float], name: str, **labels: str
) -> float:
    """Sum of a metric's samples whose labels include ``labels``."""
    return sum(
        value
        for (n, lbls), value in samples.items()
        if n == name and all((k, v) in lbls for k, v in labels.items())
    )


def produce(settings: Settings, topic: str, records: Iterable[tuple[str, bytes | None]]) -> int:
    from kafka import KafkaProducer

    producer = KafkaProducer(
        **kafka_python_config(settings.kafka), acks="all", max_request_size=8 * 1024 * 1024
    )
    count = 0
    try:
        for key, value in records:
            producer.send(topic, key=key.encode(), value=value)
            count += 1
        producer.flush(timeout=60)
    finally:
        producer.close()
    return count


@dataclass(frozen=True)
class Record:
    key: str | None
    value: bytes | None
    headers: list[tuple[str, bytes]]
    partition: int
    offset: int


def consume_all(settings: Settings, topic: str, timeout_s: float = 10.0) -> list[Record]:
    """Every record currently in ``topic``, read from the beginning (no group)."""
    return [
        Record(
            r.key.decode() if r.key else None,
            r.value,
            [(k, bytes(v)) for k, v in (r.headers or [])],
            r.partition,
            r.offset,
        )
        for r in read_topic(settings.kafka, topic, timeout_s)
    ]


def event_ids(records: Sequence[Record]) -> list[str]:
    return [json.loads(r.value or b"{}")["event_id"] for r in records]


def drain(
    workers: Workers, roles: tuple[str, ...] = ("extract", "store", "alert"), timeout_s: float = 240
) -> None:
    """Wait until the roles' groups have caught up; fail fast with logs if a worker died."""
    from pipeline.stream.progress import wait_until_drained

    def alive() -> bool:
        return all(w.process.poll() is None for w in workers.running if not w.stopped_on_purpose)

    try:
        wait_until_drained(
            workers.settings,
            roles=roles,
            timeout_s=timeout_s,  # type: ignore[arg-type]
            alive=alive,
        )
    except (RuntimeError, TimeoutError) as exc:
        logs = "\n".join(
            f"--- {w.role} (exit {w.process.poll()})\n{w.log()}" for w in workers.running
        )
        raise AssertionError(f"{exc}\n{logs}") from exc


def assigned_partitions(worker: WorkerProcess, topic: str) -> set[int]:
    """Partitions of ``topic`` the worker reports lag for, i.e. holds right now.

    The lag gauge is refreshed every few seconds from the consumer's assignment, and
    series of revoked partitions are removed, so this is the worker's own view.
    """
    return {
        int(dict(labels)["partition"])
        for (name, labels), _ in worker.metrics().items()
        if name == "wirewatch_consumer_lag" and dict(labels).get("topic") == topic
    }


def group_member_count(settings: Settings, role: str) -> int:
    """How many members the role's consumer group has, as the broker describes it."""
    from kafka import KafkaAdminClient

    from pipeline.stream.progress import group_id

    admin = KafkaAdminClient(**kafka_python_config(settings.kafka))
    try:
        name = group_id(settings, role)  # type: ignore[arg-type]
        described = admin.describe_groups([name])
        return len(described[name].get("members") or [])
    finally:
        admin.close()


def stored_event_id_rows(settings: Settings) -> list[str]:
    """Every stored event id, one per row (duplicates would show up twice)."""
    from pipeline.storage import EventFilter, open_store

    store = open_store(settings.effective_database_url())
    try:
        return [e.event.event_id for e in store.query_events(EventFilter(limit=None))]
    finally:
        store.close()
