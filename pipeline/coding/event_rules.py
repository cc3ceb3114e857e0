"""Small decisions the coder takes per trigger, on the parse and the actors found.

Pure functions: whether a trigger is background, how deep its clause is, which code a
crowd's violence gets, which pronoun stands for several actors, which verb only
carries another.
"""

from __future__ import annotations

from collections.abc import Sequence

from spacy.tokens import Token

from pipeline.coding.roles import verbless_root_predicate
from pipeline.models import Actor

# ACLED actor types of crowds: rioters (5) and protesters (6).
_CROWDS = frozenset({5, 6})


def riot_code(code: str, sources: Sequence[Actor]) -> str:
    """Damage or violence done by protesters or rioters is a violent protest (CAMEO 145,
    "protest violently, riot"), not a military or criminal act."""
    violent = code[:2] in ("17", "18") or code == "190"
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
    """A participle that only describes a noun ("a member jailed a year ago") or the
    offence behind another event ("jailed for helping"): background, not news. A
    participle with its own agent ("bombs dropped by the air force") is kept."""
    if token.dep_ == "acl" and token.tag_ == "VBN":
        if token.head.dep_ == "attr" and any(c.dep_ == "expl" for c in token.head.head.children):
            return False  # "there were ten soldiers killed": the news itself
        if verbless_root_predicate(token):
            return False  # the only predicate of the sentence
        return not any(c.dep_ == "agent" for c in token.children)
    return token.dep_ == "pcomp" and token.head.lower_ in ("for", "after", "before")


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
