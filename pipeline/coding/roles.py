"""Source and target of an event, read from the dependency parse (never from word order).

Verbs: subject (active) or ``by`` agent (passive) is the source; direct object (active),
passive subject, or the object of a targeting preposition is the target. A verb with no
subject of its own inherits one from the clause that governs it ("vowed to strike",
"protested and warned", "accuses Moscow of violating"). Nouns: possessor, ``by``
agent or an adjective/compound modifier is the source ("Russia's strikes", "strikes by
Russian jets", "Russian strikes"); the object of on/against/at is the target.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Token

from pipeline.coding.patterns import (
    Pattern,
    a_time,
    complements,
    inflections,
    is_passive,
    object_heads,
    prep_objects,
    reported_clause,
)
from pipeline.geo.mentions import FACILITY_WORDS, PLACE_WORDS

# Nouns an event happens in, never the ones who did it: places, sites, situations.
_NOT_DOERS = (
    PLACE_WORDS
    | FACILITY_WORDS
    | frozenset({"war", "conflict", "crisis", "unrest", "violence", "uprising", "revolution"})
    | frozenset({"township", "townships"})
    # "shot dead in Sri Lanka's north": a part of a country does nothing
    | frozenset(
        str.split(
            "north south east west northeast northwest southeast southwest north-east "
            "north-west south-east south-west interior heartland hinterland"
        )
    )
)

TARGET_PREPS = frozenset({"on", "against", "at", "into", "upon", "toward", "towards", "with", "to"})
NOUN_TARGET_PREPS = frozenset(
    {"on", "against", "at", "into", "upon", "with", "to", "of", "between"}
)
_PLACE_PREPS = frozenset({"in", "near", "from", "across", "around", "inside", "outside"})
# Verbs whose object noun names an action the subject performs ("launched strikes").
SUPPORT_VERBS = frozenset(
    {
        "launch",
        "carry",
        "conduct",
        "unleash",
        "stage",
        "mount",
        "intensify",
        "escalate",
        "step",
        "begin",
        "continue",
        "hold",
        "make",
        "pay",
        "issue",
        "announce",
        "order",
        "deliver",
        "perform",
        "undertake",
        "resume",
        "start",
        "lead",
        "wage",
        "commit",
        "express",
        "voice",
        "open",
        "complete",
        "reiterate",
        "renew",
        "put",
        "place",
        "organize",
        "organise",
        "call",
        "engage",
        "impose",
        "speed",
        "accelerate",
        "give",
        "lodge",
        "file",
        "declare",
        "sign",
        "reach",
        "mark",
    }
)
_MAX_HOPS = 4
# The lemmatizer sometimes misses ("staged" -> "stag"): the surface forms count too.
# Every inflected form of the support verbs ("launched", "carries").
SUPPORT_FORMS = frozenset(f for v in SUPPORT_VERBS for f in inflections(v))


def _is_support_verb(token: Token) -> bool:
    return token.lemma_.lower() in SUPPORT_VERBS or token.lower_ in SUPPORT_FORMS


@dataclass(frozen=True)
class Roles:
    sources: tuple[Token, ...]
    targets: tuple[Token, ...]
    voice: str
    inherited: bool = False
    # Tried when none of ``sources`` names an actor ("launched heavy strikes": the
    # adjective names none, the subject of "launched" does).
    fallback_sources: tuple[Token, ...] = ()
    # Tried when none of ``targets`` names an actor ("fired tear gas at protesters").
    fallback_targets: tuple[Token, ...] = ()


def _with_conjuncts(heads: list[Token]) -> tuple[Token, ...]:
    seen: dict[int, Token] = {}
    for head in heads:
        # "A, B and C" is sometimes parsed as A with the apposition "B and C": a list.
        listed = [
            a
            for a in head.children
            if a.dep_ == "appos" and any(c.dep_ == "conj" for c in a.children)
        ]
        for t in (head, *head.conjuncts, *(x for a in listed for x in (a, *a.conjuncts))):
            seen.setdefault(t.i, t)
    return tuple(sorted(seen.values(), key=lambda t: t.i))


_NAMED = frozenset({"GPE", "ORG", "NORP", "PERSON", "LOC", "FAC"})


def _aimed_at(token: Token, preps: frozenset[str] | set[str]) -> list[Token]:
    """The objects of ``token``'s targeting prepositions, times left out: "demanded on
    Tuesday that the US cancel ..." aims at no Tuesday (and so the clause is read)."""
    found: list[Token] = []
    for obj in prep_objects(token, preps):
        if not a_time(obj):
            found.append(obj)
        else:
            # "to welcome X on Wednesday and Y": the parser may join Y to the time
            found += [c for c in obj.conjuncts if not a_time(c)]
    return found


def _own_subject(verb: Token, passive_too: bool = False) -> Token | None:
    deps = ("nsubj", "nsubjpass") if passive_too else ("nsubj",)
    children = list(verb.children)
    if not any(c.dep_ in deps for c in children):
        # "Nigerian peacekeepers are patrolling Monrovia", parsed with the subject on
        # the auxiliary: the verb's own
        children += [g for c in children if c.dep_ == "aux" for g in c.children]
    for c in children:
        if c.dep_ in deps:
            if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head
            if c.tag_ == "VBG":
                # "a bomber standing in line detonated the bomb": the parser made the
                # participle the subject and the noun it describes the participle's
                own = next((g for g in c.children if g.dep_ == "nsubj"), None)
                if own is not None:
                    return own
            return c
    return None


def object_controller(complement: Token) -> Token | None:
    """The object that does what a verb complement says ("urged Russia to stop":
    Russia), or None; not the means of a verb of using ("used tear gas to disperse
    them": the user disperses)."""
    head = complement.head
    if complement.dep_ != "xcomp" or head.pos_ != "VERB" or head.lemma_.lower() in _MEANS_VERBS:
        return None
    return next((c for c in head.children if c.dep_ == "dobj"), None)


