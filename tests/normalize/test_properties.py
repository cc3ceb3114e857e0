"""Invariants: any input gives Articles or a typed rejection; normalising is idempotent."""

from __future__ import annotations

import datetime as dt
import textwrap

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.errors import Rejected
from pipeline.models import Article, RawArticle
from pipeline.normalize import normalize

RECEIVED = dt.datetime(2020, 5, 4, 12, tzinfo=dt.UTC)
EXAMPLES = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])

WORDS = [
    "the", "army", "said", "rebels", "fired", "rockets", "at", "a", "village", "near", "border",
    "on", "Monday", "officials", "police", "protesters", "government", "forces", "town",
    "killed", "wounded", "people", "at", "least", "three", "ministry", "statement", "was",
    "were", "had", "been", "after", "before", "during", "attack", "fighting", "air", "strikes",
    "talks", "ceasefire", "troops", "capital", "province", "residents", "told", "reporters"
]  # fmt: skip
PLACES = ["Beirut", "Kabul", "Sanaa", "Mogadishu", "Kyiv", "Tripoli", "Goma"]
FURNITURE = [
    "AFP", "Reuters", "By Jane Doe", "Page 12", "Related Story", "Updated 10:32 GMT",
    "Share this article", "Photo: AFP", "(AFP Photo)", "Advertisement", "Read more",
    "BEIRUT (AFP) -", "(Reuters) -", "Continued on page 4",
]  # fmt: skip
ODDITIES = ["\u00ad", "\u200b", "\u00a0", "\u2019", "\u201c", "\u201d", "-\n", "\t", "\ufeff"]


def _raw(body: str, content_type: str = "text/plain", **fields: object) -> RawArticle:
    return RawArticle(
        id=str(fields.pop("id", "p1")), source="AFP", received_at=RECEIVED,
        content_type=content_type, body=body, **fields,  # type: ignore[arg-type]
    )  # fmt: skip


def _never_raises(raw: RawArticle) -> list[Article] | Rejected:
    result = normalize(raw)
    if isinstance(result, Rejected):
        assert result.reason != "internal_error", result.message
        assert result.stage == "normalize"
    else:
        assert result, "an empty list is neither Articles nor a rejection"
        assert all(isinstance(a, Article) and a.paragraphs for a in result)
    return result


@EXAMPLES
@given(st.text(max_size=3_000), st.sampled_from(["text/plain", "text/html"]))
def test_any_text_gives_articles_or_a_rejection(body: str, content_type: str) -> None:
    _never_raises(_raw(body, content_type))


@EXAMPLES
@given(st.binary(max_size=3_000), st.sampled_from(["text/plain", "text/html"]))
def test_any_bytes_give_articles_or_a_rejection(data: bytes, content_type: str) -> None:
    _never_raises(_raw(data.decode("utf-8", errors="replace"), content_type))


_sentence = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    st.sampled_from(WORDS),
    st.lists(st.sampled_from(WORDS + PLACES + ["\"quote", "it's", "Al-Bab", "1,500km"]),
             min_size=4, max_size=25),
    st.sampled_from([".", ".", "?", "!", ".\"", ""]),
)  # fmt: skip
_paragraph = st.lists(_sentence, min_size=1, max_size=4).map(" ".join)
_title = st.lists(st.sampled_from(WORDS + PLACES), min_size=1, max_size=10).map(
    lambda words: " ".join(words).capitalize()
)
_piece = st.one_of(
    _paragraph, _paragraph, _paragraph, _title, st.sampled_from(FURNITURE), st.sampled_from(PLACES),
    st.builds(lambda p, o: p[: len(p) // 2] + o + p[len(p) // 2 :], _paragraph,
              st.sampled_from(ODDITIES)),
    st.builds(lambda p: textwrap.fill(p, 60), _paragraph),
    st.text(max_size=40),
)  # fmt: skip
_page = st.builds(
    lambda pieces, seps: "".join(p + s for p, s in zip(pieces, seps, strict=False)),
    st.lists(_piece, min_size=1, max_size=14),
    st.lists(st.sampled_from(["\n", "\n\n", "\n\n\n", " ", "\n \n"]), min_size=14, max_size=14),
)


def _as_html(page: str) -> str:
    blocks = [b for b in page.split("\n\n") if b.strip()]
    inner = "".join(
        f"<p>{b}</p>" if i % 3 else f"<h2>{b}</h2><script>var s = '{b}';</script>"
        for i, b in enumerate(blocks)
    )
    return f"<html><body><nav>Home</nav><article>{inner}</article></body></html>"


@EXAMPLES
@given(_page, st.booleans(), st.one_of(st.none(), _title))
def test_wire_like_pages_never_raise_and_renormalise_to_themselves(
    page: str, html: bool, headline: str | None
) -> None:
    body = _as_html(page) if html else page
    result = _never_raises(_raw(body, "text/html" if html else "text/plain", headline=headline))
    if isinstance(result, Rejected):
        return
    for article in result:
        again = normalize(_raw("\n\n".join(article.paragraphs), id=article.article_id))
        assert isinstance(again, list), again
        assert [a.paragraphs for a in again] == [article.paragraphs]


@EXAMPLES
@given(st.text(min_size=1, max_size=2_000))
def test_any_text_that_becomes_articles_renormalises_to_the_same_paragraphs(body: str) -> None:
    result = _never_raises(_raw(body))
    if isinstance(result, Rejected):
        return
    for article in result:
        again = normalize(_raw(article.text, id=article.article_id))
        assert isinstance(again, list), again
        assert [a.paragraphs for a in again] == [article.paragraphs]
