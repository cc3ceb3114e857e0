"""The test rig of ``wirewatch bench pipeline``: a broker, worker processes, a store.

``StreamRig`` starts a private ``LocalBroker`` on free ports (or uses the one
``WIREWATCH_KAFKA__BOOTSTRAP_SERVERS`` names, with topics under a unique suffix), runs
``wirewatch worker`` processes against a fresh SQLite file, replays RawArticles and
waits until their events are stored, and accounts for CPU and RSS per role.
"""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import threading
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

import psutil

from pipeline.kafka.broker import LocalBroker
from pipeline.kafka.config import kafka_python_config
from pipeline.models import RawArticle
from pipeline.settings import Settings


def print_progress(message: str) -> None:
    print(f"  [pipeline] {time.strftime('%H:%M:%S')} {message}", flush=True)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def private_broker(settings: Settings, folder: Path) -> LocalBroker:
    """A broker for one benchmark: free loopback ports, its state under ``folder``."""
    return LocalBroker(
        folder,
        host=settings.broker.host,
        port=free_port(),
        controller_port=free_port(),
        version=settings.broker.kafka_version,
        heap=settings.broker.heap,
        cache_dir=settings.broker.cache_dir,
    )


class RssSampler:
    """Samples the RSS of registered processes on a thread; keeps each one's peak."""

    def __init__(self, interval_s: float = 0.5) -> None:
        self._interval = interval_s
        self._pids: dict[str, int] = {}
        self.peaks: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._loop, name="rss-sampler", daemon=True)
        self._thread.start()

    def watch(self, label: str, pid: int) -> None:
        self._pids[label] = pid

    def _loop(self) -> None:
        while not self._stop.wait(self._interval):
            for label, pid in list(self._pids.items()):
                try:
                    rss = psutil.Process(pid).memory_info().rss / 2**20
                except psutil.Error:
                    continue
                self.peaks[label] = max(self.peaks.get(label, 0.0), rss)

    def stop(self) -> None:
        self._stop.set()
        self._thread.join(timeout=5)


