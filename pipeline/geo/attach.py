"""Which place mention belongs to an event: follow the dependency parse from the trigger.

Mentions come from ``pipeline.geo.mentions``. A mention is ranked by how it hangs from
the trigger:
0. in the trigger's own clause: object of a locative preposition ("in", "near", "on",
   "at", "outside", "through", ...), or the trigger's object or passive subject
   ("shelled Aleppo"); "to"/"from" count only when they hang from the trigger itself;
1. elsewhere under the trigger, or attached to a verb above it;
2. anywhere else in the sentence, by a locative preposition;
3. (when the caller passes it) the paragraph, by a locative relation.
A weak mention (a name qualifying a thing, "a U.S. patrol"; a possessive container,
"Yemen's Maarib province"; "to"/"from") competes one rank down. Within the best rank:
strong before weak, then the finest geo precision (an unknown name, most often a
village, ranks after a known town and before "near X"), then the mention other places'
phrases hang from, then a mention after the trigger before one in front of it, then the
nearest to the trigger. Subjects ("Moscow said") and modifiers of subjects ("U.S. troops") are never
places; nor are the addressees of verbal acts ("Ankara accused Moscow", "called on
Tehran"), the antecedent of a verbal act's relative clause ("Ankara, which accuses
..."), or where a report was made ("the ministry said in Washington that ...").
Nothing: None with a note. The dateline is never a candidate: it is not in the sentence.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from spacy.tokens import Span, Token

from pipeline.doc_columns import columns
from pipeline.geo.context import GeoContext, PlaceResolution
from pipeline.geo.mentions import (
    _RELATIVE_WORDS,
    _SMALL_UNITS,
    _SPEECH_VERBS,
    _VERBAL_ACT_PREPS,
    _VERBAL_ACTS,
    FACILITY_WORDS,
    PLACE_WORDS,
    WEAK_PREPS,
    _locative_relation,
    _noun_head,
    mention_spans,
)
from pipeline.geo.qualifiers import parse_phrase, qualifier_prefix, resolve_location
from pipeline.models import Location

if TYPE_CHECKING:
    from pipeline.geo.gazetteer import Gazetteer

__all__ = ["mention_spans", "phrase_for", "place_for_event"]


_ACTOR_VERBS = _VERBAL_ACTS | _SPEECH_VERBS
# A town this large named before a unit ("the Homs neighbourhood of Baba Amr") is the
# container of the unit's name after "of"; a village so named is the unit's own name.
_CONTAINER_TOWN = 100_000
# Where a name the gazetteer lacks ranks among geo precisions (1 town, 2 near a town).
_UNKNOWN_PRECISION = 1.5


# An article's events share its places: each phrase is looked up once in a context.
# (The gazetteer does not change once loaded; the results are frozen.)
_resolve = lru_cache(maxsize=4096)(resolve_location)
_MENTIONS_KEY = "wirewatch_geo_mention_roles"


@dataclass(frozen=True)
class _Candidate:
    span: Span
    rank: int
    distance: int
    inner: bool
    # Reached by "to"/"from", or a possessive container ("Yemen's Maarib province"):
    # chosen only when nothing better hangs from the trigger.
    weak: bool = False


def place_for_event(
    sent: Span,
    trigger: Token,
    ctx: GeoContext,
    gazetteer: Gazetteer,
    paragraph: Span | None = None,
) -> PlaceResolution:
    """The place of the event ``trigger`` reports, or None with a note; never the dateline."""
    candidates = [c for c in _candidates(sent, trigger, gazetteer) if c.rank <= 2]
    if not candidates and paragraph is not None:
        candidates = [
            _Candidate(span, 3, abs(span.root.i - trigger.i), False)
            for span in mention_spans(paragraph, gazetteer)
            if not (sent.start <= span.start < sent.end) and _locative_relation(span.root, None)
        ]
    if not candidates:
        return PlaceResolution(None, "place: no place mention attached to the event")
    # A weak mention ("a U.S. patrol", "to X") competes with the next rank's strong ones.
    best_rank = min(_effective_rank(c) for c in candidates)
    resolved: list[tuple[tuple[bool, float, bool, bool, int], PlaceResolution]] = []
    for cand in (c for c in candidates if _effective_rank(c) == best_rank):
        result = _resolve(gazetteer, phrase_for(cand.span), ctx)
        result, within = _within_container(result, cand.span, sent, gazetteer, ctx)
        if result.location is None:
            result = PlaceResolution(Location(name=cand.span.text[:500]), result.note)
        precision = result.location.geo_precision if result.location else None
        # An unknown name in a place slot is most often a village too small for the
        # gazetteer: after a known town, before "near X"; a name put inside a known
        # place just before that place; a name another place's phrase hangs from is the
        # more specific one; a place phrase after the trigger ("killed ... in X") before
        # a scene-setting one in front of it ("In Y, ...").
        key = (
            cand.weak,
            within - 0.25 if within else float(precision) if precision else _UNKNOWN_PRECISION,
            not cand.inner,
            cand.span.start < trigger.i,
            cand.distance,
        )
        resolved.append((key, _with_mention(result, cand.span, cand.weak)))
    resolved.sort(key=lambda item: item[0])
    return resolved[0][1]


def _within_container(
    result: PlaceResolution, span: Span, sent: Span, gazetteer: Gazetteer, ctx: GeoContext
) -> tuple[PlaceResolution, float]:
    """The place of a name its phrase goes on to put inside another ("the Ghat area of
    Kishtwar district", "Rueso district, Narathiwat", "the Bala area in Kunduz"), checked
    against that container. A name the gazetteer knows only in another country (a Ghat
    in Libya) keeps its name at the container's point and country, with a note (as
    ACLED places a village at the nearest larger place it knows). Also the container's
    precision when the name was so placed, else 0."""
    found = result.location
    if found is None or found.country is None or found.geo_precision == 3:
        return result, 0  # (a country, province or region is no town inside another)
    for other in mention_spans(sent, gazetteer):
        if other.start <= span.start or not _put_inside(span, other):
            continue
        container = _resolve(gazetteer, other.text, ctx).location
        if container is None or container.country is None or container.latitude is None:
            continue
        if container.country == found.country:
            return result, 0
        note = (
            f"place: {span.text!r} is known only in {found.country}; placed at "
            f"{other.text!r}, which the text puts it in"
        )
        placed = container.model_copy(
            update={
                "name": span.text[:500],
                "gazetteer_id": None,
                "geo_precision": max(2, container.geo_precision or 2),
            }
        )
        return PlaceResolution(placed, note, span.text), float(container.geo_precision or 1)
    return result, 0


def _put_inside(span: Span, other: Span) -> bool:
    """Does the phrase of ``span`` go on to name ``other`` as its container: through "in",
    "of" after a unit smaller than a town, or an apposition ("the X area of Y", "X
    district, Y"), not a coordination or a list ("X and Y", "X, Y and Z"), a town
    named after "of" ("the X city of Y") or a landmark ("north of Y")?"""
    goal = {span.root.i, _noun_head(span.root).i}
    node = other.root
    while node.i not in goal:
        if node.dep_ == "pobj":
            prep = node.head
            if prep.lower_ == "of" and prep.head.lower_ not in _SMALL_UNITS:
                return False  # "the West Bank city of Hebron": the city is Hebron
            if prep.lower_ not in ("of", "in") or _reference_place(node):
                return False
        elif node.dep_ == "appos":
            if any(c.dep_ == "conj" for c in (*node.children, *node.head.children)):
                return False
        elif node.dep_ not in ("prep", "compound"):
            return False
        if node.head == node:
            return False
        node = node.head
    return True


def _effective_rank(cand: _Candidate) -> int:
    return cand.rank + 1 if cand.weak else cand.rank


def _with_mention(result: PlaceResolution, span: Span, weak: bool) -> PlaceResolution:
    return PlaceResolution(result.location, result.note, span.text, weak)


def phrase_for(span: Span) -> str:
    """The mention with the qualifier words around it: "near southern Idlib province"."""
    doc = span.doc
    # (up to seven words before it, within its sentence)
    start = span.start
    while start > 0 and span.start - start < 7 and not doc[start].is_sent_start:
        start -= 1
    prefix = qualifier_prefix(columns(doc).span_text(start, span.start))
    suffix = ""
    nxt = span.end
    if nxt < len(doc) and doc[nxt].text in ("'s", "’s") and nxt + 1 < len(doc):
        nxt += 1
    if nxt < len(doc) and doc[nxt].lower_ in PLACE_WORDS and doc[nxt].lower_ not in span.text:
        suffix = " " + doc[nxt].text
    return f"{prefix}{span.text}{suffix}".strip()


def _candidates(sent: Span, trigger: Token, gazetteer: Gazetteer) -> list[_Candidate]:
    out = []
    for span, inner, weak in _sentence_mentions(sent, gazetteer):
        rank = _rank(span.root, trigger)
        if rank is not None:
            out.append(_Candidate(span, rank, abs(span.root.i - trigger.i), inner, weak))
    return out


def _sentence_mentions(sent: Span, gazetteer: Gazetteer) -> list[tuple[Span, bool, bool]]:
    """Each place mention of the sentence, whether it is inner and whether it is weak:
    the same for every event of the sentence, so kept in the Doc's user data as plain
    (start, inner, weak) triples in the order of ``mention_spans``."""
    spans = mention_spans(sent, gazetteer)
    user_data: dict[Any, Any] = sent.doc.user_data
    key = (_MENTIONS_KEY, sent.start, sent.end, id(gazetteer))
    kept: tuple[tuple[bool, bool], ...] | None = user_data.get(key)
    if kept is None:
        kept = tuple(_judged(spans, gazetteer))
        user_data[key] = kept
    return [(span, inner, weak) for span, (inner, weak) in zip(spans, kept, strict=True)]


def _judged(spans: list[Span], gazetteer: Gazetteer) -> Iterator[tuple[bool, bool]]:
    heads = {span.start: _noun_head(span.root) for span in spans}
    for span in spans:
        head = heads[span.start]
        # "inner": another mention hangs from this one's phrase ("the Babaji area in
        # Lashkargah"): this one is the more specific place.
        inner = any(
            other.start != span.start
            and head in heads[other.start].ancestors
            and heads[other.start] != head
            for other in spans
        )
        weak = (
            _modifies_thing(span.root)
            or _possessive_container(span.root, spans)
            or (head.dep_ == "pobj" and head.head.lower_ in WEAK_PREPS)
            or _reference_place(head)
            or _contains_other(span, spans, gazetteer)
            or _town_naming_a_unit(span, spans, gazetteer)
        )
        yield inner, weak


def _possessive_container(root: Token, spans: list[Span]) -> bool:
    """X in "X's Maarib province", "X's Jabiliyah District", "X's southern district of
    Saiydiah": the unit X owns is named by another mention, the more specific place."""
    if root.dep_ != "poss":
        return False
    unit = root.head
    return any(
        (o.root.head == unit and o.root.dep_ == "compound")
        or (o.root == unit and o.start != root.i and unit.lower_ in PLACE_WORDS)
        or (o.root.dep_ == "pobj" and o.root.head.lower_ == "of" and o.root.head.head == unit)
        for o in spans
    )


def _reference_place(head: Token) -> bool:
    """Y in "40 km west of Y", "not far from Y": a landmark for locating another place."""
    return (
        head.dep_ == "pobj"
        and head.head.lower_ in ("of", "from")
        and head.head.head.lower_ in _RELATIVE_WORDS
    )


def _contains_other(span: Span, spans: list[Span], gazetteer: Gazetteer) -> bool:
    """Y in "the Shaab neighbourhood of Y": the unit's own name is the more specific.

    Only for units smaller than a town; in "the West Bank city of Nablus" the name
    after "of" is the specific one, and so it is when the name before the unit is a
    town ("the Homs neighbourhood of Baba Amr": see ``_town_naming_a_unit``).
    """
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    owner = root.head.head
    if owner.lower_ not in _SMALL_UNITS:
        return False
    return any(
        o.root.head == owner
        and o.root.dep_ == "compound"
        and not _town_contains(o.text, span.text, gazetteer)
        for o in spans
        if o != span
    )


def _town_naming_a_unit(span: Span, spans: list[Span], gazetteer: Gazetteer) -> bool:
    """X in "the south X neighbourhood of Y" when X is the larger place (a town, Y a
    name the gazetteer lacks or a smaller town): X contains Y."""
    root = span.root
    unit = root.head
    if root.dep_ != "compound" or unit.lower_ not in _SMALL_UNITS:
        return False
    return any(
        o.root.dep_ == "pobj"
        and o.root.head.lower_ == "of"
        and o.root.head.head == unit
        and _town_contains(span.text, o.text, gazetteer)
        for o in spans
    )


def _town_contains(unit_name: str, of_name: str, gazetteer: Gazetteer) -> bool:
    """In "the <unit_name> district of <of_name>", is unit_name the container?"""
    size = _size(unit_name, gazetteer)
    return size >= _CONTAINER_TOWN and size > _size(of_name, gazetteer)


def _size(name: str, gazetteer: Gazetteer) -> int:
    """How large the place ``name`` most likely is: 0 unknown, a town's population,
    more for admin units and regions, most for countries."""
    phrase = parse_phrase(name)
    if phrase is not None and phrase.admin_type:
        return 10**9
    place = gazetteer.resolve_place(phrase.name if phrase else name, fuzzy=False)
    if place is None:
        return 0
    if place.kind == "city":
        return place.population
    return 10**10 if place.kind == "country" else 10**9


def _modifies_thing(root: Token) -> bool:
    """True for a name that qualifies a non-place noun: "a U.S. patrol", "his Istanbul office"."""
    if root.dep_ not in ("compound", "amod", "poss", "nmod"):
        return False
    head = root.head
    return head.pos_ in ("NOUN", "PROPN") and head.lower_ not in PLACE_WORDS | FACILITY_WORDS


def _verbal_act_actor(head: Token) -> bool:
    """A mention that is the addressee or target of a verbal act ("called on Tehran")."""
    if head.dep_ != "pobj":
        return False
    verb = head.head.head
    return (
        verb.pos_ in ("VERB", "AUX")
        and verb.lemma_.lower() in _VERBAL_ACTS
        and head.head.lower_ not in _VERBAL_ACT_PREPS
    )


def _linked(verb: Token, trigger: Token) -> bool:
    return verb == trigger or verb in trigger.ancestors or trigger in verb.ancestors


def _rank(root: Token, trigger: Token) -> int | None:
    """0-2 as in the module docstring; None when the mention is not a place of anything."""
    head = _noun_head(root)
    modifier = head.dep_ in ("compound", "poss", "amod", "nsubj") and head.i != trigger.i
    if modifier and not (head.dep_ == "nsubj" and head.head == trigger and trigger.pos_ == "NOUN"):
        return None
    if not _locative_relation(root, trigger) or _verbal_act_actor(head):
        return None
    if any(
        verb.dep_ == "relcl" and verb.head == head and verb.lemma_.lower() in _ACTOR_VERBS
        for verb in (trigger, *trigger.ancestors)
    ):
        # "hackles in Ankara, which accuses Moscow of violating ...": the antecedent is
        # who accuses, for the accusation and for what it reports.
        return None
    attach = head.head.head if head.dep_ == "pobj" else head.head
    if (
        attach != trigger
        and attach.lemma_.lower() in _SPEECH_VERBS
        and attach in trigger.ancestors
        and head.i > attach.i
        and not any(c.dep_ == "auxpass" for c in attach.children)
    ):
        # "the ministry said in Washington that strikes hit X": where it was said. A
        # fronted "In Jericho, officials said ..." still sets the scene for the report.
        return None
    if head.dep_ != "pobj" and not _linked(attach, trigger):
        # The object of a verb in another clause ("annoyed Georgia") says nothing about
        # this event's place; one of a verb above or below the trigger may.
        return None
    # Climb from the attachment point: reaching the trigger without crossing another
    # verb puts the mention in the trigger's clause.
    crossed = 0
    node = attach
    for _ in range(40):
        if node == trigger:
            return 0 if crossed == 0 else 1
        if node.pos_ in ("VERB", "AUX") and node != attach:
            crossed += 1
        if node.pos_ == "VERB" and node == attach and node != trigger:
            crossed += 1
        if node.head == node:
            break
        node = node.head
    if attach in trigger.ancestors:
        return 1
    return 2
