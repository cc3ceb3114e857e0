"""Who claims an event, and whether it is negated, hypothetical or only intended.

All decisions read the dependency parse around the trigger and the cue words of
``pipeline/data/verbs/cues.tsv``; nothing here looks at word order alone.
"""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Token

from pipeline.coding.patterns import PatternSet, reported_clause, word
from pipeline.doc_columns import columns, keys_of

# Dependencies through which an event is embedded in the clause that governs it.
_EMBED_DEPS = frozenset(
    {"ccomp", "xcomp", "advcl", "pcomp", "acl", "relcl", "conj", "pobj", "prep"}
)
_SPEECH_CHILD_DEPS = frozenset({"parataxis", "advcl", "ccomp", "conj"})
_MAX_HOPS = 6
# How a reported event hangs under the verb that reports it ("said [that] X",
# "reported 40 strikes", "accuses Moscow of violating"); "as"-clauses and relative
# clauses under a speech verb are the writer's own words.
_SPEECH_PATH = frozenset({"ccomp", "xcomp", "parataxis", "dobj", "nsubjpass", "prep", "pcomp"})
_NOUN_ARG_DEPS = frozenset({"dobj", "nsubj", "nsubjpass", "attr", "pobj", "appos"})


@dataclass(frozen=True)
class Modality:
    negated: bool = False
    hypothetical: bool = False
    future: bool = False
    reporter: Token | None = None
    speech_verb: Token | None = None
    notes: tuple[str, ...] = ()
    refused: bool = False  # "refused to meet", "declined to resign"
    obligation: bool = False  # "must withdraw", "should release"
    conditional: bool = False  # "if", "unless"
    # Future only through a plan or an attempt the writer reports ("was scheduled to
    # meet", "sought to seize"), with no auxiliary or cue that states an intent.
    planned: bool = False
    # The event is the condition itself ("if Iran attacks, ..."), not what it conditions.
    condition: bool = False
    # Asked, not stated ("Will Iran attack?"): no statement of intent or demand either.
    question: bool = False


def _governors(trigger: Token) -> list[Token]:
    """The trigger and the chain of heads it is embedded under, up to the clause root."""
    chain = [trigger]
    if reported_clause(trigger) is not None:
        # "Y did not strike Z, X protested": the report is not of the clause's mood
        return chain
    tok = trigger
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.dep_ in _NOUN_ARG_DEPS:
        # A nominal event takes the tense and mood of the verb it is an argument of.
        tok = trigger.head
        while tok.dep_ == "prep" and tok.head.i != tok.i:
            tok = tok.head
        chain.append(tok)
    for _ in range(_MAX_HOPS):
        if tok.head.i == tok.i or tok.dep_ not in _EMBED_DEPS or _semicolon_apart(tok):
            break
        tok = tok.head
        chain.append(tok)
    return chain


# Doc user data: whether the Doc holds a "?", a ";" and a word of no one (plain bools,
# read once per Doc: most news has none, and the rules below then cost nothing).
_MARKS_KEY = "wirewatch_claim_marks"
_NO_ONE = frozenset({"nobody", "none", "nothing", "noone", "no-one"})
_MARK_WORDS = (keys_of(["?"]), keys_of([";"]), keys_of([*_NO_ONE, "no"]))


def _marks(doc: Doc) -> tuple[bool, bool, bool]:
    marks = doc.user_data.get(_MARKS_KEY)
    if marks is None:
        words = frozenset(columns(doc).lower)
        question, semicolon, no_one = (bool(words & keys) for keys in _MARK_WORDS)
        marks = doc.user_data[_MARKS_KEY] = (question, semicolon, no_one)
    return marks


def _semicolon_apart(clause: Token) -> bool:
    """Is a semicolon between ``clause`` and the verb it hangs on? Clauses a semicolon
    joins stand on their own: "ISIS stormed the defences; however, this attack would
    later be repelled" (parsed with "stormed" under "repelled") reports the storming."""
    if clause.dep_ not in ("ccomp", "conj", "advcl", "parataxis") or clause.pos_ not in (
        "VERB",
        "AUX",
    ):
        return False
    if not _marks(clause.doc)[1]:
        return False
    head = clause.head
    low, high = sorted((clause.i, head.i))
    return any(
        c.text == ";" and low < c.i < high and c.dep_ == "punct"
        for c in (*head.children, *clause.children)
    )


