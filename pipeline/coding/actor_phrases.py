"""From the dictionary hits inside one noun phrase to the one actor the phrase denotes.

The rules, in order (README of ``pipeline/data/actors`` has the user-facing version):

1. A phrase is its head plus the head's left modifiers (determiners, adjectives,
   compounds, possessives) and an "of" complement ("the president of Armenia").
   Modifiers inside "X-backed", "X-supported", "pro-X" say who supports the actor,
   not who it is, and are left out ("Russian-backed rebels" -> REB).
2. A head that is a name (person, group, organisation, country, capital, seat) codes
   as that name; a person's office is the one held on the date (else ELI).
3. A head that is a generic agent ("warships", "spokesman") takes its sector and an
   owner from the modifiers: a person, then an organisation or group, then a seat or
   capital, then a country ("Russian warships" -> RUSMIL, "UN peacekeepers" ->
   IGOUNOMIL, "Islamic State fighters" -> IMGMUSISI, "Kremlin spokesman" -> RUSGOV).
   A title ("official", "commander") takes the sector of a generic modifier
   ("military officials" -> MIL, "rebel commander" -> REB); "former" makes it ELI.
4. No owner: a place in the phrase ("militants in Mosul", with a place lookup) gives
   the country; else "the regime" and "government troops" take the article's country,
   and a titled unknown name the caller's; other state sectors stay uncoded ("a jet of
   unknown nationality": sector MIL, code None); non-state sectors code alone
   ("rebels" -> REB).
5. Around a name: a title picks which of a person's offices speaks ("Prime Minister
   Ehud Barak" -> GOV), "former" makes ELI, a plural demonym is the people
   ("168 Liberians" -> LBRCVL), a capital named as a plain place is the country.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.coding.actor_atoms import (
    PEOPLE_OF_A_PLACE,
    SECTOR_INTER,
    Atom,
    AtomIndex,
    PhraseContext,
    atom_actor,
    country_code,
)
from pipeline.coding.actor_dictionary import COUNTRY_ANAPHORS, ActorEntry
from pipeline.doc_columns import columns
from pipeline.geo.mentions import hyphenated
from pipeline.models import Actor

if TYPE_CHECKING:
    from pipeline.coding.actors import ActorMention

LEFT_DEPS = frozenset(
    {
        "det",
        "amod",
        "compound",
        "poss",
        "nmod",
        "nummod",
        "quantmod",
        "case",
        "nn",
        "predet",
        "npadvmod",
        "punct",
    }
)
# Participles that make the modifier a sponsor, not the owner.
SPONSOR_WORDS = frozenset(
    {
        "backed",
        "supported",
        "sponsored",
        "allied",
        "aligned",
        "funded",
        "trained",
        "affiliated",
        "linked",
        "inspired",
        "friendly",
        "leaning",
        "pro",
    }
)
_NAME_KINDS = ("person", "group", "igo", "ngo", "media")
_OF = frozenset({"of"})
_UNKNOWN_NAME_TYPES = frozenset({"PERSON", "ORG", "NORP"})
# Monitors and news outlets often sit abroad: their base does not say whose they are
# ("a UK-based monitor", "the London-based daily"). Armed groups keep it ("Pakistan-based
# militants").
_BASED_ANYWHERE = frozenset({"NGO", "MED"})
# A capital after these is a place, not the government ("clashes in Damascus").
# Not "to", "from", "on": "a letter to Moscow", "pressure on Moscow" mean the government.
_LOCATIVE = frozenset(
    {"in", "at", "near", "outside", "around", "into", "across", "inside", "throughout"}
)
_TITLE_PREPS = frozenset({"of", "for", "at", "in", "from"})
_PLACE_PREPS = frozenset({"of", "in", "from", "throughout", "across", "inside"})


@dataclass(frozen=True)
class _Owner:
    actor: Actor
    kind: str
    entry_id: str | None
    rank: int  # lower wins: person 0, organisation 1, seat 2, country 3


def phrase_tokens(
    doc: Doc, head: Token, right_preps: frozenset[str] = frozenset({"of"})
) -> tuple[int, int, frozenset[int]]:
    """The phrase's token range [start, end) and the tokens of sponsor modifiers."""
    indices = {head.i}
    sponsors: set[int] = set()
    for child in head.lefts:
        if child.dep_ not in LEFT_DEPS:
            continue
        subtree = {t.i for t in child.subtree}
        indices |= subtree
        if any(t.lower_ in SPONSOR_WORDS for t in child.subtree):
            sponsors |= subtree
    for i in sorted(indices):
        # "Pro-Russian rebels": the parser may hang "Pro", "-" and "Russian" on the head
        # one by one; what follows "pro-" is the sponsor all the same
        if doc[i].lower_ == "pro" and i + 2 < head.i and doc[i + 1].text == "-":
            sponsors |= {i, i + 1, *(t.i for t in doc[i + 2].subtree)}
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ in right_preps and child.i == max(indices) + 1:
            # Only the object's noun phrase: a clause hanging under it is not the owner.
            for obj in child.children:
                if obj.dep_ == "pobj":
                    indices |= {child.i, obj.i}
                    for left in obj.lefts:
                        if left.dep_ in LEFT_DEPS:
                            indices |= {t.i for t in left.subtree}
    start, end = min(indices), max(indices) + 1
    # A phrase never crosses the head's own clause boundary to the left.
    while start < head.i and doc[start].is_punct:
        start += 1
    return start, end, frozenset(sponsors)


