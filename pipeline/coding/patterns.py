"""The event pattern dictionary and its matcher over a dependency parse.

Patterns are data (``pipeline/data/verbs/patterns.tsv``, format in that folder's
README): a lemma, a part of speech, an optional frame of constraints on the parse, and
the CAMEO code, PLOVER mode and tags it yields. For one token the most specific
matching pattern wins (most constraints; ties go to the later line, so a user's
specific line added at the end overrides a general one).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path
from types import MappingProxyType

from spacy.tokens import Token

DATA_DIR = Path(__file__).resolve().parent.parent / "data" / "verbs"

FRAME_KEYS = frozenset({"obj", "objnot", "prep", "prt", "xcomp", "by", "has", "of", "modal", "gov"})
# Values of obj=/objnot= that stand for a kind of name, not a word: "@place" a place the
# tagger names (GPE, LOC, FAC: "captured Aleppo"), or any name the gazetteer knows as a
# town (the small model leaves many Syrian and Iraqi towns untagged or calls them
# PERSON); "@person" a person ("captured Pedro X") or people named by nationality
# ("captured 11 Iranians").
NAME_CLASSES: Mapping[str, frozenset[str]] = MappingProxyType(
    {"@place": frozenset({"GPE", "LOC", "FAC"}), "@person": frozenset({"PERSON", "NORP"})}
)
# CAMEO roots of acts of force: assault (18), fight (19), unconventional mass violence (20).
FORCE_ROOTS = frozenset({"18", "19", "20"})
POS_TAGS = {"VERB": ("VERB",), "NOUN": ("NOUN", "PROPN"), "ADJ": ("ADJ",)}
CUES = frozenset(
    {
        "speech",
        "future",
        "hypothetical",
        "negation",
        "accusation",
        "appeal",
        "campaign",
        "accident",
        "recording",
        "plan",
        "contest",
        "device",
        "purpose",
        "prevention",
    }
)
# Tags that steer role assignment instead of describing the event (never on an Event):
# "inverse": the subject receives ("received weapons from X": X is the source);
# "symmetric": the relation holds both ways ("A met B" is also B met A);
# "mutual": conjoined subjects with no target pair up ("A and B agreed to a ceasefire"),
# but a named target is not reversed ("Hamas agreed to Egypt's proposal");
# "carrier": with a verb complement and no object it only carries that verb ("helped
# to plan the attack": the planning is the act), and codes nothing itself.
FLAGS = frozenset({"inverse", "symmetric", "mutual", "carrier"})
# Clauses that start a new proposition: a constraint looking for words "in the frame"
# must not see into them.
_CLAUSE_DEPS = frozenset({"ccomp", "relcl", "advcl", "parataxis", "conj", "csubj"})
_WORD = re.compile(r"[a-z][a-z0-9'-]*")
# Doc user data: the indices of the Doc's "-" tokens (set by the trigger marker).
HYPHENS_KEY = "wirewatch_hyphens"
_HYPHENED = re.compile(r"\b([a-z]+) ?- ?([a-z]+)\b")


@dataclass(frozen=True)
class Pattern:
    lemma: str
    pos: str
    frame: tuple[tuple[str, frozenset[str]], ...]
    code: str
    mode: str | None
    tags: tuple[str, ...]
    line: int

    @property
    def event_tags(self) -> tuple[str, ...]:
        return tuple(t for t in self.tags if t not in FLAGS)

    @property
    def specificity(self) -> int:
        """Constraints on content words count double: "fire" + object "gas" says more
        than "fire" + any object of "at"."""
        return sum(1 if k in ("prep", "prt", "objnot") else 2 for k, _ in self.frame)

    @property
    def rule_id(self) -> str:
        frame = ",".join(k for k, _ in self.frame)
        return f"{self.pos.lower()}:{self.lemma[:60]}[{frame}]->{self.code}@{self.line}"

    def wants(self, key: str) -> frozenset[str] | None:
        for k, values in self.frame:
            if k == key:
                return values
        return None


@dataclass(frozen=True)
class PatternSet:
    """Patterns by (lemma, pos), cue words, and the surface forms the pre-filter looks for."""

    by_lemma: Mapping[tuple[str, str], tuple[Pattern, ...]]
    cues: Mapping[str, frozenset[str]]
    surface_forms: frozenset[str]
    # Forms of lemmas whose every pattern needs a particular word nearby ("open" only
    # codes with "fire", "border" ...): the form counts only if one of those words is
    # in the sentence too.
    anchored: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Surface form -> pattern lemmas it can inflect, for when the lemmatizer errs.
    lemmas_of: Mapping[str, frozenset[str]] = field(default_factory=dict)
    # Is this name a known town? For "@place"/"@person": the small model leaves many
    # towns untagged or tags them PERSON ("captured Palmyra"). The coder gives the
    # gazetteer's; None trusts the tags.
    known_place: Callable[[str], bool] | None = field(default=None, compare=False)

    def cue(self, word: str, kind: str) -> bool:
        return kind in self.cues.get(word, frozenset())

    def names_cue(self, words: Sequence[str], kind: str) -> bool:
        """Cheap check on raw words: is one of them (or its singular) a ``kind`` cue?"""
        for word in words:
            low = word.lower()
            if self.cue(low, kind) or (low.endswith("s") and self.cue(low[:-1], kind)):
                return True
        return False

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word a pattern can start from: its lemmas and the forms in ``lemmas_of``."""
        return frozenset(lemma for lemma, _ in self.by_lemma) | frozenset(self.lemmas_of)

    def mentions_trigger(self, text: str) -> bool:
        """Cheap check on raw text: does a word look like an inflection of a trigger lemma
        (with, for lemmas that need one, a word its patterns require)?"""
        return bool(self.trigger_forms(text))

    def trigger_forms(self, text: str) -> list[str]:
        """The words of raw text that ``mentions_trigger`` counts, lower case, in order;
        a hyphened compound counts also joined ("cease-fire", "cease - fire" as split
        into tokens: "ceasefire")."""
        lower = text.lower()
        words = _WORD.findall(lower)
        if "-" in lower:
            words += [
                joined
                for a, b in _HYPHENED.findall(lower)
                for joined in (f"{a}{b}", f"{a}-{b}")
                if joined in self.surface_forms
            ]
        present = set(words)
        return [
            w
            for w in words
            if w in self.surface_forms
            and ((anchors := self.anchored.get(w)) is None or bool(anchors & present))
        ]

    @cached_property
    def force_forms(self) -> frozenset[str]:
        """Surface forms whose every lemma codes only acts of force (roots 18-20): "beat",
        "crushed". A sentence whose trigger words are all of these and which reports a
        score codes nothing (see event_rules.sports_result)."""
        roots: dict[str, set[str]] = {}
        for (lemma, _pos), group in self.by_lemma.items():
            roots.setdefault(lemma, set()).update(p.code[:2] for p in group)
        return frozenset(
            form
            for form, lemmas in self.lemmas_of.items()
            if all(roots.get(lemma) and roots[lemma] <= FORCE_ROOTS for lemma in lemmas)
        )


