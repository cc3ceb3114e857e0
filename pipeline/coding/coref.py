"""Rule-based coreference for actors within one article (one Doc).

Deliberately simple, and documented so an analyst can predict it:

- "he", "she", "him", "her", "his" refer to the last person mentioned before them (a
  named person, a titled unknown name, or a singular title such as "the president");
- "the alliance", "the group", "the movement", "the militia" ... refer to the last
  mention before them whose dictionary entry lists that noun in its ``anaphors``
  (NATO lists "alliance", Islamic State lists "group"); if none fits, a definite that
  is also a generic agent ("the militia") codes as the generic agent;
- a surname repeated alone ("Davutoglu said") after a titled unknown name ("Foreign
  Minister Ali Davutoglu") gets that earlier mention's actor;
- "it", "its", "they", "their" (``group_pronouns``) refer to a country, organisation or
  body of people chosen by the parse (``_resolve_group_pronoun``): "Russia says its
  forces ..." -> Russia; "the country", "the nation" to the last country;
- capitals and seats need no resolution: "Moscow" and "the Kremlin" are RUSGOV in
  the dictionary;
- "the regime", "the government", "government troops" with no country in the phrase
  take the article's main country: the one its names, demonyms, capitals and people
  point to most often, a country named as a place ("in Syria") counting three times
  (ties: the first mentioned).
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from datetime import date
from functools import lru_cache
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from pipeline.coding.actor_atoms import Atom, PlaceCountry, office_on
from pipeline.coding.actor_dictionary import ActorDictionary
from pipeline.coding.relevance import previous_sentence
from pipeline.coding.roles import object_controller
from pipeline.doc_columns import columns, keys_of

if TYPE_CHECKING:
    from pipeline.coding.actors import ActorMention

_DEFINITE_DETS = frozenset({"the", "this", "that", "these", "those"})
_CLIMB_DEPS = frozenset({"amod", "compound", "poss", "nmod", "nn"})
_NOUNS = frozenset({"NOUN", "PROPN"})
_PRONOUN_TAGS = frozenset({"PRP", "PRP$"})
_EMPTY_VERBS = frozenset({"be", "seem", "appear", "rain", "take", "remain", "happen"})
_GROUP_KINDS = frozenset({"country", "capital", "group", "igo", "ngo", "media", "generic"})
_SUBJECTS = frozenset({"nsubj", "nsubjpass"})
_COUNTS = frozenset(
    {"hundreds", "thousands", "dozens", "scores", "tens", "millions", "some", "many", "most"}
)
_PLACE_PREPS = frozenset({"in", "at", "near", "into", "across", "inside", "over", "throughout"})


def atoms_with_anaphora(doc: Doc, atoms: list[Atom], dictionary: ActorDictionary) -> list[Atom]:
    """The dictionary atoms plus person pronouns, definite anaphors and repeated surnames."""
    vocabulary = dictionary.anaphor_nouns
    covered = {i: a for a in atoms for i in range(a.start, a.end)}
    extra: list[Atom] = []
    spelled = _anaphor_keys(dictionary.person_pronouns, dictionary.group_pronouns, vocabulary)
    for i in columns(doc).spelled(spelled):
        token = doc[i]
        lower = token.lower_
        if lower in dictionary.person_pronouns and token.tag_ in _PRONOUN_TAGS:
            extra.append(Atom(token.i, token.i + 1, None, "pronoun", "pronoun"))
        elif (
            lower in dictionary.group_pronouns
            and token.tag_ in _PRONOUN_TAGS
            and _referential(token)
        ):
            extra.append(Atom(token.i, token.i + 1, None, "pronoun", "pronoun", lower))
        elif lower in vocabulary and token.pos_ in _NOUNS and _is_definite(token):
            hit = covered.get(token.i)
            if hit is not None and (hit.entry is None or hit.entry.kind != "generic"):
                continue
            entry = hit.entry if hit is not None else None
            extra.append(Atom(token.i, token.i + 1, entry, "definite", "definite", lower))
    replaced = {a.start for a in extra}
    merged = [a for a in atoms if not (a.end - a.start == 1 and a.start in replaced)] + extra
    merged.extend(_repeated_surnames(doc, merged))
    return sorted(merged, key=lambda a: (a.start, a.end))


@lru_cache(maxsize=8)
def _anaphor_keys(*words: frozenset[str]) -> frozenset[int]:
    """The keys of every pronoun and anaphoric noun, to find them without a Token each."""
    return keys_of(w for group in words for w in group)


def _referential(token: Token) -> bool:
    """False for an "it" that stands for nothing ("it is likely", "it rained")."""
    if token.dep_ == "expl":
        return False
    if token.lower_ == "it" and token.dep_ in ("nsubj", "nsubjpass"):
        verb = token.head
        if verb.lemma_ in _EMPTY_VERBS or any(
            c.dep_ in ("ccomp", "xcomp") and c.i > verb.i and verb.lemma_ == "be"
            for c in verb.children
        ):
            return False
    return True


def _is_definite(token: Token) -> bool:
    """True for "the alliance", not "the Syrian alliance" (a modifier makes a new phrase)."""
    lefts = list(token.lefts)
    return (
        bool(lefts)
        and lefts[0].lower_ in _DEFINITE_DETS
        and all(t.dep_ in ("det", "punct") for t in lefts)
    )


def _repeated_surnames(doc: Doc, atoms: Sequence[Atom]) -> list[Atom]:
    """Later lone occurrences of an unknown titled name's last word ("Davutoglu said")."""
    covered = {i for a in atoms for i in range(a.start, a.end)}
    titled: dict[str, int] = {}
    found: list[Atom] = []
    for i in columns(doc).proper_nouns(0, len(doc)):
        if i in covered:
            continue
        token = doc[i]
        if token.text in titled and titled[token.text] < token.i and not _has_title(token):
            found.append(Atom(token.i, token.i + 1, None, "surname", "definite", token.text))
        elif token.ent_type_ == "PERSON" and _has_title(token):
            titled.setdefault(token.text, token.i)
    return found


