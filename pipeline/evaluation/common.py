"""Running the coder over labelled sentences: one Article per record."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import UTC, datetime

from pipeline.coding.coder import Coder
from pipeline.errors import Rejected
from pipeline.ids import deterministic_id
from pipeline.models import Article, Event

_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def sentence_article(record_id: str, text: str, published: datetime | None) -> Article:
    safe = "eval-" + deterministic_id("eval", record_id, length=16)
    return Article(
        article_id=safe,
        source="eval",
        published_at=published,
        received_at=published or _EPOCH,
        paragraphs=(text,),
    )


def code_texts(
    coder: Coder, items: Sequence[tuple[str, str, datetime | None]], batch: int = 32
) -> list[list[Event]]:
    """Events for each (id, text, published) item; a rejected item counts as no events."""
    out: list[list[Event]] = []
    for start in range(0, len(items), batch):
        chunk = [sentence_article(i, t, p) for i, t, p in items[start : start + batch]]
        for result in coder.code_articles(chunk):
            out.append([] if isinstance(result, Rejected) else result)
    return out


def asserted(events: Sequence[Event]) -> list[Event]:
    """Events reported as having happened (not negated, hypothetical or only intended)."""
    return [e for e in events if not (e.negated or e.hypothetical or e.future)]


def primary(events: Sequence[Event]) -> Event | None:
    """The event a one-label set would mean: highest confidence, then earliest trigger."""
    if not events:
        return None
    return sorted(events, key=lambda e: (-e.confidence, e.sentence_index, e.rule))[0]
