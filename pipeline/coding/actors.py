"""Actors: who is named in a text, coded as CAMEO actor codes with ISO-3 country and sector.

Two layers:

- the spaCy component ``wirewatch_actors_v1`` only runs two ``PhraseMatcher``s (lower
  case, and exact case for acronyms) over the dictionary's surface forms and stores the
  hits in ``doc.spans["wirewatch_actors"]`` (label = kind, ``kb_id_`` = entry id, or
  namesakes' ids joined by "|", ``id_`` = the role of the form: name, demonym, capital,
  seat, alias, agent, office).
  It is cheap and never needs the parse.
- ``actor_mentions`` and ``actor_for_phrase`` read those hits with the parse: they
  combine a noun phrase's parts ("Russian" + "warships" -> RUSMIL), check people's
  offices against a date, and resolve "he", "the alliance" and "the regime";
  ``actors_for_phrase`` splits coordinated owners ("US and British forces").

A Doc coded this way remembers which dictionary files found its hits
(``doc.user_data["wirewatch_actor_sources"]``, plain strings, so the Doc still
serialises); the resolved mentions are cached per Doc under
``doc.user_data["wirewatch_actor_mentions|<on>|<default_country>|<places>"]``: call
``clear_actor_cache`` before ``Doc.to_bytes`` if you serialise coded Docs.

``Actor.acled_inter`` is the ACLED actor type in the actor's own country (state forces
1); the event coder turns it into 8 (external forces) when the event happens elsewhere.
"""

# No `from __future__ import annotations` here: spaCy 3.8.7 reads the factory's
# annotations at run time, and a string there fails (see pyproject.toml).
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, SpanGroup, Token
from spacy.util import filter_spans, registry

from pipeline.coding.actor_atoms import Atom, AtomIndex, PhraseContext, PlaceCountry
from pipeline.coding.actor_dictionary import (
    BUILTIN_FILES,
    DATA_DIR,
    ActorDictionary,
    load_actor_dictionary,
)
from pipeline.coding.actor_phrases import phrase_mention
from pipeline.coding.coref import (
    atoms_with_anaphora,
    main_country,
    phrase_heads,
    sentence_country,
)
from pipeline.geo.mentions import ACTOR_SPANS
from pipeline.models import Actor

SPANS_KEY = ACTOR_SPANS
SOURCES_KEY = "wirewatch_actor_sources"
_CACHE_KEY = "wirewatch_actor_mentions"
FACTORY = "wirewatch_actors_v1"


@dataclass(frozen=True)
class ActorMention:
    """One actor mention: a token range of the Doc and the actor it denotes.

    ``kind`` is country | capital | person | group | igo | ngo | media | generic |
    pronoun | definite. ``resolved_from`` is the text of the earlier mention a pronoun,
    a definite ("the alliance") or a repeated surname was resolved to.
    """

    start: int
    end: int
    text: str
    actor: Actor
    kind: str
    entry_id: str | None
    resolved_from: str | None = None


class ActorRecognizer:
    """The pipe: marks dictionary surface forms; the dictionary comes in ``initialize``."""

    def __init__(self, nlp: Language, name: str = FACTORY) -> None:
        self.name = name
        self.vocab = nlp.vocab
        self._nlp = nlp
        self.dictionary: ActorDictionary | None = None
        self._lower: PhraseMatcher | None = None
        self._exact: PhraseMatcher | None = None
        self._titles: frozenset[str] = frozenset()

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Any]] | None = None,
        *,
        nlp: Language | None = None,
        dictionary: ActorDictionary | None = None,
    ) -> None:
        """Compile the matchers for ``dictionary`` (default: the built-in dictionary)."""
        self.dictionary = dictionary if dictionary is not None else load_actor_dictionary()
        tokenizer: Any = (nlp or self._nlp).tokenizer
        # One-word titles ("president"): a person's name after one may be in lower case.
        self._titles = frozenset(
            key
            for key, s in self.dictionary.surfaces.items()
            if s.role == "office" and " " not in key
        )
        self._lower = PhraseMatcher(self.vocab, attr="LOWER")
        self._exact = PhraseMatcher(self.vocab, attr="ORTH")
        for matcher, forms in (
            (self._lower, self.dictionary.surfaces),
            (self._exact, self.dictionary.exact_surfaces),
        ):
            keys = list(forms)
            for key, pattern in zip(keys, tokenizer.pipe(keys), strict=True):
                matcher.add(key, [pattern])

    def __call__(self, doc: Doc) -> Doc:
        if self.dictionary is None or self._lower is None or self._exact is None:
            self.initialize()
        assert self.dictionary is not None
        assert self._lower is not None
        assert self._exact is not None
        spans = []
        strings = self.vocab.strings
        for matcher, exact in ((self._exact, True), (self._lower, False)):
            for match_id, start, end in matcher(doc):
                key = strings[match_id]
                table = self.dictionary.exact_surfaces if exact else self.dictionary.surfaces
                surface = table[key]
                if not _plausible(doc, start, end, surface.role, exact) and not (
                    surface.entry_id.startswith("person:")
                    and start > 0
                    and doc[start - 1].lower_ in self._titles
                ):
                    continue
                entry = self.dictionary.entries[surface.entry_id]
                label = "capital" if surface.role in ("capital", "seat") else entry.kind
                spans.append(
                    Span(
                        doc,
                        start,
                        end,
                        label=label,
                        kb_id="|".join(surface.entry_ids),
                        span_id=surface.role,
                    )
                )
        # Exact matches come first, so on an identical span the exact one survives.
        doc.spans[SPANS_KEY] = SpanGroup(doc, name=SPANS_KEY, spans=filter_spans(spans))
        doc.user_data[SOURCES_KEY] = [str(p) for p in self.dictionary.sources]
        return doc


