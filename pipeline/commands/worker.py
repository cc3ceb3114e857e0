"""``wirewatch worker extract|store|alert|all``: run stream workers."""

from __future__ import annotations

import argparse
from typing import Any

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "worker",
        help="run a stream worker (extract, store, alert) or all of them",
        description=(
            "Run one stream worker in the foreground. Several extract workers share the "
            "raw topic's partitions (one consumer group); store and alert have their own "
            "groups. 'all' runs one process per role."
        ),
    )
    parser.add_argument("role", choices=["extract", "store", "alert", "all"])
    parser.add_argument(
        "--metrics-port",
        type=int,
        default=None,
        help="port for /metrics (default: WIREWATCH_METRICS__PORT + role index; 0 = any)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.stream.worker import run_all, run_worker

    if args.role == "all":
        return run_all(settings)
    return run_worker(settings, args.role, args.metrics_port)