def _parse_frame(text: str, where: str) -> tuple[tuple[str, frozenset[str]], ...]:
    if text.strip() in ("", "-"):
        return ()
    frame = []
    for part in text.split(";"):
        key, _, values = part.partition("=")
        key = key.strip()
        if key not in FRAME_KEYS or not values:
            raise ValueError(f"{where}: bad frame constraint {part!r}")
        words = frozenset(v.strip().lower() for v in values.split("|"))
        unknown = {v for v in words if v.startswith("@")} - set(NAME_CLASSES)
        if unknown or (words & set(NAME_CLASSES) and key not in ("obj", "objnot")):
            raise ValueError(f"{where}: bad name class in {part!r}")
        frame.append((key, words))
    return tuple(frame)


def inflections(lemma: str) -> set[str]:
    """Regular English inflections of a lemma (over-generating is harmless for a pre-filter)."""
    forms = {lemma, lemma + "s", lemma + "es", lemma + "ed", lemma + "d", lemma + "ing"}
    if lemma.endswith("e"):
        forms.add(lemma[:-1] + "ing")
    if lemma.endswith("y"):
        forms |= {lemma[:-1] + "ies", lemma[:-1] + "ied"}
    if len(lemma) > 2 and lemma[-1] not in "aeiouwxy" and lemma[-2] in "aeiou":
        forms |= {lemma + lemma[-1] + "ed", lemma + lemma[-1] + "ing"}
    return forms


