"""The stage functions: bytes in, articles and events or a reason out, nothing lost."""

from __future__ import annotations

import json
from collections.abc import Sequence

from pipeline.coding.coder import CodingResult
from pipeline.errors import Rejected
from pipeline.ids import deterministic_id
from pipeline.models import Article, Event
from pipeline.stream.steps import Extracted, decode_model, extract_records

STORY = (
    "BEIRUT (AFP) - Government forces shelled rebel positions near the town on Tuesday, "
    "a monitoring group said.\n\nThe shelling continued for several hours, residents said, "
    "and smoke could be seen across the valley."
)


def _raw(article_id: str, body: str) -> bytes:
    return json.dumps(
        {
            "id": article_id,
            "source": "AFP",
            "received_at": "2015-10-08T06:00:00Z",
            "published_at": "2015-10-08T06:00:00Z",
            "body": body,
        }
    ).encode()


class OneEventPerArticle:
    """A stand-in coder: this tests plumbing, not coding."""

    def __init__(self, fail_on: str | None = None, raise_on_batch: bool = False) -> None:
        self.fail_on = fail_on
        self.raise_on_batch = raise_on_batch
        self.calls = 0

    def code_detailed(self, articles: Sequence[Article]) -> list[CodingResult | Rejected]:
        self.calls += 1
        if self.raise_on_batch and len(articles) > 1:
            raise RuntimeError("batch failure")
        out: list[CodingResult | Rejected] = []
        for article in articles:
            if self.fail_on and self.fail_on in article.article_id:
                raise RuntimeError(f"cannot code {article.article_id}")
            event = Event(
                event_id=deterministic_id("event", article.article_id),
                article_id=article.article_id,
                sentence_index=0,
                sentence=article.paragraphs[0][:200],
                trigger="shelled",
                rule="test",
                extractor_version="test",
                source=None,
                confidence=0.5,
            )
            out.append(CodingResult(events=(event,), skipped=((1, "too_long"),), sentences=2))
        return out


def test_good_and_bad_records_each_get_an_outcome_in_order() -> None:
    values = [_raw("a1", STORY), b"{oops", None, _raw("a2", STORY), b"\x00\x01\x02"]
    outcomes = extract_records(values, OneEventPerArticle(), max_bytes=100_000)
    assert [type(o).__name__ for o in outcomes] == [
        "Extracted",
        "Rejected",
        "Rejected",
        "Extracted",
        "Rejected",
    ]
    first = outcomes[0]
    assert isinstance(first, Extracted)
    assert [e.article_id for e in first.events] == ["a1"]
    assert first.skipped == ("too_long",)


def test_a_coder_that_raises_only_loses_its_own_record() -> None:
    coder = OneEventPerArticle(fail_on="bad", raise_on_batch=True)
    values = [_raw("good1", STORY), _raw("bad1", STORY), _raw("good2", STORY)]
    outcomes = extract_records(values, coder, max_bytes=100_000)
    assert isinstance(outcomes[0], Extracted)
    assert isinstance(outcomes[1], Rejected)
    assert outcomes[1].reason == "coder_error"
    assert outcomes[1].stage == "extract"
    assert isinstance(outcomes[2], Extracted)


def test_decode_model_tells_bad_json_from_bad_schema() -> None:
    assert isinstance(decode_model(Event, b"{not json", "store"), Rejected)
    bad_json = decode_model(Event, b"{not json", "store")
    bad_schema = decode_model(Event, b'{"event_id": 1}', "store")
    empty = decode_model(Event, b"", "alert")
    assert isinstance(bad_json, Rejected)
    assert bad_json.reason == "invalid_json"
    assert isinstance(bad_schema, Rejected)
    assert bad_schema.reason == "schema_invalid"
    assert isinstance(empty, Rejected)
    assert (empty.stage, empty.reason) == ("alert", "empty")