def phrase_text(doc: Doc, start: int, end: int) -> str:
    while start < end - 1 and (doc[start].dep_ == "det" or doc[start].is_punct):
        start += 1
    while end - 1 > start and doc[end - 1].is_punct:
        end -= 1
    return columns(doc).span_text(start, end)


def phrase_mention(
    doc: Doc,
    head: Token,
    atoms: AtomIndex,
    before: Sequence[ActorMention],
    context: PhraseContext,
    exclude: frozenset[int] = frozenset(),
) -> ActorMention | None:
    """The mention for the noun phrase headed by ``head`` (None if the head is no actor).

    ``exclude``: start tokens of atoms to ignore (the other owners of a coordination).
    """
    from pipeline.coding.actors import ActorMention
    from pipeline.coding.coref import home_base, resolve

    covering = atoms.covering(head.i)
    titled = any(a.entry is not None and a.entry.person for a in covering)
    generic = any(a.entry is not None and a.entry.kind == "generic" for a in covering)
    # "a spokesman for the ministry": the owner of a title may follow it; "rebels in
    # Darfur": a generic agent takes the country it is in when nothing else names one.
    preps = _TITLE_PREPS if titled else _PLACE_PREPS if generic else _OF
    start, end, sponsors = phrase_tokens(doc, head, preps)
    start = min([start, *(a.start for a in covering)])
    end = max([end, *(a.end for a in covering)])
    # "IS fighters": the tagger reads the acronym as a verb and leaves it out.
    start = min(
        [
            start,
            *(
                a.start
                for a in atoms.between(max(0, start - 8), start)
                if a.end == start
                and a.entry is not None
                and a.entry.kind != "generic"
                and doc[a.start].pos_ in ("AUX", "VERB")
            ),
        ]
    )
    inside = [
        a
        for a in atoms.between(start, end)
        if start <= a.start
        and a.end <= end
        and a.start not in exclude
        # a listed form that holds the head is the dictionary's own ("pro-government
        # forces"), not a sponsor modifying it
        and (a.start <= head.i < a.end or not any(i in sponsors for i in range(a.start, a.end)))
    ]
    head_atom = next((a for a in inside if a.start <= head.i < a.end), None)
    text = phrase_text(doc, start, end)
    mods = [a for a in inside if a is not head_atom]
    owners = []
    head_sector = head_atom.entry.sector if head_atom and head_atom.entry else None
    for mod in mods:
        if head_sector in _BASED_ANYWHERE and home_base(doc, mod.end):
            continue  # "a London-based monitoring group": where it sits, not whose it is
        if mod.start > head.i and mod.kind == "pronoun" and _owns_another(doc, mod, head):
            continue  # "Syrian refugees from their shelters": whose shelters, not whose refugees
        owner = _owner(doc, mod, before, context)
        if owner is not None:
            # A country after the head ("rebels in Darfur") yields to one before it.
            owners.append(replace(owner, rank=owner.rank + 1) if mod.start > head.i else owner)

    if head_atom is not None and head_atom.kind in ("pronoun", "definite"):
        target = resolve(head_atom, before, context.dictionary, doc)
        if target is not None:
            kind = "person" if head_atom.role == "surname" else head_atom.kind
            return ActorMention(
                start, end, text, target.actor, kind, target.entry_id, resolved_from=target.text
            )
        if head_atom.entry is None:
            return None
    titles = [a for a in mods if a.entry is not None and a.entry.person]
    if head_atom is not None and (head_atom.entry is None or head_atom.entry.kind != "generic"):
        actor = atom_actor(head_atom, text, context)
        if actor is None:
            return None
        actor = _adjust_name(doc, head, head_atom, actor, titles, start, context)
        if actor.sector == "CVL" and head_atom.role == "demonym":
            # "Bosnian Serbs", "Iraqi Kurds": a people living in the country before it.
            home = next(
                (o.actor.country for o in owners if o.kind == "country" and o.rank == 3),
                None,
            )
            if home is not None and home != actor.country:
                prefix = country_code(context.dictionary, home)
                actor = actor.model_copy(update={"country": home, "code": f"{prefix}CVL"})
        entry_id = head_atom.entry.entry_id if head_atom.entry else None
        return ActorMention(start, end, text, actor, head_atom.kind, entry_id)

    if head_atom is None:
        # An unknown name: "Foreign Minister Walid X", "Russian Ivan X".
        named = head.ent_type_ in _UNKNOWN_NAME_TYPES
        if head.pos_ == "PROPN" and not titles and not owners:
            described = _apposition(doc, head, atoms, before, context)
            if described is not None:
                # "Salah X, Algeria's leading activist": the apposition says who he is.
                return ActorMention(
                    start,
                    end,
                    text,
                    described.actor.model_copy(update={"text": text}),
                    "person",
                    described.entry_id,
                )
        if head.pos_ != "PROPN" or not (titles or (owners and named)):
            return None
        head_atom = titles[-1] if titles else None
        mods = [a for a in mods if a is not head_atom]
        kind = "person"
    else:
        singular = head.tag_ not in ("NNS", "NNPS")
        kind = (
            "person"
            if head_atom.entry is not None and head_atom.entry.person and singular
            else "generic"
        )
    return _generic_mention(doc, head, start, end, text, head_atom, mods, owners, kind, context)


