"""The ``wirewatch`` command: parses arguments, builds Settings once, hands off.

Each subcommand lives in ``pipeline/commands/<name>.py`` with a ``register(subparsers)``
function that adds its parser and sets ``func(args, settings) -> int``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import os
import sys
from collections.abc import Sequence

from pydantic import ValidationError

from pipeline import __version__
from pipeline.kafka.config import quiet_client_logs
from pipeline.settings import Settings

_COMMAND_MODULES = (
    "broker",
    "topics",
    "replay",
    "normalize",
    "extract",
    "eval",
    "worker",
    "up",
    "store",
    "rules",
    "bench",
    "schemas",
)


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="wirewatch",
        description="Wire-service news to coded conflict events, streamed through Kafka.",
    )
    parser.add_argument("--version", action="version", version=f"wirewatch {__version__}")
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in _COMMAND_MODULES:
        module = importlib.import_module(f"pipeline.commands.{name}")
        module.register(subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        settings = Settings()
    except ValidationError as exc:
        print(f"wirewatch: invalid configuration in WIREWATCH_* variables:\n{exc}", file=sys.stderr)
        return 2
    logging.basicConfig(
        level=settings.log_level,
        format="%(asctime)s %(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    # kafka-python logs every refused connection; our commands report broker trouble
    # themselves, with the cause, so its chatter is shown only at DEBUG.
    quiet_client_logs(settings.log_level)
    try:
        return int(args.func(args, settings))
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # Output piped into `head` and the like: stop quietly, as Unix tools do.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 141