def _rows(path: Path) -> Iterator[tuple[int, list[str]]]:
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if line.strip() and not line.startswith("#"):
            yield number, [c.strip() for c in line.split("\t")]


def parse_patterns(path: Path) -> list[Pattern]:
    """Read one pattern file; raises ValueError naming the line of any malformed row."""
    patterns = []
    for number, cols in _rows(path):
        where = f"{path.name}:{number}"
        if len(cols) != 6:
            raise ValueError(f"{where}: expected 6 tab-separated columns, got {len(cols)}")
        lemma, pos, frame, code, mode, tags = cols
        if pos not in POS_TAGS:
            raise ValueError(f"{where}: pos must be one of {sorted(POS_TAGS)}")
        if not re.fullmatch(r"[0-9]{3,4}", code):
            raise ValueError(f"{where}: CAMEO code {code!r} must have 3 or 4 digits")
        patterns.append(
            Pattern(
                lemma=lemma.lower(),
                pos=pos,
                frame=_parse_frame(frame, where),
                code=code,
                mode=None if mode == "-" else mode,
                tags=() if tags == "-" else tuple(t.strip() for t in tags.split(",")),
                line=number,
            )
        )
    return patterns


@lru_cache(maxsize=4)
def load_patterns(data_dir: Path = DATA_DIR, extra: tuple[Path, ...] = ()) -> PatternSet:
    """Load patterns.tsv (+ ``extra`` user files, read after it), cues.tsv and irregular.tsv."""
    patterns = parse_patterns(data_dir / "patterns.tsv")
    for offset, path in enumerate(extra, start=1):
        patterns += [
            Pattern(p.lemma, p.pos, p.frame, p.code, p.mode, p.tags, p.line + 100_000 * offset)
            for p in parse_patterns(path)
        ]
    grouped: dict[tuple[str, str], list[Pattern]] = {}
    for p in patterns:
        grouped.setdefault((p.lemma, p.pos), []).append(p)
    by_lemma = {
        key: tuple(sorted(group, key=lambda p: (-p.specificity, -p.line)))
        for key, group in grouped.items()
    }
    cues: dict[str, set[str]] = {}
    for number, cols in _rows(data_dir / "cues.tsv"):
        if len(cols) != 2 or cols[1] not in CUES:
            raise ValueError(f"cues.tsv:{number}: expected 'lemma<TAB>{'|'.join(sorted(CUES))}'")
        cues.setdefault(cols[0].lower(), set()).add(cols[1])
    irregular: dict[str, set[str]] = {}
    for _number, cols in _rows(data_dir / "irregular.tsv"):
        irregular.setdefault(cols[0], set()).update(cols[1].split() if len(cols) > 1 else ())
    forms: set[str] = set()
    anchored: dict[str, set[str]] = {}
    lemmas_of: dict[str, set[str]] = {}
    for lemma in {p.lemma for p in patterns}:
        lemma_forms = inflections(lemma) | irregular.get(lemma, set())
        forms |= lemma_forms
        for form in lemma_forms:
            lemmas_of.setdefault(form, set()).add(lemma)
        anchors = _anchor_words([p for p in patterns if p.lemma == lemma])
        if anchors is not None:
            for form in lemma_forms:
                anchored.setdefault(form, set()).update(anchors)
    # A form shared with an unanchored lemma is never anchored.
    for lemma in {p.lemma for p in patterns}:
        if _anchor_words([p for p in patterns if p.lemma == lemma]) is None:
            for form in inflections(lemma) | irregular.get(lemma, set()):
                anchored.pop(form, None)
    return PatternSet(
        by_lemma=MappingProxyType(by_lemma),
        cues=MappingProxyType({k: frozenset(v) for k, v in cues.items()}),
        surface_forms=frozenset(forms),
        anchored=MappingProxyType({k: frozenset(v) for k, v in anchored.items()}),
        lemmas_of=MappingProxyType({k: frozenset(v) for k, v in lemmas_of.items()}),
    )


def _anchor_words(patterns: list[Pattern]) -> set[str] | None:
    """Words one of which must appear for any of these patterns to match, or None when
    some pattern needs no particular word."""
    words: set[str] = set()
    for p in patterns:
        needed = [
            v
            for k, v in p.frame
            if k in ("obj", "has", "by", "of", "modal")
            and "*" not in v
            and not v & set(NAME_CLASSES)  # a name is no particular word
        ]
        if not needed:
            return None
        for values in needed[:1]:
            for v in values:
                words |= inflections(v) | {v}
    return words