def _generic_mention(
    doc: Doc,
    head: Token,
    start: int,
    end: int,
    text: str,
    head_atom: Atom | None,
    mods: Sequence[Atom],
    owners: Sequence[_Owner],
    kind: str,
    context: PhraseContext,
) -> ActorMention | None:
    from pipeline.coding.actors import ActorMention

    entry = head_atom.entry if head_atom is not None else None
    sector = entry.sector if entry is not None else None
    inter = entry.acled_inter if entry is not None else None
    generic_mods = [a.entry for a in mods if a.entry is not None and a.entry.kind == "generic"]
    contextual = any(e.contextual for e in (entry, *generic_mods) if e is not None)
    # The entry the sector comes from says whether that sector codes with no country.
    bare = entry is not None and entry.codes_bare
    if (entry is None or entry.person or entry.sector is None) and generic_mods:
        closest = next((e for e in reversed(generic_mods) if e.sector is not None), None)
        if closest is not None:
            sector, inter, bare = closest.sector, closest.acled_inter, closest.codes_bare
    if entry is not None and entry.person and _former(doc, start, head.i, context):
        sector, inter, bare = "ELI", None, True

    owner = min(owners, key=lambda o: o.rank) if owners else None
    entry_id = entry.entry_id if entry is not None else None
    identity = next(
        (
            e
            for e in (*reversed(generic_mods), entry)
            if e is not None and (e.identity is not None or e.country is not None)
        ),
        None,
    )
    if identity is not None and owner is None:
        mention = _identity_mention(
            doc, head, start, end, text, identity, sector, inter, kind, context
        )
        if mention is not None:
            return mention
    if owner is None:
        # "rebels in Homs", "Homs residents": the place says whose, before any guess
        # from the article.
        country = _place_country(doc, head, end, context)
        if country is None and sector in PEOPLE_OF_A_PLACE and not (entry and entry.needs_country):
            country = _place_before(doc, head, context)
        if country is None and contextual:
            country = context.default_country
        if country is None and kind == "person" and head.pos_ == "PROPN":
            country = context.given_country
        if country is None and entry is not None and entry.needs_country:
            return None
        prefix = country_code(context.dictionary, country)
        if prefix is not None and sector is not None:
            code: str | None = prefix + sector
        elif prefix is not None and entry is not None and entry.needs_country:
            code = prefix  # "refineries in Iran": the country's own
        elif sector is not None and bare:
            code = sector
        else:
            code = None
        inter = inter if inter is not None else SECTOR_INTER.get(sector or "")
        if code is None and country is None and sector is None:
            return None  # "the front", "a group": nothing to code
        actor = Actor(text=text, code=code, country=country, sector=sector, acled_inter=inter)
        return ActorMention(start, end, text, actor, kind, entry_id)

    o = owner.actor
    if identity is not None and identity.identity and owner.kind == "country":
        # "Iraqi Shiite militias": the country's own identity group.
        mention = _identity_mention(
            doc, head, start, end, text, identity, sector, inter, kind, context, country=o.country
        )
        if mention is not None:
            return mention
    if owner.kind in ("group", "igo", "ngo", "media") or (o.country is None and o.code):
        same = (
            sector is None
            or sector == o.sector
            or (o.sector == "REB" and sector in ("REB", "MIL", "UAF"))
        )
        if entry is not None and entry.person and owner.kind == "igo":
            # "UN envoy", "Arab League Secretary General": the organisation's official.
            actor = o.model_copy(update={"text": text, "sector": sector or o.sector})
        elif same or (entry is not None and entry.person):
            actor = o.model_copy(update={"text": text})
        elif owner.kind == "igo":
            code = f"{o.code}{sector}" if o.code and len(o.code) + 3 <= 15 else o.code
            actor = Actor(
                text=text, code=code, country=o.country, sector=sector, acled_inter=o.acled_inter
            )
        else:
            prefix = country_code(context.dictionary, o.country)
            actor = Actor(
                text=text,
                code=f"{prefix}{sector}" if prefix else o.code,
                country=o.country,
                sector=sector,
                acled_inter=o.acled_inter,
            )
        return ActorMention(start, end, text, actor, kind, owner.entry_id)

    if sector is None and (entry is None or not entry.person) and not o.sector:
        # "Israeli peace movement": a body of the country, of no known sector; "Spain's
        # Miguel X", a name with no title: the country's, in no office we know of.
        prefix = country_code(context.dictionary, o.country)
        actor = Actor(text=text, code=prefix, country=o.country, acled_inter=o.acled_inter)
        return ActorMention(start, end, text, actor, kind, entry_id or owner.entry_id)
    if sector is None:
        inter = o.acled_inter
    sector = sector or o.sector or "GOV"
    prefix = country_code(context.dictionary, o.country)
    code = f"{prefix}{sector}" if prefix else (o.code if o.sector == sector else None)
    if inter is None:
        inter = SECTOR_INTER.get(sector)
    actor = Actor(text=text, code=code, country=o.country, sector=sector, acled_inter=inter)
    return ActorMention(start, end, text, actor, kind, entry_id or owner.entry_id)


