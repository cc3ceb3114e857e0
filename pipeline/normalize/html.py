"""HTML news pages to units, through a real parser (selectolax, Lexbor engine).

Nothing is executed or fetched: the parser only builds a tree. The walk keeps the
text of the article (``<article>`` when there is one, else ``<main>``, else the
body) and leaves out what is not the story: scripts, styles, forms, navigation,
headers and footers, comments, hidden elements and anything whose class, id or role
names page furniture (share bars, cookie banners, newsletters, related links, ads).
An ``<aside>`` with a title and enough text of its own is a sidebar; other asides
are furniture. ``<figcaption>`` becomes a caption, ``<h1>`` the headline.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Any

from selectolax.lexbor import LexborHTMLParser

from pipeline.normalize.layout import Role, Unit, plain_units
from pipeline.normalize.text import clean_inline

_SKIP_TAGS = frozenset((
    "script", "style", "noscript", "template", "iframe", "object", "embed", "svg", "math",
    "canvas", "form", "button", "input", "select", "textarea", "option", "nav", "header",
    "footer", "menu", "dialog", "head", "link", "meta", "video", "audio", "img", "picture",
    "source", "map", "area"
))  # fmt: skip
_BLOCK_TAGS = frozenset((
    "p", "div", "section", "article", "main", "h1", "h2", "h3", "h4", "h5", "h6", "li",
    "ul", "ol", "blockquote", "pre", "figure", "figcaption", "table", "thead", "tbody",
    "tr", "td", "th", "dd", "dt", "dl", "address", "aside", "hr", "center", "details",
    "summary", "caption", "body", "html"
))  # fmt: skip
_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})
# Class, id and role words that mark page furniture rather than story text.
_FURNITURE = frozenset((
    "nav", "navbar", "navigation", "menu", "breadcrumb", "breadcrumbs", "share", "sharing",
    "sharebar", "social", "newsletter", "subscribe", "subscription", "signup", "related",
    "recommended", "recommendations", "promo", "promotion", "advert", "advertisement", "ad",
    "ads", "adslot", "sponsor", "sponsored", "cookie", "cookies", "consent", "gdpr",
    "banner", "comments", "comment", "paywall", "popup", "modal", "outbrain", "taboola",
    "footer", "header", "toolbar", "tags", "byline", "credit", "credits", "hidden", "skip",
    "widget", "trending"
))  # fmt: skip
_FURNITURE_ROLES = frozenset({"navigation", "banner", "contentinfo", "search", "dialog", "alert"})
_TOKEN_SPLIT = re.compile(r"[\s_-]+")
_SOURCE_BREAKS = re.compile(r"[\r\n\t\f\v\u2028\u2029\x85]+")
_TITLE_SPLIT = re.compile(r"\s+(?:\||-|–|—|::|·)\s+")
_SIDEBAR_MIN_CHARS = 200
# Inside the article these class words mark a boxed-out story (a web page's side
# column lies outside the article and is never walked).
_BOX_WORDS = frozenset({"sidebar", "factbox", "boxout", "inset", "infobox", "explainer"})
_CONTENT_PARAGRAPHS = 3


_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)>")
# Elements that are void or closed implicitly: they never deepen a real page.
_FLAT = frozenset((
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
    "track", "wbr", "p", "li", "dd", "dt", "option", "tr", "td", "th"
))  # fmt: skip
MAX_DEPTH = 512


def nesting_depth(body: str, *, limit: int = MAX_DEPTH) -> int:
    """How deep the elements nest, estimated from the tags alone (stops past ``limit``).

    The parser's time grows with the square of the depth, so a body nested thousands
    deep is turned away before parsing; real pages stay well under a hundred.
    """
    depth = deepest = 0
    for match in _TAG.finditer(body):
        closing, name, self_closing = match.groups()
        if self_closing or name.lower() in _FLAT:
            continue
        depth = max(depth - 1, 0) if closing else depth + 1
        if depth > deepest:
            deepest = depth
            if deepest > limit:
                break
    return deepest


@dataclass(frozen=True)
class HtmlPage:
    """What a page's markup says outright, and its text as units."""

    units: list[Unit]
    headline: str | None
    byline: str | None
    published_at: dt.datetime | None


def _attr(node: Any, name: str) -> str:
    value = node.attributes.get(name)
    return value if isinstance(value, str) else ""


def _is_furniture(node: Any) -> bool:
    attrs = node.attributes
    if "hidden" in attrs or _attr(node, "aria-hidden").lower() == "true":
        return True
    if "display:none" in _attr(node, "style").replace(" ", "").lower():
        return True
    if _attr(node, "role").lower() in _FURNITURE_ROLES:
        return True
    words = f"{_attr(node, 'class')} {_attr(node, 'id')}".lower()
    if not any(token in _FURNITURE for token in _TOKEN_SPLIT.split(words) if token):
        return False
    # A container that holds several real paragraphs is the story, whatever its class
    # says ("content has-ads"); banners and share bars hold none.
    long_paragraphs = sum(len(p.text()) > 120 for p in node.css("p"))
    return long_paragraphs < _CONTENT_PARAGRAPHS


