"""``wirewatch eval --format petrarch|plover|acled|case|eventloc|eventverb FILE``: score the
coder."""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

from pipeline.settings import Settings

FORMATS = ("petrarch", "plover", "acled", "case", "eventloc", "eventverb")


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser(
        "eval", help="run the coder on a labelled set; print precision, recall, F1, confusions"
    )
    parser.add_argument("file", type=Path, help="the labelled set")
    parser.add_argument("--format", choices=FORMATS, required=True, help="the set's format")
    parser.add_argument("--limit", type=int, default=None, help="score only the first N records")
    parser.add_argument("--seed", type=int, default=0, help="sampling seed (eventloc, eventverb)")
    parser.add_argument("--json", action="store_true", help="print the full result as JSON")
    parser.set_defaults(func=run)


def _print(result: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(result, indent=2, default=str))
        return
    for key, value in result.items():
        if isinstance(value, dict) and all(isinstance(v, dict) for v in value.values()):
            print(f"{key}:")
            for label, sub in value.items():
                print(f"  {label:<40} " + "  ".join(f"{k}={v}" for k, v in sub.items()))
        elif isinstance(value, dict):
            print(f"{key}: " + "  ".join(f"{k}={v}" for k, v in value.items()))
        elif isinstance(value, list):
            print(f"{key}:")
            for item in value:
                print(f"  {item}")
        else:
            print(f"{key}: {value}")


def run(args: argparse.Namespace, settings: Settings) -> int:
    if not args.file.exists():
        print(f"wirewatch eval: {args.file} does not exist", file=sys.stderr)
        return 2
    if args.format == "eventloc":
        from pipeline.evaluation.event_location import run_event_location_eval

        result = run_event_location_eval(
            args.file, limit=args.limit, seed=args.seed, model=settings.nlp.model
        )
        _print(result, args.json)
        return 0
    from pipeline.coding.coder import Coder
    from pipeline.coding.nlp import ModelNotInstalled

    try:
        coder = Coder.from_settings(settings.nlp)
    except ModelNotInstalled as exc:
        print(f"wirewatch eval: {exc}", file=sys.stderr)
        return 2
    if args.format == "eventverb":
        from pipeline.evaluation.event_verbs import run_event_verb_eval

        result = run_event_verb_eval(coder, args.file, limit=args.limit, seed=args.seed)
        _print(result, args.json)
        return 0
    if args.format == "petrarch":
        from pipeline.evaluation.petrarch import run_petrarch_eval as runner
    elif args.format == "plover":
        from pipeline.evaluation.plover import run_plover_eval as runner
    elif args.format == "acled":
        from pipeline.evaluation.acled import run_acled_eval as runner
    else:
        from pipeline.evaluation.case import run_case_eval as runner
    _print(runner(coder, args.file, limit=args.limit), args.json)
    return 0