# Nouns of asking: their infinitive is done by the one asked, not the asker.
_ASKING_NOUNS = frozenset(
    {"appeal", "call", "demand", "request", "order", "ultimatum", "plea", "invitation", "pressure"}
)


# What states something on its maker's behalf: "a statement accusing X", "a letter
# urging Y", "a resolution condemning Z" say what their maker says.
_DOCUMENTS = frozenset(
    {
        "statement",
        "communique",
        "communiqué",
        "letter",
        "message",
        "declaration",
        "resolution",
        "report",
        "memorandum",
        "petition",
        "decree",
        "bulletin",
        "editorial",
        "release",
        "video",
        "note",
    }
)
# Verbs by which the subject makes a document its own ("issued a statement"); not
# "rejected a statement", "received a letter".
_ISSUING = frozenset(
    {
        "issue",
        "release",
        "publish",
        "send",
        "post",
        "adopt",
        "pass",
        "sign",
        "deliver",
        "make",
        "write",
        "circulate",
        "broadcast",
        "read",
        "put",
        "approve",
        "submit",
        "file",
        "distribute",
        "air",
    }
)


def _issuer(document: Token) -> Token | None:
    """Who issued ``document``: its owner ("the ministry's statement"), "from"/"by" X,
    the subject of the verb that issued it ("X issued a statement"), or of the verb it
    is said "in" ("X said in a statement")."""
    owner = next((c for c in document.children if c.dep_ == "poss"), None)
    if owner is not None:
        return owner
    named = prep_objects(document, {"from", "by"})
    if named:
        return named[0]
    verb = document.head
    if document.dep_ == "dobj" and verb.lemma_.lower() in _ISSUING:
        return _own_subject(verb) or inherited_subject(verb)
    if document.dep_ == "pobj" and verb.lower_ == "in" and verb.head.pos_ == "VERB":
        return _own_subject(verb.head)
    return None


# Verbs whose object is the one said to have done what their "with" names.
_CHARGING = frozenset({"charge", "accuse", "credit", "task", "entrust", "associate"})


def inherited_subject(verb: Token) -> Token | None:
    """The subject a verb borrows from the clause governing it, or None."""
    tok = verb
    for _ in range(_MAX_HOPS):
        head = tok.head
        if head.i == tok.i:
            return None
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ in ("of", "for"):
            # "accuses Moscow of violating": the accused is the doer.
            governor = head.head
            objs = [c for c in governor.children if c.dep_ == "dobj"]
            if objs:
                return objs[0]
            if governor.pos_ == "ADJ" and governor.dep_ == "acomp":
                # "is guilty of violating", "was responsible for shelling"
                return _own_subject(governor.head, passive_too=True)
            tok = governor
            continue
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "with":
            # "began the offensive with capturing X": the one who began; "charged him
            # with killing", "was credited with capturing": the one charged or credited
            governor = head.head
            objs = [c for c in governor.children if c.dep_ == "dobj"]
            if governor.lemma_.lower() in _CHARGING and objs:
                return objs[0]
            subject = _own_subject(governor, passive_too=True)
            if subject is not None:
                return subject
            tok = governor
            continue
        if tok.dep_ == "pcomp" and head.dep_ == "prep" and head.lower_ == "by":
            # "dispersed them by firing", "accused Rwanda of making accusations by
            # alleging": the means is done by whoever does the governing act.
            governor = head.head
            subject = _own_subject(governor)
            if subject is not None:
                return subject
            tok = governor
            continue
        if tok.dep_ == "xcomp":
            controller = object_controller(tok)
            if controller is not None:
                return controller  # "urged Russia to stop": Russia would stop
            if head.pos_ == "ADJ" and head.dep_ in ("acomp", "xcomp", "ccomp"):
                # "is willing to withdraw": the subject of "is"
                head = head.head
                subject = _own_subject(head, passive_too=True)
                if subject is not None:
                    return subject
        if tok.dep_ == "acl" and head.lemma_.lower() in _ASKING_NOUNS:
            # "an appeal from Gbagbo to disarm": the one asked would act, named by "to"
            # or "on" ("a call on Israel to withdraw") if at all
            return next(iter(prep_objects(head, {"to", "on"})), None)
        if tok.dep_ == "acl" and head.pos_ in ("NOUN", "PROPN") and tok.tag_ != "VBN":
            if head.lemma_.lower() in _DOCUMENTS:
                # "issued a statement accusing X": who issued it accuses
                return _issuer(head) or head
            return head  # "troops firing on protesters"
        if tok.dep_ not in ("xcomp", "conj", "advcl", "ccomp") or head.pos_ not in ("VERB", "AUX"):
            return None
        if tok.dep_ == "ccomp":
            return None  # a complement clause has its own subject, or none
        # "was scheduled to attend", "is expected to sign": a passive raising verb's
        # subject is the doer of its complement.
        # ("were killed in airstrikes and shelling", with "shelling" parsed as a verb
        # joined to "killed": the killed do not shell)
        passive_too = tok.dep_ in ("conj", "xcomp") and not (
            tok.dep_ == "conj" and tok.tag_ == "VBG"
        )
        subject = _own_subject(head, passive_too=passive_too)
        if subject is not None:
            return subject
        tok = head
    return None


