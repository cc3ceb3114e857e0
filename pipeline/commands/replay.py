"""``wirewatch replay [PATH ...]``: send article files to ``wire.articles.raw``."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from pipeline.settings import Settings


def _positive_float(text: str) -> float:
    value = float(text)
    if value <= 0:
        raise argparse.ArgumentTypeError(f"must be positive, got {text}")
    return value


def _positive_int(text: str) -> int:
    value = int(text)
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, got {text}")
    return value


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "replay",
        help="send .txt/.html/.jsonl articles (default: seeds/) to the raw-articles topic",
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("seeds")],
        metavar="PATH",
        help="files or folders (a folder's manifest.jsonl gives metadata)",
    )
    parser.add_argument(
        "--rate",
        type=_positive_float,
        default=None,
        metavar="N",
        help="at most N articles per second (default: as fast as possible)",
    )
    parser.add_argument(
        "--loop",
        type=_positive_int,
        default=1,
        metavar="N",
        help="replay N times; passes after the first get ids suffixed #loopN",
    )
    parser.add_argument(
        "--dry-run", action="store_true", help="print what would be sent; no broker needed"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka.exceptions import BrokerError
    from pipeline.replay import ReplayOptions, replay

    options = ReplayOptions(
        paths=tuple(args.paths),
        rate=args.rate,
        loops=args.loop,
        dry_run=args.dry_run,
        progress=sys.stderr.isatty(),
    )
    try:
        summary = replay(settings, options)
    except BrokerError as exc:
        print(f"wirewatch replay: {exc}", file=sys.stderr)
        return 1
    print(summary.render())
    # Nothing sent but something skipped is a failed replay for a script's purposes.
    nothing_sent = summary.sent == 0 and bool(summary.skipped)
    return 1 if summary.failed or nothing_sent else 0