def _has_title(token: Token) -> bool:
    return any(t.dep_ == "compound" for t in token.lefts)


def resolve(
    atom: Atom,
    before: Sequence[ActorMention],
    dictionary: ActorDictionary,
    doc: Doc | None = None,
) -> ActorMention | None:
    """The earlier mention a pronoun, definite or repeated surname refers to."""
    if atom.role == "pronoun" and atom.anaphor is not None:
        return _resolve_group_pronoun(doc, atom, before) if doc is not None else None
    if atom.role == "definite" and atom.anaphor is not None and doc is not None:
        return _resolve_definite(doc, atom, before, dictionary)
    if atom.role == "pronoun" and doc is not None:
        bound, binder = _local_binder(doc, atom, before)
        if bound:
            return binder
    for mention in reversed(before):
        if atom.role == "pronoun":
            if mention.kind == "person" or (
                mention.kind == "pronoun" and mention.resolved_from is not None
            ):
                return mention
        elif atom.role == "surname":
            if mention.kind == "person" and mention.text.split()[-1] == atom.anaphor:
                return mention
        elif mention.entry_id is not None and atom.anaphor is not None:
            entry = dictionary.entries.get(mention.entry_id)
            if entry is not None and atom.anaphor in entry.anaphors:
                return mention
    return None


def _clause_subjects(pronoun: Token) -> Iterator[tuple[Token, Token]]:
    """Up the tree from the pronoun, each head that has a subject, with that subject.

    A verb complement with an object above it is that object's clause ("urged Uganda to
    withdraw its troops": its is Uganda's), unless the verb names a means ("used gas
    to ...").
    """
    node = pronoun
    for _ in range(12):
        if node.head.i == node.i:
            return
        controller = object_controller(node)
        if controller is not None:
            yield node, controller
        node = node.head
        subject = next((c for c in node.children if c.dep_ in _SUBJECTS), None)
        if subject is not None:
            yield node, subject


def _local_binder(
    doc: Doc, atom: Atom, before: Sequence[ActorMention]
) -> tuple[bool, ActorMention | None]:
    """'The coach praised his players', 'the driver said he ...': a person pronoun whose
    clause (or a clause above it) has a singular noun subject before it refers to that
    noun. (True, its mention) when the noun names a person or a generic agent, (True,
    None) when it names no actor, (False, None) when no such subject binds it.
    """
    pronoun = doc[atom.start]
    for _, subject in _clause_subjects(pronoun):
        if pronoun.i in {t.i for t in subject.subtree}:
            continue
        if subject.i > pronoun.i or subject.tag_ not in ("NN", "NNP"):
            break
        mention = next((m for m in before if m.start <= subject.i < m.end), None)
        if mention is None:
            return True, None
        if mention.kind in ("person", "generic"):
            return True, mention
        break
    return False, None


