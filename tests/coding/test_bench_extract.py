"""The extract bench runs both sides on the same texts and codes events from the mix."""

from __future__ import annotations

from pipeline.bench import extract as bench
from pipeline.bench.report import BenchOptions
from pipeline.settings import Settings


def test_quick_bench_compares_the_coder_with_raw_spacy() -> None:
    result = bench.run(Settings(), BenchOptions(quick=True, repeat=1))
    rows = {row.name: row for row in result.rows}
    compared = [r for r in rows.values() if r.baseline_name == "raw nlp.pipe articles/s"]
    # conflict news, the pre-filtered mix, the bound on the mix, and the seed article alone
    assert len(compared) == 4
    assert "coder, no pre-filter, the seed article alone: articles/s" in rows
    assert all(r.value > 0 and r.baseline_value and r.baseline_value > 0 for r in compared)
    assert rows["peak RSS"].value > 0
    assert result.details["events_in_mixed"] > 0
    assert result.details["mixed_articles"] == 3 * result.details["conflict_articles"]
