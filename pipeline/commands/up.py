"""``wirewatch up``: the main job, from nothing to coded events, alerts and metrics.

Starts the local broker (unless WIREWATCH_KAFKA__BOOTSTRAP_SERVERS names one), creates
the topics, starts one worker per role, replays the seeds, waits until the pipeline has
drained, prints the events and alerts that came out and where the metrics are, then
keeps running until Ctrl-C (or exits at once with ``--once``), stopping what it started.
"""

from __future__ import annotations

import argparse
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "up", help="start broker and workers, replay the seeds, show events, alerts, metrics"
    )
    parser.add_argument(
        "paths",
        nargs="*",
        type=Path,
        default=[Path("seeds")],
        help="what to replay (default: seeds/)",
    )
    parser.add_argument(
        "--once", action="store_true", help="stop everything after showing the results"
    )
    parser.add_argument(
        "--timeout", type=float, default=600.0, help="seconds to wait for the pipeline to drain"
    )
    parser.set_defaults(func=run)


def _step(text: str) -> None:
    print(f"==> {text}", flush=True)


def _cli(*args: str) -> list[str]:
    return [sys.executable, "-m", "pipeline", *args]


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.kafka.admin import ensure_topics
    from pipeline.kafka.broker import LocalBroker
    from pipeline.kafka.exceptions import BrokerError
    from pipeline.stream.app import ROLES
    from pipeline.stream.progress import wait_until_drained
    from pipeline.stream.worker import metrics_port_for, start_role_processes, stop_processes

    broker: LocalBroker | None = None
    workers: list[subprocess.Popen[bytes]] = []
    interrupted = False

    def on_sigterm(_signum: int, _frame: object) -> None:
        raise KeyboardInterrupt

    signal.signal(signal.SIGTERM, on_sigterm)
    try:
        if "WIREWATCH_KAFKA__BOOTSTRAP_SERVERS" in os.environ:
            _step(f"using the Kafka at {settings.kafka.bootstrap_servers}")
        else:
            broker = LocalBroker.from_settings(settings)
            if broker.is_running():
                _step(f"local Kafka already running at {broker.bootstrap_servers}; reusing it")
                broker = None  # not ours to stop
            else:
                _step(
                    f"starting local Kafka {settings.broker.kafka_version} "
                    f"at {settings.broker.host}:{settings.broker.port}"
                )
                broker.start(timeout=settings.broker.start_timeout_s)
        _step("creating topics")
        for topic, state in ensure_topics(settings).items():
            print(f"    {topic}: {state}")
        settings.state_dir.mkdir(parents=True, exist_ok=True)
        log_dir = settings.state_dir / "logs"
        _step(f"starting workers: {', '.join(ROLES)} (logs in {log_dir}/)")
        workers = start_role_processes(settings, log_dir=log_dir)
        _step("replaying " + " ".join(str(p) for p in args.paths))
        replay = subprocess.run(_cli("replay", *map(str, args.paths)), check=False)
        if replay.returncode != 0:
            print("wirewatch: replay failed; see above", file=sys.stderr)
            return 1
        _step("waiting for the pipeline to drain")
        started = time.monotonic()
        wait_until_drained(
            settings, timeout_s=args.timeout, alive=lambda: all(p.poll() is None for p in workers)
        )
        _step(f"drained in {time.monotonic() - started:.1f}s")
        _step("events")
        subprocess.run(_cli("events", "--format", "table"), check=False)
        _step("alerts")
        subprocess.run(_cli("alerts", "--format", "table"), check=False)
        _step("metrics")
        for role in ROLES:
            print(
                f"    {role:<8} http://{settings.metrics.host}:"
                f"{metrics_port_for(settings, role)}/metrics"
            )
        print(f"    storage  {_describe_db(settings)}")
        if args.once:
            return 0
        _step("running; Ctrl-C stops the workers" + (" and the broker" if broker else ""))
        while all(p.poll() is None for p in workers):
            time.sleep(1)
        print("wirewatch: a worker exited; stopping", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        interrupted = True
        return 0
    except (BrokerError, TimeoutError, RuntimeError) as exc:
        print(f"wirewatch: {exc}", file=sys.stderr)
        return 1
    finally:
        if workers:
            _step("stopping workers" + (" (interrupted)" if interrupted else ""))
            stop_processes(workers)
        if broker is not None:
            _step("stopping the local Kafka")
            broker.stop()


def _describe_db(settings: Settings) -> str:
    if settings.database_url is None:
        return f"SQLite {settings.sqlite_path()}"
    return "PostgreSQL (WIREWATCH_DATABASE_URL)"