def _identity_mention(
    doc: Doc,
    head: Token,
    start: int,
    end: int,
    text: str,
    identity: ActorEntry,
    sector: str | None,
    inter: int | None,
    kind: str,
    context: PhraseContext,
    country: str | None = None,
) -> ActorMention | None:
    """ "Kurdish fighters", "Shiite militias", "Tamil refugees": an ethnic or religious group.

    Whose it is: the country named in or after the phrase, else the group's home (if
    the dictionary gives one), else the article's country. The identity block follows
    country and sector (SYRREBKUR); armed identity groups are ACLED identity militias (4).
    """
    from pipeline.coding.actors import ActorMention

    sector = sector or identity.sector or "CVL"
    country = (
        country
        or _place_country(doc, head, end, context)
        or identity.country
        or context.default_country
    )
    prefix = country_code(context.dictionary, country)
    block = identity.identity or ""
    base = f"{prefix}{sector}" if prefix else sector
    code = base + block if len(base + block) <= 15 else base
    if sector in ("REB", "UAF"):
        inter = 4
    elif inter is None:
        inter = SECTOR_INTER.get(sector)
    actor = Actor(text=text, code=code, country=country, sector=sector, acled_inter=inter)
    return ActorMention(start, end, text, actor, kind, identity.entry_id)


