"""The normaliser bench runs, measures both layouts against a baseline, rejects nothing."""

from __future__ import annotations

from pathlib import Path

from pipeline.bench import normalize as bench
from pipeline.bench.report import BenchOptions
from pipeline.settings import Settings
from tests.normalize.cases import FIXTURES


def test_quick_bench_reports_plain_and_html_rows_with_baselines() -> None:
    result = bench.run(Settings(), BenchOptions(quick=True, repeat=1))
    names = [row.name for row in result.rows]
    assert names == ["normalize plain articles/s", "normalize html articles/s"]
    assert all(row.value > 0 and row.baseline_value for row in result.rows)
    assert result.details["rejected"] == 0
    assert 4_000 <= result.details["mean_bytes"] <= 6_000


def test_bench_reads_a_corpus_folder(tmp_path: Path) -> None:
    for name in ("afp_caps_dash.txt", "html_article.html"):
        (tmp_path / name).write_bytes((FIXTURES / name).read_bytes())
    result = bench.run(Settings(), BenchOptions(corpus=tmp_path, quick=True, repeat=1))
    assert result.details["articles"] == 10
    assert len(result.rows) == 2
