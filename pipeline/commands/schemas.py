"""``wirewatch schemas``: write the JSON Schema of every topic payload."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from pipeline.schemas import write_schemas
from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("schemas", help="write JSON Schemas of the topic payloads")
    parser.add_argument("--out", type=Path, default=Path("schemas"), help="target folder")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    for path in write_schemas(args.out):
        print(path)
    return 0
