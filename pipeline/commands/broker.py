"""``wirewatch broker start|stop|status``: the local Apache Kafka (KRaft, no Docker)."""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "broker", help="start, stop or inspect the local Kafka broker (no Docker needed)"
    )
    parser.add_argument("action", choices=["start", "stop", "status"])
    parser.add_argument(
        "--timeout",
        type=float,
        default=None,
        help="seconds to wait for the broker to answer (default: broker.start_timeout_s)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka.broker import LocalBroker
    from pipeline.kafka.exceptions import BrokerError

    broker = LocalBroker.from_settings(settings)
    try:
        if args.action == "start":
            return _start(broker, args.timeout or settings.broker.start_timeout_s)
        if args.action == "stop":
            if broker.stop():
                print(f"stopped the Kafka broker at {broker.bootstrap_servers}")
            else:
                print(f"no Kafka broker of ours is running (state in {broker.state_dir})")
            return 0
        status = broker.status()
        if status.running:
            answering = _answers(status.bootstrap_servers)
            print(
                f"running  pid {status.pid}  {status.bootstrap_servers}  "
                f"{'answering' if answering else 'not answering yet'}  state {status.state_dir}"
            )
            return 0
        print(f"not running  {status.bootstrap_servers}  state {status.state_dir}")
        return 3
    except (BrokerError, RuntimeError) as exc:
        print(f"wirewatch broker {args.action}: {exc}", file=sys.stderr)
        return 1


def _start(broker: Any, timeout: float) -> int:
    status = broker.status()
    if status.running:
        print(f"already running  pid {status.pid}  {status.bootstrap_servers}")
        return 0
    begun = time.monotonic()
    print(f"starting Kafka {broker.version} at {broker.bootstrap_servers} ...", flush=True)
    broker.start(timeout=timeout)
    status = broker.status()
    print(
        f"ready in {time.monotonic() - begun:.1f} s  pid {status.pid}  "
        f"{status.bootstrap_servers}  logs {broker.log_dir}"
    )
    return 0


def _answers(bootstrap_servers: str) -> bool:
    from pipeline.kafka.config import probe_metadata
    from pipeline.kafka.exceptions import BrokerUnavailable

    try:
        probe_metadata(bootstrap_servers, 3.0)
    except BrokerUnavailable:
        return False
    return True
