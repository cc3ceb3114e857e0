"""Precision, recall, F1 and confusion counts, shared by every evaluation format."""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable
from dataclasses import dataclass


@dataclass(frozen=True)
class PRF:
    tp: int
    fp: int
    fn: int

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.tp + other.tp, self.fp + other.fp, self.fn + other.fn)

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
        }


def multiset_prf(gold: Iterable[Hashable], predicted: Iterable[Hashable]) -> PRF:
    """Matches between two multisets of labels (one record's gold and predictions)."""
    g, p = Counter(gold), Counter(predicted)
    tp = sum((g & p).values())
    return PRF(tp, sum(p.values()) - tp, sum(g.values()) - tp)


def per_label(pairs: Iterable[tuple[str, str]]) -> dict[str, PRF]:
    """P/R/F1 for each label from (gold, predicted) single-label pairs."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for gold, pred in pairs:
        if gold == pred:
            tp[gold] += 1
        else:
            fp[pred] += 1
            fn[gold] += 1
    labels = set(tp) | set(fp) | set(fn)
    return {label: PRF(tp[label], fp[label], fn[label]) for label in sorted(labels)}


def macro_f1(scores: dict[str, PRF], exclude: Iterable[str] = ()) -> float:
    skip = set(exclude)
    values = [s.f1 for label, s in scores.items() if label not in skip and s.tp + s.fn]
    return sum(values) / len(values) if values else 0.0


def top_confusions(pairs: Iterable[tuple[str, str]], n: int = 10) -> list[tuple[str, str, int]]:
    """The most frequent (gold, predicted) disagreements."""
    counts = Counter((g, p) for g, p in pairs if g != p)
    return [(g, p, c) for (g, p), c in counts.most_common(n)]
