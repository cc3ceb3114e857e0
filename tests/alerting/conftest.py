"""Builders of hand-made events for the alerting tests (sentences written for these tests)."""

from __future__ import annotations

import hashlib
from datetime import UTC, date, datetime, timedelta
from typing import Any

import pytest

from pipeline.models import Acled, Actor, Event, Location

NOW = datetime(2026, 1, 1, 12, 0, tzinfo=UTC)
DAY0 = date(2015, 10, 1)


def event_id(name: str) -> str:
    return hashlib.sha256(name.encode()).hexdigest()[:24]


def airspace(
    name: str,
    day: date | int,
    *,
    target: str | None = "TUR",
    source: str | None = "RUS",
    reports: int | None = None,
    **extra: Any,
) -> Event:
    """An airspace-violation event against ``target`` on ``day`` (a date, or days after DAY0)."""
    when = DAY0 + timedelta(days=day) if isinstance(day, int) else day
    fields: dict[str, Any] = {
        "event_id": event_id(name),
        "article_id": "test-article",
        "sentence_index": 0,
        "sentence": "Officials said foreign jets crossed into the country's airspace.",
        "trigger": "crossed",
        "rule": "test",
        "extractor_version": "test",
        "source": None
        if source is None
        else Actor(text="jets", code=f"{source}MIL", country=source),
        "target": None if target is None else Actor(text="the country", country=target),
        "tags": ("airspace_violation",),
        "event_date": when,
        "confidence": 0.9,
        "report_count": reports,
    }
    fields.update(extra)
    return Event(**fields)


def strike(
    name: str,
    day: date | int,
    *,
    admin1: str = "Idlib",
    fatalities: int = 0,
    reports: int | None = None,
    country: str = "SYR",
) -> Event:
    when = DAY0 + timedelta(days=day) if isinstance(day, int) else day
    return Event(
        event_id=event_id(name),
        article_id="test-article",
        sentence_index=1,
        sentence="Monitors said warplanes struck the town.",
        trigger="struck",
        rule="test",
        extractor_version="test",
        source=Actor(text="warplanes", code="RUSMIL", country="RUS"),
        acled=Acled(
            disorder_type="Political violence",
            event_type="Explosions/Remote violence",
            sub_event_type="Air/drone strike",
        ),
        location=Location(name="a town", admin1=admin1, country=country),
        event_date=when,
        fatalities=fatalities,
        report_count=reports,
        confidence=0.8,
    )


@pytest.fixture
def now() -> datetime:
    return NOW
