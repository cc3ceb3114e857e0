"""Normaliser throughput on ~5 KB articles, plain wire text and HTML pages.

Baselines, measured in the same run on the same corpus: for plain text the least any
cleaner must do (``str.splitlines`` + strip + join); for HTML the parse alone
(selectolax/Lexbor parse + ``body.text()``). The ratio says what the normaliser's
rules cost on top of that floor.

Corpus: ``--corpus DIR`` (``*.txt`` read as plain text, ``*.html``/``*.htm`` as HTML),
else one built from the seed article in several layouts (as printed, wrapped wire
copy, ``CITY (AGENCY) -`` lead, an HTML page with navigation, scripts and related links).
"""

from __future__ import annotations

import datetime as dt
import html
import textwrap
from pathlib import Path

from pipeline.bench.report import BenchOptions, BenchResult, BenchRow, median_seconds, peak_rss_mb
from pipeline.models import RawArticle
from pipeline.settings import Settings

_SEED = Path(__file__).resolve().parents[2] / "seeds" / "000_0f3fda6538e218d8.txt"
_RECEIVED = dt.datetime(2015, 10, 8, 6, tzinfo=dt.UTC)

# Used when the seed is not beside the package (an installed wheel): our own text.
_FALLBACK = "\n".join(
    [
        "Rebels shelled the town of Kafr Nabudah on Monday, killing at least three people "
        "and wounding a dozen more, a monitoring group said.",
        "The army said it had repelled an attack on its positions north of the town and "
        "killed several of the attackers, a claim that could not be verified.",
        "Residents said many families had fled towards the border overnight, carrying what "
        "they could, as the sound of artillery grew closer.",
        '"We have nowhere else to go," said a teacher who asked not to be named.',
    ]
    * 8
)

_PAGE = """<!DOCTYPE html><html lang="en"><head><title>{title} | The Ledger</title>
<style>body{{margin:0}} .nav a{{color:#333}}</style>
<script>window.analytics = {{page: "article", id: 42}};</script></head><body>
<div class="cookie-banner"><p>We use cookies to improve your experience.</p></div>
<header><nav class="nav"><a href="/">Home</a> <a href="/world">World</a></nav></header>
<main><article><h1>{title}</h1><p class="byline">By Staff Reporter</p>
<figure><figcaption>{caption} <span class="credit">Photo: AFP</span></figcaption></figure>
{paragraphs}
<aside class="related"><h3>Related</h3><ul><li><a href="/a">Earlier story</a></li></ul></aside>
</article></main><footer><p>&copy; The Ledger</p></footer>
<script src="/app.js"></script></body></html>"""


def _seed_text() -> str:
    return _SEED.read_text(encoding="utf-8") if _SEED.is_file() else _FALLBACK


def _layouts(seed: str) -> list[tuple[str, str]]:
    """The seed in four layouts, each about 5 KB: (content type, body)."""
    lines = [line.strip() for line in seed.splitlines() if line.strip()]
    body_lines = [line for line in lines if len(line) > 80]
    wrapped = "\n\n".join(textwrap.fill(line, 68) for line in body_lines)
    wire = "Russia steps up Syria air war\n\nBy Staff Reporter\n\nBEIRUT (AFP) - " + "\n".join(
        body_lines
    )
    page = _PAGE.format(
        title="Russia steps up Syria air war",
        caption=html.escape(lines[0]),
        paragraphs="\n".join(f"<p>{html.escape(line)}</p>" for line in body_lines),
    )
    return [
        ("text/plain", seed),
        ("text/plain", "Russia steps up Syria air war\n\n" + wrapped),
        ("text/plain", wire),
        ("text/html", page),
    ]


def _corpus(options: BenchOptions) -> list[RawArticle]:
    bodies: list[tuple[str, str]] = []
    if options.corpus is not None:
        for path in sorted(options.corpus.iterdir()):
            suffix = path.suffix.lower()
            if suffix in (".txt", ".html", ".htm"):
                kind = "text/plain" if suffix == ".txt" else "text/html"
                bodies.append((kind, path.read_text(encoding="utf-8", errors="replace")))
    else:
        bodies = _layouts(_seed_text())
    copies = 5 if options.quick else 50
    return [
        RawArticle(
            id=f"bench-{i}-{n}", source="AFP", received_at=_RECEIVED, content_type=kind, body=body
        )
        for n in range(copies)
        for i, (kind, body) in enumerate(bodies)
    ]


def run(settings: Settings, options: BenchOptions) -> BenchResult:
    from selectolax.lexbor import LexborHTMLParser

    from pipeline.normalize import normalize

    max_bytes = settings.limits.max_article_bytes
    result = BenchResult(part="normalize")
    corpus = _corpus(options)
    rejected = sum(not isinstance(normalize(raw, max_bytes=max_bytes), list) for raw in corpus)
    for kind, label, baseline_name in (
        ("text/plain", "plain", "splitlines+strip+join"),
        ("text/html", "html", "selectolax parse + body.text()"),
    ):
        articles = [raw for raw in corpus if raw.content_type == kind]
        if not articles:
            continue

        def run_normalizer(batch: list[RawArticle] = articles) -> None:
            for raw in batch:
                normalize(raw, max_bytes=max_bytes)

        def run_baseline(
            batch: list[RawArticle] = articles, html_kind: bool = kind == "text/html"
        ) -> None:
            for raw in batch:
                if html_kind:
                    tree = LexborHTMLParser(raw.body)
                    if tree.body is not None:
                        tree.body.text(separator="\n")
                else:
                    "\n".join(line.strip() for line in raw.body.splitlines())

        seconds = median_seconds(run_normalizer, options.repeat)
        baseline = median_seconds(run_baseline, options.repeat)
        result.add(
            BenchRow(
                name=f"normalize {label} articles/s",
                value=len(articles) / seconds,
                unit="articles/s",
                baseline_name=baseline_name,
                baseline_value=len(articles) / baseline,
                target="hundreds/s on one core",
            )
        )
    result.details = {
        "articles": len(corpus),
        "mean_bytes": round(sum(len(r.body.encode()) for r in corpus) / max(len(corpus), 1)),
        "rejected": rejected,
        "repeat": options.repeat,
        "peak_rss_mb": round(peak_rss_mb(), 1),
    }
    return result
