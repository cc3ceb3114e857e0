"""Deterministic identifiers: the same inputs give the same id in every process.

Events and alerts are keyed by a hash of what identifies them, so a redelivered or
replayed message upserts onto the same row instead of creating a new one.
"""

from __future__ import annotations

import hashlib

_SEPARATOR = "\x1f"  # ASCII unit separator: cannot occur in the parts we hash


def deterministic_id(kind: str, *parts: object, length: int = 24) -> str:
    """A stable hex id for ``kind`` built from ``parts`` (``None`` counts as empty).

    The kind is hashed too, so an event and an alert built from the same parts never
    share an id.
    """
    text = _SEPARATOR.join([kind, *("" if p is None else str(p) for p in parts)])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:length]
