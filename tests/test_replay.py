"""Replay plumbing without a broker: pacing, loop ids, dry run, summary."""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pipeline.models import RawArticle
from pipeline.replay import ReplayOptions, ReplaySummary, TokenBucket, replay, replay_plan
from pipeline.replay_sources import Skipped, loop_id
from pipeline.settings import KafkaSettings, Settings


def test_bucket_first_token_is_free_then_paced() -> None:
    bucket = TokenBucket(rate=10)
    assert bucket.reserve(0.0) == 0.0
    assert bucket.reserve(0.0) == pytest.approx(0.1)
    assert bucket.reserve(0.0) == pytest.approx(0.2)


def test_bucket_refills_with_time_up_to_capacity() -> None:
    bucket = TokenBucket(rate=2, capacity=3)
    for _ in range(3):
        assert bucket.reserve(0.0) == 0.0
    assert bucket.reserve(0.0) == pytest.approx(0.5)
    # Ten idle seconds refill to capacity only, not to 20 tokens.
    waits = [bucket.reserve(10.0) for _ in range(4)]
    assert waits[:3] == [0.0, 0.0, 0.0]
    assert waits[3] == pytest.approx(0.5)


@given(rate=st.floats(min_value=0.5, max_value=1000), n=st.integers(min_value=2, max_value=200))
def test_bucket_spreads_n_sends_over_n_minus_one_intervals(rate: float, n: int) -> None:
    # A caller that sleeps exactly as told sends n items in (n - 1) / rate seconds.
    bucket = TokenBucket(rate=rate)
    now = 0.0
    for _ in range(n):
        now += bucket.reserve(now)
    assert now == pytest.approx((n - 1) / rate, rel=1e-6)


def test_bucket_rejects_bad_rates() -> None:
    with pytest.raises(ValueError, match="rate"):
        TokenBucket(rate=0)


def test_loop_ids_are_distinct_and_valid() -> None:
    ids = ["0f3fda6538e218d8", "x" * 200, "a/b:c"]
    seen = set()
    for article_id in ids:
        for loop in range(1, 5):
            new = loop_id(article_id, loop)
            RawArticle(id=new, source="t", received_at=datetime.now(UTC), body="b")
            seen.add(new)
    assert len(seen) == len(ids) * 4
    assert loop_id("abc", 1) == "abc"
    assert loop_id("abc", 2) == "abc#loop2"


def test_loop_ids_of_long_ids_sharing_a_prefix_differ() -> None:
    assert loop_id("p" * 199 + "1", 2) != loop_id("p" * 199 + "2", 2)


def _folder(tmp_path: Path) -> Path:
    (tmp_path / "a.txt").write_text("Troops shelled the village on Monday.", encoding="utf-8")
    (tmp_path / "b.txt").write_bytes(b"\x00\x01")
    return tmp_path


def test_plan_repeats_articles_with_new_ids_and_reports_skips_once(tmp_path: Path) -> None:
    items = list(replay_plan([_folder(tmp_path)], loops=3, max_bytes=4096))
    assert [i.id for i in items if isinstance(i, RawArticle)] == [
        "a.txt",
        "a.txt#loop2",
        "a.txt#loop3",
    ]
    assert [i.reason for i in items if isinstance(i, Skipped)] == ["binary"]


def test_dry_run_prints_and_needs_no_broker(tmp_path: Path) -> None:
    settings = Settings(kafka=KafkaSettings(bootstrap_servers="127.0.0.1:1", connect_timeout_s=1))
    out = io.StringIO()
    summary = replay(settings, ReplayOptions(paths=(_folder(tmp_path),), dry_run=True), out=out)
    assert out.getvalue().split("\t")[:2] == ["wire.articles.raw", "a.txt"]
    assert summary.sent == 1
    assert [s.reason for s in summary.skipped] == ["binary"]
    text = summary.render()
    assert "would send 1 article(s)" in text
    assert "skipped 1 (binary 1)" in text


def test_summary_lists_failures() -> None:
    summary = ReplaySummary(
        topic="t", sent=2, bytes_sent=2_000_000, seconds=2.0, failed=["k: KafkaTimeoutError: boom"]
    )
    assert summary.articles_per_s == 1.0
    assert summary.mb_per_s == 1.0
    assert "failed 1:" in summary.render()


def test_dry_run_value_is_the_codec_json(tmp_path: Path) -> None:
    settings = Settings()
    out = io.StringIO()
    replay(settings, ReplayOptions(paths=(_folder(tmp_path),), dry_run=True), out=out)
    size = int(out.getvalue().split("\t")[2].split()[0])
    [article] = [
        i for i in replay_plan([tmp_path], loops=1, max_bytes=4096) if isinstance(i, RawArticle)
    ]
    assert size == len(
        json.dumps(json.loads(article.model_dump_json()), separators=(",", ":")).encode()
    )
