"""The message contracts accept good payloads and reject bad ones with clear messages."""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from pipeline.models import MAX_BODY_BYTES, Actor, Alert, Cameo, Event, RawArticle

RECEIVED = datetime(2015, 10, 8, 6, 0, tzinfo=UTC)

# The Event JSON of DESIGN.md, key for key: users script against these names.
DESIGN_EVENT_KEYS = [
    "event_id",
    "article_id",
    "sentence_index",
    "sentence",
    "trigger",
    "rule",
    "extractor_version",
    "source",
    "target",
    "cameo",
    "plover",
    "acled",
    "tags",
    "location",
    "event_date",
    "time_precision",
    "fatalities",
    "reported_by",
    "negated",
    "hypothetical",
    "confidence",
]


def _event(**overrides: object) -> Event:
    fields: dict[str, object] = {
        "event_id": "0123456789abcdef01234567",
        "article_id": "a1",
        "sentence_index": 3,
        "sentence": "Russian warships fired cruise missiles at IS positions.",
        "trigger": "fired",
        "rule": "fire_at",
        "extractor_version": "ww-test",
        "source": Actor(
            text="Russian warships", code="RUSMIL", country="RUS", sector="MIL", acled_inter=8
        ),
        "target": Actor(text="IS positions", code="IMGMUSISI", sector="REB", acled_inter=2),
        "cameo": Cameo(code="195", base_code="195", root_code="19", quad_class=4, goldstein=-10.0),
        "confidence": 0.8,
    }
    fields.update(overrides)
    return Event.model_validate(fields)


def test_event_json_keeps_the_design_keys_in_order() -> None:
    keys = list(json.loads(_event().model_dump_json()))
    assert keys[: len(DESIGN_EVENT_KEYS)] == DESIGN_EVENT_KEYS


def test_event_round_trips_through_json() -> None:
    event = _event(tags=("airspace_violation",))
    assert Event.model_validate_json(event.model_dump_json()) == event


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"event_id": "not-hex"}, "event_id"),
        ({"confidence": 1.5}, "confidence"),
        ({"sentence": ""}, "sentence"),
        ({"tags": ("Airspace Violation",)}, "tags"),
        ({"time_precision": 4}, "time_precision"),
        ({"fatalities": -1}, "fatalities"),
        ({"unknown_field": 1}, "unknown_field"),
    ],
)
def test_event_rejects_bad_fields_naming_them(overrides: dict[str, object], message: str) -> None:
    with pytest.raises(ValidationError, match=message):
        _event(**overrides)


def test_cameo_root_must_be_between_01_and_20() -> None:
    with pytest.raises(ValidationError, match="outside 01-20"):
        Cameo(code="215", base_code="215", root_code="21", quad_class=4, goldstein=-1.0)


def test_raw_article_requires_timezone_aware_times() -> None:
    with pytest.raises(ValidationError, match="timezone"):
        RawArticle(id="a", source="AFP", received_at=datetime(2015, 10, 8), body="x")


def test_raw_article_refuses_oversize_body() -> None:
    with pytest.raises(ValidationError, match="byte limit"):
        RawArticle(id="a", source="AFP", received_at=RECEIVED, body="x" * (MAX_BODY_BYTES + 1))


@pytest.mark.parametrize("bad_id", ["", " a", "a b", "x" * 201, "../etc"])
def test_raw_article_id_is_a_safe_key(bad_id: str) -> None:
    with pytest.raises(ValidationError, match="id"):
        RawArticle(id=bad_id, source="AFP", received_at=RECEIVED, body="x")


def test_models_are_frozen() -> None:
    event = _event()
    with pytest.raises(ValidationError, match="frozen"):
        event.fatalities = 3  # type: ignore[misc]


def test_alert_window_must_be_ordered() -> None:
    with pytest.raises(ValidationError, match="window_end"):
        Alert(
            alert_id="0" * 24,
            rule="r",
            group_key="TUR",
            group_by=("target.country",),
            window_start=RECEIVED,
            window_end=RECEIVED,
            count=3,
            threshold=3,
            event_ids=("a",),
            severity="warning",
            status="firing",
            summary="s",
            fired_at=RECEIVED,
        )
