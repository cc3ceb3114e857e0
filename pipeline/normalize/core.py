"""``normalize``: guards, then layout, structure, language, and the Articles."""

from __future__ import annotations

import datetime as dt

from pipeline.errors import Rejected
from pipeline.ids import deterministic_id
from pipeline.models import Article, Dateline, RawArticle
from pipeline.normalize.html import MAX_DEPTH, html_page, nesting_depth
from pipeline.normalize.language import Guess, identify, looks_english
from pipeline.normalize.layout import Unit, plain_units
from pipeline.normalize.lexicon import load_lexicon
from pipeline.normalize.structure import Page, Story, read_page
from pipeline.normalize.text import bad_char_ratio, clean_inline

MAX_BAD_CHAR_RATIO = 0.05
_SHORT = 500
_MAX_ID = 200
_ENGLISH = frozenset({"en", "eng"})


def normalize(raw: RawArticle, *, max_bytes: int = 1_048_576) -> list[Article] | Rejected:
    """The story (and its sidebars) of one wire item, or why it cannot be coded.

    The main story keeps ``raw.id``; the n-th sidebar gets ``f"{raw.id}#s{n}"``
    (for ids too long to take the suffix, a hash of the id replaces its tail).
    """
    try:
        return _normalize(raw, max_bytes)
    except Exception as exc:  # a bug must still leave the stream a dead letter
        return Rejected.from_exception("normalize", "internal_error", exc)


def is_html(raw: RawArticle) -> bool:
    """Whether the body is read as HTML: declared so, or it plainly opens as a page."""
    if raw.content_type == "text/html":
        return True
    head = raw.body.lstrip()[:20].lower()
    return head.startswith(("<!doctype html", "<html"))


def _normalize(raw: RawArticle, max_bytes: int) -> list[Article] | Rejected:
    body = raw.body
    if len(body) * 4 > max_bytes:
        size = len(body.encode("utf-8", errors="surrogatepass"))
        if size > max_bytes:
            return _reject("too_large", f"body is {size} bytes, limit {max_bytes}")
    if not body.strip():
        return _reject("empty", "the body is empty or whitespace only")
    ratio = bad_char_ratio(body)
    if ratio > MAX_BAD_CHAR_RATIO:
        return _reject("binary", f"{ratio:.0%} of the characters are control bytes or U+FFFD")
    headline = clean_inline(raw.headline) if raw.headline else None
    byline = published = None
    html = is_html(raw)
    units: list[Unit]
    if html:
        depth = nesting_depth(body)
        if depth > MAX_DEPTH:
            return _reject("too_deep", f"elements nest over {MAX_DEPTH} deep")
        page_html = html_page(body)
        units, byline, published = page_html.units, page_html.byline, page_html.published_at
        headline = headline or page_html.headline
    else:
        units = plain_units(body)
    if not units:
        if html:
            return _reject("no_text", "the HTML page has no text")
        return _reject("empty", "the body has no visible characters")
    reference = raw.published_at or raw.received_at
    page = read_page(units, load_lexicon(), reference, headline=headline or None)
    stories = [s for s in page.stories if s.paragraphs]
    if not stories:
        if any(s.headline for s in page.stories) and not any(s.captions for s in page.stories):
            return _reject("headline_only", "only a headline, no body text")
        return _reject("no_text", "no body text once boilerplate and captions are set apart")
    declared = (raw.language or "en").lower()
    if declared not in _ENGLISH:
        return _reject("not_english", f"declared language: {declared}")
    # Each story is judged on its own text, joined as Article.text joins it, so an
    # Article read again gets the same verdict. The main story decides for the page;
    # a sidebar in another language is left out.
    guess = _language(stories[0])
    if guess is not None:
        return _reject(
            "not_english", f"detected language: {guess.language} ({guess.probability:.2f})"
        )
    stories = [stories[0], *(s for s in stories[1:] if _language(s) is None)]
    return _articles(raw, page, stories, byline, published)


def _language(story: Story) -> Guess | None:
    """None when the story reads as English, else the classifier's guess."""
    text = "\n\n".join(story.paragraphs)
    if looks_english(text):
        return None
    guess = identify(text)
    return None if guess.is_english else guess


def _articles(
    raw: RawArticle,
    page: Page,
    stories: list[Story],
    html_byline: str | None,
    html_published: dt.datetime | None,
) -> list[Article]:
    main = stories[0]
    published = raw.published_at or page.published_at or html_published
    articles = []
    for n, story in enumerate(stories):
        is_main = n == 0
        place = story.place or (raw.dateline if is_main else None)
        place = clean_inline(place)[:_SHORT] if place else None
        articles.append(
            Article(
                article_id=raw.id if is_main else _sidebar_id(raw.id, n),
                parent_id=None if is_main else raw.id,
                kind="story" if is_main else "sidebar",
                source=raw.source,
                headline=story.headline[:_SHORT] if story.headline else None,
                byline=_short(story.byline or (html_byline if is_main else None)),
                agency=(story.agency or main.agency or raw.source)[:100],
                dateline=Dateline(place=place, date=story.date) if place else None,
                published_at=published,
                received_at=raw.received_at,
                url=raw.url,
                language="en",
                paragraphs=tuple(story.paragraphs),
                captions=tuple(dict.fromkeys(story.captions)),
            )
        )
    return articles


def _short(text: str | None) -> str | None:
    return text[:_SHORT] if text else None


def _sidebar_id(parent: str, n: int) -> str:
    suffix = f"#s{n}"
    if len(parent) + len(suffix) <= _MAX_ID:
        return parent + suffix
    digest = deterministic_id("sidebar-parent", parent, length=16)
    return f"{parent[: _MAX_ID - len(suffix) - 17]}-{digest}{suffix}"


def _reject(reason: str, message: str) -> Rejected:
    return Rejected(stage="normalize", reason=reason, message=message)