# --- matching over the parse ---------------------------------------------------------


def is_passive(token: Token) -> bool:
    """A passive verb: a passive subject or auxiliary, or a past participle modifying a noun.

    A passive auxiliary beside an active subject or a direct object is a misparse ("IS
    fighters attacked the town": the tagger reads the acronym as "is"): active.
    """
    deps = {c.dep_ for c in token.children}
    if "nsubjpass" in deps:
        return True
    if "auxpass" in deps:
        return not deps & {"nsubj", "dobj"}
    return token.dep_ == "acl" and token.tag_ == "VBN"


def frame_words(token: Token) -> Iterator[Token]:
    """The trigger's own phrase: its subtree without embedded clauses."""
    stack = list(token.children)
    while stack:
        tok = stack.pop()
        yield tok
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSE_DEPS)


def word(token: Token) -> set[str]:
    """The token's lemma and form; for the head of a hyphened compound, the compound's
    too ("fire" of "cease-fire" is also "ceasefire" and "cease-fire")."""
    forms = {token.lemma_.lower(), token.lower_}
    hyphens = token.doc.user_data.get(HYPHENS_KEY)
    if token.i >= 2 and (
        token.i - 1 in hyphens if hyphens is not None else token.doc[token.i - 1].text == "-"
    ):
        pair = hyphen_compound(token)
        if pair is not None and pair[1].i == token.i == _compound_head(*pair).i:
            first = pair[0].lower_
            forms |= {f"{first}{sep}{form}" for form in tuple(forms) for sep in ("", "-")}
    return forms


def object_heads(token: Token) -> list[Token]:
    """The thing acted on: dobj (active), nsubjpass (passive), the modified noun (acl),
    or for a noun its ``of`` object."""
    heads: list[Token] = []
    if token.pos_ == "VERB":
        deps = ("nsubjpass",) if is_passive(token) else ("dobj", "dative", "attr")
        heads = [c for c in token.children if c.dep_ in deps]
        if token.dep_ == "acl" and token.tag_ == "VBN":
            heads.append(token.head)
        if not heads and not is_passive(token):
            heads = _judged_after_as(token) or _counted_up_to(token)
    else:
        heads = [
            g
            for c in token.children
            if c.dep_ == "prep" and c.lower_ == "of"
            for g in c.children
            if g.dep_ == "pobj"
        ]
    return heads + [c for h in heads for c in h.conjuncts]


def up_to_count(particle: Token) -> bool:
    """Is ``particle`` the "up" of "up to 16 advisers", which the parser may hang on the
    verb as its particle ("kidnapped up to 16 ...")? Then it is no part of the verb."""
    nxt = particle.nbor() if particle.i + 1 < len(particle.doc) else None
    return (
        particle.dep_ == "prt"
        and particle.lower_ == "up"
        and nxt is not None
        and nxt.lower_ == "to"
        and nxt.i + 1 < len(particle.doc)
        and nxt.nbor().like_num
    )


def _counted_up_to(verb: Token) -> list[Token]:
    """'kidnapped up to 16 Russian advisers' parsed as particle "up", "to" and its
    object: the counted people are the object."""
    return [
        g
        for c in verb.children
        if up_to_count(c)
        for to in c.children
        if to.dep_ == "prep" and to.lower_ == "to"
        for g in to.children
        if g.dep_ == "pobj"
    ]


def _judged_after_as(verb: Token) -> list[Token]:
    """'Denounced as illegal the arrest of its diplomats', 'condemned as a crime Uganda's
    expulsion of traders': the judgement comes first and the parser makes the object the
    "as" object. Taken as the object when it is a definite or owned phrase ("the arrest
    of ...", "Uganda's expulsion"), not a bare predicate ("was hailed as a hero"), and
    only after the verb ("As the government of Iran, we have supported ...")."""
    found = [
        h
        for c in verb.children
        if c.dep_ == "prep" and c.lower_ == "as" and c.i > verb.i
        for g in c.children
        if g.dep_ == "pobj"
        # ("as an ugly crime Serbia's crackdown on ...": the object as the predicate's appos)
        for h in (g, *(a for a in g.children if a.dep_ == "appos"))
    ]
    return [
        h
        for h in found
        if h.pos_ == "NOUN"
        and any(
            (d.dep_ == "poss" and d.pos_ == "PROPN") or (d.dep_ == "det" and d.lower_ == "the")
            for d in h.children
        )
        and any(d.dep_ == "prep" and d.lower_ in ("of", "by", "against", "on") for d in h.children)
    ][:1]


