"""Bench results: one row per figure, with the baseline measured beside it."""

from __future__ import annotations

import json
import statistics
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import psutil


@dataclass(frozen=True)
class BenchOptions:
    corpus: Path | None = None
    repeat: int = 5
    quick: bool = False


@dataclass(frozen=True)
class BenchRow:
    """One figure, e.g. ``coder articles/s``, with what it is compared against."""

    name: str
    value: float
    unit: str
    baseline_name: str | None = None
    baseline_value: float | None = None
    target: str | None = None

    @property
    def ratio(self) -> float | None:
        if self.baseline_value in (None, 0):
            return None
        assert self.baseline_value is not None
        return self.value / self.baseline_value


@dataclass
class BenchResult:
    part: str
    rows: list[BenchRow] = field(default_factory=list)
    details: dict[str, Any] = field(default_factory=dict)

    def add(self, row: BenchRow) -> None:
        self.rows.append(row)

    def to_json(self) -> dict[str, Any]:
        return {
            "part": self.part,
            "rows": [asdict(r) | {"ratio": r.ratio} for r in self.rows],
            "details": self.details,
        }


def median_seconds(fn: Callable[[], object], repeat: int) -> float:
    """Median wall time of ``repeat`` calls of ``fn`` (after one warm-up call)."""
    fn()
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def peak_rss_mb() -> float:
    """Peak resident set size of this process so far, in MiB (Linux ru_maxrss is KiB)."""
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def current_rss_mb() -> float:
    return float(psutil.Process().memory_info().rss) / (1024 * 1024)


def format_table(results: list[BenchResult]) -> str:
    header = (
        f"{'part':<10} {'figure':<44} {'value':>12} {'unit':<12} "
        f"{'baseline':>12} {'ratio':>7}  target"
    )
    lines = [header, "-" * len(header)]
    for result in results:
        for row in result.rows:
            base = "" if row.baseline_value is None else f"{row.baseline_value:12.2f}"
            ratio = "" if row.ratio is None else f"{row.ratio:7.2f}"
            lines.append(
                f"{result.part:<10} {row.name:<44} {row.value:12.2f} {row.unit:<12} "
                f"{base:>12} {ratio:>7}  {row.target or ''}"
            )
    return "\n".join(lines)


def write_json(results: list[BenchResult], path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"machine": _machine(), "results": [r.to_json() for r in results]}
    path.write_text(json.dumps(payload, indent=2) + "\n", encoding="utf-8")


def _machine() -> dict[str, Any]:
    import platform

    return {
        "python": platform.python_version(),
        "cpus": psutil.cpu_count(),
        "memory_gib": round(psutil.virtual_memory().total / 2**30, 1),
        "platform": platform.platform(),
    }
