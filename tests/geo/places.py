"""The event place of one trigger in a sentence we wrote, as the coder would find it."""

from __future__ import annotations

from typing import Any

from pipeline.geo import Gazetteer, build_geo_context, place_for_event
from pipeline.geo.context import PlaceResolution


def place_at(
    nlp: Any, gazetteer: Gazetteer, text: str, trigger: str, dateline: str | None = None
) -> PlaceResolution:
    """``place_for_event`` for the first token spelled ``trigger`` in ``text``."""
    doc = nlp(text)
    token = next(t for t in doc if t.text == trigger)
    ctx = build_geo_context(doc, dateline, ())
    return place_for_event(token.sent, token, ctx, gazetteer)
