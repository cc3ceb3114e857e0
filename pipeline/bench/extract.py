"""``wirewatch bench extract``: the coder against raw ``nlp.pipe`` of the same model.

In one process and one run, on the same texts: (1) raw spaCy, the full model on whole
articles; (2) the coder with the relevance pre-filter off (every sentence parsed) on the
same texts; (3) the coder with the pre-filter on, on a mix of conflict and other news; (4) the
bound of any pre-filter on that mix: the conflict articles alone, timed against raw
spaCy on the whole mix.
The corpus is the seed article plus articles generated from our templates
(``pipeline/data/bench/extract_templates.txt``), or ``--corpus`` (.txt/.jsonl files).
Every template sentence codes an event, so with the generated corpus (5) also times
the seed article alone, a real wire story, the same way as (2).
"""

from __future__ import annotations

import json
import random
import statistics
import time
from collections.abc import Callable
from pathlib import Path

from pipeline.bench.report import BenchOptions, BenchResult, BenchRow, peak_rss_mb
from pipeline.settings import Settings

TEMPLATES = Path(__file__).resolve().parent.parent / "data" / "bench" / "extract_templates.txt"
SEED = Path(__file__).resolve().parent.parent.parent / "seeds" / "000_0f3fda6538e218d8.txt"


def _sections(path: Path) -> dict[str, list[str]]:
    sections: dict[str, list[str]] = {}
    current = ""
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        if line.startswith("[") and line.endswith("]"):
            current = line[1:-1]
            sections[current] = []
        else:
            sections[current].append(line)
    return sections


def generate_corpus(n_conflict: int, n_other: int, sentences: int = 18) -> list[str]:
    """Deterministic articles: conflict news and other news, interleaved."""
    sections = _sections(TEMPLATES)
    slots = {k: v.split("|") for k, v in (s.split("\t") for s in sections["slots"])}
    rng = random.Random(20151008)

    def article(kind: str) -> str:
        lines = [rng.choice(sections[kind]) for _ in range(sentences)]
        return "\n\n".join(
            line.format_map({k: rng.choice(v) for k, v in slots.items()}) for line in lines
        )

    texts = [article("conflict") for _ in range(n_conflict)]
    texts += [article("other") for _ in range(n_other)]
    rng.shuffle(texts)
    return texts


def _load_corpus(folder: Path) -> list[str]:
    texts = []
    for path in sorted(folder.iterdir()):
        if path.suffix == ".txt":
            texts.append(path.read_text(encoding="utf-8"))
        elif path.suffix == ".jsonl":
            texts += [json.loads(ln)["text"] for ln in path.read_text().splitlines() if ln.strip()]
    return texts


def _interleaved(
    baseline: Callable[[], object], ours: Callable[[], object], repeat: int
) -> tuple[float, float]:
    """Median seconds of each, timed alternately so that a busy machine slows both alike."""
    baseline()
    ours()
    base_times: list[float] = []
    our_times: list[float] = []
    for _ in range(repeat):
        for fn, times in ((baseline, base_times), (ours, our_times)):
            start = time.perf_counter()
            fn()
            times.append(time.perf_counter() - start)
    return statistics.median(base_times), statistics.median(our_times)


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    from datetime import UTC, datetime

    from pipeline.coding.coder import Coder
    from pipeline.coding.nlp import model_pipes
    from pipeline.models import Article

    result = BenchResult(part="extract")
    scale = 1 if options.quick else 4
    seed = SEED.read_text(encoding="utf-8") if SEED.exists() else ""
    conflict = [seed] * scale + generate_corpus(3 * scale, 0)
    if options.corpus is not None:
        conflict = _load_corpus(options.corpus)
    mixed = conflict + generate_corpus(0, 2 * len(conflict))
    repeat = 2 if options.quick else options.repeat

    def articles(texts: list[str]) -> list[Article]:
        now = datetime(2015, 10, 8, tzinfo=UTC)
        return [
            Article(
                article_id=f"bench-{i}",
                source="bench",
                received_at=now,
                published_at=now,
                paragraphs=tuple(p for p in t.split("\n") if p.strip()) or ("-",),
            )
            for i, t in enumerate(texts)
        ]

    unfiltered = Coder.from_settings(settings.nlp).with_relevance_filter(False)
    filtered = unfiltered.with_relevance_filter(True)
    nlp = unfiltered.nlp
    batch = settings.nlp.batch_size

    def raw(texts: list[str]) -> None:
        with model_pipes(nlp):
            for _ in nlp.pipe(texts, batch_size=batch):
                pass

    def tokens(texts: list[str]) -> int:
        return sum(len(nlp.make_doc(t)) for t in texts)

    runs: list[tuple[str, list[str], Coder, str | None]] = [
        ("coder, no pre-filter, conflict news", conflict, unfiltered, ">= 0.85x raw spaCy"),
        ("coder + pre-filter, mixed news", mixed, filtered, ">= 2x raw spaCy"),
    ]
    if seed and options.corpus is None:
        # The templates make every sentence an event; a real wire story has fewer.
        runs.append(("coder, no pre-filter, the seed article alone", [seed] * 4, unfiltered, None))
    for label, texts, coder, target in runs:
        docs = articles(texts)
        n_tokens = tokens(texts)
        raw_s, ours_s = _interleaved(
            lambda t=texts: raw(t),  # type: ignore[misc]
            lambda c=coder, d=docs: c.code_articles(d),  # type: ignore[misc]
            repeat,
        )
        result.add(
            BenchRow(
                f"{label}: articles/s",
                len(texts) / ours_s,
                "articles/s",
                "raw nlp.pipe articles/s",
                len(texts) / raw_s,
                target,
            )
        )
        result.add(
            BenchRow(
                f"{label}: tokens/s",
                n_tokens / ours_s,
                "tokens/s",
                "raw nlp.pipe tokens/s",
                n_tokens / raw_s,
                target,
            )
        )
    # The most any pre-filter could give on this mix: the non-conflict articles cost
    # nothing and the conflict ones are coded as above, against raw spaCy on the mix.
    conflict_docs = articles(conflict)
    raw_s, bound_s = _interleaved(
        lambda: raw(mixed), lambda: filtered.code_articles(conflict_docs), repeat
    )
    result.add(
        BenchRow(
            "pre-filter bound: the conflict part alone: articles/s",
            len(mixed) / bound_s,
            "articles/s",
            "raw nlp.pipe articles/s",
            len(mixed) / raw_s,
        )
    )
    result.add(BenchRow("peak RSS", peak_rss_mb(), "MiB", target="<= 600 MiB"))
    events = sum(len(r) for r in filtered.code_articles(articles(mixed)) if isinstance(r, list))
    result.details.update(
        {
            "conflict_articles": len(conflict),
            "mixed_articles": len(mixed),
            "mixed_share_conflict": round(len(conflict) / len(mixed), 3),
            "events_in_mixed": events,
            "model": nlp.meta.get("name"),
            "repeat": repeat,
        }
    )
    return result
