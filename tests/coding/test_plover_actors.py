"""The PLOVER actor measurement, on a small file in the PLOVER format written for this test."""

from __future__ import annotations

import json
from pathlib import Path

from pipeline.evaluation.plover_actors import measure_plover_actors, read_gold_actors

RECORDS = [
    {"id": "HEADER", "event": "DOCUMENT"},
    {
        "id": "T-1",
        "text": "Russian warships shelled the port, Turkish officials said.",
        "source": [{"actorText": "Russian warships", "code": "RUS", "sector": "MIL"}],
        "target": "",
    },
    {
        "id": "T-2",
        "text": "Kenyan police arrested three Somali nationals.",
        "source": [{"actorText": "Kenyan police", "code": "KEN", "sector": "COP"}],
        "target": [{"actorText": "Somali nationals", "code": "ETH", "sector": "CVL"}],
    },
    {
        "id": "T-3",
        "text": "Nobody here is named.",
        "source": [{"actorText": "Atlantis", "code": "JAP"}],
        "target": None,
    },
]


def test_gold_reader_skips_the_header_and_fixes_known_typos(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    gold = list(read_gold_actors(path))
    assert [g.text for g in gold] == [
        "Russian warships",
        "Kenyan police",
        "Somali nationals",
        "Atlantis",
    ]
    assert gold[-1].country == "JPN"
    assert gold[0].sector == "MIL"


def test_measure_counts_country_and_sector_agreement(tmp_path: Path) -> None:
    path = tmp_path / "gold.json"
    path.write_text(json.dumps(RECORDS), encoding="utf-8")
    result = measure_plover_actors(path)
    # "Atlantis" is not in its sentence; "Somali nationals" is coded SOM, gold says ETH
    assert result["found_in_sentence"] == 3
    assert result["country_accuracy"] == round(2 / 3, 4)
    assert result["sector_actors"] == 3
    assert result["sector_accuracy"] == 1.0
    assert result["country_errors"] == {"ETH->SOM": 1}