def _apposition(
    doc: Doc,
    head: Token,
    atoms: AtomIndex,
    before: Sequence[ActorMention],
    context: PhraseContext,
) -> ActorMention | None:
    """The actor an appositive title gives an unknown name ("X, the defence minister")."""
    for child in head.rights:
        if child.dep_ != "appos" or child.pos_ not in ("NOUN", "PROPN"):
            continue
        mention = phrase_mention(doc, child, atoms, before, context)
        if mention is not None and mention.actor.code and mention.kind in ("person", "generic"):
            return mention
    return None


def _owns_another(doc: Doc, atom: Atom, head: Token) -> bool:
    """A possessive word that belongs to a noun of its own, not to the phrase's head
    ("refugees from their shelters"); one through "of" still owns it ("members of their
    organization")."""
    word = doc[atom.end - 1]
    owned = word.head
    if word.dep_ != "poss" or owned.i == head.i:
        return False
    prep = owned.head
    return not (owned.dep_ == "pobj" and prep.lower_ == "of" and prep.head.i == head.i)


def _owner(
    doc: Doc, atom: Atom, before: Sequence[ActorMention], context: PhraseContext
) -> _Owner | None:
    from pipeline.coding.coref import resolve

    if atom.kind in ("pronoun", "definite"):
        target = resolve(atom, before, context.dictionary, doc)
        if target is None and atom.anaphor in COUNTRY_ANAPHORS and context.default_country:
            # "the country's defence minister" before any country is named: the article's.
            iso3 = context.default_country
            prefix = country_code(context.dictionary, iso3)
            land = Actor(text=atom.anaphor or "", code=prefix, country=iso3, acled_inter=1)
            return _Owner(land, "country", f"country:{iso3}", 3)
        if target is None:
            return None
        rank = 0 if target.kind == "person" else 1
        return _Owner(target.actor, target.kind, target.entry_id, rank)
    entry = atom.entry
    if entry is None or entry.kind == "generic":
        return None
    text = doc[atom.start : atom.end].text
    actor = atom_actor(atom, text, context)
    if actor is None:
        return None
    if entry.kind == "person":
        rank = 0
    elif entry.kind in _NAME_KINDS:
        rank = 1
    elif entry.sector is not None or atom.role == "capital":
        rank = 2
    else:
        rank = 3
    return _Owner(actor, atom.kind, entry.entry_id, rank)


