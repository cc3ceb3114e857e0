"""Units to stories: headline, masthead, captions, body, sidebars, boilerplate out.

How a page is read, whatever its source:

* Each unit is first told apart on its own: an agency line ("AFP"), a byline, a time
  stamp, boilerplate, a related-links marker, a photo caption or credit, a *title*
  (short, at most 16 words, no final punctuation) or body text.
* The *masthead* is the first run of agency/byline/stamp lines (with a place line
  next to them) within the first six units, with at most four units before it and
  body text after it. Units before it are the headline (the first title) and photo
  captions (the rest): pages put the pictures on top.
* After it, body paragraphs fill the current story. A title followed by body text
  after the story has begun starts a *sidebar* when it reads like a headline (five
  words or more, or it follows a "Page 12" jump, or the markup says so); a shorter one
  is a cross-head and is dropped. A title with no body after it is dropped.
* The first paragraph of each story gives up its ``CITY (AGENCY) -`` dateline.

A body paragraph never looks like a title, so reading a story's own paragraphs again
finds the same paragraphs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from typing import Literal

from pipeline.normalize import wire
from pipeline.normalize.layout import Unit
from pipeline.normalize.lexicon import Lexicon
from pipeline.normalize.text import ends_sentence

Kind = Literal["body", "title", "caption", "agency", "byline", "stamp", "related", "drop", "jump"]

MAX_TITLE_WORDS = 16
MAX_TITLE_CHARS = 120
SIDEBAR_MIN_WORDS = 5
MASTHEAD_WITHIN = 6
MAX_CAPTION_WORDS = 60
MAX_CAPTIONS = 4
_MAX_DATELINES = 3

_CAPTION_PREFIX = re.compile(r"^(?:photo|picture|caption|image|pictured)\s*:\s*", re.IGNORECASE)
_AGENCY_TAG = re.compile(r"(?<=[.!?\"'])\s*\(([A-Za-z][A-Za-z .-]{1,30})\)$")
_PAGE_REF = re.compile(r"\bpage\s+\d", re.IGNORECASE)


@dataclass
class Story:
    """A story being assembled (mutable while the page is read, then frozen into Article)."""

    kind: Literal["story", "sidebar"] = "story"
    headline: str | None = None
    byline: str | None = None
    agency: str | None = None
    place: str | None = None
    date: dt.date | None = None
    paragraphs: list[str] = field(default_factory=list)
    captions: list[str] = field(default_factory=list)


@dataclass
class Page:
    stories: list[Story]
    published_at: dt.datetime | None = None
    titles_only: bool = False


@dataclass(frozen=True)
class _Item:
    kind: Kind
    text: str
    unit: Unit
    byline: tuple[str, str | None] | None = None
    stamp: dt.datetime | None = None


def is_title(text: str) -> bool:
    """Short and without final punctuation: a headline or cross-head, not a sentence."""
    return (
        not ends_sentence(text)
        and len(text) <= MAX_TITLE_CHARS
        and len(text.split()) <= MAX_TITLE_WORDS
        and any(c.isalpha() for c in text)
    )


def _strip_caption_prefix(text: str) -> str:
    match = _CAPTION_PREFIX.match(text)
    return text[match.end() :] if match else text


def _classify(unit: Unit, lexicon: Lexicon, reference: dt.datetime | None) -> _Item:
    text = unit.text
    if unit.role == "caption":
        caption, _ = lexicon.split_credit(text)
        caption = _strip_caption_prefix(caption)
        return _Item("caption" if caption else "drop", caption, unit)
    if unit.role in ("heading", "headline", "sidebar"):
        return _Item("title", text, unit)
    if lexicon.agency(text):
        return _Item("agency", text, unit)
    found = wire.byline(text, lexicon)
    if found:
        return _Item("byline", text, unit, byline=found)
    is_stamp, when = wire.timestamp(text, reference)
    if is_stamp:
        return _Item("stamp", text, unit, stamp=when)
    if lexicon.is_related(text):
        return _Item("related", text, unit)
    if lexicon.is_boilerplate(text):
        return _Item("jump" if _PAGE_REF.search(text) else "drop", text, unit)
    prefixed = _strip_caption_prefix(text)
    if prefixed != text:
        return _Item("caption" if ends_sentence(prefixed) else "drop", prefixed, unit)
    uncredited, credited = lexicon.split_credit(text)
    if credited:
        return _Item(
            "caption" if uncredited and not is_title(uncredited) else "drop", uncredited, unit
        )
    if is_title(text):
        return _Item("title", text, unit)
    return _Item("body", text, unit)


def _masthead(items: list[_Item], reference: dt.datetime | None) -> tuple[int, int] | None:
    """Where the masthead run starts and ends (exclusive), if there is one."""
    meta = ("agency", "byline", "stamp")
    for start in range(min(len(items), MASTHEAD_WITHIN)):
        if items[start].kind in meta:
            break
        if items[start].kind == "body" and len(items[start].text.split()) > MAX_CAPTION_WORDS:
            return None
    else:
        return None
    if start > MAX_CAPTIONS:
        return None
    end = start
    while end < len(items) and (
        items[end].kind in meta
        or (items[end].kind == "title" and _same_block_place(items, end, reference))
    ):
        end += 1
    while start > 0 and _same_block_place(items, start - 1, reference):
        start -= 1
    if not any(item.kind == "body" for item in items[end:]):
        return None  # an agency sign-off at the end of a short story, not a masthead
    return start, end


def _same_block_place(items: list[_Item], i: int, reference: dt.datetime | None) -> bool:
    """A place line sitting in the same block as an agency or byline line next to it."""
    if items[i].unit.role != "text" or wire.place_line(items[i].text, reference) is None:
        return False
    neighbours = [items[j] for j in (i - 1, i + 1) if 0 <= j < len(items)]
    return any(
        n.kind in ("agency", "byline", "stamp") and n.unit.block == items[i].unit.block
        for n in neighbours
    )


def read_page(
    units: list[Unit],
    lexicon: Lexicon,
    reference: dt.datetime | None,
    *,
    headline: str | None,
) -> Page:
    """Assemble the stories of a page; ``headline`` is the feed's, when it gave one."""
    items = [_classify(u, lexicon, reference) for u in units]
    page = Page(stories=[Story(headline=headline)])
    main = page.stories[0]
    span = _masthead(items, reference)
    body_from = 0
    if span is not None:
        start, end = span
        titles = [item.text for item in items[:start] if item.kind == "title"]
        if main.headline is None and titles:
            # Section labels and kickers ("World", "Exclusive") sit above headlines
            # and are shorter: the first title of four words or more wins.
            main.headline = next((t for t in titles if len(t.split()) >= 4), titles[0])
        for item in items[:start]:
            if item.kind in ("body", "caption") and not _same_text(item.text, headline):
                main.captions.append(item.text)
        for item in items[start:end]:
            _take_meta(main, page, item, reference)
        body_from = end
    _read_body(items[body_from:], page, lexicon, reference)
    return page


