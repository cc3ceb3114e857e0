"""The coder's view of actor recognition (``pipeline.coding.actors``).

Actor recognition adds its own spaCy component and answers "which actor is the
phrase headed by this token?". This wrapper also looks through a head that names an
action or a thing rather than an actor ("Russian *strikes*", "IS *positions*") to the
modifiers that name whose it is.
"""

from __future__ import annotations

import importlib
import logging
from datetime import date
from functools import partial
from typing import Any

from spacy.language import Language
from spacy.tokens import Doc, Token

from pipeline.coding.actor_atoms import PEOPLE_OF_A_PLACE
from pipeline.coding.event_rules import bare_state
from pipeline.coding.relevance import NO_ACTOR_CUES, ActorCues, previous_sentence
from pipeline.models import Actor

log = logging.getLogger(__name__)

_MODIFIER_DEPS = ("poss", "compound", "amod", "nmod")
# The modifiers that say what kind of thing a noun is (not whose: "poss").
_KIND_DEPS = ("compound", "amod", "nmod")
# Acts that name their party with "of": the withdrawal, release or resignation of X is
# about X, whoever demands, welcomes or opposes it.
_ACTS_OF_A_PARTY = frozenset(
    {
        "withdrawal",
        "pullout",
        "release",
        "resignation",
        "removal",
        "ouster",
        "extradition",
        "expulsion",
        "arrest",
        "detention",
        "trial",
        "prosecution",
        "disarmament",
        "deployment",
        "departure",
        "surrender",
        "presence",
        "involvement",
        "participation",
        "return",
    }
)
# What a party holds, where it is hit: "shelled positions of the security forces",
# "stormed the home of a lawmaker" are aimed at the holder.
_HOLDINGS = frozenset(
    {
        "position",
        "base",
        "camp",
        "office",
        "home",
        "house",
        "residence",
        "headquarters",
        "compound",
        "stronghold",
        "hideout",
        "convoy",
        "vehicle",
        "car",
        "plane",
        "aircraft",
        "helicopter",
        "ship",
        "vessel",
        "boat",
        "embassy",
        "consulate",
        "property",
        "computer",
        "network",
        "website",
        "facility",
        "installation",
        "depot",
        "barracks",
        "outpost",
        "checkpoint",
        "patrol",
        "territory",
    }
)
# Places that shelter people: a camp, a school or a hospital "for" them is theirs where
# it is hit ("attacked a camp for Congolese refugees").
_SHELTERS = frozenset(
    {"camp", "shelter", "home", "school", "hospital", "clinic", "orphanage", "hostel"}
)
# Parties named by their tie to another: "its Syrian allies" are Syria.
_RELATIONS = frozenset(
    {
        "ally",
        "partner",
        "counterpart",
        "neighbour",
        "neighbor",
        "brother",
        "friend",
        "backer",
        "patron",
        "sponsor",
        "proxy",
        "rival",
        "opponent",
        "enemy",
        "foe",
        "comrade",
    }
)
# What one party puts to another: its author is named with "from" ("rejected an offer
# from Kabul", "accepted demands from the rebels") as with "by".
_MESSAGES = frozenset(
    {
        "offer",
        "proposal",
        "demand",
        "request",
        "call",
        "appeal",
        "invitation",
        "ultimatum",
        "plan",
        "initiative",
        "overture",
        "message",
        "letter",
        "warning",
        "pressure",
        "concession",
    }
)
# Numbers that said alone are a crowd of people ("thousands marched"); the coder keeps
# such a crowd only where crowds act (``is_crowd``).
_CROWDS = frozenset({"dozens", "scores", "hundreds", "thousands", "tens", "millions"})


# Crowds that march or gather for something other than a cause: a counted crowd of these
# is no protest ("thousands of fans marched to the stadium").
_GATHERED_FOR_OTHER_THINGS = frozenset(
    {
        "fan",
        "spectator",
        "pilgrim",
        "worshipper",
        "worshiper",
        "mourner",
        "tourist",
        "runner",
        "athlete",
        "participant",
        "visitor",
        "shopper",
        "reveller",
        "reveler",
        "cadet",
        "graduate",
        "guest",
    }
)


_SMALLEST_CROWD = 20


def _a_crowd_of(number: Token) -> bool:
    """A figure that counts a crowd: 20 or more, in digits ("some 300", "40,000"), or a
    crowd word; "three generations of a family marched" or "six of the victors marched
    out" are not a protest."""
    if number.lower_ in _CROWDS:
        return True
    digits = number.text.replace(",", "")
    return digits.isdigit() and int(digits) >= _SMALLEST_CROWD