def _resolve_definite(
    doc: Doc, atom: Atom, before: Sequence[ActorMention], dictionary: ActorDictionary
) -> ActorMention | None:
    """The last mention listing the noun; within its sentence, one named with the noun wins.

    "the Army of Conquest alliance that includes al-Nusra Front ... The alliance": both
    groups may be called an alliance, but the one the text called so is meant.
    """
    noun = atom.anaphor or ""
    fits = []
    for mention in before:
        entry = dictionary.entries.get(mention.entry_id) if mention.entry_id else None
        if entry is not None and noun in entry.anaphors:
            fits.append(mention)
    if not fits:
        return None
    last = fits[-1]
    sentence = doc[last.start].sent.start
    for mention in reversed(fits):
        if doc[mention.start].sent.start != sentence:
            break
        if noun in mention.text.lower().split():
            return mention
    return last


def _group_candidate(doc: Doc, mention: ActorMention, pronoun: str) -> bool:
    """Whether a country, organisation or body of people can be "it"/"they"."""
    if mention.kind == "pronoun":
        return mention.text.lower() not in ("he", "she", "him", "her", "his", "hers")
    if mention.kind not in _GROUP_KINDS or mention.actor.code is None:
        return False
    plural = doc[mention.start : mention.end].root.tag_ in ("NNS", "NNPS")
    if pronoun in ("it", "its", "itself"):
        return not plural
    # "they" is a body of people or an organisation, not a state named in the singular.
    return plural or mention.kind not in ("country", "capital")


def _resolve_group_pronoun(
    doc: Doc, atom: Atom, before: Sequence[ActorMention]
) -> ActorMention | None:
    """ "its", "their", "it", "they": who the clause is about, by the parse.

    Up the tree from the pronoun, the first clause whose subject does not contain it
    gives the antecedent (a relative "which" stands for its noun); an object "it" is
    never its own clause's subject. Else the last fitting mention in the sentence, then
    the subject of the previous sentence, then its last fitting mention.
    """
    pronoun = doc[atom.start]
    word = pronoun.lower_
    here = pronoun.sent
    start = here.start
    previous = previous_sentence(here)
    window = previous.start if previous is not None else start
    fits = [
        m
        for m in before
        if m.start >= window and m.end <= pronoun.i and _group_candidate(doc, m, word)
    ]
    if not fits:
        return None
    if word in ("they", "them", "their", "themselves"):
        # "they" prefers a plural ("the militants"), else any body of people.
        plural = [m for m in fits if doc[m.start : m.end].root.tag_ in ("NNS", "NNPS")]
        fits = plural or fits
    else:
        plural = []
    by_head = {doc[m.start : m.end].root.i: m for m in fits}
    owned = pronoun.head
    if pronoun.dep_ == "poss" and owned.dep_ == "conj" and owned.head.i in by_head:
        return by_head[owned.head.i]  # "Washington and its allies"
    inside = {t.i for t in pronoun.subtree}
    nearest = True
    excluded: set[int] = set()
    for node, subject in _clause_subjects(pronoun):
        own, nearest = nearest, False
        if subject.i == pronoun.i or pronoun.i in {t.i for t in subject.subtree}:
            continue
        subject = _of_object(subject)
        if own and pronoun.dep_ != "poss":
            # An object is never its own clause's subject: "police fired at them".
            excluded.add(subject.i)
            continue
        if subject.tag_ in ("WDT", "WP") and node.dep_ == "relcl":
            subject = node.head
        if subject.i in by_head and subject.i not in inside:
            return by_head[subject.i]
        if subject.i < pronoun.i:
            break
    same = [m for m in fits if m.start >= start and doc[m.start : m.end].root.i not in excluded]
    if same:
        return same[-1]
    if previous is None:
        return None
    # The previous sentence's main subject, then its other subjects (a relative
    # "which" standing for its noun: "hackles in Ankara, which accuses ...").
    subjects = [t for t in previous if t.dep_ in _SUBJECTS and t.head.dep_ == "ROOT"]
    subjects += [
        t.head.head if t.tag_ in ("WDT", "WP") and t.head.dep_ == "relcl" else t
        for t in previous
        if t.dep_ in _SUBJECTS and t.head.dep_ != "ROOT"
    ]
    for subject in subjects:
        if subject.i in by_head:
            return by_head[subject.i]
    # A possessive, or a "they" with a plural to refer to, takes the last fitting mention.
    return fits[-1] if pronoun.dep_ == "poss" or plural else None


def _of_object(token: Token) -> Token:
    """ "Hundreds of protesters": the people a quantity subject counts."""
    if token.lower_ in _COUNTS or token.pos_ == "NUM":
        for prep in token.children:
            if prep.dep_ == "prep" and prep.lower_ == "of":
                for obj in prep.children:
                    if obj.dep_ == "pobj":
                        return obj
    return token


