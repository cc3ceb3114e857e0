"""schemas/ must match the models: regenerate with `wirewatch schemas` after a change."""

from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from pipeline.models import TOPIC_MODELS
from pipeline.schemas import render_schemas

SCHEMAS = Path(__file__).resolve().parents[1] / "schemas"


def test_committed_schemas_match_the_models() -> None:
    rendered = render_schemas()
    on_disk = {p.name: p.read_text(encoding="utf-8") for p in SCHEMAS.glob("*.schema.json")}
    assert set(on_disk) == set(rendered), "run `wirewatch schemas` to regenerate schemas/"
    for name, text in rendered.items():
        assert on_disk[name] == text, f"{name} is stale: run `wirewatch schemas`"


def test_every_topic_has_a_schema() -> None:
    assert {f"{topic}.schema.json" for topic in TOPIC_MODELS} == set(render_schemas())


def test_event_schema_validates_a_model_dump() -> None:
    schema = json.loads((SCHEMAS / "wire.events.schema.json").read_text(encoding="utf-8"))
    instance = {
        "event_id": "0123456789abcdef01234567",
        "article_id": "a1",
        "sentence_index": 0,
        "sentence": "s",
        "trigger": "t",
        "rule": "r",
        "extractor_version": "v",
        "source": None,
        "confidence": 0.5,
    }
    jsonschema.validate(instance, schema)
    instance["confidence"] = 2
    try:
        jsonschema.validate(instance, schema)
    except jsonschema.ValidationError:
        return
    raise AssertionError("confidence 2 must be rejected by the schema")
