"""Replay throughput into a real broker, against building and encoding the same articles.

The baseline (same run, same files) reads the corpus and encodes every ``RawArticle``
without sending; the figure adds the idempotent, acks=all producer and a broker round
trip per batch. Both are medians over ``options.repeat`` passes. The broker is a
private ``LocalBroker`` on free ports in a temporary folder (never someone else's
broker on 9092), stopped at the end; its warm start time is reported in details.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

from pipeline.bench.report import BenchOptions, BenchResult, BenchRow
from pipeline.bench.rig import private_broker
from pipeline.codec import encode
from pipeline.kafka.admin import ensure_topics
from pipeline.models import RawArticle
from pipeline.replay import ReplayOptions, replay
from pipeline.replay_sources import read_sources
from pipeline.settings import KafkaSettings, Settings

_SEEDS = Path("seeds")
_FALLBACK_BODY = (
    "Artillery fire hit the outskirts of the town overnight, a local official said, "
    "and residents reported damage to two schools.\n"
) * 20


def write_corpus(folder: Path, count: int) -> Path:
    """``count`` text files made from the seed article (or a stock paragraph)."""
    seed = next((p for p in sorted(_SEEDS.glob("*.txt"))), None)
    body = seed.read_text(encoding="utf-8") if seed is not None else _FALLBACK_BODY
    folder.mkdir(parents=True, exist_ok=True)
    for index in range(count):
        # A distinct first line per file, so no two payloads are identical.
        (folder / f"bench-{index:05d}.txt").write_text(f"Item {index}.\n{body}", encoding="utf-8")
    return folder


def _build_and_encode(corpus: Path, max_bytes: int) -> tuple[int, int]:
    count = size = 0
    for item in read_sources([corpus], max_bytes=max_bytes):
        if isinstance(item, RawArticle):
            count += 1
            size += len(encode(item))
    return count, size


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    result = BenchResult(part="replay")
    repeat = max(1, 3 if options.quick else options.repeat)
    max_bytes = settings.limits.max_article_bytes
    with tempfile.TemporaryDirectory(prefix="wirewatch-bench-replay-") as tmp:
        root = Path(tmp)
        corpus = options.corpus or write_corpus(root / "corpus", 300 if options.quick else 3000)
        broker = private_broker(settings, root / "kafka")
        begun = time.perf_counter()
        broker.start(timeout=settings.broker.start_timeout_s)
        start_seconds = time.perf_counter() - begun
        try:
            bench_settings = settings.model_copy(
                update={"kafka": KafkaSettings(bootstrap_servers=broker.bootstrap_servers)}
            )
            ensure_topics(bench_settings)
            baseline_times: list[float] = []
            send_times: list[float] = []
            count = size = 0
            for _ in range(repeat):
                started = time.perf_counter()
                count, size = _build_and_encode(corpus, max_bytes)
                baseline_times.append(time.perf_counter() - started)
                summary = replay(bench_settings, ReplayOptions(paths=(corpus,)))
                if summary.failed or summary.sent != count:
                    raise RuntimeError(f"bench replay lost records: {summary.render()}")
                send_times.append(summary.seconds)
        finally:
            broker.stop()
    base, sent = statistics.median(baseline_times), statistics.median(send_times)
    mb = size / 1e6
    result.add(
        BenchRow(
            "replay into Kafka articles/s",
            count / sent,
            "articles/s",
            "build+encode only articles/s",
            count / base,
        )
    )
    result.add(
        BenchRow("replay into Kafka MB/s", mb / sent, "MB/s", "build+encode only MB/s", mb / base)
    )
    result.details.update(
        articles=count,
        megabytes=round(mb, 3),
        repeat=repeat,
        broker_start_seconds=round(start_seconds, 2),
        kafka_version=broker.version,
        note="replay time runs from the first send to the end of flush (all acks in)",
    )
    return result