def is_crowd(actor: Actor) -> bool:
    """A crowd named by a bare number ("hundreds protested", "dozens were detained")."""
    return actor.code is not None and actor.code.endswith("CVL") and actor.text.lower() in _CROWDS


_SUBJECT_PRONOUNS = frozenset({"it", "he", "she", "they"})


def _agrees(pronoun: Token, noun: Token) -> bool:
    """Can the singular "he", "she" or "it" stand for ``noun``? Not for a plural noun
    ("gunmen shot at the convoy as he returned": he is not the gunmen)."""
    return pronoun.lower_ == "they" or noun.tag_ not in ("NNS", "NNPS")


_QUANTITY_HEADS = frozenset(
    {
        "majority",
        "most",
        "some",
        "many",
        "several",
        "part",
        "half",
        "percent",
        "%",
        "all",
        "none",
        "one",
        "dozens",
        "hundreds",
        "thousands",
        "thousand",
        "hundred",
        "dozen",
        "score",
        "million",
        "scores",
        "number",
        "range",
        "bulk",
        "third",
        "quarter",
        "fraction",
        "group",
        "contingent",
        "unit",
        "detachment",
        "batch",
        "wave",
        "throng",
        "band",
        "column",
        "convoy",
        "team",
        "handful",
        "couple",
    }
)


def _actor_cues(dictionary: Any, nlp: Language) -> ActorCues:
    """Every actor surface form as tokens, for the relevance pre-filter, with the ones
    that name a person (a person's name, a title such as "president") marked."""
    tokenizer: Any = nlp.tokenizer

    def tokens(table: Any) -> dict[tuple[str, ...], bool]:
        texts = list(table)
        out: dict[tuple[str, ...], bool] = {}
        for text, doc in zip(texts, tokenizer.pipe(texts), strict=True):
            entries = [dictionary.entries.get(i) for i in table[text].entry_ids]
            person = any(e is not None and (e.kind == "person" or e.person) for e in entries)
            out[tuple(t.text for t in doc)] = person
        return out

    # the case-insensitive surfaces are lower case already, as ActorCues keeps them
    forms, exact = tokens(dictionary.surfaces), tokens(dictionary.exact_surfaces)
    return ActorCues.of(
        forms,
        dictionary.anaphor_nouns,
        exact,
        persons=[f for table in (forms, exact) for f, person in table.items() if person],
        person_pronouns=dictionary.person_pronouns,
        group_pronouns=dictionary.group_pronouns,
    )


