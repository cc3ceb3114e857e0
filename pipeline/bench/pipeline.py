"""``wirewatch bench pipeline``: the whole stream (Kafka, faust, SQLite) against the coder alone.

One run, one broker, one corpus:

1. throughput: the corpus goes through 1 extract worker and 1 store worker, from the
   first record produced to the last event stored; the baseline is the same articles
   through ``extract_raw_articles`` in this process. Passes alternate (offline, stream,
   offline, stream ...) so that a busy machine slows both alike; medians are reported.
2. latency: a second extract-worker-free phase replays the corpus at half the rate
   measured in 1; per article, from its raw record's timestamp to its last event's
   timestamp on the events topic (both set by producers on this machine's clock).
3. scaling: a second extract worker joins the group and the passes are repeated.
4. memory: every worker's RSS is sampled (psutil) throughout; peaks are reported.

The broker is a private ``LocalBroker`` on free ports in a temporary folder, unless
``WIREWATCH_KAFKA__BOOTSTRAP_SERVERS`` names one (topics get a unique suffix either way).
Storage is always a fresh SQLite file in the temporary folder.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.request
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import psutil

from pipeline.bench.corpus import load_corpus, with_prefix
from pipeline.bench.report import BenchOptions, BenchResult, BenchRow, current_rss_mb
from pipeline.kafka.broker import LocalBroker
from pipeline.kafka.config import kafka_python_config
from pipeline.models import RawArticle
from pipeline.settings import Settings
from pipeline.stream.steps import Extracted, extract_raw_articles


def print_progress(message: str) -> None:
    print(f"  [pipeline] {time.strftime('%H:%M:%S')} {message}", flush=True)


def free_port() -> int:
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


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
            broker = LocalBroker(
                root / "kafka",
                host=settings.broker.host,
                port=free_port(),
                controller_port=free_port(),
                version=settings.broker.kafka_version,
                heap=settings.broker.heap,
                cache_dir=settings.broker.cache_dir,
            )
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

    def stored_events(self) -> int:
        path = self.settings.sqlite_path()
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True, timeout=5) as conn:
            return int(conn.execute("SELECT count(*) FROM events").fetchone()[0])

    def _producer(self) -> Any:
        from kafka import KafkaProducer

        return KafkaProducer(
            **kafka_python_config(self.settings.kafka),
            acks="all",
            max_request_size=8 * 1024 * 1024,
        )

    def replay(self, raws: list[RawArticle], events: int) -> float:
        """Seconds from the first record produced to ``events`` more events stored."""
        from pipeline.codec import encode

        payloads = [(raw.id.encode(), encode(raw)) for raw in raws]
        producer = self._producer()
        cpu_before = self.cpu_seconds()
        started = time.perf_counter()
        try:
            for key, value in payloads:
                producer.send(self.settings.topics.raw, key=key, value=value)
            producer.flush(timeout=120)
        finally:
            producer.close()
        seconds = self._wait_stored(events, started)
        cpu_after = self.cpu_seconds()
        self.pass_cpu.append({r: cpu_after[r] - cpu_before.get(r, 0.0) for r in cpu_after})
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

    def _wait_stored(self, events: int, started: float, timeout_s: float = 600) -> float:
        """Seconds from ``started`` until ``events`` more events are stored.

        Also stops when both groups have drained and the count has stopped moving, so
        that a worker coding differently from this process (say, the code changed
        between their starts) cannot hang the run; the shortfall is recorded.
        """
        from pipeline.stream.progress import group_lags, wait_until_drained

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
        # Let the articles without events finish too, so passes do not overlap.
        wait_until_drained(self.settings, roles=("extract", "store"), timeout_s=300, settle_s=0.5)
        return seconds

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
    from kafka import KafkaConsumer, TopicPartition

    consumer = KafkaConsumer(**kafka_python_config(settings.kafka), enable_auto_commit=False)
    try:
        partitions = [
            TopicPartition(topic, p) for p in sorted(consumer.partitions_for_topic(topic) or ())
        ]
        consumer.assign(partitions)
        consumer.seek_to_beginning(*partitions)
        ends = consumer.end_offsets(partitions)
        out: list[tuple[str, int]] = []
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and any(
            consumer.position(tp) < ends[tp] for tp in partitions
        ):
            for records in consumer.poll(timeout_ms=500).values():
                out.extend((r.key.decode() if r.key else "", r.timestamp) for r in records)
        return out
    finally:
        consumer.close()


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q * (len(ordered) - 1))))
    return ordered[index]


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    from pipeline.coding.coder import Coder
    from pipeline.kafka.config import quiet_client_logs

    quiet_client_logs(settings.log_level)
    result = BenchResult(part="pipeline")
    count = 60 if options.quick else 400
    passes = 1 if options.quick else 3
    corpus = load_corpus(
        options.corpus, count=count, sentences=10, max_bytes=settings.limits.max_article_bytes
    )
    base_rss = current_rss_mb()
    load_before = os.getloadavg()
    print_progress(f"{len(corpus)} articles, {passes} pass(es) per configuration")
    coder = Coder.from_settings(settings.nlp)
    coder_rss = current_rss_mb()

    offline_cpu: list[float] = []

    def offline(raws: list[RawArticle]) -> tuple[float, dict[str, int]]:
        cpu = time.process_time()
        started = time.perf_counter()
        outcomes = extract_raw_articles(raws, coder)
        seconds = time.perf_counter() - started
        offline_cpu.append(time.process_time() - cpu)
        per_article = {
            raw.id: len(o.events) if isinstance(o, Extracted) else 0
            for raw, o in zip(raws, outcomes, strict=True)
        }
        return seconds, per_article

    offline(corpus[:5])  # warm the model up
    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-pipeline-") as tmp:
        rig = StreamRig.create(settings, Path(tmp), uuid.uuid4().hex[:8])
        try:
            rig.start_worker("store")
            rig.start_worker("extract")
            warm = with_prefix(corpus[: 2 * rig.settings.topics.raw_partitions], "warm")
            events_of = offline(warm)[1]
            rig.replay(warm, sum(events_of.values()))
            print_progress("workers warm")

            offline_s: list[float] = []
            timed_offline_cpu: list[float] = []

            def stream_passes(label: str) -> list[float]:
                times = []
                for index in range(passes):
                    batch = with_prefix(corpus, f"{label}{index}")
                    seconds, per_article = offline(batch)
                    offline_s.append(seconds)
                    timed_offline_cpu.append(offline_cpu[-1])
                    times.append(rig.replay(batch, sum(per_article.values())))
                    events_of.update(per_article)
                    print_progress(
                        f"{label} pass {index + 1}: offline {len(batch) / seconds:.1f}/s, "
                        f"stream {len(batch) / times[-1]:.1f}/s"
                    )
                return times

            one = stream_passes("one")
            cpu_one = rig.pass_cpu[-passes:]
            rate_one = len(corpus) / statistics.median(one)

            latency_set = with_prefix(corpus, "lat")[
                : max(20, min(len(corpus), int(rate_one * 30)))
            ]
            _, lat_events = offline(latency_set)
            print_progress(f"latency: {len(latency_set)} articles at {rate_one / 2:.1f}/s")
            rig.replay_paced(latency_set, sum(lat_events.values()), rate_one / 2)
            latencies = rig.article_latencies({raw.id for raw in latency_set if lat_events[raw.id]})

            rig.start_worker("extract")
            rig.wait_for_members("extract", 2)
            warm_two = with_prefix(corpus[: 2 * rig.settings.topics.raw_partitions], "warm2")
            rig.replay(warm_two, sum(offline(warm_two)[1].values()))
            print_progress("second extract worker in the group, warm")
            two = stream_passes("two")
            cpu_two = rig.pass_cpu[-passes:]
            rate_two = len(corpus) / statistics.median(two)
            peaks = rig.peak_rss_mb()
        finally:
            rig.close()

    rate_offline = len(corpus) / statistics.median(offline_s)
    offline_per_article = statistics.median(offline_s) / len(corpus)
    result.add(
        BenchRow(
            "end to end, 1 extract worker: articles/s",
            rate_one,
            "articles/s",
            "offline coder (in-process) articles/s",
            rate_offline,
            ">= 0.90",
        )
    )
    for name, q in (("p50", 0.5), ("p99", 0.99)):
        result.add(
            BenchRow(
                f"article-to-event latency {name}, half rate",
                _percentile(latencies, q) if latencies else float("nan"),
                "s",
                "offline coding s/article",
                offline_per_article,
                "p99 < 1 s" if name == "p99" else None,
            )
        )
    extract_ms = statistics.median(c.get("extract", 0.0) for c in cpu_one) / len(corpus) * 1000
    store_ms = statistics.median(c.get("store", 0.0) for c in cpu_one) / len(corpus) * 1000
    offline_ms = statistics.median(timed_offline_cpu) / len(corpus) * 1000
    result.add(
        BenchRow(
            "extract worker CPU per article",
            extract_ms,
            "ms",
            "offline coder CPU per article",
            offline_ms,
            "<= 1.11 (1/0.90)",
        )
    )
    result.add(
        BenchRow(
            "extract + store workers CPU per article",
            extract_ms + store_ms,
            "ms",
            "offline coder CPU per article",
            offline_ms,
        )
    )
    result.add(
        BenchRow(
            "end to end, 2 extract workers: articles/s",
            rate_two,
            "articles/s",
            "1 extract worker articles/s",
            rate_one,
            ">= 1.7",
        )
    )
    # What two extract workers can reach on this machine: the cores left once everything
    # else (broker, store worker, producer, and any other load on the machine) has taken
    # its share, over the cores one worker used. With few cores this bounds the scaling.
    others = statistics.median(
        (c.get("machine", 0.0) - c.get("extract", 0.0)) / t
        for c, t in zip(cpu_one, one, strict=True)
    )
    one_cores = statistics.median(
        c.get("extract", 0.0) / t for c, t in zip(cpu_one, one, strict=True)
    )
    cpus = os.cpu_count() or 1
    ceiling = min(2.0, max(0.0, cpus - others) / one_cores) if one_cores else float("nan")
    result.add(
        BenchRow(
            "2 extract workers: scaling this machine allows",
            ceiling,
            "x",
            target=f"= ({cpus} - {others:.2f}) / {one_cores:.2f} cores",
        )
    )
    for role, peak in sorted(peaks.items()):
        baseline = (
            ("bench process + coder", coder_rss)
            if role.startswith("extract")
            else (
                "bench process before the coder",
                base_rss,
            )
        )
        result.add(BenchRow(f"peak RSS {role} worker", peak, "MiB", baseline[0], baseline[1]))
    result.details.update(
        {
            "articles": len(corpus),
            "passes": passes,
            "stream_seconds_1_worker": one,
            "stream_seconds_2_workers": two,
            "offline_seconds": offline_s,
            "offline_cpu_seconds": timed_offline_cpu,
            "worker_cpu_seconds_per_pass": rig.pass_cpu,
            "event_shortfalls": rig.shortfalls,
            # CPU cores the extract workers actually got per pass: on a shared machine
            # this, not the worker count, bounds the scaling figure.
            "extract_cores_used_1_worker": [
                round(c.get("extract", 0.0) / t, 2) for c, t in zip(cpu_one, one, strict=True)
            ],
            "extract_cores_used_2_workers": [
                round(c.get("extract", 0.0) / t, 2) for c, t in zip(cpu_two, two, strict=True)
            ],
            "other_cores_used_1_worker": round(others, 2),
            "latency_articles": len(latencies),
            "latency_rate_per_s": rate_one / 2,
            "events_per_pass": sum(events_of[f"one0-{raw.id}"] for raw in corpus),
            "loadavg_before": load_before,
            "loadavg_after": os.getloadavg(),
            "cpus": os.cpu_count(),
            "broker": "external" if rig.external else "private LocalBroker",
        }
    )
    print_progress(
        f"load average before {load_before[0]:.1f}, after {os.getloadavg()[0]:.1f} "
        f"on {os.cpu_count()} CPUs"
    )
    return result
