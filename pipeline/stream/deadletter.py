"""Dead-letter records: the original bytes, and headers that say where and why."""

from __future__ import annotations

from datetime import UTC, datetime

from pipeline.errors import Rejected
from pipeline.models import DeadLetterHeaders

HEADER_PREFIX = "wirewatch."


def deadletter_headers(
    rejected: Rejected,
    *,
    topic: str,
    partition: int,
    offset: int,
    original: list[tuple[str, bytes]] | None = None,
    now: datetime | None = None,
) -> list[tuple[str, bytes]]:
    """Kafka headers for a dead letter: ours (validated) after the record's own."""
    headers = DeadLetterHeaders(
        stage=rejected.stage,
        reason=rejected.reason,
        error_class=rejected.error_class[:500],
        error_message=rejected.message[:1000],
        original_topic=topic,
        original_partition=partition,
        original_offset=offset,
        failed_at=now or datetime.now(UTC),
    )
    ours = [
        (f"{HEADER_PREFIX}{key}", str(value).encode("utf-8"))
        for key, value in headers.model_dump(mode="json").items()
    ]
    kept = [(k, v) for k, v in (original or []) if not k.startswith(HEADER_PREFIX)]
    return kept + ours


def parse_deadletter_headers(headers: list[tuple[str, bytes]]) -> DeadLetterHeaders:
    """The inverse of ``deadletter_headers``, for consumers and tests."""
    fields = {
        key[len(HEADER_PREFIX) :]: value.decode("utf-8")
        for key, value in headers
        if key.startswith(HEADER_PREFIX)
    }
    return DeadLetterHeaders.model_validate(fields)