class ActorLookup:
    """Adds the actor component to ``nlp`` when present; resolves heads to Actors."""

    def __init__(self, nlp: Language, extra_dictionaries: tuple[Any, ...] = ()) -> None:
        self._for_phrase: Any = None
        self._mentions: Any = None
        self._places: Any = None
        self._country_code: Any = None
        self._not_actor_heads: frozenset[str] = frozenset()
        self.cues = NO_ACTOR_CUES
        try:
            actors = importlib.import_module("pipeline.coding.actors")
        except ImportError as exc:
            log.warning("actor recognition not available (%s): no actor will be coded", exc)
            return
        dictionary = actors.load_actor_dictionary(extra=extra_dictionaries)
        self.cues = _actor_cues(dictionary, nlp)
        if "wirewatch_actors_v1" not in nlp.pipe_names:
            actors.add_actor_pipe(nlp, dictionary)
        self._for_phrase = actors.actor_for_phrase
        self._not_actor_heads = dictionary.not_actor_heads
        self._mentions = actors.actor_mentions
        atoms = importlib.import_module("pipeline.coding.actor_atoms")
        self._country_code = partial(atoms.country_code, dictionary)
        # "rebels in Darfur", "President X ... in Oran": a named place gives the country.
        # The gazetteer is the one the coder's enricher loads anyway (one per process).
        self._places = actors.gazetteer_place_country()
        self._spans_key: str = getattr(actors, "SPANS_KEY", "wirewatch_actors")

    @property
    def available(self) -> bool:
        return self._for_phrase is not None

    def countries(self, doc: Doc, on: date | None) -> tuple[str, ...]:
        """Countries of the actors named in ``doc``, in order of first mention."""
        if self._mentions is None:
            return ()
        seen: dict[str, None] = {}
        for m in self._mentions(doc, on, place_country=self._places):
            if m.actor.country:
                seen.setdefault(m.actor.country, None)
        return tuple(seen)

    def _lookup(self, doc: Doc, head: Token, on: date | None) -> Actor | None:
        # The doc's mentions are computed once (cached on the Doc by the actor module);
        # the slower phrase resolution runs only for a token the actor pipe marked.
        user_data: dict[Any, Any] = doc.user_data
        by_head: dict[int, Actor] | None = user_data.get(("wirewatch_d2_heads", on))
        if by_head is None:
            by_head = {}
            for m in self._mentions(doc, on, place_country=self._places):
                span = doc[m.start : m.end]
                by_head.setdefault(span.root.i, m.actor)
                if span.root.pos_ in ("AUX", "VERB"):
                    # "10 IS militants were killed": the tagger reads the acronym as a
                    # verb and the parser makes it the phrase's root; the noun is the head
                    nouns = [t for t in span if t.pos_ in ("NOUN", "PROPN")]
                    if nouns:
                        by_head.setdefault(nouns[-1].i, m.actor)
            user_data[("wirewatch_d2_heads", on)] = by_head
        if head.i in by_head:
            return by_head[head.i]
        if head.lower_ in _SUBJECT_PRONOUNS and head.dep_ == "nsubj":
            # The actor module resolves the pronouns it can in its mentions (above).
            return self._governing_subject(head, by_head) or self._previous_subject(
                doc, head, on, by_head
            )
        if not head.text[:1].isupper():
            return None  # only names and demonyms are worth the slower phrase resolution
        marked: frozenset[int] | None = user_data.get(("wirewatch_d2_marked", self._spans_key))
        if marked is None:
            spans = doc.spans.get(self._spans_key, ())
            marked = frozenset(i for s in spans for i in range(s.start, s.end))
            user_data[("wirewatch_d2_marked", self._spans_key)] = marked
        if head.i not in marked:
            return None
        cache: dict[int, Actor | None] = user_data.setdefault(("wirewatch_d2_phrase", on), {})
        if head.i not in cache:
            mention = self._for_phrase(doc, head, on, place_country=self._places)
            cache[head.i] = None if mention is None else mention.actor
        return cache[head.i]

    def _governing_subject(self, head: Token, by_head: dict[int, Actor]) -> Actor | None:
        """'Rebels said they would ...': the subject of the clause the pronoun's clause is
        embedded in."""
        clause = head.head
        for _ in range(4):
            if clause.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or clause.head.i == clause.i:
                return None
            clause = clause.head
            for c in clause.children:
                if c.dep_ == "nsubj" and _agrees(head, c):
                    actor = by_head.get(c.i)
                    if actor is not None and actor.code:
                        return actor
        return None

    def _previous_subject(
        self, doc: Doc, head: Token, on: date | None, by_head: dict[int, Actor]
    ) -> Actor | None:
        """A subject pronoun the actor module left open: the coded subject of the
        previous sentence ("Ankara accuses Moscow ... It also reported ...")."""
        previous = previous_sentence(head.sent)
        if previous is None:
            return None
        subjects = [t for t in previous if t.dep_ == "nsubj" and t.head.dep_ == "ROOT"]
        # then the subjects of other clauses, a relative pronoun standing for its noun
        subjects += [
            t.head.head if t.tag_ in ("WDT", "WP") and t.head.dep_ == "relcl" else t
            for t in previous
            if t.dep_ == "nsubj" and t.head.dep_ != "ROOT"
        ]
        for tok in subjects:
            actor = by_head.get(tok.i) if _agrees(head, tok) else None
            if actor is not None and actor.code:
                return actor
        return None

    def placed(self, actor: Actor, country: str) -> Actor:
        """``actor`` as found in ``country``, if it is people no phrase gave a country:
        "killed 23 people in Tel Aviv" are Israel's civilians (ISRCVL), as ACLED names
        "Civilians (Israel)". International bodies and NGOs are no one's by where they
        are ("a London-based monitor"), and a named actor keeps its own."""
        if (
            self._country_code is None
            or actor.country is not None
            or actor.sector not in PEOPLE_OF_A_PLACE
            or not actor.code
            or not actor.code.startswith(actor.sector)
        ):
            return actor
        prefix = self._country_code(country)
        code = f"{prefix}{actor.code}"
        if not prefix or len(code) > 15:
            return actor
        return actor.model_copy(update={"country": country, "code": code})

    def state(self, country: str, place: str) -> Actor | None:
        """The state of ``country`` (ISO-3), named by a place in it ("Kirkuk": IRQ)."""
        if self._country_code is None:
            return None
        code = self._country_code(country)
        if not code:
            return None
        return Actor(text=place, code=code, country=country, acled_inter=1)

    def at(self, doc: Doc, head: Token, on: date | None) -> Actor | None:
        """The actor the phrase at ``head`` names, else one named by its modifiers."""
        if self._for_phrase is None or head.lemma_.lower() in self._not_actor_heads:
            return None  # "Chinese exports hit a record": no one acts
        if _state_to_be(head):
            return None  # "demanding an independent state": a polity asked for, no government
        actor = self._lookup(doc, head, on)
        if actor is not None and actor.code and not bare_state(actor):
            return actor
        # "airstrikes by Syrian warplanes": a phrase inside says more than the head.
        better = self._through(doc, head, on)
        if better is not None and (better.code or actor is None or not actor.code):
            return better
        return actor

    def counted_people(self, head: Token) -> Actor | None:
        """People only counted, of a kind no dictionary names: "some 300 cyclists",
        "thousands of cyclists", "some 5,000 others", "about 500" (as a subject). The
        coder takes them as the crowd of a protest only (the caller decides where a
        crowd may act)."""
        if head.lower_ in _CROWDS:
            if any(
                c.dep_ == "prep"
                and c.lower_ == "of"
                and any(
                    g.dep_ == "pobj"
                    and g.tag_ in ("NNS", "NNPS")
                    and g.lemma_.lower() not in _GATHERED_FOR_OTHER_THINGS
                    for g in c.children
                )
                for c in head.children
            ):
                return self._crowd(head)  # "thousands of cyclists"
            return None
        if head.pos_ == "NUM" and _a_crowd_of(head) and head.dep_ in ("nsubj", "nsubjpass"):
            return self._crowd(head)  # "about 500 marched"
        if (
            head.pos_ == "NOUN"
            and head.tag_ == "NNS"
            and head.lemma_.lower() not in _GATHERED_FOR_OTHER_THINGS
            and any(c.dep_ == "nummod" and _a_crowd_of(c) for c in head.children)
        ):
            return self._crowd(head)  # "some 300 cyclists"
        return None

    @staticmethod
    def _crowd(head: Token) -> Actor:
        text = head.doc[head.left_edge.i : head.i + 1].text
        return Actor(text=text[:200], code="CVL", sector="CVL", acled_inter=7)

    def _through(self, doc: Doc, head: Token, on: date | None) -> Actor | None:
        """The actor named inside a phrase whose head names none ("IS positions")."""
        if head.pos_ == "NUM" or head.lemma_.lower() in _QUANTITY_HEADS:
            # "two out of 57 Russian strikes", "a majority of Russia's strikes"
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ in ("of", "out"):
                    for obj in child.subtree:
                        if obj.dep_ == "pobj" and obj.head.lower_ == "of":
                            return self.at(doc, obj, on)
            if head.lower_ in _CROWDS:
                # "Hundreds protested in Cairo", "dozens were arrested": people
                return Actor(text=head.text, code="CVL", sector="CVL", acled_inter=7)
            # (with no "of", a group or unit is named by its modifiers: "the Hizbollah
            # (Party of God) group", below)
        if head.pos_ not in ("NOUN", "PROPN"):
            return None
        lemma = head.lemma_.lower()
        # ("the position of their government" is a view, not a place held)
        held = lemma in _HOLDINGS and (head.lower_ != "position" or head.tag_ == "NNS")
        if held and (holder := self._named_with(doc, head, "of", on)) is not None:
            return holder
        if lemma in _SHELTERS and (sheltered := self._named_with(doc, head, "for", on)) is not None:
            return sheltered
        if lemma in _ACTS_OF_A_PARTY:
            # "demanded the withdrawal of Serbian forces", "the release of Saudi dissidents";
            # but one who did the act is named before its party: "condemned the arrest of
            # activists by Turkish police", "welcomed Israel's release of prisoners"
            for doer in act_doers(head):
                actor = self._lookup(doc, doer, on)
                if actor is not None and actor.code:
                    return actor
            for child in head.children:
                if child.dep_ == "prep" and child.lower_ == "of":
                    for obj in child.children:
                        if obj.dep_ == "pobj":
                            return self.at(doc, obj, on)
        authors = ("by", "from") if lemma in _MESSAGES else ("by",)
        # "Iran's allies", "its European Community partners": the owner of a tie is its
        # other party, never this one; only the words of kind say who this one is
        modifiers = _KIND_DEPS if lemma in _RELATIONS else _MODIFIER_DEPS
        found: Actor | None = None
        named: list[tuple[Token, Actor]] = []
        for child in head.children:
            if _one_place_name(child, head):
                continue  # "the Persian Gulf", "the South China Sea": a name, no one's
            if child.dep_ in modifiers or (child.dep_ == "prep" and child.lower_ in authors):
                target = child
                if child.dep_ == "prep":
                    objs = [g for g in child.children if g.dep_ == "pobj"]
                    if not objs:
                        continue
                    target = objs[0]
                actor = self._lookup(doc, target, on)
                if actor is None:
                    continue
                named.append((target, actor))
                # "a Turkish army post": the fuller of the modifiers' actors (TURMIL, not
                # the demonym's TUR)
                if found is None or _more_specific(actor, found):
                    found = actor
        return self.joined(doc, named) or found

    def _named_with(self, doc: Doc, head: Token, prep: str, on: date | None) -> Actor | None:
        """The first actor among the objects of ``head``'s preposition ``prep``."""
        for obj in (o for p in head.children if p.lower_ == prep for o in p.children):
            if obj.dep_ == "pobj" and (actor := self.at(doc, obj, on)) is not None:
                return actor
        return None

    def joined(self, doc: Doc, named: list[tuple[Token, Actor]]) -> Actor | None:
        """A country and a generic agent with none, side by side on one noun, are that
        country's agent: "Syrian rebel positions" are SYRREB's, "a Turkish army post"
        TURMIL's (the parse hangs both words on the noun, neither on the other). Only
        words that say what kind of thing it is: not an owner ("their American
        passports"), and of adjectives only the armed opposition's ("militant"; not
        "national guardsmen", "a paramilitary base")."""
        kinds = [(t, a) for t, a in named if t.dep_ in _KIND_DEPS]
        states = [a for _, a in kinds if a.country and a.sector is None and a.code == a.country]
        if len({a.country for a in states}) != 1 or self._country_code is None:
            return None
        prefix = self._country_code(states[0].country)
        if not prefix:
            return None
        for token, actor in kinds:
            generic = bool(actor.sector and actor.code and actor.code.startswith(actor.sector))
            if actor.country or not generic:
                continue
            if token.pos_ == "ADJ" and not (actor.sector == "REB" and actor.acled_inter == 2):
                continue
            first = min(t.left_edge.i for t, _ in kinds)
            return actor.model_copy(
                update={
                    "country": states[0].country,
                    "code": f"{prefix}{actor.code}"[:15],
                    "text": doc[first : token.i + 1].text[:200],
                }
            )
        return None