def _plausible(doc: Doc, start: int, end: int, role: str, exact: bool) -> bool:
    """Names need a capital letter in the text; acronyms are not read in a capitals headline.

    The tagger reads an upper-case "IS" as the verb even in "IS fighters", so acronyms
    are judged by their neighbours instead.
    """
    if _negating_prefix(doc, start):
        return False  # "non-Muslims", "anti-Assad rallies": not the group itself
    if role in ("agent", "office"):
        return True
    span_text = doc[start:end].text
    if not any(ch.isupper() for ch in span_text):
        return False
    if end - start > 1 and doc[start].is_lower and doc[start].lower_ in _COMPASS:
        return False  # "this central African nation" is not the Central African Republic
    if exact and end - start == 1:
        return not _in_capitals(doc, start)
    return True


_NEGATING_PREFIXES = frozenset({"non", "anti", "non-", "anti-"})
# Words of a region that open a country's name written with a capital ("Central
# African", "South Sudan"); in lower case they only place a region ("a central African
# nation", "west African states").
_COMPASS = frozenset(
    {"central", "north", "south", "east", "west", "northern", "southern", "eastern", "western"}
)


def _negating_prefix(doc: Doc, start: int) -> bool:
    before = doc[max(0, start - 2) : start]
    words = [t.lower_ for t in before]
    if words[-1:] and words[-1] in ("non-", "anti-"):
        return True
    return len(words) == 2 and words[1] == "-" and words[0] in _NEGATING_PREFIXES


def _in_capitals(doc: Doc, i: int) -> bool:
    """True when the nearest words on both sides are also written in capitals."""
    near = [t for t in doc[max(0, i - 3) : i] if t.is_alpha][-1:] + [
        t for t in doc[i + 1 : i + 4] if t.is_alpha
    ][:1]
    return bool(near) and all(t.is_upper and len(t) > 1 for t in near)


@Language.factory(FACTORY, default_config={})
def make_actor_recognizer(nlp: Language, name: str) -> ActorRecognizer:
    return ActorRecognizer(nlp, name)


@registry.misc("wirewatch.actor_dictionary.v1")  # type: ignore[untyped-decorator]
def make_actor_dictionary(extra: list[str] | None = None) -> ActorDictionary:
    """For ``[initialize.components.wirewatch_actors.dictionary]`` in a spaCy config."""
    return load_actor_dictionary([Path(p) for p in extra or ()])


def add_actor_pipe(nlp: Language, dictionary: ActorDictionary | None = None) -> None:
    """Add ``wirewatch_actors_v1`` last in ``nlp`` (once) and initialise it with ``dictionary``.

    Only this pipe is initialised: ``nlp.initialize()`` would reset the trained model.
    """
    pipe = nlp.get_pipe(FACTORY) if FACTORY in nlp.pipe_names else nlp.add_pipe(FACTORY, last=True)
    assert isinstance(pipe, ActorRecognizer)
    pipe.initialize(nlp=nlp, dictionary=dictionary)


def doc_dictionary(doc: Doc) -> ActorDictionary:
    """The dictionary that coded ``doc`` (the built-in one if the Doc does not say)."""
    sources = doc.user_data.get(SOURCES_KEY)
    if not sources:
        return load_actor_dictionary()
    return _dictionary_for(tuple(sources))


