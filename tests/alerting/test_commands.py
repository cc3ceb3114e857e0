"""``wirewatch rules check|show|test`` through the real CLI entry point."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from pathlib import Path

import pytest

from pipeline.cli import main
from pipeline.models import Actor, Event
from tests.alerting.conftest import event_id

PUBLISHED = datetime(2015, 10, 8, 6, 0, tzinfo=UTC)


def seed_like_events() -> list[Event]:
    """The seed's airspace sentences as the coder should code them (built by hand here)."""
    common = {
        "article_id": "0f3fda6538e218d8", "trigger": "violating", "rule": "test",
        "extractor_version": "test", "tags": ("airspace_violation",), "confidence": 0.8,
        "published_at": PUBLISHED, "time_precision": 2,
    }  # fmt: skip
    weekend = Event(
        event_id=event_id("weekend"), sentence_index=20,
        sentence="Ankara accused Moscow of crossing into its airspace twice over the weekend.",
        source=Actor(text="Moscow", code="RUSGOV", country="RUS"),
        target=Actor(text="Ankara", code="TURGOV", country="TUR"),
        event_date=date(2015, 10, 3), report_count=2, **common,
    )  # fmt: skip
    monday = Event(
        event_id=event_id("monday"), sentence_index=21,
        sentence="It also reported a violation by a jet of unknown nationality on Monday.",
        source=Actor(text="a jet of unknown nationality"),
        target=Actor(text="Turkey", code="TUR", country="TUR"),
        event_date=date(2015, 10, 5), **common,
    )  # fmt: skip
    return [weekend, monday]


def write_jsonl(path: Path, events: list[Event], extra_lines: tuple[str, ...] = ()) -> Path:
    lines = [e.model_dump_json() for e in events] + list(extra_lines)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_rules_test_fires_the_turkey_alert_once_even_when_replayed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    events = seed_like_events()
    path = write_jsonl(tmp_path / "events.jsonl", events + events)
    assert main(["rules", "test", str(path), "--json"]) == 0
    out, err = capsys.readouterr()
    alerts = [json.loads(line) for line in out.splitlines()]
    assert [(a["rule"], a["group_key"], a["status"]) for a in alerts] == [
        ("airspace_violation_reports", "TUR", "firing")
    ]
    assert alerts[0]["summary"].startswith(
        "Turkey: 3 airspace-violation reports in 7 days, threshold 3"
    )
    assert "2 duplicate" in err


def test_rules_test_reports_invalid_lines_with_their_number(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_jsonl(tmp_path / "events.jsonl", seed_like_events(), ('{"event_id": "nope"}',))
    assert main(["rules", "test", str(path), "--resolve"]) == 1
    out, err = capsys.readouterr()
    assert f"{path}:3: not an Event" in err
    assert out.splitlines()[0].startswith("FIRING   warning  airspace_violation_reports [TUR]")
    assert out.splitlines()[1].startswith("RESOLVED ")


def test_rules_check_names_file_and_line(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "mine.yaml"
    path.write_text(
        "version: 1\nrules:\n  - name: x\n    match: {tags: [a]}\n"
        "    group_by: [target_country]\n    window: 7q\n    threshold: 1\n"
    )
    assert main(["rules", "check", str(path)]) == 1
    assert capsys.readouterr().err.startswith(f"{path}:6: rules[0] (x).window: ")
    assert main(["rules", "check"]) == 0
    assert "3 enabled rule(s) OK" in capsys.readouterr().out