def phrase_heads(doc: Doc, atoms: Iterable[Atom]) -> list[Token]:
    """The head token of the noun phrase each atom belongs to, in text order, once each."""
    covered = {i for a in atoms for i in range(a.start, a.end)}
    heads: dict[int, Token] = {}
    for atom in atoms:
        head = _climb(doc[atom.start : atom.end].root, covered)
        heads[head.i] = head
        named = head.head
        if head.dep_ == "appos" and named.pos_ == "PROPN" and named.i < head.i:
            heads[named.i] = named  # "Salah X, Algeria's defence minister": X too
    return [heads[i] for i in sorted(heads)]


def _climb(token: Token, covered: set[int]) -> Token:
    """Go up modifier links while the governor is still part of an actor phrase."""
    best = token
    current = token
    for _ in range(6):
        governor = current.head
        if current.dep_ in _CLIMB_DEPS and governor.i > current.i and governor.pos_ in _NOUNS:
            current = governor
        elif (
            current.dep_ == "pobj"
            and current.head.lower_ == "of"
            and current.head.head.i < current.i
            and current.head.head.i in covered
        ):
            current = current.head.head
        else:
            break
        if current.i in covered or (current.pos_ == "PROPN" and current.ent_type_ == "PERSON"):
            best = current
    return best


def main_country(doc: Doc, atoms: Iterable[Atom], on: date | None) -> str | None:
    """The country the article is about: where things happen, then who is named.

    A country or capital named as a place ("in Syria") weighs three times as much as
    any other mention, so a foreign power talked about throughout ("Russian strikes")
    does not become the country of "the regime". Ties go to the first named.
    """
    atoms = list(atoms)
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for atom in atoms:
        entry = atom.entry
        if entry is None:
            continue
        country: str | None = None
        if entry.kind == "country":
            country = entry.country
        elif entry.kind == "person":
            country = office_on(entry, on)[0].country
        if country is not None and not home_base(doc, atom.end):
            root = doc[atom.start : atom.end].root
            place = root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS
            counts[country] += 3 if place else 1
            first.setdefault(country, atom.start)
    if not counts:
        # No state named at all: a group's or body's home ("the Syrian Observatory ...
        # government forces") is the next best guess.
        for atom in atoms:
            entry = atom.entry
            if entry is None or entry.kind in ("country", "person") or not entry.country:
                continue
            if not home_base(doc, atom.end):
                counts[entry.country] += 1
                first.setdefault(entry.country, atom.start)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], first[c]))


def sentence_country(
    doc: Doc,
    atoms: Iterable[Atom],
    place_country: PlaceCountry | None = None,
) -> str | None:
    """The country a lone sentence is about, for a titled unknown name ("President X").

    Like ``main_country``, but only countries, demonyms, capitals and seats count, and
    not one that owns another office holder ("the envoy of Armenia", "Russian
    officials"): that country has its own representative in the sentence.
    """
    atoms = list(atoms)
    titled = {
        i for a in atoms if a.entry is not None and a.entry.person for i in range(a.start, a.end)
    }
    counts: Counter[str] = Counter()
    first: dict[str, int] = {}
    for atom in atoms:
        entry = atom.entry
        if entry is None or entry.kind != "country" or entry.country is None:
            continue
        if home_base(doc, atom.end):
            continue
        root = doc[atom.start : atom.end].root
        governor = root.head
        if root.dep_ == "pobj" and governor.lower_ == "of":
            governor = governor.head
        elif root.dep_ not in _CLIMB_DEPS:
            governor = root
        if governor.i in titled and governor.i != root.i:
            continue
        place = root.dep_ == "pobj" and root.head.lower_ in _PLACE_PREPS
        counts[entry.country] += 3 if place else 1
        first.setdefault(entry.country, atom.start)
    if place_country is not None:
        # Towns named as places ("a curfew in Oran") count like a country named so.
        covered = {i for a in atoms for i in range(a.start, a.end)}
        for i in columns(doc).proper_nouns(0, len(doc)):
            token = doc[i]
            if (
                token.dep_ == "pobj"
                and token.head.lower_ in _PLACE_PREPS
                and token.i not in covered
            ):
                first_i = token.i
                while first_i > token.head.i + 1 and doc[first_i - 1].pos_ == "PROPN":
                    first_i -= 1
                country = place_country(doc[first_i : token.i + 1].text)
                if country is not None:
                    counts[country] += 3
                    first.setdefault(country, token.i)
    if not counts:
        return None
    return min(counts, key=lambda c: (-counts[c], first[c]))


def home_base(doc: Doc, end: int) -> bool:
    """'a UK-based group', 'London-based': where an actor sits, not what the story is
    about."""
    after = doc[end : end + 2]
    words = [t.lower_ for t in after]
    return bool(words) and (words[0] == "-based" or words[:2] == ["-", "based"])