def _subject(verb: Token) -> Token | None:
    """The verb's subject; a relative pronoun ("Ankara, which accuses") stands for its noun."""
    for c in verb.children:
        if c.dep_ == "agent":
            # "was reported by Ankara": the speaker is the agent of a passive verb
            for g in c.children:
                if g.dep_ == "pobj":
                    return g
    for c in verb.children:
        if c.dep_ == "nsubj" or (c.dep_ == "nsubjpass" and not _is_passive_speech(verb)):
            if c.tag_ in ("WDT", "WP") and verb.dep_ == "relcl":
                return verb.head
            return c
    return None


def _is_passive_speech(verb: Token) -> bool:
    return any(c.dep_ == "auxpass" for c in verb.children)


def _done_to_no_one(verb: Token) -> bool:
    """Is the verb's subject or object no one ("no airstrikes have been launched",
    "nobody was hurt", "police arrested no one")? Not "no fewer than 20 people"."""
    if not _marks(verb.doc)[2]:
        return False
    arguments = list(verb.children)
    if verb.dep_ == "conj" and not any(c.dep_ in ("nsubj", "nsubjpass") for c in arguments):
        # "no civilians were killed or wounded": the subject is the first verb's
        arguments += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
    for c in arguments:
        if c.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            continue
        if c.lower_ in _NO_ONE or (c.lower_ == "one" and c.i > 0 and c.nbor(-1).lower_ == "no"):
            return True
        if any(d.dep_ == "det" and d.lower_ == "no" for d in c.children):
            return True
    return False


# Adverbs that say an act does not (or almost never) happen: "are seldom consulted".
# Not "hardly": "were hardly injured" is often written for "badly injured".
_HARDLY = frozenset({"seldom", "rarely"})


def _is_negated(tok: Token, cues: PatternSet) -> bool:
    for c in tok.children:
        if c.dep_ == "neg":
            return True
        if c.dep_ == "det" and c.lower_ == "no":
            return True
        if c.dep_ == "advmod" and c.lower_ in _HARDLY:
            return True
    return False