_FROM_TARGET_ROOTS = frozenset({"08", "16"})
# Forces put on alert or mobilised (152, 154): what is alerted, sent or deployed is the
# doer's own ("deployed troops to Mosul", "sent warships"), never the one it is aimed at;
# that one is named by a preposition, or by the foreign state it goes to (see
# Coder._code_trigger). Not a patrol (153), whose object is the area patrolled.
_OWN_FORCE_BASES = frozenset({"152", "154"})
# Appeals and demands (02, 10): "from" names the one asked, unless it hangs on a
# departure asked for ("demanded the withdrawal of Serbian forces from Bosnia").
_ASKING_ROOTS = frozenset({"02", "10"})
_MOVES_AWAY = frozenset(
    {
        "withdrawal",
        "pullout",
        "removal",
        "expulsion",
        "departure",
        "evacuation",
        "release",
        "return",
        "transfer",
        "extradition",
        "deportation",
        "exit",
        "retreat",
    }
)
# "used tear gas to disperse them": the user does the complement, not the object.
_MEANS_VERBS = frozenset({"use", "employ", "utilise", "utilize"})
_POSSESSIVE_PRONOUNS = frozenset({"its", "their", "his", "her", "our", "own"})
# Verbs whose "-ed" form after "were X and ..." is active: they have no passive.
_NO_PASSIVE = frozenset(
    {"surrender", "flee", "escape", "defect", "retreat", "die", "resign", "disappear", "vanish"}
    | {"return", "arrive", "survive"}
)
# A participle with any of these has a clause of its own.
_OWN_CLAUSE_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "aux", "auxpass"})
# How far a chain of conjoined participles is followed ("killed, raped and kidnapped").
_MAX_CONJUNCTS = 4


def _belongs_to_doer(noun: Token) -> bool:
    return any(c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS for c in noun.children)


def verbless_root_predicate(trigger: Token) -> bool:
    """'Activists protested in Ankara' parsed as a noun root with a participle: the
    participle is the sentence's predicate, not a description of the noun."""
    head = trigger.head
    return (
        trigger.dep_ == "acl"
        and trigger.tag_ == "VBN"
        and head.dep_ == "ROOT"
        and head.pos_ in ("NOUN", "PROPN")
        and head.i < trigger.i
        and not any(c.dep_ == "agent" for c in trigger.children)
    )


def _misparsed_active(trigger: Token, pattern: Pattern) -> bool:
    """Such a predicate reads as active (the noun is the doer) when it has an object of
    its own or cannot be passive (protests, symmetric acts); otherwise as a passive
    headline ("Soldiers killed in ambush")."""
    if not verbless_root_predicate(trigger):
        return False
    has_object = any(c.dep_ == "dobj" for c in trigger.children)
    return has_object or pattern.code[:2] == "14" or "symmetric" in pattern.tags


def _struck_by_means(trigger: Token) -> list[Token]:
    """The passive subject of the verb whose agent the trigger describes ("the plane was
    downed by a missile [fired by Y]": the plane), through a chain of participles."""
    tok = trigger
    for _ in range(3):
        if tok.dep_ not in ("acl", "xcomp", "relcl") or tok.head.i == tok.i:
            return []
        if tok.dep_ == "acl" and tok.head.dep_ == "pobj" and tok.head.head.dep_ == "agent":
            verb = tok.head.head.head
            return [c for c in verb.children if c.dep_ == "nsubjpass"]
        tok = tok.head
    return []


def _agent_of_means(means: Token) -> list[Token]:
    """The agent of a participle describing a weapon or means ("a missile [believed to
    be] fired by rebels": the rebels)."""
    out: list[Token] = []
    stack = [c for c in means.children if c.dep_ in ("acl", "relcl")]
    for _ in range(3):
        nxt: list[Token] = []
        for clause in stack:
            out += prep_objects(clause, {"by"})
            nxt += [c for c in clause.children if c.dep_ in ("xcomp", "ccomp")]
        if out or not nxt:
            break
        stack = nxt
    return out


# Participles that after "be" state the subject's own stance: "is opposed to X".
_STATIVE_PARTICIPLES = frozenset({"oppose"})


def _stative_subject(trigger: Token) -> Token | None:
    """The subject of "X is opposed to Y" (read as passive, or as "is" with a participle
    complement), the one who holds the stance; None for any other verb or a real passive
    ("the plan was opposed by X")."""
    if (
        trigger.tag_ != "VBN"
        or trigger.lemma_.lower() not in _STATIVE_PARTICIPLES
        or any(c.dep_ == "agent" for c in trigger.children)
        or not any(c.dep_ == "prep" and c.lower_ == "to" for c in trigger.children)
    ):
        return None
    if any(c.dep_ == "auxpass" for c in trigger.children):
        return _own_subject(trigger, passive_too=True)
    if trigger.dep_ == "acomp" and trigger.head.lemma_ == "be":
        return _own_subject(trigger.head)
    return None


def _passive_gloss(trigger: Token) -> bool:
    """A past participle with its own agent glossing the main clause ("Turkey protested,
    backed by its allies"): passive, and what it glosses is the main clause's subject."""
    return (
        trigger.dep_ == "advcl"
        and trigger.tag_ == "VBN"
        and trigger.head.i != trigger.i
        and any(c.dep_ == "agent" for c in trigger.children)
        and not any(c.dep_ in ("nsubj", "nsubjpass", "dobj") for c in trigger.children)
    )


def _doers(clause: Token) -> list[Token]:
    """Who does what a clause says: its active subject, else a passive's agent."""
    if is_passive(clause):
        return prep_objects(clause, {"by"})
    return [c for c in clause.children if c.dep_ == "nsubj"]


def _committing(code: str) -> bool:
    """Roots whose verb can govern the act it is about: 01-08 (intend, agree, offer),
    12 (refuse), 13 (threaten)."""
    return code[:2] < "09" or code[:2] in ("12", "13")