def prep_objects(token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    return [
        g
        for c in token.children
        if c.dep_ in ("prep", "agent", "dative") and c.lower_ in preps
        for g in c.children
        if g.dep_ in ("pobj", "pcomp")
    ]


def _with_contents(heads: list[Token]) -> list[Token]:
    """Heads plus what they measure or contain ("tons of aid", "a mission of observers"),
    their noun modifiers ("aid convoys") and what they are in apposition to ("Knin, the
    rebels' stronghold")."""
    out = list(heads)
    for head in heads:
        out += prep_objects(head, {"of"})
        # "mediation efforts", "aid deliveries", "arms shipments": the modifier names it
        out += [c for c in head.children if c.dep_ in ("compound", "appos")]
    return out


def complements(token: Token) -> list[Token]:
    """The clauses a verb of saying or wanting governs ("said [that] X must go")."""
    return [c for c in token.children if c.dep_ in ("ccomp", "xcomp") and c.pos_ in ("VERB", "AUX")]


# A reporting verb after its content: "Y struck Z, X charged" ("charged" hangs on
# "struck" as one of these).
_REPORT_AFTER_DEPS = frozenset({"parataxis", "advcl", "ccomp"})
_CLOSING_QUOTES = frozenset({'"', "''", "\u201d"})
_OWN_CONTENT_DEPS = frozenset({"dobj", "ccomp", "xcomp", "mark", "acomp", "attr", "agent"})


def reported_clause(token: Token) -> Token | None:
    """The clause a verb reports from behind it: "the police beat three journalists,
    Amnesty charged" (the parser hangs "charged" on "beat"). The verb follows the
    clause after a comma or a closing quote, has a subject of its own and no content,
    subordinator or passive of its own ("..., as police fired" is not a report of the
    clause). None for any other verb."""
    head = token.head
    if (
        token.pos_ != "VERB"
        or token.dep_ not in _REPORT_AFTER_DEPS
        or head.i >= token.i
        or head.pos_ not in ("VERB", "AUX")
    ):
        return None
    start = token.left_edge.i
    while start < token.i and token.doc[start].is_punct:
        start += 1  # the comma may hang on the verb itself
    doc = token.doc
    # '..., X said' or '...," X said'; never after an opening quote
    after_comma = start >= 1 and doc[start - 1].text == ","
    after_quote = (
        start >= 2 and doc[start - 1].text in _CLOSING_QUOTES and doc[start - 2].text == ","
    )
    if not (after_comma or after_quote):
        return None
    kids = list(token.children)
    if any(c.dep_ in _OWN_CONTENT_DEPS or c.dep_ == "auxpass" for c in kids):
        return None
    if not any(c.dep_ == "nsubj" for c in kids):
        return None
    return head


# "on Tuesday", "at dawn", "on the same day": when, never whom.
_TIME_ENTITIES = frozenset({"DATE", "TIME"})
_TIME_NOUNS = frozenset(
    {"day", "night", "morning", "evening", "afternoon", "dawn", "dusk", "week", "weekend"}
)


def a_time(phrase: Token) -> bool:
    """Every noun of the phrase a time: "Tuesday", "Friday night", "the same day"; not
    "Bashar Assad Tuesday" (a name the parser headed with the day)."""
    nouns = [t for t in phrase.subtree if t.pos_ in ("NOUN", "PROPN") and t.dep_ != "conj"]
    return bool(nouns) and all(
        t.ent_type_ in _TIME_ENTITIES or t.lemma_.lower() in _TIME_NOUNS for t in nouns
    )


def _of_time(prep: Token) -> bool:
    objects = [o for o in prep.children if o.dep_ == "pobj"]
    return bool(objects) and all(a_time(o) for o in objects)


def _satisfies(
    token: Token,
    key: str,
    values: frozenset[str],
    known_place: Callable[[str], bool] | None,
    frame: dict[str, frozenset[str]],
) -> bool:
    """``frame``: what this token's checks have read so far (one dict per token)."""
    if "*" in values:
        return _present(token, key)
    if key == "obj":
        return any(_fits(h, values, known_place) for h in _with_contents(object_heads(token)))
    if key == "objnot":
        return not any(_fits(h, values, known_place) for h in _with_contents(object_heads(token)))
    if key == "prep":
        # "called on Sunday for ...": a preposition of time is no frame's
        return any(
            c.dep_ in ("prep", "agent", "dative") and c.lower_ in values and not _of_time(c)
            for c in token.children
        )
    if key == "prt":
        # the parser reads some particles as adverbs ("pulled back")
        return any(c.dep_ in ("prt", "advmod") and c.lower_ in values for c in token.children)
    if key == "xcomp":
        if any(c.dep_ in ("xcomp", "ccomp", "acl") and word(c) & values for c in token.children):
            return True
        reported = reported_clause(token)
        return reported is not None and bool(word(reported) & values)
    if key == "by":
        return any(word(t) & values for h in prep_objects(token, {"by"}) for t in (h, *h.children))
    if key == "of":
        return any(word(h) & values for h in prep_objects(token, {"of"}))
    if key == "modal":
        return any(
            a.dep_ == "aux" and a.lower_ in values for c in complements(token) for a in c.children
        )
    if key == "gov":
        if token.dep_ == "pobj":  # "went on strike": the verb the preposition hangs on
            return token.head.dep_ == "prep" and bool(word(token.head.head) & values)
        return token.dep_ in ("dobj", "nsubjpass") and bool(word(token.head) & values)
    if key == "has":
        forms = frame.get("has")
        if forms is None:
            words = list(frame_words(token))
            if token.pos_ == "ADJ" and token.dep_ == "amod":
                words += [token.head, *token.head.children]  # the noun it was read as modifying
            forms = frame["has"] = frozenset(f for t in words for f in word(t))
        return not forms.isdisjoint(values)
    return False


def _fits(token: Token, values: frozenset[str], known_place: Callable[[str], bool] | None) -> bool:
    """The word is one of ``values``, or a name of one of the classes among them."""
    if word(token) & values:
        return True
    # a nationality names people only in the plural: "Iranians", not "Iranian"
    plural = token.tag_ in ("NNS", "NNPS")
    named = plural if token.ent_type_ == "NORP" else token.pos_ == "PROPN"
    if not named or token.dep_ == "compound" or not values & NAME_CLASSES.keys():
        return False  # a name modifying the object ("US soldiers") is not the object
    label = token.ent_type_
    if (
        label not in NAME_CLASSES["@place"]
        and label != "NORP"
        and known_place is not None
        and known_place(_name_of(token))
    ):
        label = "GPE"  # a town the tagger left untagged or took for a person
    return any(label in labels for name, labels in NAME_CLASSES.items() if name in values)


def _name_of(token: Token) -> str:
    """The whole name a token ends, as written: "Deir" "ez-Zor" -> "Deir ez-Zor",
    "Mazar" "-" "e" "-" "Sharif" -> "Mazar-e-Sharif" (pieces joined without a space, or
    names compounded with it, within the token's own phrase)."""
    doc, start = token.doc, token.i
    while start > token.left_edge.i:
        prev = doc[start - 1]
        if prev.whitespace_ and not (prev.dep_ == "compound" and prev.pos_ == "PROPN"):
            break
        start -= 1
    return doc[start : token.i + 1].text


def _present(token: Token, key: str) -> bool:
    """A wildcard constraint (``key=*``): the dependent exists, whatever its word."""
    if key in ("obj", "objnot"):
        return bool(object_heads(token)) == (key == "obj")
    if key == "xcomp":
        return (
            any(c.dep_ in ("xcomp", "ccomp", "acl") for c in token.children)
            or reported_clause(token) is not None
        )
    if key in ("by", "of"):
        return bool(prep_objects(token, {key}))
    if key == "modal":
        return any(a.dep_ == "aux" for c in complements(token) for a in c.children)
    if key == "gov":
        return token.dep_ in ("dobj", "nsubjpass", "pobj")
    deps = {"prep": ("prep",), "prt": ("prt",)}.get(key, ())
    return key == "has" or any(c.dep_ in deps for c in token.children)


def _adjective_as_noun(token: Token) -> bool:
    """An adjective heading a noun phrase of its own is a noun the tagger missed
    ("launched an offensive", "an offensive" tagged ADJ)."""
    return (
        token.pos_ == "ADJ"
        and token.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        and any(c.dep_ == "det" for c in token.children)
    )


def _noun_as_verb(token: Token) -> bool:
    """A noun that heads its clause with a subject of its own is a verb the tagger
    missed ("Police [in the north] shot at a car": "shot" tagged NN as the root).
    Only a bare word: no determiner, no possessor, no number."""
    return (
        token.pos_ == "NOUN"
        and token.dep_ in ("ROOT", "ccomp", "conj")
        and token.tag_ in ("NN", "NNS")
        and any(c.dep_ == "nsubj" for c in token.children)
        and not any(c.dep_ in ("det", "poss", "nummod", "amod", "cop") for c in token.children)
        and not any(c.dep_ == "aux" or c.lemma_ == "be" for c in token.children)
    )


def hyphen_compound(token: Token) -> tuple[Token, Token] | None:
    """The two words of a hyphened compound written without spaces ("cease-fire",
    "sit-in": three tokens) that ``token`` is part of; None when it is part of none."""
    doc = token.doc
    for first in (token.i - 2, token.i):
        last = first + 2
        if first < 0 or last >= len(doc) or doc[first + 1].text != "-":
            continue
        a, b = doc[first], doc[last]
        if a.whitespace_ or doc[first + 1].whitespace_ or not (a.is_alpha and b.is_alpha):
            continue
        return a, b
    return None


def _compound_head(a: Token, b: Token) -> Token:
    """The word of "a-b" whose head lies outside it: the parser's head of the compound
    ("fire" in "declared a cease-fire"); the last word when the parse says nothing."""
    inside = range(a.i, b.i + 1)
    return a if a.head.i not in inside and b.head.i in inside else b


def _compound_lemmas(token: Token, patterns: PatternSet) -> list[str] | None:
    """Pattern lemmas that a hyphened compound ``token`` belongs to spells, joined or
    with its hyphen ("cease-fires" -> "ceasefire", "sit-in"): [] for a part that is not
    the compound's head (the head alone is the trigger); None when the token is in no
    such compound, and its own lemma stands."""
    pair = hyphen_compound(token)
    if pair is None:
        return None
    a, b = pair
    first = a.lower_
    forms = (b.lemma_.lower(), b.lower_)
    joined = [f"{first}{sep}{last}" for last in forms for sep in ("", "-")]
    found = [j for j in dict.fromkeys(joined) if j in patterns.words]
    if not found:
        return None
    return found if token.i == _compound_head(a, b).i else []


def match_token(
    token: Token, patterns: PatternSet, beside_hyphen: bool | None = None
) -> Pattern | None:
    """The most specific pattern whose lemma, part of speech and frame fit this token.
    ``beside_hyphen``: whether a "-" token is next to it, if the caller knows."""
    if beside_hyphen is None:
        doc = token.doc
        beside_hyphen = (token.i + 1 < len(doc) and doc[token.i + 1].text == "-") or (
            token.i > 0 and doc[token.i - 1].text == "-"
        )
    compound = _compound_lemmas(token, patterns) if beside_hyphen else None
    if compound is None and (
        token.lower_ not in patterns.words and token.lemma_.lower() not in patterns.words
    ):
        return None  # most tokens: no pattern starts from this word
    frame: dict[str, frozenset[str]] = {}
    for pos, tags in POS_TAGS.items():
        if token.pos_ not in tags and not (
            (pos == "NOUN" and _adjective_as_noun(token))
            or (pos == "VERB" and _noun_as_verb(token))
        ):
            continue
        candidates = [token.lemma_.lower(), token.lower_] if compound is None else compound
        if compound is None and (candidates[0], pos) not in patterns.by_lemma:
            # a lemmatizer miss ("staged" -> "stag"): the lemmas this form inflects
            candidates += sorted(patterns.lemmas_of.get(token.lower_, ()))
        for lemma in candidates:
            for pattern in patterns.by_lemma.get((lemma, pos), ()):
                if all(
                    _satisfies(token, k, v, patterns.known_place, frame) for k, v in pattern.frame
                ):
                    return pattern
    return None
