"""JSON Schemas of every topic payload, generated from the pydantic models."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.models import SCHEMA_VERSION, TOPIC_MODELS


def render_schemas() -> dict[str, str]:
    """File name -> JSON text, one schema per topic, deterministic for diffing."""
    out: dict[str, str] = {}
    for topic, model in TOPIC_MODELS.items():
        schema = model.model_json_schema(mode="serialization")
        schema["$id"] = f"https://wirewatch.invalid/schemas/v{SCHEMA_VERSION}/{topic}.json"
        schema["x-wirewatch-topic"] = topic
        out[f"{topic}.schema.json"] = json.dumps(schema, indent=2, sort_keys=True) + "\n"
    return out


def write_schemas(directory: Path) -> list[Path]:
    directory.mkdir(parents=True, exist_ok=True)
    written = []
    for name, text in render_schemas().items():
        path = directory / name
        path.write_text(text, encoding="utf-8")
        written.append(path)
    return written