def _parties(clause: Token, depth: int = 0) -> list[Token]:
    """Whom an infinitive clause acts on or for: the objects of its targeting (or "for")
    prepositions and of its object's ("to continue military aid to X": X, not the aid),
    else its object if that is a name; through one more infinitive ("offered to help to
    rebuild ...")."""
    objects = [c for c in clause.children if c.dep_ == "dobj"]
    found = _aimed_at(clause, TARGET_PREPS | {"for"})
    found += [t for o in objects for t in _aimed_at(o, {"to", "for", "with"})]
    # a named object only: "to democratize Serbia", not "to hold joint military exercises"
    found = found or [o for o in objects if o.pos_ == "PROPN" or o.ent_type_ in _NAMED]
    # "refused to allow UN planes to land": the one let
    found = found or _permitted(clause)
    if not found and depth == 0:
        found = [t for c in clause.children if c.dep_ == "xcomp" for t in _parties(c, 1)]
    return found


# What presses for an act a refusal defies ("despite pressure from X").
_PRESSING = frozenset(
    {"pressure", "call", "demand", "appeal", "request", "plea", "protest", "warning", "criticism"}
)
# "In defiance of X", "in opposition to X": whom a protest is aimed at.
_DEFIANCE = frozenset({"defiance", "opposition"})
# Verbs of letting: the one let is a party of the act ("allowed UN inspectors to enter").
_PERMITTING = frozenset({"allow", "let", "permit", "authorize", "authorise", "enable"})


def _permitted(verb: Token) -> list[Token]:
    """Whom a verb of letting lets act: its object, or the subject the parser gave the
    complement ("allowed [Red Cross officials to visit]")."""
    if verb.lemma_.lower() not in _PERMITTING:
        return []
    objects = [c for c in verb.children if c.dep_ == "dobj"]
    let = objects or [
        g
        for c in verb.children
        if c.dep_ in ("ccomp", "xcomp")
        for g in c.children
        if g.dep_ == "nsubj"
    ]
    # "allowed it to grow": a thing let happen is no party
    return [t for t in let if t.lower_ != "it"]


def _shared_objects(trigger: Token) -> list[Token]:
    """'shot and killed two gunmen', 'attacked and burned a village': an active verb with
    nothing of its own to act on shares the object of the verb conjoined after it (one
    act told in two verbs; not when that verb has a subject of its own)."""
    if trigger.pos_ != "VERB" or is_passive(trigger):
        return []
    if any(c.dep_ in ("dobj", "ccomp", "xcomp", "attr") for c in trigger.children):
        return []
    for c in trigger.children:
        if (
            c.dep_ == "conj"
            and c.i > trigger.i
            and c.pos_ == "VERB"
            and not is_passive(c)
            and not any(g.dep_ in ("nsubj", "nsubjpass") for g in c.children)
        ):
            return object_heads(c)
    return []


def _agents(passive: Token) -> list[Token]:
    """A passive verb's agent, or that of the participles sharing its voice: "were
    arrested and beaten by police" (the agent of the last one is every one's)."""
    found = prep_objects(passive, {"by"})
    stack = [c for c in passive.children if c.dep_ == "conj"]
    while stack and not found:
        c = stack.pop()
        if _passive_head(c) is not None:
            found = prep_objects(c, {"by"})
            stack.extend(g for g in c.children if g.dep_ == "conj")
    return found


def _passive_head(trigger: Token) -> Token | None:
    """The passive verb whose voice and passive subject a chain of bare conjoined
    participles shares ("a soldier was shot and injured": the soldier was injured;
    "were killed, raped and kidnapped"). None for a verb with no passive reading ("were
    captured or surrendered") or a participle with a clause of its own."""
    tok = trigger
    for _ in range(_MAX_CONJUNCTS):
        if (
            tok.dep_ != "conj"
            or tok.tag_ != "VBN"
            or tok.head.pos_ != "VERB"
            or any(c.dep_ in _OWN_CLAUSE_DEPS for c in tok.children)
            or tok.lemma_.lower() in _NO_PASSIVE
        ):
            return None
        tok = tok.head
        if is_passive(tok):
            return tok
    return None


# Verbs that find or leave someone in a state a participle names ("found him shot").
_FINDING = frozenset({"find", "discover", "leave", "see"})


def _resulting_state(trigger: Token) -> Token | None:
    """A bare past participle completing another verb ("was found murdered", "were
    reported killed", "left him wounded", "got arrested") says what state the verb's
    object, or else its subject, was in: that one, or None."""
    head = trigger.head
    if trigger.dep_ == "ccomp" and trigger.tag_ == "VBN" and head.lemma_.lower() in _FINDING:
        # "villagers found two soldiers shot": the parser gives the participle a subject
        if any(c.dep_ in ("aux", "auxpass", "dobj") for c in trigger.children):
            return None
        return next((c for c in trigger.children if c.dep_ == "nsubj"), None)
    if (
        trigger.dep_ not in ("xcomp", "oprd")
        or trigger.tag_ != "VBN"
        or head.i == trigger.i
        or head.pos_ not in ("VERB", "AUX")
        or any(c.dep_ in _OWN_CLAUSE_DEPS for c in trigger.children)
        or trigger.lemma_.lower() in _NO_PASSIVE
    ):
        return None
    own = next((c for c in head.children if c.dep_ == "dobj"), None)
    return own or _own_subject(head, passive_too=True) or inherited_subject(head)


