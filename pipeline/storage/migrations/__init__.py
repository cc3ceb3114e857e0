"""Versioned schema migrations: ``<backend>/NNNN_name.sql``, applied in order, once.

Each backend folder holds the same versions (SQLite and PostgreSQL differ only in
column types). The store records each applied version in ``schema_migrations``;
never edit an applied file, add the next version instead.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from importlib import resources

_NAME = re.compile(r"^(\d{4})_([a-z0-9_]+)\.sql$")


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    sql: str


def available(backend: str) -> tuple[Migration, ...]:
    """The migrations shipped for ``backend`` ("sqlite" or "postgres"), by version."""
    folder = resources.files(__name__).joinpath(backend)
    found: list[Migration] = []
    for entry in folder.iterdir():
        match = _NAME.match(entry.name)
        if match:
            found.append(Migration(int(match[1]), match[2], entry.read_text("utf-8")))
    found.sort(key=lambda m: m.version)
    versions = [m.version for m in found]
    if versions != list(range(1, len(versions) + 1)):
        raise RuntimeError(f"{backend} migrations are not numbered 1..n: {versions}")
    return tuple(found)
