"""Dead-letter headers carry stage, reason and origin, and survive a round trip."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from pydantic import ValidationError

from pipeline.errors import Rejected
from pipeline.stream.deadletter import deadletter_headers, parse_deadletter_headers

NOW = datetime(2026, 11, 25, 12, 0, tzinfo=UTC)


def test_headers_round_trip_and_keep_the_originals() -> None:
    rejected = Rejected("decode", "invalid_json", "Expecting value: line 1", "JSONDecodeError")
    headers = deadletter_headers(
        rejected,
        topic="wire.articles.raw",
        partition=3,
        offset=42,
        original=[("trace-id", b"abc"), ("wirewatch.stage", b"forged")],
        now=NOW,
    )
    assert headers[0] == ("trace-id", b"abc")
    assert [k for k, _ in headers].count("wirewatch.stage") == 1
    parsed = parse_deadletter_headers(headers)
    assert (parsed.stage, parsed.reason, parsed.error_class) == (
        "decode",
        "invalid_json",
        "JSONDecodeError",
    )
    assert (parsed.original_topic, parsed.original_partition, parsed.original_offset) == (
        "wire.articles.raw",
        3,
        42,
    )
    assert parsed.failed_at == NOW


def test_long_messages_are_cut_not_refused() -> None:
    rejected = Rejected("extract", "coder_error", "x" * 5_000)
    parsed = parse_deadletter_headers(
        deadletter_headers(rejected, topic="t", partition=0, offset=0, now=NOW)
    )
    assert len(parsed.error_message) == 1_000


def test_reason_codes_are_bounded() -> None:
    with pytest.raises(ValueError, match="snake_case"):
        Rejected("decode", "Some Free Text", "message")
    with pytest.raises(ValidationError):
        parse_deadletter_headers([("wirewatch.stage", b"decode")])