def html_page(body: str) -> HtmlPage:
    """Parse a page and walk the story's part of it into units."""
    tree = LexborHTMLParser(body)
    root = _story_root(tree)
    asides: list[Any] = []
    units = _walk(root, asides, sidebar=False) if root is not None else []
    for aside in asides:
        units.extend(_walk(aside, [], sidebar=True))
    return HtmlPage(
        units=units,
        headline=_headline(tree, root),
        byline=_byline(tree, root),
        published_at=_published(tree, root),
    )


def _story_root(tree: LexborHTMLParser) -> Any:
    articles = tree.css("article")
    if len(articles) == 1:
        return articles[0]
    if articles:
        return max(articles, key=lambda node: len(node.text(separator=" ")))
    for selector in ("main", "[role=main]", "[itemprop=articleBody]"):
        node = tree.css_first(selector)
        if node is not None:
            return node
    return tree.body if tree.body is not None else tree.root


def _walk(root: Any, asides: list[Any], *, sidebar: bool) -> list[Unit]:
    units: list[Unit] = []
    buffer: list[str] = []
    roles: list[Role] = []
    pending_sidebar = sidebar

    def flush() -> None:
        if not buffer:
            return
        raw = "".join(buffer)
        buffer.clear()
        if raw.isspace():
            return
        role = roles[-1] if roles else "text"
        if "\n" not in raw:
            text = clean_inline(raw)
            if text:
                units.append(Unit(text=text, role=role, block=len(units)))
        else:  # <br> breaks: read the lines as plain text would be
            units.extend(plain_units(raw, role=role, first_block=len(units)))

    stack: list[tuple[Any, bool]] = [(root, False)]
    while stack:
        node, leaving = stack.pop()
        if leaving:
            flush()
            roles.pop()
            continue
        tag = node.tag or ""
        if tag == "-text":
            # Source line breaks are only whitespace in HTML; <br> is the real one.
            buffer.append(_SOURCE_BREAKS.sub(" ", node.text_content or ""))
            continue
        if tag.startswith("-") or tag in _SKIP_TAGS or (node is not root and _is_furniture(node)):
            continue
        if node is not root and (tag == "aside" or _is_box(node)):
            if _is_sidebar(node):
                asides.append(node)
            continue
        if tag == "br":
            buffer.append("\n")
            continue
        if tag in _BLOCK_TAGS:
            flush()
            role: Role = roles[-1] if roles else "text"
            if tag == "h1":
                role = "headline"
            elif tag in _HEADINGS:
                role = "sidebar" if pending_sidebar else "heading"
                pending_sidebar = False
            elif tag == "figcaption":
                role = "caption"
            roles.append(role)
            stack.append((node, True))
        else:
            buffer.append(" ")
        children = list(node.iter(include_text=True))
        stack.extend((child, False) for child in reversed(children))
    flush()
    return units


def _is_box(node: Any) -> bool:
    """A boxed-out story inside the article (``<div class="factbox">``), read like an aside."""
    names = f"{_attr(node, 'class')} {_attr(node, 'id')}".lower()
    return names != " " and any(word in _BOX_WORDS for word in _TOKEN_SPLIT.split(names))


def _is_sidebar(node: Any) -> bool:
    heading = node.css_first("h2, h3, h4, h5, h6")
    if heading is None:
        return False
    rest = len(node.text(separator=" ")) - len(heading.text(separator=" "))
    return rest >= _SIDEBAR_MIN_CHARS


def _headline(tree: LexborHTMLParser, root: Any) -> str | None:
    for scope in (root, tree):
        if scope is None:
            continue
        node = scope.css_first("h1")
        if node is not None:
            text = clean_inline(node.text(separator=" "))
            if text:
                return text[:500]
    meta = tree.css_first('meta[property="og:title"]')
    if meta is not None and clean_inline(_attr(meta, "content")):
        return clean_inline(_attr(meta, "content"))[:500]
    title = tree.css_first("title")
    if title is not None:
        text = clean_inline(title.text())
        if text:
            return _TITLE_SPLIT.split(text)[0][:500]
    return None


def _byline(tree: LexborHTMLParser, root: Any) -> str | None:
    scopes = [root, tree] if root is not None else [tree]
    for scope in scopes:
        node = scope.css_first('[rel="author"], [itemprop="author"], .byline, .author')
        if node is not None:
            text = re.sub(r"^by\s+", "", clean_inline(node.text(separator=" ")), flags=re.I)
            if text and len(text.split()) <= 8:
                return text[:500]
    meta = tree.css_first('meta[name="author"]')
    text = clean_inline(_attr(meta, "content")) if meta is not None else ""
    return text[:500] if text and len(text.split()) <= 8 else None


def _published(tree: LexborHTMLParser, root: Any) -> dt.datetime | None:
    candidates = []
    for selector in (
        'meta[property="article:published_time"]',
        'meta[itemprop="datePublished"]',
        'meta[name="pubdate"]',
    ):
        node = tree.css_first(selector)
        if node is not None:
            candidates.append(_attr(node, "content"))
    scope = root if root is not None else tree
    node = scope.css_first("time[datetime]")
    if node is not None:
        candidates.append(_attr(node, "datetime"))
    for value in candidates:
        try:
            when = dt.datetime.fromisoformat(value.strip())
        except ValueError:
            continue
        return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)
    return None