def modality(trigger: Token, cues: PatternSet, force: bool = False) -> Modality:
    """Negation, hypothesis, futurity and the reporting source of the event at ``trigger``.

    The trigger's own auxiliaries decide tense and mood; governing verbs add their cue
    ("vowed to strike": future; "denied that ... struck": negated; "could": hypothetical).
    A speech verb anywhere up the chain makes its subject the reporter. ``force``: the
    event is an act of force (CAMEO 18-20), whose attempt is the act itself.
    """
    negated = hypothetical = future = refused = obligation = conditional = False
    condition = False
    stated = False  # some cue of the future states an intent (not only a plan)
    requested = False
    notes: list[str] = []
    reporter: Token | None = None
    speech: Token | None = None
    chain = _governors(trigger)
    phrase = trigger.head if trigger.dep_ == "compound" else trigger
    if trigger.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ == "any" for c in phrase.children
    ):
        # "any attack on the pipeline", "moving ahead with any talks": no attack or
        # talks in particular, so none that happened
        hypothetical = True
    if _upcoming(phrase):
        future = True  # "protested ahead of the summit": the writer's timetable
    if trigger.pos_ == "NOUN" and not _carried_out(phrase):
        # (not "long-threatened", "long-awaited": expected before, and come now)
        said_of = {
            c.lower_
            for c in phrase.children
            if c.dep_ == "amod" and not any(g.dep_ == "advmod" for g in c.children)
        }
        if said_of & _MAYBE or any(cues.cue(w, "hypothetical") for w in said_of):
            hypothetical = True  # "a possible attack on Iraq", "a potential strike"
        if said_of & _TO_COME:
            future = True  # "an imminent attack", "the planned withdrawal"
    if trigger.pos_ in ("VERB", "AUX") and _done_to_no_one(trigger):
        negated = True  # "no airstrikes were launched", "arrested no one"
    asked = _asked(trigger)
    if asked:
        hypothetical = True  # "Did the army shell the town?", "How can they kill ...?"
    in_speech = False
    reportable = True
    # A conjoined verb has its own polarity and tense ("did not hit X and struck Y"):
    # only speech and intent cues cross a conjunction.
    own_clause = True
    adverbial = False  # the trigger's clause is an adverbial one of a clause above
    for depth, tok in enumerate(chain):
        below = chain[depth - 1] if depth else None
        if below is not None and below.dep_ == "advcl":
            adverbial = True
        if below is not None and below.dep_ == "conj":
            own_clause = False
        elif below is not None and below.dep_ in ("ccomp", "xcomp", "advcl", "pcomp", "acl"):
            own_clause = True
        if own_clause and _is_negated(tok, cues):
            negated = True
        if below is not None:
            lemma = tok.lemma_.lower()
            if below.dep_ in ("advcl", "relcl", "acl") and below.i != trigger.i:
                reportable = False
            if (
                cues.cue(lemma, "speech")
                and speech is None
                and reportable
                and below.dep_ in _SPEECH_PATH
            ):
                speech = tok
                reporter = _subject(tok)
                in_speech = True
            # "vowed to fight" is sometimes parsed with "to fight" as a purpose clause
            controls = below.dep_ in ("xcomp", "acl", "pcomp", "prep", "pobj") or (
                _to_clause(below) and not any(c.dep_ == "nsubj" for c in below.children)
            )
            if controls and cues.cue(lemma, "negation") and not cues.cue(lemma, "speech"):
                negated = True
                refused = refused or below.dep_ == "xcomp"
            if cues.cue(lemma, "negation") and below.dep_ == "ccomp":
                negated = True  # "denied that its jets struck"
            if cues.cue(lemma, "prevention") and (
                below.dep_ == "dobj" or (below.dep_ == "prep" and below.lower_ == "from")
            ):
                negated = True  # "foiled an attack", "prevented them from attacking"
            if controls and cues.cue(lemma, "future"):
                future = True
                stated = stated or not _plan_cue(tok, lemma, cues)
            for noun in _held_intent(tok, below, cues):
                # "foiled a plot to kill the minister" parsed with "to kill" on the verb:
                # the infinitive is the noun's, and what stops the plot stops it too
                future = True
                stated = stated or not _plan_cue(noun, noun.lemma_.lower(), cues)
                negated = negated or cues.cue(lemma, "prevention")
            if not force and _infinitive(below) and _within(trigger, below):
                # "an operation to free the engineers": its aim, stated by no one. Not an act
                # of force (``force``): an attempt to kill or to storm is itself the
                # assault, as CAMEO codes attempts at force. The parser often hangs the aim
                # on the verb ("launched an operation to free").
                future = future or _undertaking(tok, lemma, cues)
            if controls and cues.cue(lemma, "hypothetical"):
                hypothetical = True
            if (cues.cue(lemma, "appeal") and _requested(tok, below)) or (
                cues.cue(lemma, "campaign") and _asked_for(below)
            ):
                hypothetical = True
                requested = True
            elif _to_clause(below) and any(
                c.dep_ == "dobj" and cues.cue(c.lemma_.lower(), "appeal") for c in tok.children
            ):
                # "faces pressure to resign", "got calls to step down": what is asked
                hypothetical = True
                requested = True
        if _infinitive(tok) and _within(trigger, tok) and _open_question(tok):
            hypothetical = True  # "explained how to attack police stations": a method
        if not own_clause:
            continue
        for c in tok.children:
            low = c.lower_
            if c.dep_ == "aux" or (c.dep_ == "advmod" and low == "not"):
                if low in ("will", "shall", "'ll") or (low == "would" and (in_speech or depth)):
                    future = True
                    # ("Russia will strike when the rebels attack": the time of the
                    # rebels' attack, not their stated intent)
                    stated = stated or not adverbial
                elif low in ("must", "should"):
                    obligation = hypothetical = True
                elif cues.cue(low, "hypothetical"):
                    hypothetical = True
                elif c.lemma_ == "go" and any(g.dep_ == "xcomp" for g in tok.children):
                    future = stated = True
            if c.dep_ == "mark" and cues.cue(low, "hypothetical"):
                hypothetical = True
                condition = condition or low in ("if", "unless")
            if c.dep_ == "advcl" and any(
                m.dep_ == "mark" and m.lower_ in ("if", "unless") for m in c.children
            ):
                conditional = True  # "may halt mediation if ...", "will strike unless ..."
        marks = [c.lower_ for c in tok.children if c.dep_ == "mark"]
        if tok.dep_ == "advcl" and any(cues.cue(m, "hypothetical") for m in marks):
            hypothetical = True
            # "whether they are hit ..." wonders; only "if"/"unless" set a condition
            condition = condition or any(m in ("if", "unless") for m in marks)
    if _denied_claim(chain, cues):
        negated = True  # "denied reports that its jets bombed ...", "rejected claims that"
    if (
        speech is None
        and trigger.dep_ == "dobj"
        and cues.cue(trigger.head.lemma_.lower(), "speech")
    ):
        # "the Observatory reported 40 strikes": the reporter is the subject of "reported".
        speech, reporter = trigger.head, _subject(trigger.head)
    if speech is None:
        speech, reporter = _speech_child(chain[-1], cues)
    if reporter is None and speech is None:
        reporter = _according_to(chain)
    # "would" inside reported speech is the future of the past, not a hypothesis.
    if (
        hypothetical
        and not obligation
        and not asked
        and speech is not None
        and not any(
            c.lower_ in ("could", "might", "may", "if", "unless") for t in chain for c in t.children
        )
    ):
        hypothetical = False
        future = stated = True
    if asked:
        notes.append("question: asked, not stated")
    if negated:
        notes.append("negated: the sentence says it did not happen")
    if requested:
        notes.append("requested: asked or demanded of someone, not reported as done")
    elif hypothetical:
        notes.append("hypothetical: conditional or possible, not reported as done")
    if future:
        notes.append("future: announced or intended, not reported as done")
    return Modality(
        negated,
        hypothetical,
        future,
        reporter,
        speech,
        tuple(notes),
        refused,
        obligation,
        conditional or condition,  # the condition, or what it conditions
        planned=future and not stated,
        condition=condition,
        question=asked,
    )


