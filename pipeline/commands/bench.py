"""``wirewatch bench [PART ...]``: run benchmarks, print one table, write JSON."""

from __future__ import annotations

import argparse
import importlib
import sys
import time
from pathlib import Path
from typing import Any

from pipeline.bench import PARTS
from pipeline.bench.report import BenchOptions, BenchResult, format_table, write_json
from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "bench", help="measure throughput, latency and memory against same-run baselines"
    )
    # No argparse `choices`: with nargs="*" it rejects the default when no part is named.
    parser.add_argument(
        "parts",
        nargs="*",
        metavar="PART",
        help=f"which benchmarks ({', '.join(PARTS)}, all); default all",
    )
    parser.add_argument(
        "--corpus",
        type=Path,
        default=None,
        help="folder of .txt/.html/.jsonl articles (default: generated corpus)",
    )
    parser.add_argument("--repeat", type=int, default=5, help="timed repetitions (median)")
    parser.add_argument("--quick", action="store_true", help="smaller inputs, for a smoke run")
    parser.add_argument(
        "--json",
        type=Path,
        default=None,
        help="where to write results (default bench-results/bench-<time>.json)",
    )
    parser.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    unknown = sorted(set(args.parts) - {*PARTS, "all"})
    if unknown:
        print(
            f"wirewatch bench: unknown part(s) {', '.join(unknown)}; "
            f"choose from {', '.join(PARTS)}, all",
            file=sys.stderr,
        )
        return 2
    wanted = args.parts or ["all"]
    parts = list(PARTS) if "all" in wanted else list(dict.fromkeys(wanted))
    options = BenchOptions(corpus=args.corpus, repeat=args.repeat, quick=args.quick)
    results: list[BenchResult] = []
    for part in parts:
        module = importlib.import_module(f"pipeline.bench.{part}")
        print(f"bench {part} ...", flush=True)
        results.append(module.run(settings, options))
    print(format_table(results))
    out = args.json or Path("bench-results") / f"bench-{time.strftime('%Y%m%dT%H%M%S')}.json"
    write_json(results, out)
    print(f"results written to {out}")
    return 0
