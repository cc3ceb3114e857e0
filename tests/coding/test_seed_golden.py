"""The seed article through ``wirewatch extract``, against a hand-reviewed golden list.

Regenerate after a deliberate change with ``WIREWATCH_UPDATE_GOLDEN=1 pytest
tests/coding/test_seed_golden.py`` and review the diff of
``tests/golden/coding/seed_events.jsonl``. The hand-checked expectations below hold
whatever the golden file says.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from pipeline.cli import main

ROOT = Path(__file__).resolve().parents[2]
SEED = ROOT / "seeds" / "000_0f3fda6538e218d8.txt"
GOLDEN = ROOT / "tests" / "golden" / "coding" / "seed_events.jsonl"
KEYS = (
    "sentence_index",
    "trigger",
    "cameo",
    "source",
    "target",
    "tags",
    "negated",
    "hypothetical",
    "future",
    "reported_by",
    "event_date",
)


def _summary(event: dict[str, Any]) -> dict[str, Any]:
    out = {k: event[k] for k in KEYS}
    out["cameo"] = event["cameo"]["code"] if event["cameo"] else None
    out["source"] = event["source"]["code"] if event["source"] else None
    out["target"] = event["target"]["code"] if event["target"] else None
    return out


def _extract(capsys: pytest.CaptureFixture[str]) -> list[dict[str, Any]]:
    code = main(["extract", str(SEED), "--published", "2015-10-08", "--source", "AFP"])
    assert code == 0
    lines = capsys.readouterr().out.splitlines()
    return [json.loads(line) for line in lines if line.strip()]


def test_seed_matches_the_golden_file(capsys: pytest.CaptureFixture[str]) -> None:
    got = [_summary(e) for e in _extract(capsys)]
    if os.environ.get("WIREWATCH_UPDATE_GOLDEN"):
        GOLDEN.write_text("".join(json.dumps(g, sort_keys=True) + "\n" for g in got))
    expected = [json.loads(line) for line in GOLDEN.read_text().splitlines() if line.strip()]
    assert got == expected


def test_seed_has_the_hand_checked_events(capsys: pytest.CaptureFixture[str]) -> None:
    events = [_summary(e) for e in _extract(capsys)]

    def has(code_prefix: str, source: str | None, target: str | None, **flags: Any) -> bool:
        return any(
            (e["cameo"] or "").startswith(code_prefix)
            and (source is None or (e["source"] or "").startswith(source))
            and (target is None or (e["target"] or "").startswith(target))
            and all(e[k] == v for k, v in flags.items())
            for e in events
        )

    # Russian strikes in Hama and Idlib; Russia's bombardments
    assert has("19", "RUS", None, trigger="strikes", negated=False)
    assert has("194", "RUS", None, trigger="bombardments")
    # cruise missiles from warships at IS, as Putin said
    assert has("195", "RUSMIL", "IMGMUSISI", reported_by="Putin")
    # the Syrian army ground offensive against rebels (in Hama province: Syria's)
    assert has("190", "SYRMIL", "SYRREB", trigger="offensive")
    # Turkey accuses Russia, and the airspace violations it reports
    assert has("112", "TUR", "RUS")
    violations = [e for e in events if "airspace_violation" in e["tags"]]
    assert len(violations) >= 2
    assert all((e["target"] or "").startswith("TUR") for e in violations)
    assert any((e["source"] or "").startswith("RUS") for e in violations)
    assert any(e["source"] is None or e["source"] == "" for e in violations) or any(
        e["trigger"] == "violation" for e in violations
    )
    # the Kremlin's willingness to make contact with rebels: an intent to meet
    assert has("036", "RUSGOV", "REB", trigger="willingness")
    # Turkey's and the US's claims about whom the strikes hit
    assert has("19", "RUS", "IMGMUSISI", reported_by="Turkey's Prime Minister Ahmet Davutoglu")
    assert has("190", "RUS", "SYROPP")
    # the rebels' arms depots destroyed in Russian raids
    assert has("1712", "RUS", None, trigger="destroyed")
    # Turkey warns Russia
    assert has("13", "TUR", "RUS", trigger="warned")
