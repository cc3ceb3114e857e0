"""``wirewatch normalize FILE|-``: show the Article(s) the coder would read from a file.

Metadata comes from the options, else from a ``manifest.jsonl`` beside the file
that lists it (as in ``seeds/``), else defaults (source ``unknown``, received now).
A rejected input prints ``normalize rejected: <reason>: <message>`` on stderr and
exits 1.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from pathlib import Path
from typing import Any

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "normalize", help="normalise one wire item (text or HTML) and print its Article(s)"
    )
    parser.add_argument("file", help="the article file, or - for standard input")
    parser.add_argument("--html", action="store_true", help="read the body as HTML")
    parser.add_argument("--source", default=None, help="agency or feed name (default: unknown)")
    parser.add_argument(
        "--published", default=None, help="publication time, ISO 8601 (e.g. 2015-10-08T06:00Z)"
    )
    parser.add_argument("--id", dest="article_id", default=None, help="article id")
    parser.add_argument("--headline", default=None, help="headline given by the feed")
    parser.add_argument("--dateline", default=None, help="dateline place given by the feed")
    parser.add_argument("--pretty", action="store_true", help="indented JSON instead of lines")
    parser.set_defaults(func=run)


def _manifest_entry(path: Path) -> dict[str, Any]:
    manifest = path.parent / "manifest.jsonl"
    if not manifest.is_file():
        return {}
    for line in manifest.read_text(encoding="utf-8").splitlines():
        try:
            entry = json.loads(line)
        except json.JSONDecodeError:
            continue
        if isinstance(entry, dict) and entry.get("file") == path.name:
            return entry
    return {}


def _parse_time(value: str) -> dt.datetime:
    when = dt.datetime.fromisoformat(value)
    return when if when.tzinfo is not None else when.replace(tzinfo=dt.UTC)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pydantic import ValidationError

    from pipeline.ids import deterministic_id
    from pipeline.models import RawArticle
    from pipeline.normalize import normalize

    limit = settings.limits.max_article_bytes
    if args.file == "-":
        data, entry = sys.stdin.buffer.read(limit + 1), {}
    else:
        path = Path(args.file)
        try:
            with path.open("rb") as handle:
                data = handle.read(limit + 1)
        except OSError as exc:
            print(f"wirewatch normalize: cannot read {path}: {exc}", file=sys.stderr)
            return 2
        entry = _manifest_entry(path)
    if len(data) > limit:
        print(f"normalize rejected: too_large: input is over {limit} bytes", file=sys.stderr)
        return 1
    body = data.decode("utf-8", errors="replace")
    try:
        published_text = args.published or entry.get("published_at")
        published = _parse_time(published_text) if published_text else None
        html = args.html or entry.get("content_type") == "text/html"
        if args.file != "-" and Path(args.file).suffix.lower() in (".html", ".htm"):
            html = True
        raw = RawArticle(
            id=args.article_id or entry.get("id") or deterministic_id("cli", body, length=16),
            source=args.source or entry.get("source") or "unknown",
            received_at=published or dt.datetime.now(dt.UTC),
            published_at=published,
            headline=args.headline or entry.get("headline"),
            dateline=args.dateline or entry.get("dateline"),
            language=entry.get("language"),
            content_type="text/html" if html else "text/plain",
            body=body,
        )
    except (ValueError, ValidationError) as exc:
        print(f"wirewatch normalize: invalid metadata: {exc}", file=sys.stderr)
        return 2
    result = normalize(raw, max_bytes=limit)
    if not isinstance(result, list):
        print(f"normalize rejected: {result.reason}: {result.message}", file=sys.stderr)
        return 1
    try:
        for article in result:
            payload = article.model_dump(mode="json")
            print(json.dumps(payload, indent=2 if args.pretty else None, ensure_ascii=False))
        sys.stdout.flush()
    except BrokenPipeError:  # the reader (e.g. ``| head``) stopped early: not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    return 0
