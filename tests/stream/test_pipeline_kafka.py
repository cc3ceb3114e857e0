"""The whole pipeline on the real broker: extract, store and alert workers as processes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from pipeline.codec import encode
from pipeline.kafka.admin import ensure_topics
from pipeline.models import RawArticle
from pipeline.settings import LimitSettings, Settings
from pipeline.stream.deadletter import parse_deadletter_headers
from pipeline.stream.steps import ArticleCoder
from tests.stream.corpus import PUBLISHED, offline_event_ids, story_raws
from tests.stream.faulty_worker import POISON_MARKER
from tests.stream.harness import (
    FAULTY_WORKER,
    Workers,
    consume_all,
    drain,
    event_ids,
    produce,
    sample_sum,
    stored_event_id_rows,
    wait_for,
)

pytestmark = [pytest.mark.kafka, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_0f3fda6538e218d8.txt"


def seed_raw(article_id: str = "0f3fda6538e218d8") -> RawArticle:
    return RawArticle(
        id=article_id,
        source="AFP",
        dateline="Beirut",
        received_at=PUBLISHED,
        published_at=PUBLISHED,
        body=SEED.read_text(encoding="utf-8"),
    )


@pytest.fixture
def pipeline_settings(kafka_broker: object) -> Settings:
    settings: Settings = kafka_broker.settings(  # type: ignore[attr-defined]
        limits=LimitSettings(max_article_bytes=200_000),
    )
    settings.state_dir.mkdir(parents=True, exist_ok=True)
    ensure_topics(settings)
    return settings


@pytest.fixture
def workers(pipeline_settings: Settings, tmp_path: Path) -> Iterator[Workers]:
    group = Workers(pipeline_settings, tmp_path)
    try:
        yield group
    finally:
        group.stop_all()


def wirewatch(settings: Settings, *args: str) -> subprocess.CompletedProcess[str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WIREWATCH_")}
    env.update(settings.to_env())
    return subprocess.run(
        [sys.executable, "-m", "pipeline", *args],
        env=env,
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )


def test_seed_replay_gives_the_events_of_offline_extract_in_topic_and_storage(
    pipeline_settings: Settings, workers: Workers
) -> None:
    for role in ("extract", "store", "alert"):
        workers.start(role)
    replayed = wirewatch(pipeline_settings, "replay", "seeds")
    assert replayed.returncode == 0, replayed.stderr
    drain(workers)

    offline = wirewatch(pipeline_settings, "extract", "seeds")
    assert offline.returncode == 0, offline.stderr
    expected = {json.loads(line)["event_id"] for line in offline.stdout.splitlines()}
    assert expected, "the seed article must code to events"
    on_topic = event_ids(consume_all(pipeline_settings, pipeline_settings.topics.events))
    assert set(on_topic) == expected
    stored = stored_event_id_rows(pipeline_settings)
    assert sorted(stored) == sorted(expected)

    alerts = [
        json.loads(r.value or b"{}")
        for r in consume_all(pipeline_settings, pipeline_settings.topics.alerts)
    ]
    airspace = [a for a in alerts if "airspace" in a["rule"] and a["status"] == "firing"]
    assert [a["group_key"] for a in airspace] == ["TUR"], alerts


def test_poison_records_are_dead_lettered_and_good_ones_flow(
    pipeline_settings: Settings, workers: Workers, coder: ArticleCoder
) -> None:
    extract = workers.start("extract", script=FAULTY_WORKER)
    workers.start("store")
    good = story_raws(4, prefix="good")
    poison_coder = RawArticle(
        id="poison-coder",
        source="AFP",
        received_at=PUBLISHED,
        published_at=PUBLISHED,
        body="Rebels attacked an army post in Homs on Monday, a monitoring group said.\n\n"
        f"The army said it repelled the attack, code {POISON_MARKER}.",
    )
    schema_invalid = json.dumps({"id": "x", "body": "no source"}).encode()
    records: list[tuple[str, bytes | None]] = [
        (good[0].id, encode(good[0])),
        ("bad-json", b'{"id": "bad-json", "body": '),
        (good[1].id, encode(good[1])),
        ("schema", schema_invalid),
        (
            "oversize",
            json.dumps(
                {**json.loads(encode(good[2])), "id": "oversize", "body": "word " * 60_000}
            ).encode(),
        ),
        (good[2].id, encode(good[2])),
        ("binary", bytes(range(256)) * 4),
        ("empty", b""),
        (poison_coder.id, encode(poison_coder)),
        (good[3].id, encode(good[3])),
    ]
    produce(pipeline_settings, pipeline_settings.topics.raw, records)
    drain(workers, roles=("extract", "store"))

    letters = consume_all(pipeline_settings, pipeline_settings.topics.deadletter)
    by_key = {r.key: parse_deadletter_headers(r.headers) for r in letters}
    assert {k: (h.stage, h.reason) for k, h in by_key.items()} == {
        "bad-json": ("decode", "invalid_json"),
        "schema": ("validate", "schema_invalid"),
        "oversize": ("decode", "too_large"),
        "binary": ("decode", "invalid_utf8"),
        "empty": ("decode", "empty"),
        "poison-coder": ("extract", "coder_error"),
    }
    originals = dict(records)
    for record in letters:
        assert record.value == (originals[record.key] or b"")
        assert by_key[record.key].original_topic == pipeline_settings.topics.raw

    expected = offline_event_ids(good, coder)
    stored = stored_event_id_rows(pipeline_settings)
    assert set(stored) == expected
    assert len(stored) == len(expected)

    samples = extract.metrics()
    assert sample_sum(samples, "wirewatch_deadletters_total") == 6
    assert sample_sum(
        samples, "wirewatch_records_consumed_total", topic=pipeline_settings.topics.raw
    ) == len(records)
    assert sample_sum(samples, "wirewatch_articles_total", outcome="coded") == 4


def test_sigkill_mid_stream_loses_nothing_and_stores_nothing_twice(
    pipeline_settings: Settings, workers: Workers, coder: ArticleCoder
) -> None:
    raws = story_raws(60, prefix="kill")
    first = workers.start("extract")
    workers.start("store")
    produce(pipeline_settings, pipeline_settings.topics.raw, [(r.id, encode(r)) for r in raws])
    wait_for(
        lambda: sample_sum(first.metrics(), "wirewatch_records_consumed_total") >= 10,
        180,
        "the extract worker to be mid-stream",
    )
    first.sigkill()
    workers.start("extract")
    drain(workers, roles=("extract", "store"), timeout_s=300)

    stored = stored_event_id_rows(pipeline_settings)
    assert len(stored) == len(set(stored)), "duplicate rows after a crash"
    assert set(stored) == offline_event_ids(raws, coder)


def test_replaying_the_same_articles_changes_nothing(
    pipeline_settings: Settings, workers: Workers
) -> None:
    for role in ("extract", "store", "alert"):
        workers.start(role)
    raw = seed_raw()
    produce(pipeline_settings, pipeline_settings.topics.raw, [(raw.id, encode(raw))])
    drain(workers)
    stored_before = sorted(stored_event_id_rows(pipeline_settings))
    alerts_before = len(consume_all(pipeline_settings, pipeline_settings.topics.alerts))

    produce(pipeline_settings, pipeline_settings.topics.raw, [(raw.id, encode(raw))])
    drain(workers)
    assert sorted(stored_event_id_rows(pipeline_settings)) == stored_before
    assert len(consume_all(pipeline_settings, pipeline_settings.topics.alerts)) == alerts_before
    assert alerts_before >= 1