def _same_text(a: str, b: str | None) -> bool:
    return b is not None and a.casefold() == b.casefold()


def _take_meta(story: Story, page: Page, item: _Item, reference: dt.datetime | None) -> None:
    if item.kind == "agency" and story.agency is None:
        story.agency = item.text.strip()
    elif item.kind == "byline" and item.byline is not None:
        story.byline = story.byline or item.byline[0]
        story.agency = story.agency or item.byline[1]
    elif item.kind == "stamp" and page.published_at is None:
        page.published_at = item.stamp
    elif item.kind == "title" and story.place is None:
        found = wire.place_line(item.text, reference)
        if found:
            story.place, story.date = found


def _read_body(
    items: list[_Item], page: Page, lexicon: Lexicon, reference: dt.datetime | None
) -> None:
    story = page.stories[0]
    jumped = skipping = False
    for i, item in enumerate(items):
        if item.kind == "body":
            skipping = False
            text = item.text
            if not story.paragraphs and _same_text(text, story.headline):
                continue  # the feed's headline repeated at the top of the body
            if not story.paragraphs:
                text = _take_dateline(story, text, lexicon, reference)
            stripped = lexicon.strip_suffix(text)
            jumped = stripped != text
            stripped = _strip_agency_tag(story, stripped, lexicon)
            # What is left once a dateline or a jump is cut off is judged again, so
            # that a paragraph kept here is kept when the story is read again.
            if stripped != item.text and (
                _classify(Unit(text=stripped), lexicon, reference).kind != "body"
                or (not story.paragraphs and _same_text(stripped, story.headline))
            ):
                continue
            story.paragraphs.append(stripped)
        elif item.kind == "caption":
            story.captions.append(item.text)
        elif item.kind == "title":
            if skipping:
                continue
            if not story.paragraphs:
                story.headline = story.headline or item.text
                continue
            if not _body_follows(items, i):
                continue
            if item.unit.role == "sidebar" or (
                item.unit.role == "text" and (jumped or len(item.text.split()) >= SIDEBAR_MIN_WORDS)
            ):
                story = Story(kind="sidebar", headline=item.text)
                page.stories.append(story)
                jumped = False
        elif item.kind == "related":
            skipping = True
        elif item.kind == "jump":
            jumped = True
        elif item.kind in ("agency", "byline", "stamp") and not story.paragraphs:
            _take_meta(story, page, item, reference)
        elif item.kind == "stamp" and page.published_at is None:
            page.published_at = item.stamp


def _strip_agency_tag(story: Story, text: str, lexicon: Lexicon) -> str:
    """Cut an agency sign-off off the end of a paragraph: "... witnesses said. (AFP)"."""
    match = _AGENCY_TAG.search(text[-40:])
    if match is None or not lexicon.agency(match.group(1)):
        return text
    story.agency = story.agency or lexicon.agency(match.group(1))
    return text[: len(text) - len(match.group(0))]


def _body_follows(items: list[_Item], i: int) -> bool:
    """Whether body text comes after the title at ``i`` before another title."""
    for item in items[i + 1 :]:
        if item.kind == "body":
            return True
        if item.kind in ("title", "related"):
            return False
    return False


def _take_dateline(story: Story, text: str, lexicon: Lexicon, reference: dt.datetime | None) -> str:
    # A repeated dateline ("BEIRUT (AFP) - BEIRUT (AFP) - ...") is cut off whole.
    for _ in range(_MAX_DATELINES):
        found = wire.split_dateline(text, lexicon, reference)
        if found.rest is text:
            break
        story.place = story.place or found.place
        story.date = story.date or found.date
        story.agency = story.agency or found.agency
        text = found.rest
    return text