# Verbs that report the act their object names as done ("mounted its planned invasion").
_CARRYING_OUT = frozenset({"launch", "mount", "carry", "conduct", "stage", "begin", "start"})


def _carried_out(phrase: Token) -> bool:
    verb = phrase.head
    return (
        phrase.dep_ == "dobj"
        and verb.lemma_.lower() in _CARRYING_OUT
        and verb.tag_ in ("VBD", "VBN", "VBZ", "VBP")
    )


# Adjectives that make a noun's act a possibility or a thing still to come.
_MAYBE = frozenset({"possible", "potential", "likely", "probable", "feared", "eventual"})
_TO_COME = frozenset(
    {
        "imminent",
        "impending",
        "planned",
        "proposed",
        "upcoming",
        "forthcoming",
        "expected",
        "prospective",
        "scheduled",
        "threatened",
        "looming",
        "future",
    }
)
# Nouns that put what their "of"/"to"/"for" names still to come ("ahead of the talks",
# "in anticipation of", "on the eve of", "in the run-up to", "in preparation for").
_AHEAD_OF = frozenset({"ahead", "anticipation", "eve", "advance", "preparation", "prelude"})


def _upcoming(phrase: Token) -> bool:
    """Is the noun phrase what an "ahead of" or the like says is still to come?"""
    prep = phrase.head
    if phrase.dep_ != "pobj" or prep.lower_ not in ("of", "to", "for"):
        return False
    holder = prep.head
    if holder.lower_ == "up":
        return any(c.lower_ == "run" for c in holder.children)  # "the run-up to"
    return holder.lower_ in _AHEAD_OF


