"""Bytes on a topic <-> models: decoding never raises, it returns a ``Rejected``."""

from __future__ import annotations

import json

from pydantic import BaseModel, ValidationError

from pipeline.errors import Rejected
from pipeline.models import RawArticle


def encode(model: BaseModel) -> bytes:
    """The JSON bytes of a model, as they travel on a topic."""
    return model.model_dump_json().encode("utf-8")


def decode_raw_article(value: bytes | None, *, max_bytes: int) -> RawArticle | Rejected:
    """Parse one ``wire.articles.raw`` record value, or say exactly why not."""
    if value is None or not value.strip():
        return Rejected("decode", "empty", "the record has no value")
    if len(value) > max_bytes:
        return Rejected("decode", "too_large", f"record is {len(value)} bytes, limit {max_bytes}")
    try:
        text = value.decode("utf-8")
    except UnicodeDecodeError as exc:
        return Rejected.from_exception("decode", "invalid_utf8", exc)
    try:
        payload = json.loads(text)
    except json.JSONDecodeError as exc:
        return Rejected.from_exception("decode", "invalid_json", exc)
    except RecursionError as exc:
        return Rejected.from_exception("decode", "invalid_json", exc)
    if not isinstance(payload, dict):
        return Rejected(
            "validate", "schema_invalid", f"expected a JSON object, got {type(payload).__name__}"
        )
    try:
        return RawArticle.model_validate(payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first.get("loc", ())) or "(root)"
        return Rejected(
            "validate",
            "schema_invalid",
            f"{exc.error_count()} error(s); first at {where}: {first.get('msg')}",
            error_class="ValidationError",
        )
