"""Small decisions the coder takes per trigger, on the parse and the actors found.

Pure functions: whether a trigger is background, how deep its clause is, which code a
crowd's violence gets, which pronoun stands for several actors, which verb only
carries another, when two events of a sentence are one, and an event's confidence.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from datetime import date, timedelta

from spacy.tokens import Doc, Span, Token

from pipeline.coding.actor_dictionary import STATE_SECTORS
from pipeline.coding.actor_phrases import phrase_tokens
from pipeline.coding.claims import Modality
from pipeline.coding.patterns import (
    FORCE_ROOTS,
    Pattern,
    PatternSet,
    hyphen_compound,
    up_to_count,
)
from pipeline.coding.roles import Roles, verbless_root_predicate
from pipeline.models import Actor, Event
from pipeline.timeexpr.rules import MONTH_NAMES, find_dates

_SCORE = re.compile(r"^\d{1,3}[-–]\d{1,3}$")
# Words before a pair of numbers that make it a range: "between 10-15", "aged 18-25".
_RANGE_OPENERS = frozenset({"between", "from", "aged", "ages", "some", "about", "around"})
# What a score may be followed by: the result it gives ("a 3-0 win").
_RESULT_NOUNS = frozenset({"win", "victory", "defeat", "loss", "draw", "lead", "aggregate"})

# ACLED actor types of crowds: rioters (5) and protesters (6).
_CROWDS = frozenset({5, 6})


def riot_code(code: str, sources: Sequence[Actor]) -> str:
    """Damage or violence done by protesters or rioters is a violent protest (CAMEO 145,
    "protest violently, riot"), not a military or criminal act."""
    # Only damage and violence: a crowd does not arrest, expel or sanction anyone, so a
    # 173 with a crowd as doer is a misread role, never a riot.
    violent = code[:3] == "171" or code[:2] == "18" or code == "190"
    if violent and sources and all(s.acled_inter in _CROWDS for s in sources):
        return "145"
    return code


def only_carries(token: Token) -> bool:
    """A verb with a verb complement and no object of its own ("helped to plan")."""
    deps = {c.dep_ for c in token.children}
    return "xcomp" in deps and not deps & {"dobj", "dative", "nsubjpass"}


_PLURAL_PRONOUNS = frozenset({"they", "them"})


def plural_antecedents(head: Token) -> list[Token]:
    """'Obama and Putin said they will attack': a plural subject pronoun whose governing
    clause has a coordinated subject stands for every conjunct; otherwise []."""
    if head.lower_ not in _PLURAL_PRONOUNS or head.dep_ not in ("nsubj", "nsubjpass"):
        return []
    clause = head.head
    for _ in range(3):
        if clause.dep_ not in ("ccomp", "xcomp", "advcl", "conj") or clause.head.i == clause.i:
            return []
        clause = clause.head
        for c in clause.children:
            if c.dep_ == "nsubj":
                return [c, *c.conjuncts] if c.conjuncts else []
    return []


def background(token: Token) -> bool:
    """A participle that only describes a noun ("a member jailed a year ago"), the
    offence behind another event ("jailed for helping") or an earlier event the sentence
    dates itself by (``earlier_event``): background, not news. A participle with its own
    agent ("bombs dropped by the air force") is kept."""
    if token.dep_ == "acl" and token.tag_ == "VBN":
        if token.head.dep_ == "attr" and any(c.dep_ == "expl" for c in token.head.head.children):
            return False  # "there were ten soldiers killed": the news itself
        if verbless_root_predicate(token):
            return False  # the only predicate of the sentence
        if token.head.dep_ == "dep":
            # "A car bomb detonated in X, killing three, a police source told Y": the
            # parser left the noun unattached under the speech verb; the participle is
            # the reported clause's own verb.
            return False
        return not any(c.dep_ == "agent" for c in token.children)
    if token.dep_ == "pcomp" and token.head.lower_ in ("for", "after", "before"):
        return True
    if (
        token.dep_ == "pobj"
        and token.head.lower_ == "of"
        and token.head.head.lemma_.lower() in _ROLES_OVER
    ):
        return True  # "the commander of ISIS military operations": a title, not an act
    return earlier_event(token)


# Offices and bodies named by what they run ("the head of military operations").
_ROLES_OVER = frozenset(
    {
        "commander",
        "chief",
        "head",
        "director",
        "coordinator",
        "officer",
        "minister",
        "ministry",
        "department",
        "office",
        "directorate",
        "spokesman",
        "spokeswoman",
        "spokesperson",
        "secretary",
        "official",
    }
)


_PERFECT_AUX = frozenset({"has", "have", "had", "'s", "'ve", "'d"})
# Units of time that put an event days or more away from the news ("two weeks after").
_TIME_UNITS = frozenset({"day", "week", "month", "year", "decade"})


def earlier_event(token: Token) -> bool:
    """Is the trigger an earlier event that the news is dated from ("withdrew two weeks
    after rebels kidnapped peacekeepers", "a month after the bombing of Aleppo", "the
    worst fighting since the army seized the town")? It was news when it happened and is
    coded from that report; here it would count again under today's date. So is what a
    relative clause in the perfect says a group has done ("the militants, who have
    seized parts of Iraq"): the standing description of who they are (what has been
    done to its noun stays: "the third aircraft that has been shot down"). An event just
    "after" another ("killed after troops opened fire") is the same news and stays."""
    tok = token
    for _ in range(12):
        if tok.head.i == tok.i:
            return False
        if (
            tok.dep_ == "relcl"
            and any(c.dep_ == "aux" and c.lower_ in _PERFECT_AUX for c in tok.children)
            and any(c.dep_ == "nsubj" and c.tag_ in ("WDT", "WP") for c in tok.children)
        ):
            return True  # what "who"/"which"/"that" has done, not what was done to it
        link = None
        if tok.dep_ == "advcl":
            link = next((c for c in tok.children if c.dep_ == "mark"), None)
        elif tok.dep_ == "pobj" and tok.head.dep_ == "prep":
            link = tok.head
        if link is not None and link.lower_ == "since":
            return True
        if link is not None and link.lower_ in ("after", "before") and link.i > 0:
            before = link.doc[link.i - 1]
            if before.lemma_.lower() in _TIME_UNITS:
                return True
        tok = tok.head
    return False


# The words that put a year around an act: "in 1967", "during 1999", "on June 5, 1967".
_YEAR_PREPS = frozenset({"in", "during", "on"})
# Spans of time a year can name ("in the 1967 war", "during the 1989 invasion"); an
# act's noun is left out: "the suspect in the 2013 bombing" is often misparsed as "arrested
# in the 2013 bombing".
_PERIODS = frozenset(
    {
        "war",
        "conflict",
        "fighting",
        "uprising",
        "revolution",
        "revolt",
        "rebellion",
        "insurgency",
        "intifada",
        "crisis",
        "invasion",
        "occupation",
        "siege",
        "campaign",
        "offensive",
        "coup",
        "election",
        "era",
        "period",
    }
)
_YEAR_MODIFIERS = frozenset({"nummod", "compound", "amod", "npadvmod", "nmod", "appos"})
# Dependencies that open another clause: a year beyond one dates that clause's act.
_CLAUSE_LINKS = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "pcomp"})


_A_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


# "1934 - Adolf Hitler demands ...", "1999: NATO bombs ...": an entry of a chronology.
_CHRONICLE_ENTRY = re.compile(r"(?:^|[.;]\s+)((?:1[89]|20)\d\d)\s*[-\u2013\u2014:]\s+[A-Z]")


def chronicle_entry(text: str, news_year: int) -> bool:
    """Is the sentence a chronology ("This day in history"), an entry of which opens with
    a year before the news? All it tells is history."""
    return any(int(m.group(1)) < news_year for m in _CHRONICLE_ENTRY.finditer(text))


def names_a_year(text: str) -> bool:
    """Cheap check on a sentence's text before ``dated_history`` reads its parse."""
    return _A_YEAR.search(text) is not None


def dated_history(token: Token, news_year: int) -> bool:
    """Does the trigger's own clause date its act to an earlier year than the news ("Israel
    captured the Golan in 1967", "in the 1967 war", "on February 19, 1985")? History told
    as background: it was news when it happened, and under today's date it would count
    again as a new act. A verb joined to such an act, either side of the "and", or its
    result clause, shares its date unless it names a date of its own ("captured the town
    in 1996 and annexed it", "was shot and wounded in 2009", "bombed two villages in
    1994, killing nine").

    Only a year reached through "in", "during" or "on" from the trigger dates it: a year
    in another clause dates that clause ("have arrested dozens since bombers hit
    Istanbul in 2003": the arrests stay), and one that qualifies a thing dates the thing
    ("extradited the suspect in the 1993 bombing"; "patrolled since their accession in
    2004")."""
    preps = _past_year_preps(token.sent, news_year)
    if not preps:
        return False
    tok = token
    for _ in range(4):
        if _dated_by(tok, preps):
            return True
        if tok.dep_ not in ("conj", "advcl") or _dates_itself(tok):
            break
        tok = tok.head
    # "was shot and wounded in 2009": a year after the last of two joined verbs dates both
    # (not a present perfect, which reaches the present: "have captured dozens since ...")
    if (
        not _present_perfect(token)
        and not _dates_itself(token)
        and any(
            c.dep_ == "conj" and c.pos_ == "VERB" and _dated_by(c, preps) for c in token.children
        )
    ):
        return True
    # A year the sentence opens with dates all it tells ("In 1993, one of his sons was
    # shot dead in an ambush"), but for a clause that names a date of its own.
    sent = token.sent
    opening = [p for p in preps if p.i <= sent.start + 1]
    root = sent.root
    return (
        _dated_by(root, opening)
        and not _dates_itself(token)
        and (token.i == root.i or not _dates_itself(root, below=token))
    )


def _past_year_preps(sent: Span, news_year: int) -> list[Token]:
    """The "in"/"during"/"on" of each year before ``news_year`` in the sentence."""
    preps = []
    for year in sent:
        prep = _year_preposition(year) if _past_year(year, news_year) else None
        if prep is not None:
            preps.append(prep)
    return preps


def _past_year(token: Token, news_year: int) -> bool:
    """Is the token a year (1900 on) before ``news_year``?"""
    return (
        token.like_num
        and len(token.text) == 4
        and token.text.isdigit()
        and 1900 <= int(token.text) < news_year
    )


def _dated_by(token: Token, preps: list[Token]) -> bool:
    """Does one of ``preps`` date ``token``'s act? A present perfect reaches the present,
    so no past year is its date ("have patrolled the Gulf since the invasion in 1990":
    the parser may hang the year on the verb)."""
    if _present_perfect(token):
        return False
    for prep in preps:
        # Up through "in"/"during"/"on" phrases only ("captured in Najaf during clashes
        # in 2004"), to the trigger itself.
        reached: Token | None = prep
        while reached is not None and reached.head.i != token.i:
            holder = reached.head
            if holder.dep_ != "pobj" or holder.head.lower_ not in _YEAR_PREPS:
                reached = None
            else:
                reached = holder.head
        if reached is not None:
            return True
    return False


# A date that names an act ("the September 11 attacks") this long before the news names
# an earlier act, not the day's.
_NAMED_BEFORE = timedelta(days=30)


def named_in_the_past(trigger: Token, published: date) -> bool:
    """Is the noun trigger named by a date well before the news ("the September 11
    attacks", "the 2003 invasion of Iraq")? An act known by its date is one the story
    recalls. A date just before the news is the day's own act ("the Nov. 26 attacks" two
    days on)."""
    if trigger.pos_ != "NOUN":
        return False
    for mod in trigger.children:
        if mod.dep_ not in _YEAR_MODIFIERS or mod.i > trigger.i:
            continue
        if _past_year(mod, published.year):
            return True  # "the 2003 invasion"
        if mod.lower_ not in MONTH_NAMES and mod.lower_.rstrip(".") not in MONTH_NAMES:
            continue
        text = mod.doc[mod.left_edge.i : mod.right_edge.i + 1].text
        for match in find_dates(text, published):
            if match.day is not None and match.day < published - _NAMED_BEFORE:
                return True  # "the September 11 attacks"
    return False


def dated_long_ago(sent: Span, token: Token, where: tuple[int, int]) -> bool:
    """Does the date at ``where`` (offsets into the sentence's text), over a year before
    the news, date the act at ``token``? Then the act is history the story retells ("the
    Luftwaffe shot down the bomber on May 13, 1944", "two years ago, missiles destroyed a
    plant"), as with ``dated_history``. Not when the date sits in a clause the trigger
    is outside ("a bomb dropped 40 years ago has been detonated", "the militia, which
    sprang up two years ago, have captured ..."), nor for a present perfect beside the
    dated verb ("captured him two years ago and have demanded ..."), which reaches now,
    nor for a span that runs up to now ("since July 2000")."""
    span = sent.char_span(sent.start_char + where[0], sent.start_char + where[1], "expand")
    if span is None or "since" in (span[0].lower_, span.doc[max(span.start - 1, 0)].lower_):
        return False  # "have patrolled since July 2000": a span up to now, not a date
    when = span.root
    if _present_perfect(token) and when.i not in {t.i for t in token.subtree}:
        return False
    node = when
    for _ in range(16):
        if node.i == token.i or node.head.i == node.i:
            return True
        if _own_time(node) and not _holds(node, token):
            return False  # the date belongs to a clause of its own
        node = node.head
    return False


# Dependencies that open a clause with a time of its own: a date inside one dates that
# clause. (A verb's complement shares its time: "tried to strangle her in May 2000".)
_OTHER_CLAUSES = frozenset({"relcl", "acl", "ccomp", "csubj", "pcomp"})
# Marks of an adverbial clause that happens with its main clause ("was shot while
# sitting in his car on Jan. 29").
_AT_ONCE = frozenset({"while", "as", "when"})


def _own_time(clause: Token) -> bool:
    if clause.dep_ in _OTHER_CLAUSES:
        return True
    if clause.dep_ != "advcl":
        return False
    marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
    subject = any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    return bool(marks - _AT_ONCE) or (subject and not marks & _AT_ONCE)


def _holds(clause: Token, token: Token) -> bool:
    return clause.left_edge.i <= token.i <= clause.right_edge.i


def _present_perfect(verb: Token) -> bool:
    return any(
        c.dep_ in ("aux", "auxpass") and c.tag_ in ("VBP", "VBZ") and c.lemma_ == "have"
        for c in verb.children
    )


def _dates_itself(verb: Token, below: Token | None = None) -> bool:
    """Does the verb's own phrase name a date ("and on Monday attacked it again")? With
    ``below``: a date on the way down to that token only. An age or a length ("a
    13-year-old boy") dates nothing."""
    if below is not None:
        path = [below, *below.ancestors]
        return any(_date_of(t) for tok in path[: path.index(verb)] for t in tok.children)
    stack = [c for c in verb.children if c.dep_ not in _CLAUSE_LINKS]
    while stack:
        tok = stack.pop()
        if _date_of(tok):
            return True
        stack.extend(c for c in tok.children if c.dep_ not in _CLAUSE_LINKS)
    return False


def _date_of(tok: Token) -> bool:
    """A date or time said of an act: "on Monday", "Monday", "last week", "at dawn"."""
    if tok.ent_type_ not in ("DATE", "TIME"):
        return False
    if tok.dep_ in ("npadvmod", "tmod"):
        return tok.head.pos_ in ("VERB", "AUX")
    return tok.dep_ == "pobj" and tok.head.lower_ in ("on", "in", "during", "at", "by", "since")


def _year_preposition(year: Token) -> Token | None:
    """The "in"/"during"/"on" that dates an act with ``year``: its object is the year,
    a date that ends with it ("on June 5, 1967") or a thing of that year ("in the 1967
    war")."""
    holder = year
    if year.dep_ != "pobj":
        holder = year.head  # "June 5, 1967", "the 1967 war"
        if holder.dep_ != "pobj" or year.dep_ not in _YEAR_MODIFIERS:
            return None
        if holder.ent_type_ != "DATE" and holder.lemma_.lower() not in _PERIODS:
            return None  # "arrested the suspect in the 2013 bombing": whose act is dated?
    prep = holder.head
    if prep.dep_ == "prep" and prep.lower_ in _YEAR_PREPS:
        return prep
    return None


_BACKGROUND_MARKS = frozenset(
    {"after", "before", "since", "when", "as", "because", "while", "once", "until", "following"}
)


def in_background_clause(token: Token) -> bool:
    """Is the trigger inside a relative clause, a temporal/causal adverbial clause, or a
    purpose or participle clause hanging on the main event?"""
    tok = token
    for _ in range(12):
        if tok.head.i == tok.i:
            return False
        if tok.dep_ == "relcl":
            return True
        if tok.dep_ == "advcl" and any(
            (c.dep_ == "mark" and c.lower_ in _BACKGROUND_MARKS)
            # "staged rallies to demand ...", "..., saying he must go": the purpose or
            # gloss of the main event, not the news itself
            or (c.dep_ == "aux" and c.tag_ == "TO")
            for c in tok.children
        ):
            return True
        if (
            tok.dep_ == "advcl"
            and tok.tag_ == "VBG"
            and not any(c.dep_ in ("nsubj", "nsubjpass") for c in tok.children)
        ):
            return True
        tok = tok.head
    return False


def clause_depth(token: Token) -> int:
    """How many clauses down from the sentence root the trigger sits (0: main clause)."""
    depth = 0
    tok = token
    for _ in range(12):
        if tok.head.i == tok.i:
            break
        if tok.dep_ in ("ccomp", "xcomp", "advcl", "relcl", "acl", "pcomp", "csubj"):
            depth += 1
        tok = tok.head
    return depth


_NAMING_ENTS = frozenset({"GPE", "NORP", "ORG", "PERSON", "LOC", "FAC"})
# A doer's own phrase may name its place ("police in Tehran").
_OWN_PREPS = frozenset({"of", "in", "from", "for"})


def _spans(doc: Doc, heads: Sequence[Token], preps: frozenset[str]) -> list[tuple[int, int]]:
    out = []
    for head in heads:
        start, end, _ = phrase_tokens(doc, head, preps)
        out.append((min(start, head.i), max(end, head.i + 1)))
    return out


def _names_someone(doc: Doc, spans: Sequence[tuple[int, int]]) -> bool:
    """Does any of these phrases name an owner itself (a name, a demonym, a place, a
    pronoun that refers back), rather than leave the country to a guess from context?"""
    return any(
        tok.ent_type_ in _NAMING_ENTS or tok.pos_ == "PRON"
        for start, end in spans
        for tok in doc[start:end]
    )


def _named_elsewhere(doc: Doc, spans: Sequence[tuple[int, int]]) -> bool:
    """Is anything named in the document outside these phrases?"""
    return any(
        ent.label_ in _NAMING_ENTS and not any(s <= ent.start and ent.end <= e for s, e in spans)
        for ent in doc.ents
    )


def bare_state(actor: Actor) -> bool:
    """A state agent coded by its sector alone ("troops" -> MIL): whose, the text did not say."""
    return actor.country is None and actor.code == actor.sector and actor.sector in STATE_SECTORS


def _state(actor: Actor) -> bool:
    return actor.country is not None and (
        actor.sector in STATE_SECTORS or actor.code == actor.country
    )


def drop_borrowed_country(
    doc: Doc,
    heads: Sequence[Token],
    actors: Sequence[Actor],
    other_heads: Sequence[Token],
    others: Sequence[Actor],
) -> list[Actor]:
    """'Police arrested two Iranian diplomats', 'the government thanked China': a state
    agent named by its sector only takes its country from context; when the only thing
    the document names is the other side, a state of that very country, the guess came
    from the other side. A state does not arrest or thank itself: the doer's guessed
    country is dropped (the sector stays as its code, as for any state agent of unknown
    country: "police" -> COP). A place or any other name in the text ("... in Tehran")
    is a basis of its own and the guess stays. Only for doers: a state acting on its own
    people or places ("Sudan's government lifted the curfew") is ordinary."""
    if not actors or not others or _names_someone(doc, _spans(doc, heads, _OWN_PREPS)):
        return list(actors)
    other_spans = _spans(doc, other_heads, frozenset({"of"}))
    if not _names_someone(doc, other_spans) or _named_elsewhere(doc, other_spans):
        return list(actors)
    named = {o.country for o in others if _state(o)}
    out: list[Actor] = []
    for actor in actors:
        if _state(actor) and actor.country in named and actor.sector in STATE_SECTORS:
            # contextual state agents code bare (agents.yaml): the sector alone stays
            actor = actor.model_copy(update={"country": None, "code": actor.sector})
        out.append(actor)
    return out


def _repeat_key(event: Event) -> tuple[object, ...]:
    return (
        event.source.code if event.source else None,
        event.negated,
        event.hypothetical,
        event.future,
    )


def _coded_target(event: Event) -> bool:
    return event.target is not None and bool(event.target.code)


def drop_untargeted_repeats(events: Sequence[Event]) -> list[Event]:
    """One sentence's events without the ones another event of the sentence repeats with
    its target named ("Brazil and Argentina agreed to meet": the agreement names no one,
    the intent to meet names each other; "threatened to attack the army": the threat
    138 is the 1384 against the army). The repeat has the same doer and flags and a code
    the targeted one refines or equals ("130" by any 13x); a different act of the same
    doer ("sought to seize the airport and target the army") stays. Order is kept."""
    targeted: dict[tuple[object, ...], list[str]] = {}
    for e in events:
        if _coded_target(e) and e.cameo is not None:
            targeted.setdefault(_repeat_key(e), []).append(e.cameo.code)
    return [
        e
        for e in events
        if _coded_target(e)
        or e.source is None
        or not e.source.code
        or e.cameo is None
        or not any(c.startswith(_stem(e.cameo.code)) for c in targeted.get(_repeat_key(e), ()))
    ]


def drop_unclaimed_repeats(events: Sequence[Event]) -> list[Event]:
    """One sentence's events without the second account of an unclaimed act of force
    ("a car bomb exploded ..., killing 13 people and wounding 100": the wounding is the
    same blast). An event that names no one on either side stays only if it is the
    sentence's first such act and no act of force there names anyone. Order is kept."""
    force = [e for e in events if e.cameo is not None and e.cameo.root_code in FORCE_ROOTS]
    unclaimed = [e for e in force if not _names_anyone(e)]
    keep = unclaimed[0] if unclaimed and len(unclaimed) == len(force) else None
    return [e for e in events if e is keep or not any(e is u for u in unclaimed)]


def _names_anyone(event: Event) -> bool:
    return any(a is not None and a.code for a in (event.source, event.target))


def _stem(code: str) -> str:
    """What a code leaves open: "130" (threaten, not specified) is any 13x, "138" any
    138x."""
    return code[:2] if len(code) == 3 and code.endswith("0") else code


# A state's own forces: what it owns when it claims "our jets struck" (not its judges).
_OWN_FORCES = frozenset({"GOV", "MIL", "COP", "SPY"})


def own_act(speaker: Actor, doer: Actor) -> bool:
    """Is the doer the speaker, or the speaker state's own forces ("Russia confirmed its
    jets struck")? A state's rebels are not its own act."""
    if doer.code == speaker.code:
        return True
    return bool(
        doer.code
        and speaker.code
        and speaker.country
        and doer.code.startswith(speaker.code)
        and doer.sector in _OWN_FORCES
    )


# Non-state sides that a state, and a watchdog, can accuse: rebels, insurgents, the
# opposition. Not "gunmen" (UAF): a report that unknown men shot someone blames no one.
_NON_STATE_SIDES = frozenset({"REB", "INS", "OPP"})


def _side(actor: Actor) -> str | None:
    """Which side of a conflict an actor speaks for, as far as blame goes: an
    international organisation, a watchdog (rights groups, monitors), a state, or the
    armed and political opposition. None for everyone else (media, civilians, medics):
    their reports are testimony, not accusations."""
    if actor.code and actor.code.startswith("IGO"):
        return "igo"
    if actor.sector in ("NGO", "HRI"):
        return "watchdog"
    if actor.sector in STATE_SECTORS or (actor.country and actor.code == actor.country):
        return "state"
    if actor.sector in _NON_STATE_SIDES:
        return "opposition"
    return None


def blames(speaker: Actor, accused: Actor) -> bool:
    """Does a speaker who reports the accused's act accuse it (CAMEO 112)?

    A speaker blames a doer of another country ("Ankara said Syrian shells hit a border
    village"), and, at home, a doer on another side: a monitor reporting the army's
    strike ("a rights group said troops shelled the town"), an international body
    reporting either side's, a government reporting the rebels' and the opposition the
    government's. A state's own media or ministry telling of its own forces is a
    report, not blame; so are a witness's or a news agency's words. A state does not
    blame troops of unknown country: they may be its own."""
    if not accused.code or not speaker.code or own_act(speaker, accused):
        return False
    if speaker.country and accused.country != speaker.country and not bare_state(accused):
        return True
    said, done = _side(speaker), _side(accused)
    if said is None or done not in ("state", "opposition") or said == done:
        return False
    return not (said == "state" and bare_state(accused))


def trigger_text(token: Token) -> str:
    parts = [token] + [c for c in token.children if c.dep_ in ("prt", "neg") and not up_to_count(c)]
    words = [t.text for t in sorted(parts, key=lambda t: t.i)]
    compound = hyphen_compound(token)
    if compound is not None:
        # "cease-fire", written as one word
        a, b = compound
        words[words.index(token.text)] = token.doc[a.i : b.i + 1].text
    return " ".join(words)


def same_event_keys(event: Event) -> set[tuple[object, ...]]:
    """What identifies an event within one sentence: its root, actors and flags."""
    return {
        (
            event.cameo.root_code if event.cameo else None,
            event.source.code if event.source else None,
            event.target.code if event.target else None,
            event.negated,
            event.hypothetical,
            event.future,
        )
    }


def covered_keys(event: Event) -> set[tuple[object, ...]]:
    """Keys an emitted event makes redundant: itself, and the same event with one of its
    actors unknown ("met X ... to discuss" makes "discuss" with no target redundant)."""
    (key,) = same_event_keys(event)
    root, source, target, *flags = key
    return {key, (root, source, None, *flags), (root, None, target, *flags)}


def confidence(
    pattern: Pattern,
    roles: Roles,
    mod: Modality,
    source: Actor | None,
    target: Actor | None,
    depth: int = 0,
    background: bool = False,
) -> float:
    """A documented heuristic, not a probability.

    Start at 0.5; +0.1 for a pattern with a frame (more specific than a bare lemma);
    +0.15 for a coded source, +0.1 for a coded target; -0.1 when the source was borrowed
    from a governing clause; -0.1 for a nominal event (a mention, less explicit than a
    verb); -0.1 for a second-hand claim; -0.15 when hedged (hypothetical); -0.03 for
    each clause the trigger is embedded below the main one (the main clause says it
    most directly), at most -0.09; -0.1 more inside a background clause (a relative
    clause, or an adverbial one of time or cause: "after jets struck", "who had fled").
    """
    score = 0.5 - 0.03 * min(depth, 3) - (0.1 if background else 0.0)
    if pattern.specificity:
        score += 0.1
    if source is not None and source.code:
        score += 0.15
    if target is not None and target.code:
        score += 0.1
    if roles.inherited:
        score -= 0.1
    if roles.voice == "nominal":
        score -= 0.1
    if mod.reporter is not None:
        score -= 0.1
    if mod.hypothetical:
        score -= 0.15
    return round(min(0.95, max(0.05, score)), 2)


def _number_pair_end(
    size: int, text: Callable[[int], str], numeric: Callable[[int], bool], i: int
) -> int | None:
    """Where a score-shaped pair of numbers starting at word ``i`` ends ("3-0", "2 - 1"),
    over ``size`` words read through ``text`` and ``numeric`` (tokens or raw words)."""
    if _SCORE.match(text(i)):
        return i + 1
    if (
        numeric(i)
        and i + 2 < size
        and text(i + 1) in ("-", "–")
        and numeric(i + 2)
        and len(text(i)) <= 3
        and len(text(i + 2)) <= 3
    ):
        return i + 3
    return None


def _opens_range(before: str) -> bool:
    """Does the word before a pair of numbers make it a date or a range ("May 3-4",
    "between 20-30")?"""
    return before in MONTH_NAMES or before in _RANGE_OPENERS


def _counts_or_dates(doc: Doc, start: int, end: int) -> bool:
    """A pair of numbers that is a range, not a score: it counts what follows it ("killed
    10-15 civilians", "burned 20 - 30 houses") or is part of a date ("on May 3-4", "3-4
    May"). A score is followed by a preposition, a comma or nothing, or by the result it
    gives ("a 2-1 win")."""
    after = doc[end] if end < len(doc) else None
    if _opens_range(doc[start - 1].lower_ if start > 0 else ""):
        return True
    if after is None:
        return False
    if after.lower_ in MONTH_NAMES:
        return True
    return after.pos_ == "NOUN" and after.lemma_.lower() not in _RESULT_NOUNS


# Words a score is followed by, besides punctuation and _RESULT_NOUNS ("2-1 in a tense
# match", "3-0 against Uganda"); any other word makes the pair a count ("10-15 civilians").
_SCORE_FOLLOWERS = frozenset(
    [
        "in",
        "at",
        "on",
        "against",
        "over",
        "to",
        "after",
        "before",
        "with",
        "for",
        "and",
        "but",
        "as",
        "when",
        "while",
        "despite",
        "during",
        "thanks",
        "under",
    ]
)


def score_in_words(words: Sequence[str]) -> bool:
    """The pre-filter's twin of ``_score_beside``, on raw words and without a parse: a
    score-shaped pair of numbers anywhere in the sentence that is no range or date."""
    lower = [w.lower() for w in words]
    for i in range(len(words)):
        end = _number_pair_end(len(words), words.__getitem__, lambda j: words[j].isdigit(), i)
        if end is None or _opens_range(lower[i - 1] if i > 0 else ""):
            continue
        after = lower[end] if end < len(words) else ""
        if not after[:1].isalnum() or after in _RESULT_NOUNS or after in _SCORE_FOLLOWERS:
            return True
    return False


def _score_beside(trigger: Token) -> bool:
    """ "beat Uganda 3-0", "2 - 1": a score among the verb's own words."""
    doc = trigger.doc

    def text(j: int) -> str:
        return doc[j].text

    def numeric(j: int) -> bool:
        return bool(doc[j].like_num)

    for token in trigger.subtree:
        # both shapes of a score start with a number ("3-0" as one word, or "3")
        if not (token.like_num or token.text[:1].isdigit()):
            continue
        end = _number_pair_end(len(doc), text, numeric, token.i)
        if end is not None and not _counts_or_dates(doc, token.i, end):
            return True
    return False


# A whole conflict, or an episode of it, that a standing toll is counted over.
_CONFLICTS = frozenset(
    {"conflict", "war", "insurgency", "uprising", "revolution", "rebellion", "revolt", "crisis"}
)
_EPISODES = frozenset({"fighting", "violence", "unrest", "bloodshed", "clash"})
# Nouns that open or measure a span of a conflict ("since the start of the war", "three
# years of fighting").
_SPANS = frozenset(
    {"start", "outbreak", "beginning", "onset", "year", "month", "decade", "week", "day", "wave"}
)


def standing_toll(trigger: Token, news_year: int | None = None) -> str | None:
    """A toll counted over a conflict in the present perfect ("the conflict has killed
    130,000 people", "more than 4,000 people have been killed in the fighting", "have
    been killed since the war began"): "conflict" or "episode" (the noun it is counted
    over), or "years" for one counted since a year before ``news_year`` ("have been
    killed since the PKK took up arms in 1984"), else None. Such a toll is a running
    total, not an event of the day."""
    if not _present_perfect(trigger):
        return None
    nouns = [c for c in trigger.children if c.dep_ == "nsubj"]
    if any(c.dep_ in ("advmod", "mark") and c.lower_ == "since" for c in trigger.children):
        # "more than 90,000 people have since been killed" (the parser may make a bare
        # "since" the verb's mark)
        return "episode"
    for c in trigger.children:
        since = (c.dep_ == "prep" and c.lower_ == "since") or (
            c.dep_ == "advcl" and any(m.lower_ == "since" for m in c.children if m.dep_ == "mark")
        )
        if since and news_year and any(_past_year(t, news_year) for t in c.subtree):
            return "years"
        if c.dep_ == "prep" and c.lower_ in ("in", "during", "since", "over", "throughout"):
            nouns += [g for g in c.children if g.dep_ == "pobj"]
        elif since:
            nouns += [g for g in c.children if g.dep_ == "nsubj"]  # "since the war began"
    for noun in nouns:
        if noun.lemma_.lower() in _SPANS:
            # "since the start of the war", "in three years of fighting"
            noun = next((g for p in noun.children if p.lower_ == "of" for g in p.children), noun)
        lemma = noun.lemma_.lower()
        if lemma in _CONFLICTS:
            return "conflict"
        if lemma in _EPISODES:
            return "episode"
    return None


def into_the_air(trigger: Token) -> bool:
    """A weapon fired "into the air", "in the air" or "skyward" with no object but its
    rounds ("fired warning shots into the air"): at no one, a warning or a celebration,
    not an assault."""
    if any(c.dep_ == "dobj" and c.lemma_.lower() not in _ROUNDS for c in trigger.children):
        return False
    return any(
        (c.dep_ == "advmod" and c.lower_ in ("skyward", "skywards"))
        or (
            c.dep_ == "prep"
            and c.lower_ in ("in", "into", "towards", "toward")
            and any(g.dep_ == "pobj" and g.lower_ in ("air", "sky") for g in c.children)
        )
        for c in trigger.children
    )


def armed_with(trigger: Token) -> bool:
    """'Gunmen armed with rifles', 'protesters armed with fireworks': what someone
    carries, not arms given by anyone (no object, no "by" agent)."""
    if trigger.lemma_.lower() != "arm" or trigger.tag_ != "VBN":
        return False
    children = list(trigger.children)
    return any(c.dep_ == "prep" and c.lower_ == "with" for c in children) and not any(
        c.dep_ in ("dobj", "agent") for c in children
    )


# Who sets off a bomb to make it safe, and what says the bomb was only found.
_DISPOSAL = frozenset({"sapper", "sappers", "disposal", "expert", "experts", "technician"})
_DEFUSED = frozenset(
    {"found", "discovered", "suspected", "suspicious", "unexploded", "abandoned", "dud", "safely"}
)
_SET_OFF = frozenset({"detonate", "explode", "blow"})
# Where the bomb and the manner are named, not the doer ("suspected insurgents
# detonated a bomb") or a result ("killing two men suspected of ...").
_BOMB_DEPS = frozenset({"dobj", "nsubjpass", "advmod", "prep"})


def controlled_detonation(
    trigger: Token, doers: Sequence[Actor], doer_heads: Sequence[Token]
) -> bool:
    """A bomb the police or bomb-disposal experts set off to make it safe ("police
    detonated a pipe bomb found near the venue", "was detonated by the bomb disposal
    unit", "army experts safely detonated the device"): no attack. The police's own
    detonation is always taken so; anyone else's when the doer is a disposal team, or
    the bomb is one found, suspect or abandoned, or set off safely or in a controlled
    explosion."""
    if trigger.lemma_.lower() not in _SET_OFF:
        return False
    if any(d.sector == "COP" for d in doers):
        return True
    named = {t.lower_ for h in doer_heads for t in h.subtree}
    if named & _DISPOSAL or {"bomb", "squad"} <= named:
        return True  # (a bomb squad, not a death squad)
    said = [t for c in trigger.children if c.dep_ in _BOMB_DEPS for t in c.subtree]
    return any(
        t.lower_ in _DEFUSED
        or (
            t.lower_ == "controlled"
            and t.head.lemma_.lower() in ("explosion", "detonation", "blast")
            and t.nbor(-1).text != "-"
        )
        for t in said
    )


# What a gun fires ("fired shots into the air"), not whom.
_ROUNDS = frozenset({"shot", "round", "bullet", "volley", "salvo", "gunshot", "burst"})


def sports_result(trigger: Token, cues: PatternSet, actors: Sequence[Actor]) -> bool:
    """A violent verb that reports a sports result: a score beside it ("Kenya beat Uganda
    3-0"), or a contest it took place in ("in a World Cup qualifier", cue kind
    ``contest``) between sides that are all whole countries (their national teams)."""
    if trigger.pos_ != "VERB":
        return False
    if _score_beside(trigger):
        return True
    in_contest = any(
        prep.dep_ == "prep"
        and any(o.dep_ == "pobj" and cues.cue(o.lemma_.lower(), "contest") for o in prep.children)
        for prep in trigger.children
    )
    return (
        in_contest
        and bool(actors)
        and all(
            a.code is not None and a.country is not None and a.code == a.country for a in actors
        )
    )
