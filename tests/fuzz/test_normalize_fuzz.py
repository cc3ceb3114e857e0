"""Fuzzing the cheap front of the pipeline: decoding and normalising arbitrary input.

Whatever bytes or text arrive, the result is Articles or a typed ``Rejected``, never
an exception. Thousands of cases: these functions are cheap.
"""

from __future__ import annotations

import datetime as dt
import json

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import Rejected
from pipeline.models import Article, RawArticle
from pipeline.normalize import normalize
from pipeline.stream.steps import normalize_records

RECEIVED = dt.datetime(2021, 3, 2, 8, tzinfo=dt.UTC)
MAX_BYTES = 64 * 1024
MANY = settings(max_examples=2000, deadline=None, suppress_health_check=[HealthCheck.too_slow])

# Pieces that stress the normaliser: markup, furniture, odd whitespace and dashes.
FRAGMENTS = [
    "<p>", "</p>", "<br>", "<div class='x'>", "</div>", "<script>x()</script>", "&amp;",
    "&#8217;", "&nbsp;", "\u00ad", "\u200b", "\ufeff", "\r\n", "\n\n", "\t", "-\n",
    "BEIRUT (AFP) -", "(Reuters) -", "Advertisement", "Page 3", "By A Writer", "\x00",
    "Troops shelled the town.", "Police said.", "\u202e", "\ud7ff", "..." * 3,
]  # fmt: skip

bodies = st.one_of(
    st.text(max_size=2000),
    st.lists(st.sampled_from(FRAGMENTS) | st.text(max_size=20), max_size=60).map("".join),
)


def _check_articles(result: list[Article] | Rejected) -> None:
    if isinstance(result, Rejected):
        assert result.stage in {"decode", "validate", "normalize"}
        assert result.reason
        return
    assert isinstance(result, list)
    for article in result:
        assert isinstance(article, Article)
        assert article.paragraphs


@MANY
@given(body=bodies, html=st.booleans())
def test_normalize_gives_articles_or_a_rejection_for_any_text(body: str, html: bool) -> None:
    try:
        raw = RawArticle(
            id="fuzz-1",
            source="AFP",
            received_at=RECEIVED,
            content_type="text/html" if html else "text/plain",
            body=body,
        )
    except ValueError:
        return  # the model itself refuses it; decoding turns that into a Rejected
    _check_articles(normalize(raw, max_bytes=MAX_BYTES))


@MANY
@given(value=st.one_of(st.none(), st.binary(max_size=3000)))
def test_any_bytes_decode_and_normalise_to_articles_or_a_rejection(value: bytes | None) -> None:
    (result,) = normalize_records([value], max_bytes=MAX_BYTES)
    _check_articles(result)


envelopes = st.fixed_dictionaries(
    {"id": st.text(max_size=40), "source": st.text(max_size=30), "body": bodies},
    optional={
        "received_at": st.sampled_from(["2021-03-02T08:00:00Z", "yesterday", "", 17]),
        "published_at": st.sampled_from([None, "2021-03-02T07:00:00+01:00", "x"]),
        "content_type": st.sampled_from(["text/plain", "text/html", "image/png"]),
        "headline": st.text(max_size=300),
        "language": st.sampled_from(["en", "EN", "fra", "", None]),
        "url": st.text(max_size=50),
        "extra": st.integers(),
    },
)


@MANY
@given(envelope=envelopes)
def test_any_json_envelope_gives_articles_or_a_rejection(envelope: dict[str, object]) -> None:
    value = json.dumps(envelope).encode("utf-8")
    (result,) = normalize_records([value], max_bytes=MAX_BYTES)
    _check_articles(result)
