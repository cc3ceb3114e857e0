"""``wirewatch extract [FILE ... | -]``: code articles into events, no broker needed.

Input, detected per file: plain text, one RawArticle JSON object, or JSON lines of
``{"id", "text", "published_at"}`` (RawArticle objects are accepted as lines too).
Output: one Event JSON per line on stdout (the stable interface of DESIGN.md), or a
table with ``--format table``. Rejected inputs go to stderr with their reason. The
same input gives the same output and the same event ids.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from pipeline.errors import Rejected
from pipeline.ids import deterministic_id
from pipeline.models import Article, Event, RawArticle
from pipeline.settings import Settings

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._:#@/+-]*$")
# Received time for inputs that carry none: fixed, so output never depends on the clock.
_EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "extract", help="code articles from files or stdin into events (JSON lines)"
    )
    parser.add_argument(
        "files",
        nargs="*",
        default=["-"],
        metavar="FILE",
        help="text, RawArticle JSON or JSON lines files; '-' is stdin (default)",
    )
    parser.add_argument(
        "--format",
        choices=["json", "table"],
        default="json",
        help="one Event JSON per line (default) or a readable table",
    )
    parser.add_argument(
        "--published",
        default=None,
        help="publication time for plain-text input (ISO date or datetime)",
    )
    parser.add_argument(
        "--source",
        default="unknown",
        help="agency/feed name for plain-text input (default: unknown)",
    )
    parser.add_argument("--batch", type=int, default=16, help="articles per nlp.pipe batch")
    parser.set_defaults(func=run)


def parse_published(value: str | None) -> datetime | None:
    """An ISO date or datetime; a date or a naive time is taken as UTC."""
    if value is None:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _article_id(hint: str, text: str) -> str:
    stem = hint[:200]
    if stem and _ID.match(stem):
        return stem
    return "text-" + deterministic_id("article", text, length=16)


def _raw_from_record(record: dict[str, Any], source: str) -> RawArticle:
    if "body" in record:
        return RawArticle.model_validate(record)
    published = record.get("published_at")
    text = record.get("text")
    if not isinstance(text, str):
        raise ValueError("record has no 'text' string")
    rid = str(record.get("id") or _article_id("", text))
    pub = parse_published(str(published)) if published else None
    return RawArticle(
        id=rid,
        source=str(record.get("source") or source),
        received_at=pub or _EPOCH,
        published_at=pub,
        headline=record.get("headline"),
        body=text,
    )


def read_inputs(
    name: str, text: str, *, published: datetime | None, source: str
) -> Iterator[RawArticle | Rejected]:
    """The raw articles in one input, or a Rejected per unreadable record."""
    stripped = text.strip()
    if stripped.startswith("{"):
        try:
            yield _raw_from_record(json.loads(stripped), source)
            return
        except json.JSONDecodeError:
            pass  # not one object: maybe JSON lines
        except ValueError as exc:
            yield Rejected.from_exception("validate", "invalid_record", exc)
            return
        lines = [ln for ln in stripped.splitlines() if ln.strip()]
        if all(ln.lstrip().startswith("{") for ln in lines):
            for number, line in enumerate(lines, start=1):
                try:
                    yield _raw_from_record(json.loads(line), source)
                except (ValueError, TypeError) as exc:
                    yield Rejected("validate", "invalid_record", f"{name}:{number}: {exc}"[:1000])
            return
    stem = Path(name).stem if name != "-" else ""
    try:
        yield RawArticle(
            id=_article_id(stem, text),
            source=source,
            received_at=published or _EPOCH,
            published_at=published,
            body=text,
        )
    except ValueError as exc:
        yield Rejected.from_exception("validate", "invalid_record", exc)


def _normalize(raw: RawArticle, settings: Settings) -> list[Article] | Rejected:
    try:
        from pipeline.normalize import normalize
    except ImportError:
        paragraphs = tuple(p.strip() for p in re.split(r"\n\s*\n|\n", raw.body) if p.strip())
        if not paragraphs:
            return Rejected("normalize", "empty", "no text")
        return [
            Article(
                article_id=raw.id,
                source=raw.source,
                published_at=raw.published_at,
                received_at=raw.received_at,
                headline=raw.headline,
                paragraphs=paragraphs,
            )
        ]
    result: list[Article] | Rejected = normalize(raw, max_bytes=settings.limits.max_article_bytes)
    return result


def format_row(event: Event) -> str:
    def actor(a: Any) -> str:
        return "-" if a is None else f"{a.code or '?'}({a.text[:24]})"

    flags = "".join(
        flag
        for flag, on in (("N", event.negated), ("H", event.hypothetical), ("F", event.future))
        if on
    )
    cameo = event.cameo.code if event.cameo else "-"
    plover = event.plover.event_type if event.plover else "-"
    place = event.location.name if event.location else "-"
    return (
        f"{event.sentence_index:>3} {cameo:<5} {plover:<9} {actor(event.source):<34} "
        f"{actor(event.target):<34} {event.trigger[:16]:<16} {flags:<3} "
        f"{event.event_date or '-'!s:<10} {place[:20]}"
    )


def _raw_articles(
    name: str, *, published: datetime | None, source: str, settings: Settings
) -> Iterator[RawArticle | Rejected]:
    """The raw articles one input names.

    A folder, or a file its folder's ``manifest.jsonl`` lists, is read the way
    ``wirewatch replay`` reads it (same ids, source and publication time), so a file
    coded here and the same file replayed through the stream give the same event ids.
    Anything else is read as text, a RawArticle JSON or JSON lines.
    """
    from pipeline.replay_sources import Skipped, manifest_entry_for, read_sources

    path = Path(name)
    if name != "-" and (path.is_dir() or manifest_entry_for(path) is not None):
        for item in read_sources([path], max_bytes=settings.limits.max_article_bytes):
            if isinstance(item, Skipped):
                yield Rejected("validate", item.reason, str(item)[:1000])
            else:
                yield item
        return
    text = sys.stdin.read() if name == "-" else path.read_text(encoding="utf-8", errors="replace")
    yield from read_inputs(name, text, published=published, source=source)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.coding.coder import Coder
    from pipeline.coding.nlp import ModelNotInstalled

    try:
        published = parse_published(args.published)
    except ValueError:
        print(
            f"wirewatch extract: --published {args.published!r} is not an ISO date", file=sys.stderr
        )
        return 2
    try:
        coder = Coder.from_settings(settings.nlp)
    except ModelNotInstalled as exc:
        print(f"wirewatch extract: {exc}", file=sys.stderr)
        return 2
    articles: list[Article] = []
    failures = 0
    for name in args.files:
        for raw in _raw_articles(name, published=published, source=args.source, settings=settings):
            normalized = raw if isinstance(raw, Rejected) else _normalize(raw, settings)
            if isinstance(normalized, Rejected):
                failures += 1
                print(
                    f"rejected {name}: {normalized.stage}/{normalized.reason}: "
                    f"{normalized.message}",
                    file=sys.stderr,
                )
                continue
            articles.extend(normalized)
    if args.format == "table":
        print(
            f"{'sen':>3} {'cameo':<5} {'plover':<9} {'source':<34} {'target':<34} "
            f"{'trigger':<16} {'flg':<3} {'date':<10} place"
        )
    for start in range(0, len(articles), max(1, args.batch)):
        batch = articles[start : start + args.batch]
        for article, result in zip(batch, coder.code_articles(batch), strict=True):
            if isinstance(result, Rejected):
                failures += 1
                print(
                    f"rejected {article.article_id}: {result.stage}/{result.reason}: "
                    f"{result.message}",
                    file=sys.stderr,
                )
                continue
            for event in result:
                print(event.model_dump_json() if args.format == "json" else format_row(event))
    return 1 if failures and not articles else 0
