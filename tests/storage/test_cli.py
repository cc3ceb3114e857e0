"""``wirewatch events|alerts|articles|db`` against a store built from our test events."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.settings import Settings
from pipeline.storage import open_store

from .builders import AFP_STRIKE, REUTERS_STRIKE, alert, article, event


@pytest.fixture
def state_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("WIREWATCH_STATE_DIR", str(tmp_path / "state"))
    monkeypatch.delenv("WIREWATCH_DATABASE_URL", raising=False)
    store = open_store(Settings().effective_database_url())
    store.write_events(
        [
            event(AFP_STRIKE),
            event(REUTERS_STRIKE),
            event(
                AFP_STRIKE,
                article_id="kyiv-1",
                location={"name": "Kharkiv", "admin1": "Kharkiv", "country": "UKR"},
            ),
        ]
    )
    store.write_alerts([alert("SYR"), alert("TUR", "resolved")])
    store.write_articles([article("afp-20151008-001", "AFP", "2015-10-08T09:30:00+00:00")])
    store.close()
    return tmp_path / "state"


def test_events_filters_and_formats(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--country", "SYR", "--format", "jsonl"]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert {json.loads(line)["location"]["country"] for line in lines} == {"SYR"}
    assert len(lines) == 2

    assert main(["events", "--canonical", "--format", "csv", "--place", "Idlib"]) == 0
    rows = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert len(rows) == 1
    assert rows[0]["mention_count"] == "2"

    assert main(["events", "--format", "gdelt", "--since", "2015-10-07"]) == 0
    gdelt = capsys.readouterr().out.splitlines()
    assert len(gdelt) == 2
    assert all(len(line.split("\t")) == 61 for line in gdelt)

    assert main(["events", "--format", "acled", "--cameo", "1951"]) == 0
    acled = list(csv.DictReader(io.StringIO(capsys.readouterr().out)))
    assert [r["location"] for r in acled] == ["Idlib"]

    assert main(["events"]) == 0
    table = capsys.readouterr().out.splitlines()
    assert table[0].startswith("date")
    assert len(table) == 4


def test_events_rejects_a_bad_filter(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["events", "--actor", "12"]) == 2
    assert "--actor" in capsys.readouterr().err


def test_alerts_and_articles(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["alerts", "--status", "resolved", "--format", "jsonl"]) == 0
    alerts = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert [a["group_key"] for a in alerts] == ["TUR"]
    assert main(["articles"]) == 0
    out = capsys.readouterr().out
    assert "afp-20151008-001" in out


def test_db_status_and_migrate(state_dir: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["db", "status"]) == 0
    out = capsys.readouterr().out
    assert "schema version: 3" in out
    assert "pending: none" in out
    assert main(["db", "migrate"]) == 0
    assert "schema version: 3" in capsys.readouterr().out
