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


# Rule prefixes of statements the coder derives from another event of the same trigger
# (coder.py): an intent or threat from a future event, an accusation or a claim of
# responsibility from a reported one.
_FROM_FUTURE = ("intent:", "threat:")
_FROM_REPORT = ("accusation:", "responsibility:")


def as_gold_convention(events: Sequence[Event]) -> list[Event]:
    """The events as a coder that codes plans as done and reports as the speaker's
    statement only (PETRARCH's gold convention) would count them.

    A future event counts as done, and the intent or threat statement derived from it
    is dropped (one coding per planned act). A reported event whose speaker's own
    accusation or claim of responsibility was coded is dropped (the statement stands
    for it). Negated and hypothetical events still do not count. This is a second view
    for comparing with such sets; ``asserted`` stays the strict one.
    """
    base = {(e.sentence_index, e.rule) for e in events if e.future and not derived(e)}
    said = {
        (e.sentence_index, e.rule.split(":", 1)[1])
        for e in events
        if e.rule.startswith(_FROM_REPORT) and not (e.negated or e.hypothetical)
    }
    out: list[Event] = []
    for e in events:
        if e.negated or e.hypothetical:
            continue
        if e.rule.startswith(_FROM_FUTURE) and (e.sentence_index, _underlying(e)) in base:
            continue
        if e.reported_by and not derived(e) and (e.sentence_index, e.rule) in said:
            continue
        out.append(e)
    return out


def derived(event: Event) -> bool:
    """A statement the coder derived from another event of the same trigger (an intent
    or threat from a future act, an accusation or a claim from a reported one)."""
    return event.rule.startswith(_FROM_FUTURE + _FROM_REPORT)


def _underlying(event: Event) -> str:
    return event.rule.split(":", 1)[1]


def primary(events: Sequence[Event]) -> Event | None:
    """The event a one-label set would mean: highest confidence, then earliest trigger."""
    if not events:
        return None
    return sorted(events, key=lambda e: (-e.confidence, e.sentence_index, e.rule))[0]
