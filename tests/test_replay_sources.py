"""Files -> RawArticle or a skip reason, without Kafka."""

from __future__ import annotations

import json
import tempfile
from datetime import UTC, datetime
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.models import RawArticle
from pipeline.replay_sources import (
    Skipped,
    file_article_id,
    read_manifest,
    read_sources,
)

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)
LIMIT = 2048
STORY = "Gunmen attacked a checkpoint near the river crossing on Tuesday, officials said.\n"


def clock() -> datetime:
    return NOW


def read(*paths: Path, max_bytes: int = LIMIT) -> list[RawArticle | Skipped]:
    return list(read_sources(list(paths), max_bytes=max_bytes, clock=clock))


def skips(items: list[RawArticle | Skipped]) -> dict[str, str]:
    return {Path(s.where).name: s.reason for s in items if isinstance(s, Skipped)}


def test_manifest_metadata_is_applied(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "manifest.jsonl").write_text(
        json.dumps(
            {
                "file": "a.txt",
                "id": "story-1",
                "source": "AFP",
                "dateline": "Beirut",
                "published_at": "2015-10-08T06:00:00+00:00",
                "content_type": "text/plain",
                "language": "en",
            }
        )
        + "\n",
        encoding="utf-8",
    )
    [article] = read(tmp_path)
    assert isinstance(article, RawArticle)
    assert (article.id, article.source, article.dateline, article.language) == (
        "story-1",
        "AFP",
        "Beirut",
        "en",
    )
    assert article.published_at == datetime(2015, 10, 8, 6, tzinfo=UTC)
    assert article.received_at == NOW
    assert article.body == STORY


def test_unlisted_files_use_their_name_and_extension(tmp_path: Path) -> None:
    (tmp_path / "b.html").write_text("<p>" + STORY + "</p>", encoding="utf-8")
    (tmp_path / "c.txt").write_text(STORY, encoding="utf-8")
    (tmp_path / "README.md").write_text("not an article", encoding="utf-8")
    (tmp_path / "notes.csv").write_text("x,y", encoding="utf-8")
    items = read(tmp_path)
    assert [(a.id, a.source, a.content_type) for a in items if isinstance(a, RawArticle)] == [
        ("b.html", "unknown", "text/html"),
        ("c.txt", "unknown", "text/plain"),
    ]
    assert skips(items) == {}


def test_seed_folder_reads_its_manifest() -> None:
    items = read(Path(__file__).parents[1] / "seeds", max_bytes=1 << 20)
    articles = [a for a in items if isinstance(a, RawArticle)]
    assert [a.id for a in articles] == ["0f3fda6538e218d8"]
    assert articles[0].source == "AFP"
    assert articles[0].dateline == "Beirut"


@pytest.mark.parametrize(
    ("content", "reason"),
    [
        (b"Some text\x00with a NUL", "binary"),
        (b"caf\xe9 latin-1 bytes", "binary"),
        (b"", "empty"),
        (b"  \n\t \r\n", "empty"),
        (b"x" * (LIMIT + 1), "oversize"),
    ],
)
def test_bad_files_are_skipped_with_their_reason(
    tmp_path: Path, content: bytes, reason: str
) -> None:
    (tmp_path / "bad.txt").write_bytes(content)
    (tmp_path / "good.txt").write_text(STORY, encoding="utf-8")
    items = read(tmp_path)
    assert skips(items) == {"bad.txt": reason}
    assert [a.id for a in items if isinstance(a, RawArticle)] == ["good.txt"]


