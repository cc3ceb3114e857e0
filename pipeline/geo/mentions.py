"""Place mentions in a span of a parsed text, and how a name hangs from its verb.

Mentions are the GPE/LOC/FAC entities plus names the small English model mislabels (it
tags many Arabic place names PERSON or ORG): a name after a place preposition or naming
a place word ("in Maaret al-Naaman", "Idlib countryside", "the town of Halba"), the
object of a territorial verb ("patrolled Kassa"), an ORG or unlabelled name that is a
GeoNames town's own name ("Hama"), a town name tagged as a people or a language, a name
of several words ending in a place word ("Hamdan Hill"), an organisation-like name after
"at"/"on" a verb governs. Adjacent entities the parse joins into one name are merged
("Maraat" + "al-Numan"). The word lists are shared with ``pipeline.geo.attach``.
"""

from __future__ import annotations

from bisect import bisect_left
from typing import TYPE_CHECKING, Any

from spacy.tokens import Doc, Span, Token

from pipeline.doc_columns import columns
from pipeline.geo.gazetteer import generic_place_word
from pipeline.geo.normalize import ARABIC_ARTICLES

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
        "perimeter fringes approaches vicinity environs corridor pocket portion side entrance "
        "settlements locality localities hamlet hamlets"
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
# Quantity words that own a place through "of" ("much of Liberia", "most of the city").
_PART_WORDS = frozenset(
    str.split("much most many part parts half some all one rest third quarter bulk majority")
)
_CONTEST_WORDS = frozenset(str.split("battle fight fighting war struggle offensive assault"))
_TERRITORY_VERBS = frozenset(
    str.split(
        "patrol enter storm shell bomb besiege encircle liberate recapture retake overrun "
        "invade occupy bombard"
    )
)
# Words that make a name an organised body rather than a site.
_BODY_WORDS = frozenset(
    str.split(
        "army forces force police brigade brigades ministry government council party front "
        "militia group coalition state division regiment battalion guard guards command"
    )
)
# Verbal and relational acts: their objects are addressees or targets, actors rather
# than places ("Ankara accused Moscow", "Washington warned Tehran", "called on Kyiv").
_VERBAL_ACTS = frozenset(
    str.split(
        "say tell accuse warn urge call ask blame criticize criticise condemn denounce "
        "threaten praise thank reject demand appeal press pressure implore deny slam rebuke "
        "caution advise invite welcome reassure lobby petition sanction recognize recognise "
        "support back endorse congratulate assure inform notify summon charge fault "
        "castigate lambast berate scold admonish reprimand mock challenge defy protest "
        "persuade convince encourage join help aid arm fund accept meet"
    )
)
# Verbs of saying: where a report was made, not where the reported event happened.
_SPEECH_VERBS = frozenset(str.split("say tell report announce state add claim write quote"))
# After a verbal act only these prepositions still introduce the place where it happened.
_VERBAL_ACT_PREPS = frozenset(
    str.split("in near outside inside around at across throughout within")
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
_MENTIONS_KEY = "wirewatch_geo_mentions"
_OBJECT_DEPS = frozenset({"dobj", "nsubjpass", "npadvmod", "attr", "oprd"})
_STRONG_SLOT_PREPS = frozenset(("in", "near", "outside", "around", "inside", "into", "through"))


def mention_spans(region: Span, gazetteer: Gazetteer | None = None) -> list[Span]:
    """Place-like mentions in ``region``.

    Place entities always; other names (the small model tags many Arabic place names
    PERSON or ORG) when they sit in a place slot, name a facility, or are a town the
    gazetteer knows by that exact spelling. The coder asks once per trigger, and for the
    paragraph and the whole article, so a region is read sentence by sentence and each
    answer is kept in the Doc's user data as (start, end, label) triples.
    """
    doc = region.doc
    return [Span(doc, start, end, label=label) for start, end, label in _kept(region, gazetteer)]


def _kept(region: Span, gazetteer: Gazetteer | None) -> tuple[tuple[int, int, str], ...]:
    user_data: dict[Any, Any] = region.doc.user_data
    key = (_MENTIONS_KEY, region.start, region.end, id(gazetteer))
    kept: tuple[tuple[int, int, str], ...] | None = user_data.get(key)
    if kept is not None:
        return kept
    found: list[tuple[int, int, str]] = []
    doc = region.doc
    start = region.start
    while start < region.end:
        # (a sentence's part inside the region; a region within one sentence is read whole)
        end = min(doc[start].sent.end, region.end)
        if (start, end) == (region.start, region.end):
            found += ((s.start, s.end, s.label_) for s in _find_mentions(region, gazetteer))
        else:
            found += _kept(doc[start:end], gazetteer)
        start = end
    user_data[key] = kept = tuple(found)
    return kept


def _find_mentions(region: Span, gazetteer: Gazetteer | None) -> list[Span]:
    spans: list[Span] = []
    taken: set[int] = set(_armed_group_tokens(region))
    for ent in _merged_names(_entities(region)):
        ent = _hyphen_joined(ent, region, gazetteer)
        if generic_place_word(ent.text):
            continue  # "Turkey's south-east", "the south coast": no place of its own
        if any(i in taken for i in range(ent.start, ent.end)):
            continue  # "Daesh" (tagged GPE; a Chinese town by its skeleton) is a group
        if _hyphen_modifier(ent):
            continue  # "the London-based Observatory", "Hindi-speaking migrants"
        if _entity_is_place(ent, gazetteer):
            spans.append(ent)
            taken.update(range(ent.start, ent.end))
    for i in columns(region.doc).proper_nouns(region.start, region.end):
        if i in taken:
            continue
        token = region.doc[i]
        if token.ent_type_ not in _NAME_LABELS and not _mistimed_town(token, gazetteer):
            continue
        if (
            token.ent_type_ == "NORP"
            and not _in_strong_slot(token)
            and not _known_town(token.text, gazetteer)
        ):
            continue
        if token.dep_ == "compound" and token.head.pos_ == "PROPN":
            continue  # part of a longer name ("Casey" in "Casey Wiggins")
        if token.i + 1 < region.end and region.doc[token.i + 1].head == token:
            continue
        start = token.i
        while start > region.start and _joins_name(region.doc[start - 1], token):
            start -= 1
        # (and the words a hyphen joins to it: "al-Dabbagh", not "al" and "Dabbagh")
        start, end = hyphenated(region.doc, start, token.i + 1, region.start, region.end)
        if (
            start > region.start
            and region.doc[start - 1].is_title
            and _known_town(region.doc[start - 1 : end].text, gazetteer)
        ):
            start -= 1  # "Deir ez-Zor", whose "Deir" the parser hangs elsewhere
        span = region.doc[start:end]
        if len(span) == 1 and span.text.lower() in ARABIC_ARTICLES:
            continue  # an article alone names no place ("al" of "al-Dabbagh hospital")
        if (
            any(i in taken for i in range(span.start, span.end))
            or generic_place_word(span.text)
            or _hyphen_modifier(span)
        ):
            continue
        if (
            _in_place_slot(token)
            or (token.ent_type_ != "PERSON" and _known_town(span.text, gazetteer))
            or _territory_object(token, span.text, gazetteer)
            or _named_place(span)
            or (token.ent_type_ in ("ORG", "") and _in_site_slot(token))
            or _place_apposition(token, span.text, gazetteer)
        ):
            spans.append(span)
            taken.update(range(span.start, span.end))
    return spans


def _hyphen_modifier(span: Span) -> bool:
    """Is the name the first half of a modifier ("London-based", "US-led", "Hindi-
    speaking")? Such a name says where someone is from, not where anything happened."""
    doc = span.doc
    if span.end + 1 >= len(doc) or doc[span.end].text != "-":
        return False
    word = doc[span.end + 1]
    return word.is_lower and word.text.endswith(("ed", "ing"))


# The span group the actor pipe writes (``pipeline.coding.actors``): a name it reads as
# an armed group is that group, never a place.
ACTOR_SPANS = "wirewatch_actors"


def _armed_group_tokens(region: Span) -> list[int]:
    user_data: dict[Any, Any] = region.doc.user_data
    found: frozenset[int] | None = user_data.get(_GROUPS_KEY)
    if found is None:
        # (read once per Doc: a SpanGroup builds a Span for each item it yields)
        group = region.doc.spans.get(ACTOR_SPANS)
        if group is None:
            return []  # no actor pipe has run (yet)
        found = frozenset(
            i for span in group if span.label_ == "group" for i in range(span.start, span.end)
        )
        user_data[_GROUPS_KEY] = found
    return [i for i in found if region.start <= i < region.end]


_GROUPS_KEY = "wirewatch_geo_armed_groups"


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
    found = []
    # (in text order: from the first that starts inside the region)
    for start, end, label in triples[bisect_left(triples, (region.start,)) :]:
        if start >= region.end:
            break
        if end <= region.end:
            found.append(Span(doc, start, end, label=label))
    return found


def _merged_names(ents: list[Span]) -> list[Span]:
    """Adjacent entities the parse joins into one name become one span.

    The small model splits transliterated names ("Maraat" GPE + "al-Numan" PERSON); the
    halves alone name other places (a "Numan" in Nigeria). The label is the head part's.
    """
    merged: list[Span] = []
    for ent in ents:
        prev = merged[-1] if merged else None
        if (
            prev is not None
            and prev.end == ent.start
            and prev.root.dep_ == "compound"
            and ent.start <= prev.root.head.i < ent.end
            and ent.label_ not in ("DATE", "TIME", "CARDINAL", "ORDINAL", "QUANTITY")
        ):
            merged[-1] = Span(ent.doc, prev.start, ent.end, label=ent.label_)
            continue
        merged.append(ent)
    return merged


def hyphenated(
    doc: Doc, start: int, end: int, low: int = 0, high: int | None = None
) -> tuple[int, int]:
    """[start, end) widened over the words hyphens join to it with no space between
    ("Mazar" of "Mazar-e-Sharif"), within [low, high)."""
    high = len(doc) if high is None else high
    while (
        end + 1 < high
        and not doc[end - 1].whitespace_
        and doc[end].text == "-"
        and not doc[end].whitespace_
        and doc[end + 1].is_alpha
    ):
        end += 2
    while (
        start - 2 >= low
        and doc[start - 1].text == "-"
        and not doc[start - 1].whitespace_
        and not doc[start - 2].whitespace_
        and doc[start - 2].is_alpha
    ):
        start -= 2
    return start, end


def _hyphen_joined(span: Span, region: Span, gazetteer: Gazetteer | None) -> Span:
    """The whole hyphenated name an entity covers only part of ("Mazar" of
    "Mazar-e-Sharif", "Deir" of "Deir ez-Zor"), when the gazetteer knows the whole by its
    exact name; else the entity as it is ("Damascus" of "the Damascus-Beirut highway")."""
    doc = span.doc
    if gazetteer is None:
        return span
    start, end = hyphenated(doc, span.start, span.end, region.start, region.end)
    if end < region.end and doc[end].is_alpha:
        # "Deir" of "Deir ez-Zor": the next word and what a hyphen joins to it
        _, wider = hyphenated(doc, end, end + 1, region.start, region.end)
        if wider > end + 1 and gazetteer.candidates(doc[start:wider].text, fuzzy=False):
            end = wider
    if (start, end) == (span.start, span.end):
        return span
    if not gazetteer.candidates(doc[start:end].text, fuzzy=False):
        return span
    return Span(doc, start, end, label=span.label_)


def _place_apposition(token: Token, text: str, gazetteer: Gazetteer | None) -> bool:
    """A name the gazetteer knows, set beside a place as its container ("in Rueso
    district, Narathiwat"): the small model tags many such names PERSON."""
    head = token.head
    return (
        token.dep_ == "appos"
        and (head.lower_ in PLACE_WORDS or head.ent_type_ in _PLACE_LABELS)
        and gazetteer is not None
        and len(text) >= 4
        and bool(gazetteer.candidates(text, fuzzy=False))
    )


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
        return (
            _in_place_slot(ent.root)
            or _territory_object(ent.root, ent.text, gazetteer)
            or _named_place(ent)
            or (_known_town(ent.text, gazetteer) and _town_slot(ent.root))
        )
    if ent.label_ in ("NORP", "LANGUAGE"):
        # The small model tags some town names as a people or a language ("Aleppo").
        if _known_town(ent.text, gazetteer):
            return _in_place_slot(ent.root) or _locative_relation(ent.root, None)
        return ent.label_ == "NORP" and _in_strong_slot(ent.root)
    if ent.label_ == "ORG":
        # "an office of the Kurdistan Democratic Party": the owner, not a place.
        return (
            ent.root.lower_ in (FACILITY_WORDS | PLACE_WORDS) - {"state"}
            or _in_place_slot(ent.root, facilities=False)
            or _in_site_slot(ent.root)
            or _known_town(ent.text, gazetteer)
        )
    if ent.label_ in _NAME_LABELS:
        return (
            ent.root.lower_ in FACILITY_WORDS
            or _in_place_slot(ent.root)
            or _known_town(ent.text, gazetteer)
        )
    return False


def _town_slot(token: Token) -> bool:
    """A slot where a town's own name tagged PERSON is the town: "at"/"on" a site, or
    the object of a verb that is not a verbal act ("rebels overran Hama")."""
    if _in_site_slot(token):
        return True
    return (
        # Not a passive subject: "Castro was shot" is a person named like a town.
        token.dep_ == "dobj"
        and token.head.pos_ == "VERB"
        and token.head.lemma_.lower() not in _VERBAL_ACTS
    )


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


def _named_place(span: Span) -> bool:
    """A name of several words ending in a place word: "Sheikh Maqsoud District"."""
    last = span[-1]
    words = (PLACE_WORDS | FACILITY_WORDS) - {"state"}  # "Islamic State"
    return len(span) > 1 and last.is_title and last.lower_ in words


def _in_site_slot(token: Token) -> bool:
    """An organisation-like name after "at" or "on" ("clashes at Kafr Halab"): a site.

    Not for people ("angry at Smith"), acronyms ("at 0910 GMT") or armed bodies ("an
    assault on the Army"); the preposition must hang from a verb.
    """
    return (
        token.dep_ == "pobj"
        and token.head.lower_ in ("at", "on")
        and token.head.head.pos_ in ("VERB", "AUX")
        and not token.is_upper
        and token.lower_ not in _BODY_WORDS
    )


def _in_strong_slot(token: Token) -> bool:
    return token.dep_ == "pobj" and token.head.lower_ in _STRONG_SLOT_PREPS


def _in_place_slot(token: Token, facilities: bool = True) -> bool:
    """A name after a place preposition, or naming a place word ("Idlib city")."""
    if token.dep_ == "pobj" and token.head.lower_ in _STRONG_SLOT_PREPS:
        return True
    if token.dep_ == "pobj" and token.head.lower_ == "to":
        # "close to Kafr Zita", "next to X": a place, as "near X" is.
        return token.head.head.lower_ in ("close", "next", "adjacent")
    words = PLACE_WORDS | FACILITY_WORDS if facilities else PLACE_WORDS
    if token.dep_ == "pobj" and token.head.lower_ == "of":
        return token.head.head.lower_ in words
    return token.dep_ in ("compound", "poss") and token.head.lower_ in words


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
        elif token.dep_ == "pobj" and token.head.lower_ == "of" and _of_owner(token.head.head):
            token = token.head.head
        else:
            break
    return token


def _of_owner(owner: Token) -> bool:
    """The X of "the streets of X", "much of X", "one of X's bridges": X places it."""
    return owner.pos_ == "NOUN" or owner.lower_ in _PART_WORDS


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
            or (prep == "to" and owner in ("close", "next", "adjacent", "near"))
            # "seized several towns, including X": X is one of the event's places.
            or (prep == "including" and _noun_head(head.head.head).dep_ in _OBJECT_DEPS | {"pobj"})
        ):
            return True
        if prep not in WEAK_PREPS or trigger is None:
            return False
        # "withdrew from X", or through the trigger's object: "completed their
        # withdrawal from X", "evacuated the wounded from X".
        owner_token = head.head.head
        return owner_token == trigger or (
            owner_token.dep_ == "dobj" and owner_token.head == trigger
        )
    return (
        head.dep_ in _OBJECT_DEPS
        and head.head.pos_ in ("VERB", "AUX")
        and head.head.lemma_.lower() not in _VERBAL_ACTS
    )