@lru_cache(maxsize=8)
def _dictionary_for(sources: tuple[str, ...]) -> ActorDictionary:
    builtin = {str(DATA_DIR / name) for name in BUILTIN_FILES}
    return load_actor_dictionary([Path(p) for p in sources if p not in builtin])


def clear_actor_cache(doc: Doc) -> None:
    """Drop the cached mentions (Python objects) so the Doc serialises with user data."""
    for key in [k for k in doc.user_data if isinstance(k, str) and k.startswith(_CACHE_KEY)]:
        del doc.user_data[key]


def _atoms(doc: Doc, dictionary: ActorDictionary, on: date | None) -> list[Atom]:
    if SPANS_KEY not in doc.spans:
        raise ValueError(f"Doc has no {SPANS_KEY!r} spans: add the {FACTORY} pipe first")
    atoms = []
    for span in doc.spans[SPANS_KEY]:
        entries = [dictionary.entries[e] for e in span.kb_id_.split("|") if e in dictionary.entries]
        if not entries:
            continue
        if len(entries) > 1 and on is not None:
            # Namesakes: prefer the one holding an office on the date.
            entries.sort(key=lambda e: not any(o.holds_on(on) for o in e.offices))
        atoms.append(Atom(span.start, span.end, entries[0], span.id_, span.label_))
    return atoms


def _atom_index(doc: Doc, dictionary: ActorDictionary, on: date | None) -> AtomIndex:
    """The Doc's atoms with anaphora, computed once per Doc and date (cached in user data)."""
    key = f"{_CACHE_KEY}|atoms|{on}"
    cached = doc.user_data.get(key)
    if isinstance(cached, AtomIndex):
        return cached
    index = AtomIndex(atoms_with_anaphora(doc, _atoms(doc, dictionary, on), dictionary))
    doc.user_data[key] = index
    return index


def actor_mentions(
    doc: Doc,
    on: date | None = None,
    default_country: str | None = None,
    place_country: PlaceCountry | None = None,
) -> list[ActorMention]:
    """Every actor mention in ``doc``, phrase by phrase, in text order.

    One mention per noun phrase: "Turkey's Prime Minister Ahmet Davutoglu" is one
    mention (TURGOV), not three. Pronouns, definites and repeated surnames are resolved
    to the last fitting mention before them. ``on`` is the date the text speaks of (for
    offices; None: the latest office). ``default_country`` (e.g. the dateline's) is the
    country of "government troops", "the regime" and of a titled unknown name
    ("President Levy X") when the phrase names none; without it they take the Doc's
    main country (``coref.main_country``); in a Doc of fewer than three sentences the
    unknown name takes ``coref.sentence_country`` instead.
    ``place_country`` maps a place name to its ISO-3 country ("militants in Mosul" ->
    IRQREB); ``gazetteer_place_country()`` builds one from ``pipeline.geo``.
    """
    key = f"{_CACHE_KEY}|{on}|{default_country}|{place_country is not None}"
    cached = doc.user_data.get(key)
    if cached is not None:
        return list(cached)
    dictionary = doc_dictionary(doc)
    atoms = _atom_index(doc, dictionary, on)
    context = _context(doc, atoms, dictionary, on, default_country, place_country)
    mentions: list[ActorMention] = []
    for head in phrase_heads(doc, atoms):
        mention = phrase_mention(doc, head, atoms, mentions, context)
        if mention is not None:
            mentions.append(mention)
    mentions = _outermost(mentions)
    doc.user_data[key] = tuple(mentions)
    return mentions


def actor_for_phrase(
    doc: Doc,
    head: Token,
    on: date | None = None,
    default_country: str | None = None,
    place_country: PlaceCountry | None = None,
) -> ActorMention | None:
    """The actor the noun phrase headed by ``head`` denotes, or None if it is no actor.

    The head must itself be an actor word (a name, a generic agent such as "troops",
    a pronoun or an anaphoric definite); for a phrase like "Russian strikes" pass the
    modifier ("Russian") to get the actor behind the strikes.
    """
    mentions = actor_mentions(doc, on, default_country, place_country)
    for mention in mentions:
        if mention.start <= head.i < mention.end and _head_of(doc, mention) == head.i:
            return mention
    dictionary = doc_dictionary(doc)
    atoms = _atom_index(doc, dictionary, on)
    before = [m for m in mentions if m.end <= head.i]
    context = _context(doc, atoms, dictionary, on, default_country, place_country)
    return phrase_mention(doc, head, atoms, before, context)