def test_oversize_is_checked_against_the_configured_limit(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("y" * 1500, encoding="utf-8")
    assert skips(read(tmp_path, max_bytes=1024)) == {"a.txt": "oversize"}
    assert skips(read(tmp_path, max_bytes=2048)) == {}


def test_unreadable_file_is_skipped(tmp_path: Path) -> None:
    # Reading offset 0 of /proc/self/mem fails with EIO, for root too (a chmod 000
    # file would not do: the tests may run as root).
    link = tmp_path / "mem.txt"
    link.symlink_to("/proc/self/mem")
    items = read(link)
    assert skips(items) == {"mem.txt": "unreadable"}


def test_missing_path_is_skipped(tmp_path: Path) -> None:
    items = read(tmp_path / "missing.txt")
    assert skips(items) == {"missing.txt": "unreadable"}
    assert isinstance(items[0], Skipped)
    assert "no such file" in items[0].detail


def test_manifest_entry_for_a_missing_file_is_skipped(tmp_path: Path) -> None:
    (tmp_path / "manifest.jsonl").write_text('{"file": "gone.txt", "id": "g1"}\n', encoding="utf-8")
    assert skips(read(tmp_path)) == {"gone.txt": "unreadable"}


def test_explicit_unknown_extension_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "data.bin"
    path.write_bytes(b"\x01\x02")
    assert skips(read(path)) == {"data.bin": "unsupported_type"}


def test_jsonl_bad_lines_are_skipped_with_line_numbers(tmp_path: Path) -> None:
    good = {"id": "j1", "source": "Reuters", "body": STORY, "published_at": "2020-05-01T10:00:00Z"}
    lines = [
        json.dumps(good),
        "{not json",
        "",
        json.dumps([1, 2]),
        json.dumps({"id": "j2", "source": "Reuters"}),  # no body
        json.dumps({"id": "bad id!", "source": "X", "body": STORY}),
        json.dumps({"id": "j3", "source": "X", "body": "z" * (LIMIT + 1)}),
        json.dumps({"id": "j4", "source": "X", "body": "   "}),
        json.dumps(good | {"id": "j5", "received_at": "1999-01-01T00:00:00Z"}),
    ]
    path = tmp_path / "feed.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read(path)
    found = {s.where.rsplit(":", 1)[1]: s.reason for s in items if isinstance(s, Skipped)}
    assert found == {
        "2": "invalid_json",
        "4": "invalid_json",
        "5": "invalid_article",
        "6": "invalid_article",
        "7": "oversize",
        "8": "empty",
    }
    articles = [a for a in items if isinstance(a, RawArticle)]
    assert [a.id for a in articles] == ["j1", "j5"]
    assert all(a.received_at == NOW for a in articles)


def test_jsonl_binary_line_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_bytes(b'{"id": "a", "source": "X", "body": "ok\xff"}\n')
    assert [s.reason for s in read(path) if isinstance(s, Skipped)] == ["binary"]


def test_empty_jsonl_file_is_skipped(tmp_path: Path) -> None:
    path = tmp_path / "feed.jsonl"
    path.write_text("\n\n", encoding="utf-8")
    assert skips(read(path)) == {"feed.jsonl": "empty"}


def test_manifest_bad_lines_are_reported(tmp_path: Path) -> None:
    path = tmp_path / "manifest.jsonl"
    path.write_text(
        '{"file": "a.txt", "id": "ok"}\n{"file": "b.txt", "sorce": "typo"}\n[]\n', encoding="utf-8"
    )
    entries, problems = read_manifest(path)
    assert [e.id for e in entries] == ["ok"]
    assert [(p.where.rsplit(":", 1)[1], p.reason) for p in problems] == [
        ("2", "bad_manifest"),
        ("3", "bad_manifest"),
    ]


def test_same_article_named_twice_is_sent_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text(STORY, encoding="utf-8")
    items = read(tmp_path, tmp_path / "a.txt")
    assert [a.id for a in items if isinstance(a, RawArticle)] == ["a.txt"]
    assert [s.reason for s in items if isinstance(s, Skipped)] == ["duplicate_id"]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("story 1.txt", "story_1.txt"),
        ("..hidden.txt", "file-..hidden.txt"),
        ("é.txt", "file-_e9.txt"),
        ("ü.txt", "file-_fc.txt"),
    ],
)
def test_file_ids_are_valid_article_ids(name: str, expected: str) -> None:
    assert file_article_id(Path(name)) == expected


def test_long_file_names_give_distinct_valid_ids() -> None:
    a = file_article_id(Path("a" * 300 + "1.txt"))
    b = file_article_id(Path("a" * 300 + "2.txt"))
    assert a != b
    for article_id in (a, b):
        RawArticle(id=article_id, source="x", received_at=NOW, body="b")


@settings(max_examples=60, deadline=None)
@given(data=st.binary(max_size=3000), suffix=st.sampled_from([".txt", ".html", ".jsonl"]))
def test_any_bytes_give_an_article_or_a_reason(data: bytes, suffix: str) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"any{suffix}"
        path.write_bytes(data)
        items = read(path)
    assert items
    assert all(isinstance(i, RawArticle | Skipped) for i in items)
