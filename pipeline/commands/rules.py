"""``wirewatch rules``: check a rules file, show the rules, run events through them offline.

wirewatch rules check [FILE]          validate (default: WIREWATCH_ALERTS__RULES_FILE
                                      or the shipped defaults); errors name the line
wirewatch rules show [FILE]           one line per rule
wirewatch rules test EVENTS.jsonl     the alerts those events fire ('-' reads stdin),
                                      e.g. wirewatch extract seeds/x.txt | wirewatch rules test -
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any, TextIO

from pydantic import ValidationError

from pipeline.settings import Settings


def register(subparsers: Any) -> None:
    parser = subparsers.add_parser("rules", help="check, show or try out the threshold alert rules")
    actions = parser.add_subparsers(dest="rules_action", metavar="ACTION", required=True)

    check = actions.add_parser("check", help="validate a rules file; errors name the line")
    check.add_argument(
        "file",
        nargs="?",
        type=Path,
        default=None,
        help="rules file (default: configured file, else the shipped defaults)",
    )
    check.set_defaults(func=run)

    show = actions.add_parser("show", help="list the rules")
    show.add_argument("file", nargs="?", type=Path, default=None)
    show.set_defaults(func=run)

    test = actions.add_parser("test", help="run events (JSON lines) through the rules offline")
    test.add_argument("events", help="a file of Event JSON lines, or '-' for stdin")
    test.add_argument("--rules", type=Path, default=None, help="rules file (default as for check)")
    test.add_argument(
        "--lateness-days",
        type=int,
        default=None,
        help="allowed lateness of out-of-order events, in days "
        "(default: WIREWATCH_ALERTS__ALLOWED_LATENESS_DAYS, 30)",
    )
    test.add_argument("--json", action="store_true", help="print alerts as JSON lines")
    test.add_argument(
        "--resolve",
        action="store_true",
        help="also print the resolutions due by the wall clock at the end",
    )
    test.set_defaults(func=run)


def run(args: argparse.Namespace, settings: Settings) -> int:
    from pipeline.alerting import RulesError, load_rules

    path = args.rules if args.rules_action == "test" else args.file
    path = path if path is not None else settings.alerts.rules_file
    source = str(path) if path is not None else "the shipped defaults"
    try:
        rules = load_rules(path)
    except RulesError as exc:
        for line in exc.format_lines():
            print(line, file=sys.stderr)
        return 1
    if args.rules_action == "check":
        print(f"{source}: {len(rules)} enabled rule(s) OK")
        return 0
    if args.rules_action == "show":
        for rule in rules:
            print(
                f"{rule.name:<32} {rule.severity:<8} {rule.measure} >= {rule.threshold} "
                f"per {'+'.join(rule.group_by)} in {rule.window} "
                f"(cooldown {rule.cooldown or rule.window})"
            )
        return 0
    if args.events == "-":
        return _test(rules, sys.stdin, "<stdin>", args, settings.alerts.allowed_lateness_days)
    try:
        with open(args.events, encoding="utf-8") as stream:
            return _test(rules, stream, args.events, args, settings.alerts.allowed_lateness_days)
    except OSError as exc:
        print(f"wirewatch rules test: cannot read {args.events}: {exc}", file=sys.stderr)
        return 2


def _test(
    rules: list[Any], stream: TextIO, name: str, args: argparse.Namespace, lateness_days: int
) -> int:
    from pipeline.alerting import AlertEngine

    days = args.lateness_days if args.lateness_days is not None else lateness_days
    engine = AlertEngine(rules, allowed_lateness=timedelta(days=days))
    now = datetime.now(UTC)
    bad = 0
    fired = 0
    for number, event in _events(stream):
        if isinstance(event, str):
            bad += 1
            print(f"{name}:{number}: not an Event: {event}", file=sys.stderr)
            continue
        for alert in engine.observe(event, now):
            fired += alert.status == "firing"
            _print(alert, args.json)
    if args.resolve:
        for alert in engine.advance(now):
            _print(alert, args.json)
    stats = engine.stats
    print(
        f"{stats.observed} event(s), {fired} alert(s) fired; not counted: {stats.duplicates} "
        f"duplicate, {stats.undated} undated, {stats.too_late} too late, {bad} invalid",
        file=sys.stderr,
    )
    return 1 if bad else 0


def _events(stream: TextIO) -> Iterator[tuple[int, Any]]:
    """(line number, Event) per non-blank line, or (line number, error text)."""
    from pipeline.models import Event

    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        try:
            yield number, Event.model_validate_json(line)
        except ValidationError as exc:
            first = exc.errors()[0]
            where = ".".join(str(p) for p in first["loc"]) or "(line)"
            yield number, f"{where}: {first['msg']}"


def _print(alert: Any, as_json: bool) -> None:
    if as_json:
        print(json.dumps(alert.model_dump(mode="json"), ensure_ascii=False))
        return
    print(
        f"{alert.status.upper():<8} {alert.severity:<8} {alert.rule} [{alert.group_key}] "
        f"{alert.window_start.date()}..{alert.window_end.date()} {alert.alert_id}  {alert.summary}"
    )