def verb_roles(trigger: Token, pattern: Pattern) -> Roles:
    """Source and target heads of a verb trigger, active or passive."""
    if _passive_gloss(trigger):
        glossed = _own_subject(trigger.head, passive_too=True)
        if glossed is None:
            glossed = inherited_subject(trigger.head)
        return Roles(
            _with_conjuncts(prep_objects(trigger, {"by"})),
            _with_conjuncts([glossed] if glossed is not None else []),
            "passive",
        )
    shared = _passive_head(trigger)
    if shared is not None:
        # "was shot and wounded by rebels": the agent may hang on either verb
        sufferer = _own_subject(shared, passive_too=True)
        return Roles(
            _with_conjuncts(prep_objects(trigger, {"by"}) or _agents(shared)),
            _with_conjuncts([sufferer] if sufferer is not None else []),
            "passive",
        )
    result = _resulting_state(trigger)
    if result is not None:
        # "a guard was found murdered", "police found him shot": who suffered it is what
        # the governing verb is about, and the doer is named by "by" if at all
        return Roles(
            _with_conjuncts(prep_objects(trigger, {"by"})),
            _with_conjuncts([result]),
            "passive",
        )
    stative = _stative_subject(trigger)
    if stative is not None:
        # "Israel is opposed to French mediation": Israel opposes it
        return Roles(
            _with_conjuncts([stative]), _with_conjuncts(_aimed_at(trigger, {"to"})), "active"
        )
    if _misparsed_active(trigger, pattern):
        objects = [c for c in trigger.children if c.dep_ == "dobj"]
        targets = objects or _aimed_at(trigger, pattern.wants("prep") or TARGET_PREPS)
        return Roles(_with_conjuncts([trigger.head]), _with_conjuncts(targets), "active")
    objects = object_heads(trigger)
    wanted_preps = pattern.wants("prep")
    preps = wanted_preps if wanted_preps else TARGET_PREPS
    if not wanted_preps and pattern.code[:2] in _FROM_TARGET_ROOTS:
        preps = preps | {"from"}  # "withdrew from X", "suspended aid from X"
    # "provided aid for Romania", "suspended an aid programme for Bosnia": who benefits
    benefit = pattern.code[:2] == "07" or pattern.code[:3] == "162"
    if benefit and not wanted_preps:
        preps = preps | {"for"}
    prep_targets = _aimed_at(trigger, preps)
    if not objects and not prep_targets:
        objects = _shared_objects(trigger)
    # "offered its troops to X", "withdrew its forces from X": what belongs to the doer is
    # the means, and the one it is aimed at is named by a preposition.
    aimed: list[Token] = []
    own_means = bool(objects) and all(_belongs_to_doer(o) for o in objects)
    if own_means:
        aimed = prep_targets + [t for o in objects for t in prep_objects(o, preps | {"in"})]
    own_force = pattern.code[:3] in _OWN_FORCE_BASES
    modal = pattern.wants("modal")
    if modal is not None:
        # "X said Y must withdraw": the demand is made of the complement's subject.
        clauses = [
            c
            for c in complements(trigger)
            if any(a.dep_ == "aux" and ("*" in modal or a.lower_ in modal) for a in c.children)
        ]
        targets = [g for c in clauses for g in c.children if g.dep_ in ("nsubj", "nsubjpass")]
        fallback_targets: list[Token] = []
    elif pattern.wants("obj") is not None:
        # The constrained object is the theme ("fired missiles", "provided aid"); the
        # target is where it went.
        theme_preps = [t for o in objects for t in _aimed_at(o, TARGET_PREPS)]
        if benefit and not theme_preps:
            # what the object measures too: "70 million dollars of aid for Romania"
            themes = [*objects, *(g for o in objects for g in prep_objects(o, {"of"}))]
            theme_preps = [t for o in themes for t in _aimed_at(o, TARGET_PREPS | {"for"})]
        dative = [c for c in trigger.children if c.dep_ == "dative"]
        targets = aimed or prep_targets or theme_preps or dative
        fallback_targets = [] if own_force else objects
    elif own_means and not aimed and pattern.code[:2] in _FROM_TARGET_ROOTS:
        # "withdrew its troops", "recalled its envoy": the doer's own means, aimed at no one
        targets, fallback_targets = [], []
    elif own_force:
        targets, fallback_targets = aimed or prep_targets, []
    else:
        targets = aimed or objects or prep_targets
        # "brokered a truce between X and Y": the parties of the object
        fallback_targets = [t for o in objects for t in _aimed_at(o, TARGET_PREPS | {"between"})]
        fallback_targets += prep_targets if objects else []
        fallback_targets += objects if aimed else []
        if pattern.code[:2] in ("02", "10"):
            # "called for sanctions against Nigeria", "for talks with the rebels": whom
            # what is asked for is aimed at (not a protest's: "against the war on Iraq")
            asked_for = [t for p in prep_targets for t in _aimed_at(p, _ASKED_FOR_PREPS)]
            fallback_targets += asked_for
    if pattern.code[:2] in _ASKING_ROOTS:
        # "demanded independence from Serbia", "requested military aid from the United
        # States": the one asked is named by "from"; what is asked is no party
        asked = prep_objects(trigger, {"from"}) + [
            t
            for o in objects
            if o.lemma_.lower() not in _MOVES_AWAY
            for t in prep_objects(o, {"from"})
        ]
        if asked:
            targets, fallback_targets = asked, [*targets, *fallback_targets]
    if not targets and pattern.code[:2] == "14":
        # "blocked streets in defiance of Chinese authorities": whom the protest defies
        targets = [
            t
            for stance in prep_objects(trigger, {"in"})
            if stance.lemma_.lower() in _DEFIANCE
            for t in prep_objects(stance, {"of", "to"})
        ]
    if pattern.code[:2] == "11" and "to" not in (wanted_preps or ()):
        # "complained to the UN over Israeli raids": the one told hears the complaint; the
        # one complained of is named by "over" or "about" (when that names a party)
        matter = prep_objects(trigger, {"over", "about"})
        if matter and any(t.head.lower_ == "to" for t in targets):
            targets, fallback_targets = matter, [*targets, *fallback_targets]
    losers: list[Token] = []
    if pattern.code[:3] == "192" or pattern.code == "1711":
        # "from" may hang on the place taken: "recaptured [Palmyra from Islamic State]";
        # what is confiscated is taken from someone too ("seized weapons from militants")
        losers = prep_objects(trigger, {"from"}) or [
            t for o in objects for t in prep_objects(o, {"from"})
        ]
    if losers:
        # "recaptured the town from al-Shabaab": the target is the side that lost it
        fallback_targets = [*targets, *fallback_targets]
        targets = losers
    if not targets and pattern.code[:2] in ("02", "10", "11"):
        # "Kenya alleged that Uganda armed the rebels", "China demanded that Japan stop
        # patrols": the one accused or asked is the doer of the complement (a passive
        # one's agent: "that civilians were killed" accuses nobody)
        # "the army killed 20 civilians, Amnesty charged": the clause it reports
        reported = reported_clause(trigger)
        clauses = complements(trigger) + ([reported] if reported is not None else [])
        targets = [d for c in clauses for d in _doers(c)]
    if not targets and not is_passive(trigger):
        # "allowed Red Cross officials to visit": the one let, which the parser may make
        # the subject of the complement
        targets = _permitted(trigger)
    if not targets and _committing(pattern.code) and not is_passive(trigger):
        # "promised to continue military aid to Mozambique", "agreed to provide aid for
        # Romania", "agreed to meet with X", "threatened to cut off electricity to X",
        # "refused to hand over X": a commitment, a threat or a refusal is aimed at the
        # party of what it is about
        targets = [t for c in trigger.children if c.dep_ == "xcomp" for t in _parties(c)]
    if not targets and pattern.code[:2] == "12":
        # "declined to resign despite pressure by the anti-corruption commission": a
        # refusal defies whoever pressed for the act
        targets = [
            who
            for holder in (trigger, *(c for c in trigger.children if c.dep_ == "xcomp"))
            for pressed in prep_objects(holder, {"despite"})
            if pressed.lemma_.lower() in _PRESSING
            for who in prep_objects(pressed, {"by", "from"})
            + [
                c
                for c in pressed.children
                if c.dep_ in ("poss", "compound") or (c.dep_ == "amod" and c.text[:1].isupper())
            ]
        ]
    if not targets:
        # "X was hit by a shell fired by Y": the weapon's own participle reaches X
        targets = _struck_by_means(trigger)
    if is_passive(trigger):
        # "were arrested and beaten by police": the agent of the last participle is
        # every conjoined participle's
        sources = _agents(trigger)
        # "destroyed in Russian raids", "shelled from the Syrian side": the doer is named
        # by the noun's modifier; not by a place or site it happened in ("killed in the
        # Turkish city of X") or a whole situation ("killed in the Syrian conflict").
        # ("killed in an operation carried out by X": X, who did the act)
        fallback = [
            a
            for t in prep_objects(trigger, {"in", "during", "from"})
            if t.pos_ == "NOUN" and (t.head.lower_ == "from" or t.lemma_.lower() not in _NOT_DOERS)
            for a in (_author_of(t) or [t])
        ]
        # "a mortar was fired at Israel from Gaza": with no agent, where it came from
        # stands for who sent it.
        fallback += [t for t in prep_objects(trigger, {"from"}) if t.pos_ == "PROPN"]
        # "hit by a rocket (believed to be) fired by militants": the means' own agent
        fallback += [a for means in sources for a in _agent_of_means(means)]
        # "a bomb planted by PKK militants was detonated": who planted it
        fallback += [a for c in trigger.children if c.dep_ == "nsubjpass" for a in _placer_of(c)]
        return Roles(
            _with_conjuncts(sources),
            _with_conjuncts(targets),
            "passive",
            False,
            tuple(fallback),
            _with_conjuncts(fallback_targets),
        )
    subject = _own_subject(trigger)
    inherited = False
    if subject is None:
        subject = inherited_subject(trigger)
        inherited = subject is not None
    sources = [subject] if subject is not None else []
    # "a bomb planted by PKK militants exploded", "an attack claimed by X killed six": who
    # planted it or did it, if the bomb or the attack is no actor
    placers = _author_of(subject) if subject is not None and not inherited else []
    return Roles(
        _with_conjuncts(sources),
        _with_conjuncts(targets),
        "active",
        inherited,
        tuple(placers),
        _with_conjuncts(fallback_targets),
    )


