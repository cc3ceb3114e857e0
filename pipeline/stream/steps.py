"""What each stage does to a record, as pure functions the agents call.

No Kafka and no faust here: bytes in, models or a ``Rejected`` out. The same functions
serve the agents and the offline commands, so a record coded on the stream and the
same file coded by ``wirewatch extract`` give the same events with the same ids.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, TypeVar

from pydantic import BaseModel, ValidationError

from pipeline.codec import decode_raw_article
from pipeline.coding.coder import CodingResult
from pipeline.errors import Rejected
from pipeline.models import Article, DeadLetterStage, Event, RawArticle
from pipeline.normalize import normalize

log = logging.getLogger(__name__)

M = TypeVar("M", bound=BaseModel)


class ArticleCoder(Protocol):
    def code_detailed(self, articles: Sequence[Article]) -> list[CodingResult | Rejected]: ...


@dataclass(frozen=True)
class Extracted:
    """What one raw record became: its stories, their events (possibly none), and the
    reason codes of the sentences the coder skipped (too long, over the article limit)."""

    articles: tuple[Article, ...]
    events: tuple[Event, ...]
    skipped: tuple[str, ...] = ()


Outcome = Extracted | Rejected


def normalize_records(
    values: Sequence[bytes | None], *, max_bytes: int
) -> list[list[Article] | Rejected]:
    """Decode, validate and normalise each raw record value."""
    out: list[list[Article] | Rejected] = []
    for value in values:
        raw = decode_raw_article(value, max_bytes=max_bytes)
        out.append(raw if isinstance(raw, Rejected) else normalize(raw, max_bytes=max_bytes))
    return out


def code_normalized(
    normalized: Sequence[list[Article] | Rejected], coder: ArticleCoder
) -> list[Outcome]:
    """Code every article of every record in one batch; a record fails as a whole.

    The coder promises a ``Rejected`` rather than an exception per article; if it
    raises anyway, the batch is retried one record at a time so that one bad record
    cannot take good ones down with it.
    """
    flat = [a for item in normalized if not isinstance(item, Rejected) for a in item]
    try:
        coded = coder.code_detailed(flat)
    except Exception:
        log.exception("coder raised on a batch of %d articles; coding one by one", len(flat))
        return [_code_one(item, coder) for item in normalized]
    results = iter(coded)
    outcomes: list[Outcome] = []
    for item in normalized:
        if isinstance(item, Rejected):
            outcomes.append(item)
            continue
        outcomes.append(_merge(item, [next(results) for _ in item]))
    return outcomes


def _code_one(item: list[Article] | Rejected, coder: ArticleCoder) -> Outcome:
    if isinstance(item, Rejected):
        return item
    try:
        return _merge(item, coder.code_detailed(item))
    except Exception as exc:
        return Rejected.from_exception("extract", "coder_error", exc)


def _merge(articles: list[Article], coded: Sequence[CodingResult | Rejected]) -> Outcome:
    events: list[Event] = []
    skipped: list[str] = []
    for result in coded:
        if isinstance(result, Rejected):
            return result
        events.extend(result.events)
        skipped.extend(reason for _index, reason in result.skipped)
    return Extracted(articles=tuple(articles), events=tuple(events), skipped=tuple(skipped))


def extract_records(
    values: Sequence[bytes | None], coder: ArticleCoder, *, max_bytes: int
) -> list[Outcome]:
    """Raw record values -> per record, its articles and events, or why not."""
    return code_normalized(normalize_records(values, max_bytes=max_bytes), coder)


def extract_raw_articles(raws: Sequence[RawArticle], coder: ArticleCoder) -> list[Outcome]:
    """The offline path: the same coding for RawArticles read from files."""
    return code_normalized([normalize(raw) for raw in raws], coder)


def decode_model(model: type[M], value: bytes | None, stage: DeadLetterStage) -> M | Rejected:
    """A downstream record (event, article or alert) back into its model."""
    if not value:
        return Rejected(stage, "empty", "the record is empty")
    try:
        return model.model_validate_json(value)
    except ValidationError as exc:
        reason = "invalid_json" if _is_json_error(value) else "schema_invalid"
        return Rejected.from_exception(stage, reason, exc)


def _is_json_error(value: bytes) -> bool:
    try:
        json.loads(value)
    except ValueError:
        return True
    return False


__all__ = [
    "ArticleCoder",
    "Extracted",
    "Outcome",
    "code_normalized",
    "decode_model",
    "extract_raw_articles",
    "extract_records",
    "normalize_records",
]
