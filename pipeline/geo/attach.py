"""Which place mention belongs to an event: follow the dependency parse from the trigger.

Mentions are the sentence's GPE/LOC/FAC entities plus names the small English model
mislabels (it tags many Arabic place names PERSON or ORG): a name after a place
preposition or naming a place word ("in Maaret al-Naaman", "Idlib countryside", "the
town of Halba"), the object of a territorial verb ("patrolled Kassa"), an ORG or
unlabelled name that is a GeoNames town's own name ("Hama").

A mention is ranked by how it hangs from the trigger:
0. in the trigger's own clause: object of a locative preposition ("in", "near", "on",
   "at", "outside", "through", ...), or the trigger's object or passive subject
   ("shelled Aleppo"); "to"/"from" count only when they hang from the trigger itself;
1. elsewhere under the trigger, or attached to a verb above it;
2. anywhere else in the sentence, by a locative preposition;
3. (when the caller passes it) the paragraph, by a locative relation.
Within the best rank: strong mentions before weak ones (a name qualifying a thing, "a
U.S. patrol"; a possessive container, "Yemen's Maarib province"; "to"/"from"), then the
finest geo precision (an unknown name counts as a village), then the mention other
places' phrases hang from, then the nearest to the trigger. Subjects ("Moscow said")
and modifiers of subjects ("U.S. troops") are never places. Nothing: None with a note.
The dateline is never a candidate: it is not in the sentence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from spacy.tokens import Span, Token

from pipeline.geo.context import GeoContext, PlaceResolution
from pipeline.geo.qualifiers import qualifier_prefix, resolve_location
from pipeline.models import Location

if TYPE_CHECKING:
    from pipeline.geo.gazetteer import Gazetteer

LOCATIVE_PREPS = frozenset(
    str.split(
        "in near at on outside around inside into across over throughout within along off "
        "toward towards onto beside behind between through against above beyond"
    )
)
# Destination and origin: the place of a movement event ("returned to X", "withdrew
# from X") only when they hang from the trigger itself.
WEAK_PREPS = frozenset(("to", "from"))
PLACE_WORDS = frozenset(
    str.split(
        "province governorate oblast region state countryside outskirts suburb suburbs area "
        "district city town village camp neighborhood neighbourhood border axis port capital "
        "settlement hub streets street heart centre center sector part parts flank edge "
        "villages towns cities areas districts suburbs neighborhoods neighbourhoods quarter "
        "perimeter fringes approaches vicinity environs corridor pocket portion side entrance"
    )
)
# Words that make an organisation-looking name a facility ("the Nabi Saleh Mosque").
FACILITY_WORDS = frozenset(
    str.split(
        "mosque church hospital school university market airport base checkpoint bridge "
        "square stadium prison camp embassy palace refinery dam mountains mountain valley "
        "river lake island islands coast park road highway crossing hall office hotel "
        "restaurant home house residence compound building headquarters jail field fields "
        "farms hill hills plant station tomb depot project"
    )
)
_PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
_NAME_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "WORK_OF_ART", ""})
_RELATIVE_WORDS = frozenset(
    str.split(
        "north south east west northeast northwest southeast southwest far away "
        "kilometres kilometers km miles"
    )
)
_CONTEST_WORDS = frozenset(str.split("battle fight fighting war struggle offensive assault"))
_TERRITORY_VERBS = frozenset(
    str.split(
        "patrol enter storm shell bomb besiege encircle liberate recapture retake overrun "
        "invade occupy bombard"
    )
)
_CAPTURE_VERBS = frozenset(str.split("capture seize take control reach raid attack"))
_SMALL_UNITS = frozenset(
    str.split("neighborhood neighbourhood area district quarter suburb sector region locality")
)
_CALENDAR_WORDS = frozenset(
    str.split(
        "monday tuesday wednesday thursday friday saturday sunday january february march "
        "april may june july august september october november december today tonight "
        "a.m. p.m."
    )
)
_ENTS_KEY = "wirewatch_geo_entities"
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "npadvmod", "attr", "oprd"})
_STRONG_SLOT_PREPS = frozenset(("in", "near", "outside", "around", "inside", "into", "through"))


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
    best_rank = min(c.rank for c in candidates)
    resolved: list[tuple[bool, int, bool, int, PlaceResolution]] = []
    for cand in (c for c in candidates if c.rank == best_rank):
        result = resolve_location(gazetteer, phrase_for(cand.span), ctx)
        if result.location is None:
            result = PlaceResolution(Location(name=cand.span.text[:500]), result.note)
        precision = result.location.geo_precision if result.location else None
        # An unknown name in a place slot is most often a village too small for the
        # gazetteer; a name another place's phrase hangs from is the more specific one.
        resolved.append(
            (
                cand.weak,
                precision or 1,
                not cand.inner,
                cand.distance,
                _with_mention(result, cand.span),
            )
        )
    resolved.sort(key=lambda item: item[:4])
    return resolved[0][4]


def _with_mention(result: PlaceResolution, span: Span) -> PlaceResolution:
    return PlaceResolution(result.location, result.note, span.text)


def phrase_for(span: Span) -> str:
    """The mention with the qualifier words around it: "near southern Idlib province"."""
    doc = span.doc
    start = max(span.sent.start, span.start - 7)
    prefix = qualifier_prefix(doc[start : span.start].text)
    suffix = ""
    nxt = span.end
    if nxt < len(doc) and doc[nxt].text in ("'s", "’s") and nxt + 1 < len(doc):
        nxt += 1
    if nxt < len(doc) and doc[nxt].lower_ in PLACE_WORDS and doc[nxt].lower_ not in span.text:
        suffix = " " + doc[nxt].text
    return f"{prefix}{span.text}{suffix}".strip()


def mention_spans(region: Span, gazetteer: Gazetteer | None = None) -> list[Span]:
    """Place-like mentions in ``region``.

    Place entities always; other names (the small model tags many Arabic place names
    PERSON or ORG) when they sit in a place slot, name a facility, or are a town the
    gazetteer knows by that exact spelling.
    """
    spans: list[Span] = []
    taken: set[int] = set()
    for ent in _entities(region):
        if _entity_is_place(ent, gazetteer):
            spans.append(ent)
            taken.update(range(ent.start, ent.end))
    for token in region:
        if token.i in taken or token.pos_ != "PROPN":
            continue
        if token.ent_type_ not in _NAME_LABELS and not _mistimed_town(token, gazetteer):
            continue
        if token.ent_type_ == "NORP" and not _in_strong_slot(token):
            continue
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            continue  # part of a longer name ("Casey" in "Casey Wiggins")
        if token.i + 1 < region.end and region.doc[token.i + 1].head == token:
            continue
        start = token.i
        while start > region.start and _joins_name(region.doc[start - 1], token):
            start -= 1
        span = region.doc[start : token.i + 1]
        if any(i in taken for i in range(span.start, span.end)):
            continue
        if (
            _in_place_slot(token)
            or (token.ent_type_ != "PERSON" and _known_town(span.text, gazetteer))
            or _territory_object(token, span.text, gazetteer)
        ):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return spans


def _entities(region: Span) -> list[Span]:
    """The named entities inside ``region``.

    ``Span.ents`` builds a Span for every entity of the whole Doc on each call, and the
    coder asks once per trigger; the Doc's (start, end, label) triples are kept in its
    user data (plain values, so the Doc still serialises).
    """
    doc = region.doc
    triples = doc.user_data.get(_ENTS_KEY)
    if triples is None:
        triples = tuple((e.start, e.end, e.label_) for e in doc.ents)
        doc.user_data[_ENTS_KEY] = triples
    return [
        Span(doc, start, end, label=label)
        for start, end, label in triples
        if region.start <= start and end <= region.end
    ]


def _territory_object(token: Token, text: str, gazetteer: Gazetteer | None) -> bool:
    """A name tagged PERSON that a territorial verb takes as object ("patrolled Kassa").

    Verbs that only take places accept any name; "captured" also takes people, so the
    name must be a town the gazetteer knows.
    """
    if token.dep_ not in ("dobj", "nsubjpass") or token.head.pos_ != "VERB":
        return False
    lemma = token.head.lemma_.lower()
    if lemma in _TERRITORY_VERBS:
        return True
    return lemma in _CAPTURE_VERBS and _known_town(text, gazetteer)


def _mistimed_town(token: Token, gazetteer: Gazetteer | None) -> bool:
    """A town the tagger put inside a DATE/TIME entity ("struck Aleppo overnight")."""
    return (
        token.ent_type_ in ("DATE", "TIME")
        and token.lower_ not in _CALENDAR_WORDS
        and _known_town(token.text, gazetteer)
    )


def _entity_is_place(ent: Span, gazetteer: Gazetteer | None) -> bool:
    """Place labels always; PERSON only in a place slot ("in Maaret al-Naaman"); ORG and
    other name labels also when a facility or a town the gazetteer knows ("Hama")."""
    if ent.label_ in _PLACE_LABELS:
        return True
    if ent.label_ == "PERSON":
        return _in_place_slot(ent.root) or _territory_object(ent.root, ent.text, gazetteer)
    if ent.label_ == "NORP":
        return _in_strong_slot(ent.root)
    if ent.label_ == "ORG":
        # "an office of the Kurdistan Democratic Party": the owner, not a place.
        return (
            ent.root.lower_ in (FACILITY_WORDS | PLACE_WORDS) - {"state"}
            or _in_place_slot(ent.root, facilities=False)
            or _known_town(ent.text, gazetteer)
        )
    if ent.label_ in _NAME_LABELS:
        return (
            ent.root.lower_ in FACILITY_WORDS
            or _in_place_slot(ent.root)
            or _known_town(ent.text, gazetteer)
        )
    return False


def _known_town(text: str, gazetteer: Gazetteer | None) -> bool:
    if gazetteer is None or len(text) < 4:
        return False
    return gazetteer.is_town_name(text)


def _joins_name(token: Token, root: Token) -> bool:
    return (
        token.head == root
        and (token.dep_ in ("compound", "nmod") or token.text in ("-", "al", "el", "ad", "as"))
        and token.pos_ in ("PROPN", "PUNCT", "X", "NOUN", "ADJ")
    )


def _in_strong_slot(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _STRONG_SLOT_PREPS


def _in_place_slot(token: Token, facilities: bool = True) -> bool:
    """A name after a place preposition, or naming a place word ("Idlib city")."""
    if token.dep_ == "pobj" and token.head.lower_ in _STRONG_SLOT_PREPS:
        return True
    words = PLACE_WORDS | FACILITY_WORDS if facilities else PLACE_WORDS
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head.lower_ in words
    return token.dep_ in ("compound", "poss") and token.head.lower_ in words


def _candidates(sent: Span, trigger: Token, gazetteer: Gazetteer) -> list[_Candidate]:
    spans = mention_spans(sent, gazetteer)
    heads = {span.start: _noun_head(span.root) for span in spans}
    out = []
    for span in spans:
        rank = _rank(span.root, trigger)
        if rank is None:
            continue
        # "inner": another candidate hangs from this one's phrase ("the Babaji area in
        # Lashkargah"): this one is the more specific place.
        head = heads[span.start]
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
            or _contains_other(span, spans)
        )
        out.append(_Candidate(span, rank, abs(span.root.i - trigger.i), inner, weak))
    return out


def _possessive_container(root: Token, spans: list[Span]) -> bool:
    """X in "X's Maarib province": a place word named by another mention as well."""
    if root.dep_ != "poss":
        return False
    return any(o.root.head == root.head and o.root.dep_ == "compound" for o in spans)


def _reference_place(head: Token) -> bool:
    """Y in "40 km west of Y", "not far from Y": a landmark for locating another place."""
    return (
        head.dep_ == "pobj"
        and head.head.lower_ in ("of", "from")
        and head.head.head.lower_ in _RELATIVE_WORDS
    )


def _contains_other(span: Span, spans: list[Span]) -> bool:
    """Y in "the Shaab neighbourhood of Y": the unit's own name is the more specific.

    Only for units smaller than a town; in "the West Bank city of Nablus" the name
    after "of" is the specific one.
    """
    root = span.root
    if root.dep_ != "pobj" or root.head.lower_ != "of":
        return False
    owner = root.head.head
    if owner.lower_ not in _SMALL_UNITS:
        return False
    return any(o.root.head == owner and o.root.dep_ == "compound" for o in spans if o != span)


def _modifies_thing(root: Token) -> bool:
    """True for a name that qualifies a non-place noun: "a U.S. patrol", "his Istanbul office"."""
    if root.dep_ not in ("compound", "amod", "poss", "nmod"):
        return False
    head = root.head
    return head.pos_ in ("NOUN", "PROPN") and head.lower_ not in PLACE_WORDS | FACILITY_WORDS


def _noun_head(token: Token) -> Token:
    """Climb from a name to the noun phrase it heads or names.

    "Idlib" in "Idlib countryside" -> countryside; "Bilbao" in "the streets of Bilbao" ->
    streets; appositions and conjunctions to their first member.
    """
    for _ in range(12):
        if token.dep_ in ("compound", "poss", "amod", "nmod") and token.head != token:
            # "his Istanbul office", "Baghdad's al-Ghazl market": the name places the noun.
            if token.head.pos_ not in ("NOUN", "PROPN"):
                break
            token = token.head
        elif token.dep_ in ("appos", "conj") and token.head != token:
            token = token.head
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and token.head.head.pos_ == "NOUN":
            token = token.head.head
        else:
            break
    return token


def _locative_relation(token: Token, trigger: Token | None) -> bool:
    head = _noun_head(token)
    if head.dep_ == "pobj":
        prep = head.head.lower_
        if prep in LOCATIVE_PREPS:
            return True
        owner = head.head.head.lower_
        # "north of Khattab", "not far from Grozny"; "the battle for Manbij".
        if (
            (prep in ("of", "from") and owner in _RELATIVE_WORDS)
            or (prep == "for" and owner in _CONTEST_WORDS)
            or (prep == "of" and owner in ("inside", "outside", "out"))
        ):
            return True
        return prep in WEAK_PREPS and trigger is not None and head.head.head == trigger
    return head.dep_ in _OBJECT_DEPS and head.head.pos_ in ("VERB", "AUX")


def _linked(verb: Token, trigger: Token) -> bool:
    return verb == trigger or verb in trigger.ancestors or trigger in verb.ancestors


def _rank(root: Token, trigger: Token) -> int | None:
    """0-2 as in the module docstring; None when the mention is not a place of anything."""
    head = _noun_head(root)
    modifier = head.dep_ in ("compound", "poss", "amod", "nsubj") and head.i != trigger.i
    if modifier and not (head.dep_ == "nsubj" and head.head == trigger and trigger.pos_ == "NOUN"):
        return None
    if not _locative_relation(root, trigger):
        return None
    attach = head.head.head if head.dep_ == "pobj" else head.head
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