@dataclass
class StreamRig:
    """A broker, the workers' processes and a SQLite store, for one benchmark run."""

    settings: Settings
    root: Path
    broker: LocalBroker | None
    sampler: RssSampler = field(default_factory=RssSampler)
    processes: list[tuple[str, subprocess.Popen[bytes]]] = field(default_factory=list)
    stored_target: int = 0
    # CPU seconds each role's processes spent in each timed pass (user + system).
    pass_cpu: list[dict[str, float]] = field(default_factory=list)
    # Events the stream stored fewer than the offline coder predicted, per replay.
    shortfalls: list[int] = field(default_factory=list)

    @property
    def external(self) -> bool:
        return self.broker is None

    @classmethod
    def create(cls, settings: Settings, root: Path, tag: str) -> StreamRig:
        from pipeline.kafka.admin import ensure_topics

        broker = None
        kafka = settings.kafka
        if "WIREWATCH_KAFKA__BOOTSTRAP_SERVERS" not in os.environ:
            broker = private_broker(settings, root / "kafka")
            print_progress("starting a private broker")
            broker.start(timeout=settings.broker.start_timeout_s)
            kafka = kafka.model_copy(update={"bootstrap_servers": broker.bootstrap_servers})
        t = settings.topics
        topics = t.model_copy(
            update={
                name: f"{getattr(t, name)}.bench-{tag}"
                for name in ("raw", "articles", "events", "alerts", "deadletter")
            }
        )
        bench = settings.model_copy(
            update={
                "kafka": kafka,
                "topics": topics,
                "state_dir": root / "state",
                "database_url": None,
                "worker": settings.worker.model_copy(update={"app_id": f"wirewatch-bench-{tag}"}),
            }
        )
        bench.state_dir.mkdir(parents=True, exist_ok=True)
        ensure_topics(bench)
        return cls(bench, root, broker)

    def start_worker(self, role: str) -> None:
        from pipeline.stream.worker import worker_command

        port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
        env.update(self.settings.to_env())
        env["WIREWATCH_LOG_LEVEL"] = "WARNING"
        label = f"{role} {sum(r == role for r, _ in self.processes) + 1}"
        log_path = self.root / f"{label.replace(' ', '-')}.log"
        with log_path.open("wb") as log:
            process = subprocess.Popen(
                worker_command(role, port),  # type: ignore[arg-type]
                env=env,
                stdout=log,
                stderr=subprocess.STDOUT,
            )
        self.processes.append((role, process))
        self.sampler.watch(label, process.pid)
        deadline = time.monotonic() + 180
        while not _metrics_up(port):
            if process.poll() is not None or time.monotonic() > deadline:
                tail = log_path.read_text(encoding="utf-8", errors="replace")[-3000:]
                raise RuntimeError(f"{label} worker did not start:\n{tail}")
            time.sleep(0.25)
        print_progress(f"{label} worker up (pid {process.pid})")

    def _read_store(self, sql: str) -> Any:
        """The one value ``sql`` selects from the store, read-only."""
        path = self.settings.sqlite_path()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return conn.execute(sql).fetchone()[0]

    def stored_events(self) -> int:
        return int(self._read_store("SELECT count(*) FROM events"))

    def last_stored_at(self) -> float | None:
        """The store's clock (epoch seconds) when it wrote the newest event so far."""
        newest = self._read_store("SELECT max(stored_at) FROM events")
        return datetime.fromisoformat(newest).timestamp() if newest else None

    def _producer(self) -> Any:
        from kafka import KafkaProducer

        return KafkaProducer(
            **kafka_python_config(self.settings.kafka),
            acks="all",
            max_request_size=8 * 1024 * 1024,
        )

    def replay(self, raws: list[RawArticle], events: int) -> float:
        """Seconds from the first record produced to ``events`` more events stored.

        The end is the store worker's clock when it wrote the last of them (its
        ``stored_at``), not the moment this process's poll notices: polling every 0.1 s
        added 0.1-0.16 s to a 7 s pass. The store commits a few ms after that stamp.

        The first extract batch's worth of records is flushed before the rest is
        sent: kafka-python's sender thread gets no turn while this loop encodes and
        queues the other records, so without the flush the first record reached the
        broker only after the whole loop (0.12-0.15 s of a 7 s pass), a wait that an
        upstream sending as it goes would not impose.
        """
        from pipeline.codec import encode

        payloads = [(raw.id.encode(), encode(raw)) for raw in raws]
        producer = self._producer()
        cpu_before = self.cpu_seconds()
        started = time.perf_counter()
        started_wall = time.time()
        first = self.settings.worker.extract_batch
        try:
            for index, (key, value) in enumerate(payloads):
                producer.send(self.settings.topics.raw, key=key, value=value)
                if index + 1 == first:
                    producer.flush(timeout=120)
            producer.flush(timeout=120)
        finally:
            producer.close()
        seconds = self._wait_stored(events, started)
        cpu_after = self.cpu_seconds()  # the same window as ``seconds``
        self.pass_cpu.append({r: cpu_after[r] - cpu_before.get(r, 0.0) for r in cpu_after})
        last_stored = self.last_stored_at()
        if last_stored is not None and started_wall < last_stored:
            seconds = min(seconds, last_stored - started_wall)
        self._drain()
        return seconds

    def cpu_seconds(self) -> dict[str, float]:
        """User + system CPU seconds used so far, summed over each role's processes, plus
        the private broker's ("broker") and this process's ("bench": the producer and
        the polling of the store)."""
        totals: dict[str, float] = {}
        pids = [(role, process.pid) for role, process in self.processes]
        pids.append(("bench", os.getpid()))
        status = self.broker.status() if self.broker is not None else None
        if status is not None and status.pid is not None:
            pids.append(("broker", status.pid))
        for role, pid in pids:
            try:
                times = psutil.Process(pid).cpu_times()
            except psutil.Error:
                continue
            totals[role] = totals.get(role, 0.0) + times.user + times.system
        # Every process of the machine, ours or not: what the extract workers competed with.
        # (guest time is already inside user time; steal is time the host took from us)
        machine = psutil.cpu_times()._asdict()
        busy = ("user", "nice", "system", "irq", "softirq", "steal")
        totals["machine"] = sum(machine.get(name, 0.0) for name in busy)
        return totals

    def replay_paced(self, raws: list[RawArticle], events: int, rate: float) -> None:
        """Produce one article every ``1 / rate`` seconds, then wait for their events."""
        from pipeline.codec import encode

        producer = self._producer()
        started = time.perf_counter()
        try:
            for index, raw in enumerate(raws):
                delay = started + index / rate - time.perf_counter()
                if delay > 0:
                    time.sleep(delay)
                producer.send(self.settings.topics.raw, key=raw.id.encode(), value=encode(raw))
                producer.flush(timeout=30)
        finally:
            producer.close()
        self._wait_stored(events, started)
        self._drain()

    def _wait_stored(self, events: int, started: float, timeout_s: float = 600) -> float:
        """Seconds from ``started`` until ``events`` more events are stored.

        Also stops when both groups have drained and the count has stopped moving, so
        that a worker coding differently from this process (say, the code changed
        between their starts) cannot hang the run; the shortfall is recorded.
        """
        from pipeline.stream.progress import group_lags

        target = self.stored_target + events
        deadline = time.monotonic() + timeout_s
        last_check = time.monotonic()
        last_count = -1
        while (count := self.stored_events()) < target:
            self._check_alive()
            if time.monotonic() > deadline:
                raise TimeoutError(f"{count} of {target} events stored")
            if time.monotonic() - last_check >= 2.0:
                last_check = time.monotonic()
                drained = all(g.lag == 0 for g in group_lags(self.settings, ("extract", "store")))
                if drained and count == last_count:
                    self.shortfalls.append(target - count)
                    print_progress(f"stream stored {target - count} events fewer than offline")
                    break
                last_count = count
            time.sleep(0.1)
        seconds = time.perf_counter() - started
        self.stored_target = self.stored_events()
        return seconds

    def _drain(self) -> None:
        """Let the articles without events finish too, so passes do not overlap."""
        from pipeline.stream.progress import wait_until_drained

        wait_until_drained(self.settings, roles=("extract", "store"), timeout_s=300, settle_s=0.5)

    def _check_alive(self) -> None:
        for role, process in self.processes:
            if process.poll() is not None:
                raise RuntimeError(f"the {role} worker exited with {process.returncode}")

    def wait_for_members(self, role: str, count: int, timeout_s: float = 180) -> None:
        from kafka import KafkaAdminClient

        from pipeline.stream.progress import group_id

        admin = KafkaAdminClient(**kafka_python_config(self.settings.kafka))
        name = group_id(self.settings, role)  # type: ignore[arg-type]
        deadline = time.monotonic() + timeout_s
        try:
            while time.monotonic() < deadline:
                group = admin.describe_groups([name])[name]
                stable = str(group.get("group_state", "Stable")) == "Stable"
                if len(group.get("members") or []) == count and stable:
                    return
                time.sleep(0.5)
        finally:
            admin.close()
        raise TimeoutError(f"group {name} never had {count} stable members")

    def article_latencies(self, article_ids: set[str]) -> list[float]:
        """Per article: its last event's timestamp minus its raw record's, in seconds."""
        topics = self.settings.topics
        produced = {k: ts for k, ts in _timestamps(self.settings, topics.raw) if k in article_ids}
        last: dict[str, int] = {}
        for key, ts in _timestamps(self.settings, topics.events):
            raw_id = key.split("#s")[0]
            if raw_id in produced:
                last[raw_id] = max(ts, last.get(raw_id, ts))
        return [(last[k] - produced[k]) / 1000 for k in sorted(last)]

    def peak_rss_mb(self) -> dict[str, float]:
        return dict(self.sampler.peaks)

    def close(self) -> None:
        for _, process in self.processes:
            if process.poll() is None:
                process.send_signal(signal.SIGTERM)
        for _, process in self.processes:
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        self.sampler.stop()
        if self.broker is not None:
            self.broker.stop()
        else:
            self._delete_topics()

    def _delete_topics(self) -> None:
        """On someone else's broker, leave no bench topics behind."""
        from kafka import KafkaAdminClient

        t = self.settings.topics
        admin = KafkaAdminClient(**kafka_python_config(self.settings.kafka))
        try:
            admin.delete_topics([t.raw, t.articles, t.events, t.alerts, t.deadletter])
        except Exception as exc:  # cleanup only: report, do not mask the results
            print_progress(f"could not delete the bench topics: {exc}")
        finally:
            admin.close()


def _metrics_up(port: int) -> bool:
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/metrics", timeout=2) as response:
            return bool(response.status == 200)
    except OSError:
        return False


def _timestamps(settings: Settings, topic: str) -> list[tuple[str, int]]:
    """(key, timestamp ms) of every record in ``topic``, read from the beginning."""
    from pipeline.kafka.admin import read_topic

    records = read_topic(settings.kafka, topic, timeout_s=120)
    return [(r.key.decode() if r.key else "", r.timestamp) for r in records]
