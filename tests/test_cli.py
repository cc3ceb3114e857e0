"""The `wirewatch` command registers every subcommand the README documents."""

from __future__ import annotations

import subprocess
import sys

import pytest

from pipeline.cli import build_parser

COMMANDS = [
    "broker", "topics", "replay", "normalize", "extract", "eval", "worker", "up",
    "events", "alerts", "articles", "db", "rules", "bench", "schemas",
]  # fmt: skip


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_is_registered(command: str) -> None:
    parser = build_parser()
    with pytest.raises(SystemExit) as exit_info:
        parser.parse_args([command, "--help"])
    assert exit_info.value.code == 0


def test_help_is_fast_to_import() -> None:
    # Heavy libraries load inside the commands, not when the parser is built.
    code = (
        "import sys; from pipeline.cli import build_parser; build_parser(); "
        "print(sorted(m for m in ('spacy', 'faust', 'psycopg') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


def test_bench_refuses_an_unknown_part_and_defaults_to_all(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from pipeline.cli import main

    assert main(["bench", "nope"]) == 2
    assert "unknown part(s) nope" in capsys.readouterr().err
    assert build_parser().parse_args(["bench"]).parts == []
