"""``wirewatch normalize``: JSON lines out, rejections on stderr with exit status 1."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path

import pytest

from pipeline.cli import main
from tests.normalize.cases import FIXTURES, SEED_FILE, SEEDS


def test_seed_prints_one_json_line_per_article_with_manifest_metadata(
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert main(["normalize", str(SEEDS / SEED_FILE)]) == 0
    lines = capsys.readouterr().out.splitlines()
    articles = [json.loads(line) for line in lines]
    assert [a["article_id"] for a in articles] == ["0f3fda6538e218d8", "0f3fda6538e218d8#s1"]
    assert articles[0]["published_at"] == "2015-10-08T06:00:00Z"
    assert articles[0]["dateline"] == {"place": "Beirut", "date": None}


def test_stdin_with_options_and_pretty_output(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    body = (FIXTURES / "html_no_article.html").read_bytes()
    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(body)))
    code = main(
        ["normalize", "-", "--html", "--source", "WND", "--published", "2023-05-14T09:00Z",
         "--pretty"]
    )  # fmt: skip
    assert code == 0
    out = capsys.readouterr().out
    assert out.startswith("{\n  ")
    article = json.loads(out)
    assert article["source"] == "WND"
    assert article["published_at"] == "2023-05-14T09:00:00Z"
    assert article["headline"] == "Clashes on Armenia-Azerbaijan border kill three"


def test_rejected_input_prints_the_reason_and_exits_1(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "french.txt"
    path.write_bytes((FIXTURES / "french_wire.txt").read_bytes())
    assert main(["normalize", str(path)]) == 1
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith("normalize rejected: not_english: detected language: fr")


def test_binary_file_is_rejected_not_crashed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "image.bin"
    path.write_bytes(bytes(range(256)) * 8)
    assert main(["normalize", str(path)]) == 1
    assert "normalize rejected: binary" in capsys.readouterr().err


def test_missing_file_exits_2(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["normalize", "/nonexistent/article.txt"]) == 2
    assert "cannot read" in capsys.readouterr().err