# Participles that tell who set a device or sent a weapon ("a bomb planted by X").
_PLACING = frozenset({"plant", "place", "lay", "set", "hide", "leave", "rig", "fire", "launch"})


# Participles that tell who did the act a noun names ("an attack carried out by X",
# "a bombing claimed by X"), with the preposition that names the doer ("attacks
# attributed to X", "blamed on X").
_AUTHORING = {
    **{
        lemma: frozenset({"by"})
        for lemma in ("carry", "claim", "conduct", "perpetrate", "stage", "mount", "commit")
    },
    "attribute": frozenset({"to"}),
    "blame": frozenset({"on"}),
}


def _placer_of(means: Token) -> list[Token]:
    """Who planted, laid or fired the device a passive verb's subject names ("a bomb
    [remote-controlled and] planted by PKK militants was detonated": the militants);
    none for any other participle ("the village, attacked by rebels last year")."""
    return [
        a
        for c in means.children
        if c.dep_ == "acl" and c.lemma_.lower() in _PLACING
        for a in prep_objects(c, {"by"})
    ]


def _author_of(act: Token) -> list[Token]:
    """Who set off the device, or did the act, that a noun names ("a bomb planted by X
    exploded", "an attack claimed by X killed six", "bombings blamed on X")."""
    return [a for c in act.children if c.dep_ == "acl" for a in prep_objects(c, _doer_preps(c))]


