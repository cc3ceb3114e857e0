"""Events as a coder would emit them from sentences we wrote for these tests."""

from __future__ import annotations

import datetime as dt
from typing import Any

from pipeline.ids import deterministic_id
from pipeline.models import Alert, Article, Event

UTC = dt.UTC


def _merge(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    out = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(out.get(key), dict):
            out[key] = _merge(out[key], value)
        else:
            out[key] = value
    return out


# AFP: "Russian warplanes bombed rebel positions near Saraqeb on Wednesday, killing six
# fighters, a monitoring group said."
AFP_STRIKE: dict[str, Any] = {
    "article_id": "afp-20151008-001",
    "sentence_index": 0,
    "sentence": "Russian warplanes bombed rebel positions near Saraqeb on Wednesday, "
    "killing six fighters, a monitoring group said.",
    "trigger": "bombed",
    "rule": "test.airstrike",
    "extractor_version": "test-1",
    "source": {
        "text": "Russian warplanes",
        "code": "RUSMIL",
        "country": "RUS",
        "sector": "MIL",
        "acled_inter": 8,
    },
    "target": {
        "text": "rebel positions",
        "code": "SYRREB",
        "country": "SYR",
        "sector": "REB",
        "acled_inter": 2,
    },
    "cameo": {
        "code": "195",
        "base_code": "195",
        "root_code": "19",
        "quad_class": 4,
        "goldstein": -10.0,
    },
    "plover": {"event_type": "ASSAULT", "mode": "aerial"},
    "acled": {
        "disorder_type": "Political violence",
        "event_type": "Explosions/Remote violence",
        "sub_event_type": "Air/drone strike",
        "interaction": 28,
    },
    "tags": ["airstrike"],
    "location": {
        "name": "Saraqeb",
        "admin1": "Idlib",
        "country": "SYR",
        "latitude": 35.8623,
        "longitude": 36.8006,
        "gazetteer_id": "163345",
        "geo_precision": 2,
    },
    "event_date": "2015-10-07",
    "time_precision": 1,
    "fatalities": 6,
    "reported_by": "a monitoring group",
    "confidence": 0.8,
    "published_at": "2015-10-08T09:30:00+00:00",
    "article_source": "AFP",
}

# Reuters, the same strike told differently: "Jets from Russia hit insurgent-held
# areas of Idlib province late on Tuesday, killing at least four, residents said."
REUTERS_STRIKE: dict[str, Any] = _merge(
    AFP_STRIKE,
    {
        "article_id": "reuters-20151007-17",
        "sentence_index": 2,
        "sentence": "Jets from Russia hit insurgent-held areas of Idlib province late on "
        "Tuesday, killing at least four, residents said.",
        "trigger": "hit",
        "cameo": {"code": "1951"},
        "target": {"text": "insurgent-held areas"},
        "location": {
            "name": "Idlib",
            "admin1": "Idlib",
            "latitude": 35.9306,
            "longitude": 36.6339,
            "gazetteer_id": "169389",
            "geo_precision": 3,
        },
        "event_date": "2015-10-06",
        "fatalities": 4,
        "reported_by": "residents",
        "published_at": "2015-10-07T06:00:00+00:00",
        "article_source": "Reuters",
    },
)


def event(base: dict[str, Any] | None = None, **changes: Any) -> Event:
    """An Event from ``base`` (AFP_STRIKE) with ``changes``; the id hashes the content."""
    data = _merge(base or AFP_STRIKE, changes)
    data.pop("event_id", None)
    data["event_id"] = deterministic_id("event", repr(sorted(data.items())))
    return Event.model_validate(data)


def article(article_id: str, source: str, published: str, url: str | None = None) -> Article:
    return Article(
        article_id=article_id,
        source=source,
        agency=source,
        headline=f"Strikes in Idlib ({source})",
        published_at=dt.datetime.fromisoformat(published),
        received_at=dt.datetime.fromisoformat(published) + dt.timedelta(minutes=2),
        url=url,
        paragraphs=("Paragraph one of a story we wrote.", "Paragraph two."),
    )


def alert(group_key: str = "SYR", status: str = "firing", count: int = 5) -> Alert:
    start = dt.datetime(2015, 10, 7, tzinfo=UTC)
    return Alert(
        alert_id=deterministic_id("alert", "airstrikes", group_key, start.isoformat()),
        rule="airstrikes",
        group_key=group_key,
        group_by=("location.country",),
        window_start=start,
        window_end=start + dt.timedelta(days=1),
        count=count,
        threshold=3,
        event_ids=("a" * 24,),
        severity="warning",
        status=status,  # type: ignore[arg-type]
        summary=f"{count} airstrikes in {group_key}",
        fired_at=start + dt.timedelta(hours=20),
        resolved_at=start + dt.timedelta(days=2) if status == "resolved" else None,
    )