def _adjust_name(
    doc: Doc,
    head: Token,
    atom: Atom,
    actor: Actor,
    titles: Sequence[Atom],
    start: int,
    context: PhraseContext,
) -> Actor:
    """What the words around a name change: a title, "former", a plural or a place."""
    if atom.kind == "person":
        if _former(doc, start, head.i, context):
            return actor.model_copy(
                update={"sector": "ELI", "acled_inter": None, "code": _recode(actor, "ELI")}
            )
        title = next((t.entry for t in reversed(titles) if t.entry and t.entry.sector), None)
        if title is not None and title.sector != actor.sector and actor.country is not None:
            # "Prime Minister Ehud Barak": the title says which of his offices speaks.
            return actor.model_copy(
                update={"sector": title.sector, "code": _recode(actor, title.sector or "")}
            )
        return actor
    if atom.role == "demonym" and head.tag_ in ("NNS", "NNPS") and atom.start <= head.i < atom.end:
        if atom.start > 0 and doc[atom.start - 1].lower_ == "ethnic":
            # "ethnic Albanians in Serbia": a people where they live, not a state's people.
            home = _place_country(doc, head, len(doc), context) or context.default_country
            if home is not None and home != actor.country:
                prefix = country_code(context.dictionary, home)
                return actor.model_copy(
                    update={
                        "country": home,
                        "sector": "CVL",
                        "acled_inter": 7,
                        "code": f"{prefix}CVL",
                    }
                )
        # "Palestinians", "168 Liberians": the people of the country.
        return actor.model_copy(
            update={"sector": "CVL", "acled_inter": 7, "code": _recode(actor, "CVL")}
        )
    if (
        atom.role == "capital"
        and head.dep_ == "pobj"
        and head.head.lower_ in _LOCATIVE
        and actor.country is not None
        and not _described(doc, head)
    ):
        return actor.model_copy(
            update={"sector": None, "code": actor.code[:3] if actor.code else None}
        )
    return actor


def _place_country(doc: Doc, head: Token, end: int, context: PhraseContext) -> str | None:
    """The country of a place named in the phrase's "in"/"from" complement, if known."""
    if context.place_country is None:
        return None
    for prep in head.rights:
        if prep.i >= end or prep.dep_ != "prep" or prep.lower_ not in _PLACE_PREPS:
            continue
        for obj in prep.children:
            if obj.dep_ == "pobj" and obj.pos_ == "PROPN" and obj.i < end:
                first = obj.i
                while first > prep.i + 1 and doc[first - 1].pos_ == "PROPN":
                    first -= 1
                # "the city of Mazar-e-Sharif": the whole name first, if it is one
                whole = hyphenated(doc, first, obj.i + 1, prep.i + 1, obj.right_edge.i + 1)
                if whole != (first, obj.i + 1) and (
                    country := context.place_country(
                        doc[whole[0] : whole[1]].text, context.default_country, exact=True
                    )
                ):
                    return country
                country = context.place_country(
                    doc[first : obj.i + 1].text, context.default_country
                )
                if country is not None:
                    return country
    return None


def _place_before(doc: Doc, head: Token, context: PhraseContext) -> str | None:
    """The country of a place named before the head: "Darfur" in "Darfur rebels", "Dallas"
    in "Dallas police". A name the model tags as a place or a proper noun, spelled as the
    gazetteer has it; not a person's or a people's name ("Karen rebels"), a name running
    on into the head ("Homs Governorate"), or a name inside a hyphened word ("pro-Turkey
    rebels", "anti-Syria protesters": the place is what they are for or against)."""
    if context.place_country is None:
        return None
    for mod in head.lefts:
        if mod.dep_ not in ("compound", "amod") or mod.ent_type_ in ("PERSON", "NORP"):
            continue
        name = doc[mod.left_edge.i : mod.i + 1]
        if (
            doc[mod.i + 1].ent_iob_ == "I"
            or (name.start > 0 and doc[name.start - 1].text == "-")
            or any(t.pos_ != "PROPN" and t.ent_type_ not in ("GPE", "LOC") for t in name)
        ):
            continue
        return context.place_country(name.text, context.default_country, exact=True)
    return None


def _described(doc: Doc, head: Token) -> bool:
    """ "Ankara, which accused Moscow": a place that says or does things is an actor."""
    if any(child.dep_ in ("relcl", "appos") for child in head.children):
        return True
    after = doc[head.i + 1 : head.i + 3]
    return len(after) == 2 and after[0].text == "," and after[1].lower_ in ("which", "who")


def _former(doc: Doc, start: int, head_i: int, context: PhraseContext) -> bool:
    markers = context.dictionary.former_markers
    return any(doc[i].lower_ in markers for i in range(start, head_i))


def _recode(actor: Actor, sector: str) -> str | None:
    if actor.country is None:
        return None
    return f"{actor.code[:3]}{sector}" if actor.code else None
