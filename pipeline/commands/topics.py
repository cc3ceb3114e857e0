"""``wirewatch topics create|list|describe``: the topics of DESIGN.md."""

from __future__ import annotations

import argparse
import sys
from typing import Any

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("topics", help="create, list or describe wirewatch's topics")
    parser.add_argument(
        "action", choices=["create", "list", "describe"], nargs="?", default="create"
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka import admin
    from pipeline.kafka.exceptions import BrokerError

    try:
        if args.action == "create":
            wanted = {s.name: s for s in admin.topic_specs(settings)}
            for name, state in admin.ensure_topics(settings).items():
                spec = wanted[name]
                print(
                    f"{name:<32} {state:<8} partitions={spec.partitions} "
                    f"replication={spec.replication_factor}"
                )
        elif args.action == "list":
            for name in admin.list_topics(settings):
                print(name)
        else:
            infos = admin.describe_topics(settings)
            present = {i.name for i in infos}
            for info in infos:
                print(
                    f"{info.name:<32} partitions={info.partitions} "
                    f"replication={info.replication_factor} leaders={list(info.leaders)}"
                )
            for spec in admin.topic_specs(settings):
                if spec.name not in present:
                    print(f"{spec.name:<32} missing (run `wirewatch topics create`)")
        return 0
    except BrokerError as exc:
        print(f"wirewatch topics {args.action}: {exc}", file=sys.stderr)
        return 1
