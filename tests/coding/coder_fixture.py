"""One Coder per test process: loading spaCy takes seconds."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import lru_cache

from pipeline.coding.coder import Coder
from pipeline.models import Article, Event
from pipeline.settings import NlpSettings

PUBLISHED = datetime(2015, 10, 8, 9, 0, tzinfo=UTC)


@lru_cache(maxsize=1)
def coder() -> Coder:
    return Coder.from_settings(NlpSettings())


def article(*paragraphs: str, article_id: str = "t-1") -> Article:
    return Article(
        article_id=article_id,
        source="AFP",
        received_at=PUBLISHED,
        published_at=PUBLISHED,
        paragraphs=paragraphs,
    )


def events(*paragraphs: str) -> list[Event]:
    result = coder().code_article(article(*paragraphs))
    assert isinstance(result, list), result
    return result


def codes(evs: list[Event]) -> list[tuple[str, str | None, str | None]]:
    """(CAMEO code, source code, target code) of each event, in order."""
    return [
        (
            e.cameo.code if e.cameo else "-",
            e.source.code if e.source else None,
            e.target.code if e.target else None,
        )
        for e in evs
    ]
