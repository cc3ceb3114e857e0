"""``wirewatch extract``: input formats, determinism, rejections on stderr."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest

from pipeline.cli import main

TEXT = "Russian jets bombed rebel positions near the town on Tuesday.\n"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict], str]:  # type: ignore[type-arg]
    code = main(["extract", *args])
    captured = capsys.readouterr()
    events = [json.loads(line) for line in captured.out.splitlines() if line.strip()]
    return code, events, captured.err


def test_plain_text_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "story-1.txt"
    path.write_text(TEXT)
    code, events, _ = _run(capsys, str(path), "--published", "2015-10-08")
    assert code == 0
    assert [(e["cameo"]["code"], e["source"]["code"]) for e in events] == [("195", "RUSMIL")]
    assert events[0]["article_id"] == "story-1"
    assert events[0]["event_date"] == "2015-10-06"  # "on Tuesday" before a Thursday


def test_json_lines_and_raw_article_json(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    lines = tmp_path / "in.jsonl"
    lines.write_text(
        json.dumps({"id": "a1", "text": TEXT, "published_at": "2015-10-08T10:00:00+00:00"})
        + "\n"
        + json.dumps({"id": "a2", "text": "The museum opened a new wing."})
        + "\n"
    )
    raw = tmp_path / "raw.json"
    raw.write_text(
        json.dumps(
            {"id": "r1", "source": "AFP", "received_at": "2015-10-08T10:00:00+00:00", "body": TEXT}
        )
    )
    code, events, _ = _run(capsys, str(lines), str(raw))
    assert code == 0
    assert sorted({e["article_id"] for e in events}) == ["a1", "r1"]
    assert {e["article_source"] for e in events if e["article_id"] == "r1"} == {"AFP"}


def test_stdin_and_same_output_twice(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    outputs = []
    for _ in range(2):
        monkeypatch.setattr("sys.stdin", io.StringIO(TEXT))
        code, events, _ = _run(capsys, "-", "--published", "2015-10-08")
        assert code == 0
        outputs.append(events)
    assert outputs[0]
    assert outputs[0] == outputs[1]


def test_rejected_input_is_reported_on_stderr(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x1", "text": 5}\n{"id": "x2", "text": "   "}\n')
    code, events, err = _run(capsys, str(bad))
    assert events == []
    assert "rejected" in err
    assert "invalid_record" in err
    assert code == 1


def test_table_format(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "t.txt"
    path.write_text(TEXT)
    code = main(["extract", str(path), "--format", "table", "--published", "2015-10-08"])
    lines = capsys.readouterr().out.splitlines()
    assert code == 0
    assert lines[0].split()[:3] == ["sen", "cameo", "plover"]
    assert "RUSMIL" in lines[1]
    assert "195" in lines[1]
