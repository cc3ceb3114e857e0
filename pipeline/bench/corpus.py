"""The articles a stream benchmark replays: a folder of files, or seeds plus generated news.

``--corpus`` takes any folder ``wirewatch replay`` reads (.txt, .html, .jsonl); by
default the seed articles come first, then generated conflict and non-conflict
articles (``pipeline.bench.extract.generate_corpus``) so the relevance filter sees both.
"""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

from pipeline.bench.extract import generate_corpus
from pipeline.models import RawArticle
from pipeline.replay_sources import read_sources

SEEDS = Path(__file__).resolve().parent.parent.parent / "seeds"
PUBLISHED = datetime(2015, 10, 8, 6, 0, tzinfo=UTC)


def load_corpus(
    folder: Path | None, *, count: int, sentences: int = 10, max_bytes: int = 1_048_576
) -> list[RawArticle]:
    """``count`` articles (at most; a folder may hold fewer) with distinct ids.

    Half of the generated articles are conflict news, half other news.
    """
    if folder is not None:
        found = [
            a for a in read_sources([folder], max_bytes=max_bytes) if isinstance(a, RawArticle)
        ]
        return found[:count]
    seeds = (
        [a for a in read_sources([SEEDS], max_bytes=max_bytes) if isinstance(a, RawArticle)]
        if SEEDS.is_dir()
        else []
    )[:count]
    generated = max(0, count - len(seeds))
    texts = generate_corpus(generated - generated // 2, generated // 2, sentences)
    made = [
        RawArticle(
            id=f"gen-{index:05d}",
            source="bench",
            received_at=PUBLISHED,
            published_at=PUBLISHED,
            body=text,
        )
        for index, text in enumerate(texts)
    ]
    return seeds + made


def with_prefix(articles: list[RawArticle], prefix: str) -> list[RawArticle]:
    """The same articles under new ids (so they make new events, not upserts)."""
    return [a.model_copy(update={"id": f"{prefix}-{a.id}"[:200]}) for a in articles]