def _one_place_name(child: Token, head: Token) -> bool:
    """Are ``child`` and ``head`` words of one geographic name (a LOC entity; a
    facility's name may say whose it is: "the T-4 Military Airport")?"""
    if head.ent_type_ != "LOC" or child.ent_type_ != "LOC":
        return False
    first, last = sorted((child.i, head.i))
    return all(t.ent_iob_ == "I" for t in head.doc[first + 1 : last + 1])


def names_more_closely(actor: Actor, than: Actor) -> bool:
    """``actor`` names the same party as ``than`` more closely: its code extends
    ``than``'s (SYRGOV beside SYR)."""
    return bool(
        actor.code and than.code and actor.code != than.code and actor.code.startswith(than.code)
    )


def _more_specific(actor: Actor, than: Actor) -> bool:
    """``actor`` says more than ``than``: it names the same party more closely, or it has
    a code where ``than`` has none."""
    return names_more_closely(actor, than) or (bool(actor.code) and not than.code)


def act_doers(head: Token) -> list[Token]:
    """Who an act noun says did it: its possessor or its "by" object ("Israel's release
    of prisoners", "the arrest of activists by the police"), in the order they come."""
    doers: list[Token] = []
    for child in head.children:
        if child.dep_ == "poss":
            doers.append(child)
        elif child.dep_ == "prep" and child.lower_ == "by":
            doers += [g for g in child.children if g.dep_ == "pobj"][:1]
    return doers


# What makes "state" a polity wanted or planned, not a sitting government.
_STATE_TO_BE = frozenset({"independent", "separate", "sovereign", "own", "viable", "future"})


def _state_to_be(head: Token) -> bool:
    """'an independent state for Kurds', 'a Palestinian state', 'their own state'."""
    if head.lower_ != "state":
        return False
    return any(
        (c.dep_ == "det" and c.lower_ in ("a", "an"))
        or (c.dep_ == "amod" and c.lower_ in _STATE_TO_BE)
        for c in head.children
    )