# Auxiliaries that open a question the writer does not answer: a yes/no question ("Did
# the army shell ...?", "Is there ...?") or a question of what can or may be ("How can
# a Lebanese kill ...?"). A why/how question of the past ("Why did jets bomb the
# hospital?") takes the act as done, and stays a report.
_MODAL_QUESTION = frozenset({"can", "could", "would", "should", "will", "may", "might", "must"})
_WH_TAGS = frozenset({"WRB", "WP", "WDT", "WP$"})


def _asked(trigger: Token) -> bool:
    """Is the trigger inside a question (an inverted clause the sentence closes with "?")
    that does not take the act as done?"""
    if not _marks(trigger.doc)[0]:
        return False
    sent = trigger.sent
    if not any(t.text == "?" for t in sent[-3:]):
        return False
    for clause in (trigger, *trigger.ancestors):
        subjects = [c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass", "expl")]
        if not subjects:
            continue
        subject = subjects[0]
        auxes = [c for c in clause.children if c.dep_ in ("aux", "auxpass") and c.i < subject.i]
        if clause.pos_ == "AUX" and clause.i < subject.i:
            auxes.append(clause)  # "Is it not the police's duty to arrest ...?"
        if not auxes:
            continue
        first = min(a.i for a in auxes)
        wh = any(c.tag_ in _WH_TAGS and c.i < first for c in clause.subtree)
        modal = any(a.lower_ in _MODAL_QUESTION for a in auxes)
        return modal or not wh
    return False


def _held_intent(verb: Token, below: Token, cues: PatternSet) -> list[Token]:
    """The nouns of intent or plan that ``verb`` takes as its object before the
    infinitive ``below`` hanging on it, whose "to"-clause the parser gave the verb
    ("announced a decision to send troops", "foiled a plot to kill")."""
    if below.dep_ not in ("advcl", "xcomp") or not _infinitive(below):
        return []
    return [
        c
        for c in verb.children
        if c.dep_ == "dobj" and c.i < below.i and cues.cue(c.lemma_.lower(), "future")
    ]


def _plan_cue(tok: Token, lemma: str, cues: PatternSet) -> bool:
    """A future cue that only reports a plan, a timetable or an attempt in the writer's
    words (``plan`` in cues.tsv: "is scheduled to meet", "sought to seize"): the act is
    not done, and nobody said anything either. "Is prepared to impose" is a readiness
    the subject declares (like "ready"), not the writer's "prepared to attend"."""
    if not cues.cue(lemma, "plan"):
        return False
    return not (lemma.startswith("prepare") and tok.tag_ in ("JJ", "VBN"))


def _requested(verb: Token, below: Token) -> bool:
    """Is ``below`` what an appeal verb asks for ("called for sanctions", "demanded a
    ceasefire", "urged Russia to stop", "demanded that Israel withdraw")? A verb's own
    plan ("wants to attack") is intent, not a request."""
    if below.dep_ == "pobj":
        return below.head.lower_ == "for"
    if below.dep_ == "dobj":
        return verb.lemma_.lower() != "call"  # "called the strikes a crime"
    if below.dep_ in ("ccomp", "acl"):
        return True
    if below.dep_ == "xcomp" or _to_clause(below):
        # "urged Russia to stop"; or the appeal word is itself an argument, a noun the
        # tagger read as a verb ("rejected demands to release")
        nominal = verb.dep_ in ("dobj", "nsubj", "nsubjpass", "pobj")
        # "was urged by X to stop": the passive subject is the one asked
        asked = ("dobj", "nsubjpass", "auxpass")
        return nominal or any(c.dep_ in asked for c in verb.children)
    return False


def _asked_for(below: Token) -> bool:
    """Is ``below`` what a campaign is "for" ("rallied for the release of X")?"""
    return below.dep_ == "pobj" and below.head.lower_ == "for"


def _denied_claim(chain: list[Token], cues: PatternSet) -> bool:
    """Is the event the content of a claim that the sentence's subject denies ("denied
    reports that ...", "dismissed allegations that ...")?"""
    if len(chain) < 2:
        return False
    noun, clause = chain[-1], chain[-2]
    return (
        clause.dep_ in ("acl", "ccomp")
        and noun.pos_ == "NOUN"
        and noun.dep_ == "dobj"
        and any(c.dep_ == "mark" and c.lower_ == "that" for c in clause.children)
        and cues.cue(noun.head.lemma_.lower(), "negation")
    )


def _undertaking(verb: Token, lemma: str, cues: PatternSet) -> bool:
    """Is ``verb`` (lemma ``lemma``) an undertaking (``purpose`` in cues.tsv), or does it
    take one as its object ("launched an operation")?"""
    return cues.cue(lemma, "purpose") or any(
        c.dep_ == "dobj" and cues.cue(c.lemma_.lower(), "purpose") for c in verb.children
    )


def _within(trigger: Token, clause: Token) -> bool:
    """Is ``trigger`` the verb of ``clause`` or one joined to it ("to retake the bridge and
    clear the road"), not a clause of its own under it ("after Kenya accused them")?"""
    node = trigger
    while node.i != clause.i:
        if node.dep_ not in ("conj", "xcomp") or node.head.i == node.i:
            return False
        node = node.head
    return True


def _infinitive(clause: Token) -> bool:
    """A "to"-infinitive clause ("to free the engineers"), however the parser hangs it."""
    return clause.pos_ in ("VERB", "AUX") and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children
    )