def actors_for_phrase(
    doc: Doc,
    head: Token,
    on: date | None = None,
    default_country: str | None = None,
    place_country: PlaceCountry | None = None,
) -> list[ActorMention]:
    """Like ``actor_for_phrase``, but one mention per coordinated owner.

    "US and British forces" gives USAMIL and GBRMIL (both with the whole phrase as
    text); a phrase without coordinated owners gives the one ``actor_for_phrase`` gives.
    """
    first = actor_for_phrase(doc, head, on, default_country, place_country)
    if first is None:
        return []
    dictionary = doc_dictionary(doc)
    atoms = _atom_index(doc, dictionary, on)
    owners = [
        a
        for a in atoms.between(first.start, head.i)
        if a.entry is not None and a.entry.kind != "generic" and a.end <= head.i
    ]
    in_owner = {i for a in owners for i in range(a.start, a.end)}
    linked = [
        a
        for a in owners
        if any(
            (t.dep_ == "conj" and t.head.i in in_owner)
            or any(c.dep_ == "conj" and c.i in in_owner for c in t.children)
            for t in doc[a.start : a.end]
        )
    ]
    if len(linked) < 2:
        return [first]
    before = [m for m in actor_mentions(doc, on, default_country, place_country) if m.end <= head.i]
    context = _context(doc, atoms, dictionary, on, default_country, place_country)
    found = []
    for keep in linked:
        others = frozenset(a.start for a in linked if a is not keep)
        mention = phrase_mention(doc, head, atoms, before, context, exclude=others)
        if mention is not None:
            found.append(mention)
    return found or [first]


def gazetteer_place_country() -> PlaceCountry:
    """A place-name -> country lookup over ``pipeline.geo``'s gazetteer (loaded once).

    The most likely place of that name wins ("Homs" -> SYR), one in ``prefer`` first
    when there is one; unknown names give None. A name known only by a looser spelling
    elsewhere than ``prefer`` gives None too: "the town of Bardere" beside Somali
    troops is not the Turkish village the skeleton key finds; with ``exact``, any name
    known only by a looser spelling does.
    """
    from pipeline.geo import GeoContext, get_gazetteer

    gazetteer = get_gazetteer()

    @lru_cache(maxsize=4096)
    def lookup(name: str, prefer: str | None = None, exact: bool = False) -> str | None:
        ctx = GeoContext(None, (prefer,), ()) if prefer else None
        spelled = gazetteer.candidates(name, fuzzy=False)
        if not spelled and (
            exact or (prefer and all(p.country != prefer for p in gazetteer.candidates(name)))
        ):
            return None
        place = gazetteer.resolve_place(name, ctx, fuzzy=not spelled)
        return place.country if place is not None else None

    return lookup


def _context(
    doc: Doc,
    atoms: AtomIndex,
    dictionary: ActorDictionary,
    on: date | None,
    default_country: str | None,
    place_country: PlaceCountry | None,
) -> PhraseContext:
    """The Doc's context for reading phrases; the same for every phrase of the Doc, so
    kept beside its mentions (the coder asks for many heads)."""
    key = f"{_CACHE_KEY}|context|{on}|{default_country}|{id(place_country)}"
    cached = doc.user_data.get(key)
    if (
        isinstance(cached, PhraseContext)
        and cached.dictionary is dictionary
        and cached.place_country is place_country
    ):
        return cached
    main = main_country(doc, atoms, on)
    # In a whole article (three sentences or more) the main country is firm enough to
    # give "President Levy X" a country; in a lone sentence only a country that does not
    # own another office holder counts ("President X met the envoy of Armenia": not ARM).
    article = doc.has_annotation("SENT_START") and sum(1 for _ in doc.sents) >= 3
    context = PhraseContext(
        on=on,
        default_country=default_country or main,
        dictionary=dictionary,
        given_country=default_country
        or (main if article else sentence_country(doc, atoms, place_country)),
        place_country=place_country,
    )
    doc.user_data[key] = context
    return context


def _outermost(mentions: list[ActorMention]) -> list[ActorMention]:
    """Drop mentions inside another: "Armenia" in "the president of Armenia"."""
    ordered = sorted(mentions, key=lambda m: (m.start, -m.end))
    kept: list[ActorMention] = []
    reach = -1
    for mention in ordered:
        if mention.end <= reach:
            continue
        kept.append(mention)
        reach = max(reach, mention.end)
    return kept


def _head_of(doc: Doc, mention: ActorMention) -> int:
    return int(doc[mention.start : mention.end].root.i)


def mentions_in(mentions: Sequence[ActorMention], start: int, end: int) -> list[ActorMention]:
    """The mentions inside the token range [start, end) (e.g. one sentence)."""
    return [m for m in mentions if start <= m.start and m.end <= end]