def _doer_preps(participle: Token) -> frozenset[str]:
    """The prepositions that name who did what ``participle`` describes ("planted by",
    "blamed on"); none for an infinitive ("a plan to blame it on X")."""
    lemma = participle.lemma_.lower()
    if lemma in _PLACING:
        return frozenset({"by"})
    if participle.tag_ != "VBN":
        return frozenset()
    return _AUTHORING.get(lemma, frozenset())


# Nouns that count or group actions ("a wave of strikes", "two days of talks").
_MEASURES = frozenset(
    {
        "series",
        "wave",
        "round",
        "spate",
        "string",
        "barrage",
        "volley",
        "salvo",
        "flurry",
        "number",
        "dozen",
        "dozens",
        "hundreds",
        "scores",
        "day",
        "days",
        "week",
        "weeks",
        "night",
        "nights",
        "hour",
        "hours",
        "month",
        "months",
        "campaign",
        "cycle",
    }
)
# Verbs of taking part, with the preposition that introduces the activity.
_PARTICIPATION = {
    "in": frozenset({"engage", "participate", "involve", "join", "part"}),
    "on": frozenset({"remain", "be", "stay", "go"}),
}


def _participates(prep: Token) -> bool:
    """Is ``prep`` the "in"/"on" of a verb of taking part ("engaged in", "took part in",
    "remained on")?"""
    verbs = _PARTICIPATION.get(prep.lower_)
    head = prep.head
    if verbs is None or head.lemma_.lower() not in verbs:
        return False
    if head.lemma_.lower() == "part":
        return head.head.lemma_.lower() == "take"  # "took part in"
    return head.pos_ in ("VERB", "AUX")


# Verbs whose subject undergoes the action their object noun names ("faces sanctions
# from X", "drew criticism from Y"): the subject is the target, "from" names the doer.
_UNDERGOING = frozenset({"face", "draw", "attract", "incur", "receive", "come"})


def _undergone(trigger: Token) -> Token | None:
    """The verb of "X faced criticism", "X came under pressure", or None."""
    if trigger.dep_ == "dobj" and trigger.head.lemma_.lower() in _UNDERGOING - {"come"}:
        return trigger.head
    prep = trigger.head
    if trigger.dep_ == "pobj" and prep.lower_ == "under" and prep.head.lemma_.lower() == "come":
        return prep.head
    return None


# Nouns of an act's beginning or going on ("the launch of an offensive"), and the verbs
# by which their subject says it does the act ("announced the launch of"); not a
# judgement ("condemned the launch of") or a wish ("welcomed the start of talks").
_ONSETS = frozenset(
    {
        "launch",
        "start",
        "beginning",
        "onset",
        "resumption",
        "continuation",
        "escalation",
        "intensification",
        "renewal",
    }
)
_ANNOUNCING = frozenset({"announce", "declare", "proclaim", "order", "begin", "start"})


def _onset_of(phrase: Token) -> Token | None:
    """The onset noun whose "of" object ``phrase`` is ("the launch of an offensive")."""
    if phrase.dep_ != "pobj" or phrase.head.lower_ != "of":
        return None
    onset = phrase.head.head
    return onset if onset.lemma_.lower() in _ONSETS and onset.pos_ == "NOUN" else None


