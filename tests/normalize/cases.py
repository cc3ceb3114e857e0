"""The normaliser's test inputs: the seed and our fixtures, as RawArticles."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from pipeline.models import RawArticle

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"
FIXTURES = ROOT / "tests" / "fixtures_data" / "normalize"
GOLDEN = ROOT / "tests" / "golden" / "normalize"
SEED_FILE = "000_0f3fda6538e218d8.txt"
DEFAULT_RECEIVED = "2026-01-01T00:00:00+00:00"


def _entries(folder: Path) -> dict[str, dict[str, str]]:
    lines = (folder / "manifest.jsonl").read_text(encoding="utf-8").splitlines()
    return {entry["file"]: entry for entry in map(json.loads, filter(None, lines))}


def raw_article(folder: Path, name: str) -> RawArticle:
    """The RawArticle a feed would deliver for one file and its manifest entry."""
    entry = _entries(folder)[name]
    received = entry.get("received_at") or entry.get("published_at") or DEFAULT_RECEIVED
    return RawArticle(
        id=entry["id"],
        source=entry["source"],
        received_at=dt.datetime.fromisoformat(received),
        published_at=entry.get("published_at"),
        headline=entry.get("headline"),
        dateline=entry.get("dateline"),
        url=entry.get("url"),
        content_type=entry.get("content_type", "text/plain"),
        body=(folder / name).read_text(encoding="utf-8"),
    )


def seed() -> RawArticle:
    return raw_article(SEEDS, SEED_FILE)


def fixture_names() -> list[str]:
    return sorted(_entries(FIXTURES))


def make_raw(body: str, **fields: object) -> RawArticle:
    """A RawArticle around ``body`` with plain defaults, for short inline cases."""
    values: dict[str, object] = {
        "id": "t1",
        "source": "AFP",
        "received_at": dt.datetime(2015, 10, 8, 6, tzinfo=dt.UTC),
        "body": body,
    }
    values.update(fields)
    return RawArticle.model_validate(values)
