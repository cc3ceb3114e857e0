"""Decoding a raw record never raises: bytes in, a RawArticle or a reason out."""

from __future__ import annotations

import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.codec import decode_raw_article, encode
from pipeline.errors import Rejected
from pipeline.models import RawArticle

GOOD = {"id": "a1", "source": "AFP", "received_at": "2015-10-08T06:00:00Z", "body": "Text."}


@pytest.mark.parametrize(
    ("value", "reason"),
    [
        (b"", "empty"),
        (b"   \n", "empty"),
        (None, "empty"),
        (b"x" * 300_000, "too_large"),
        (b"\xff\xfe\x00", "invalid_utf8"),
        (b"{not json", "invalid_json"),
        (b"[1, 2]", "schema_invalid"),
        (json.dumps({**GOOD, "received_at": "yesterday"}).encode(), "schema_invalid"),
        # Nested deeper than the parser's recursion limit.
        (b"[" * 100_000 + b"]" * 100_000, "invalid_json"),
    ],
)
def test_bad_records_get_a_reason(value: bytes | None, reason: str) -> None:
    result = decode_raw_article(value, max_bytes=250_000)
    assert isinstance(result, Rejected)
    assert result.reason == reason


def test_good_record_round_trips() -> None:
    raw = decode_raw_article(json.dumps(GOOD).encode(), max_bytes=10_000)
    assert isinstance(raw, RawArticle)
    assert decode_raw_article(encode(raw), max_bytes=10_000) == raw


@settings(max_examples=500)
@given(st.binary(max_size=3_000))
def test_any_bytes_give_an_article_or_a_reason(value: bytes) -> None:
    result = decode_raw_article(value, max_bytes=2_000)
    assert isinstance(result, RawArticle | Rejected)