def noun_roles(trigger: Token, pattern: Pattern) -> Roles:
    """Source and target heads of a nominal trigger ("Russian strikes on Idlib")."""
    verb = _undergone(trigger)
    if verb is not None:
        subject = _own_subject(verb, passive_too=True) or inherited_subject(verb)
        doers = prep_objects(trigger, {"from", "by"}) + prep_objects(verb, {"from", "by"})
        doers = doers or [c for c in trigger.children if c.dep_ in ("poss", "compound")]
        return Roles(
            _with_conjuncts(doers),
            (subject,) if subject is not None else (),
            "nominal",
        )
    sources: list[Token] = [c for c in trigger.children if c.dep_ == "poss"]
    sources += prep_objects(trigger, {"by"})
    # "bombings attributed to Islamist militants", "an attack claimed by X"
    sources += _author_of(trigger)
    if not sources:
        sources = [
            c
            for c in trigger.children
            # an adjective names an actor only as a proper adjective ("Russian strikes",
            # not "firm demand")
            if (
                c.dep_ in ("compound", "nmod", "npadvmod")
                or (c.dep_ == "amod" and c.text[:1].isupper())
            )
            and not ({c.lemma_.lower(), c.lower_} & (pattern.wants("has") or frozenset()))
        ]
    fallback: list[Token] = []
    # "launched a mediation effort": the phrase's head noun stands in the verb's frame.
    phrase = trigger.head if trigger.dep_ == "compound" else trigger
    if (
        phrase.dep_ == "pobj"
        and phrase.head.lower_ == "of"
        and phrase.head.head.lemma_.lower() in _MEASURES
    ):
        # "carried out a series of strikes", "staged two days of exercises": the measure
        # noun stands in the verb's frame for the action it counts
        phrase = phrase.head.head
    # "staged protests", "announced a suspension": the verb only carries the noun, and the
    # construction says as much as the verb would.
    light = phrase.dep_ == "dobj" and _is_support_verb(phrase.head)
    if phrase.dep_ in ("dobj", "conj") and _is_support_verb(phrase.head):
        verb = phrase.head
        subject = _own_subject(verb) or inherited_subject(verb)
        if subject is not None:
            fallback = [subject]
    elif onset := _onset_of(phrase):
        # "announced the launch of a new offensive", "the army's resumption of strikes"
        fallback = [c for c in onset.children if c.dep_ == "poss"]
        verb = onset.head
        if not fallback and onset.dep_ == "dobj" and verb.lemma_.lower() in _ANNOUNCING:
            subject = _own_subject(verb) or inherited_subject(verb)
            fallback = [subject] if subject is not None else []
    elif trigger.dep_ == "pobj" and _participates(trigger.head):
        # "troops remained on alert", "forces were engaged in ethnic cleansing"
        verb = trigger.head.head
        if verb.lemma_.lower() == "part":
            verb = verb.head
        subject = _own_subject(verb, passive_too=True) or inherited_subject(verb)
        if subject is not None:
            fallback = [subject]
    wanted = pattern.wants("prep")
    # "strikes in Syria", "near Aleppo", "from the sea": places, not targets.
    preps = (wanted if wanted else NOUN_TARGET_PREPS) - _PLACE_PREPS
    if pattern.code[:3] in _OWN_FORCE_BASES and not wanted:
        # "the deployment of Turkish troops": the force deployed is the doer's own
        preps = preps - {"of"}
        sources = sources or prep_objects(trigger, {"of"})
    targets = _aimed_at(trigger, preps)
    if not targets and trigger.dep_ == "compound":
        targets = _aimed_at(trigger.head, preps)
    if not targets and light:
        # "gave a warm welcome to X", "launched an attack on X": the light verb carries
        # the noun's prepositions too.
        targets = _aimed_at(phrase.head, preps)
    for c in trigger.children:
        if c.dep_ == "acl" and c.lemma_.lower() in ("target", "hit", "against"):
            targets += [g for g in c.children if g.dep_ == "dobj"]
        elif (
            c.dep_ in ("acl", "ccomp")
            and not targets
            and any(g.dep_ == "mark" and g.lower_ == "that" for g in c.children)
        ):
            # "its demand that Israel ease ...", "the accusation that Moscow armed ...":
            # the one the clause is about
            targets += [g for g in c.children if g.dep_ == "nsubj"]
        elif (
            c.dep_ in ("acl", "xcomp") and not targets and not (c.tag_ == "VBN" and _doer_preps(c))
        ):
            # "willingness to make contact with rebels"
            objs = [g for g in c.children if g.dep_ == "dobj"]
            targets += _aimed_at(c, TARGET_PREPS - _PLACE_PREPS)
            targets += [t for o in objs for t in prep_objects(o, {"with", "to"})]
    # "a suspension of air links with Serbia", "the delivery of arms to Kiev": the party
    # the act's object is shared with or goes to (not "an investigation of arms sales to
    # Ecuador": the sales are what is looked into)
    shared = []
    if pattern.code[:2] in _SHARED_OBJECT_ROOTS:
        themes = prep_objects(trigger, {"of"})
        shared = [t for o in themes for t in prep_objects(o, {"with", "to"})]
    parties = _with_conjuncts(prep_objects(trigger, {"between"}))
    if not sources and len(parties) > 1 and {"symmetric", "mutual"} & set(pattern.tags):
        # "clashes between the army and the rebels": the parties act on each other, as
        # in "the army and the rebels clashed"
        sources = list(parties)
        targets = [t for t in targets if t not in parties]
    return Roles(
        _with_conjuncts(sources),
        _with_conjuncts(targets),
        "light" if light else "nominal",
        False,
        tuple(fallback),
        _with_conjuncts(shared),
    )


# What is called for is aimed at someone with these ("sanctions against X").
_ASKED_FOR_PREPS = frozenset({"against", "on", "with"})
# Roots whose noun's "of" object is a tie or a good between parties (see noun_roles).
_SHARED_OBJECT_ROOTS = frozenset({"03", "04", "05", "06", "07", "08", "12", "16"})
_CONDITIONS = frozenset({"unless", "if"})


def condition_subjects(trigger: Token) -> tuple[Token, ...]:
    """'Threatened to launch an offensive unless Baghdad accepted its terms': the doer
    of the condition a threat sets (Baghdad), on the threat or the act it threatens."""
    found: list[Token] = []
    doc = trigger.doc
    for clause in (trigger, *(c for c in trigger.children if c.dep_ in ("xcomp", "ccomp"))):
        for c in clause.children:
            mark = next(
                (m for m in c.children if m.dep_ == "mark" and m.lower_ in _CONDITIONS), None
            )
            if c.dep_ != "advcl" or mark is None:
                continue
            # (after the "if" and no comma between: a misparse can hang a later clause's
            # subject on the condition)
            found += [
                s
                for s in c.children
                if s.dep_ == "nsubj"
                and s.i > mark.i
                and not any(t.text == "," for t in doc[mark.i : s.i])
            ]
    return _with_conjuncts(found)


def roles_for(trigger: Token, pattern: Pattern) -> Roles:
    if pattern.pos == "VERB":
        roles = verb_roles(trigger, pattern)
        if "inverse" in pattern.tags:
            givers = _with_conjuncts(prep_objects(trigger, {"from"}))
            return Roles(givers, roles.sources, roles.voice, roles.inherited)
        return roles
    if pattern.pos == "ADJ":
        if trigger.dep_ == "amod" and trigger.head.pos_ in ("NOUN", "PROPN"):
            # A noun read as an adjective ("an army ground offensive against rebels"):
            # whose it is comes from the noun phrase, what it targets from its own preps.
            phrase = noun_roles(trigger.head, pattern)
            phrase = Roles(
                tuple(t for t in phrase.sources if t.i != trigger.i),
                phrase.targets,
                phrase.voice,
                False,
                phrase.fallback_sources,
            )
            targets = _aimed_at(trigger, NOUN_TARGET_PREPS - _PLACE_PREPS)
            return Roles(
                phrase.sources,
                _with_conjuncts(targets),
                "nominal",
                False,
                phrase.fallback_sources,
            )
        subject = _own_subject(trigger.head) if trigger.dep_ == "acomp" else None
        return Roles((subject,) if subject is not None else (), (), "adjectival")
    return noun_roles(trigger, pattern)