# "how to strike", "where to attack", "when to withdraw": an infinitive such a word
# introduces names a way or a choice, not something done.
_OPEN_QUESTION_WORDS = frozenset({"how", "where", "when"})


def _open_question(clause: Token) -> bool:
    return any(c.dep_ == "advmod" and c.lower_ in _OPEN_QUESTION_WORDS for c in clause.children)


def _to_clause(clause: Token) -> bool:
    """An infinitive hanging on a verb ("pressed X to leave"), parsed as xcomp or as an
    adverbial clause of purpose."""
    if clause.dep_ == "xcomp":
        return True
    return clause.dep_ == "advcl" and any(
        c.dep_ == "aux" and c.tag_ == "TO" for c in clause.children
    )


def _speech_child(root: Token, cues: PatternSet) -> tuple[Token | None, Token | None]:
    """'X attacked Y, activists said': the speech verb hangs under the event's clause.
    A speech verb with content of its own reports that, not the event: "X attacked Y
    and said it killed 20", "a town in territory the rebels claim as their homeland"
    (a relative clause the parser hung on the event as a conjunct)."""
    for c in root.children:
        if (
            c.dep_ in _SPEECH_CHILD_DEPS
            and cues.cue(c.lemma_.lower(), "speech")
            and not any(_own_content(g) for g in c.children)
        ):
            return c, _subject(c)
    return None, None


def _own_content(child: Token) -> bool:
    return child.dep_ in ("dobj", "ccomp", "xcomp") or (
        child.dep_ == "prep" and child.lower_ == "as"
    )


def _according_to(chain: list[Token]) -> Token | None:
    for tok in chain:
        for c in tok.children:
            if c.dep_ == "prep" and c.lower_ == "according":
                for to in c.children:
                    for obj in to.children:
                        if obj.dep_ == "pobj":
                            return obj
    return None


def phrase_text(head: Token) -> str:
    """The noun phrase of ``head`` without relative clauses or appositions, trimmed."""
    skip = {"relcl", "acl", "appos", "punct", "cc", "conj", "advcl", "prep"}
    toks = [head]
    stack = [c for c in head.children if c.dep_ not in skip]
    while stack:
        t = stack.pop()
        toks.append(t)
        stack.extend(c for c in t.children if c.dep_ not in ("relcl", "acl", "appos"))
    toks.sort(key=lambda t: t.i)
    while toks and (toks[0].dep_ == "det" and toks[0].lower_ in ("the", "a", "an")):
        toks = toks[1:]
    text = "".join(t.text_with_ws for t in toks).strip()
    return text[:200] or head.text


def is_pronoun(token: Token) -> bool:
    return token.pos_ == "PRON" or bool(word(token) & {"it", "he", "she", "they", "we"})
