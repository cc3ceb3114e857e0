"""How many: fatalities (ACLED rules) and report counts of one event's sentence.

String-level functions (``read_fatalities``, ``reports_in_text``) work without a
parse; the coder's enricher calls them once per sentence, whatever the number of its
events, and picks each event's figures with ``event_clause``, asking the parse
(``figures_from_parse``) when the text gives none. ``fatalities_for_event`` does the same
for a caller holding a parse (the evaluations). See ``fatalities`` for the rules and
``numbers`` for the vague-quantity mapping.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from pipeline.doc_columns import columns, keys_of
from pipeline.quantities.fatalities import (
    CountResolution,
    FatalityReading,
    fatalities_in_text,
    read_fatalities,
    reports_in_text,
)
from pipeline.quantities.numbers import find_quantities

if TYPE_CHECKING:
    from spacy.tokens import Span, Token

__all__ = [
    "CountResolution",
    "FatalityReading",
    "event_clause",
    "fatalities_for_event",
    "fatalities_in_text",
    "figures_from_parse",
    "read_fatalities",
    "report_count",
    "reports_in_text",
    "toll_of",
]

# A clause that tells another event, with a toll of its own: conjoined with a subject of
# its own ("a barrel bomb killed 10 in Daraa and one woman died in Aleppo") or set
# against the event ("... while another three died in a second blast"). Not another
# account of the same deaths ("..., while state media said 7 died"): those compete, and
# the lowest figure wins.
_CONTRAST_MARKS = frozenset({"while", "whereas"})
_ACCOUNT_VERBS = frozenset(
    {"say", "report", "claim", "put", "tell", "state", "estimate", "give", "confirm", "add"}
)


def event_clause(sent: Span, trigger: Token) -> Callable[[int], bool]:
    """Which character offsets of ``sent.text`` lie in the trigger's own clause: the
    subtree of its verb (a noun trigger's governing verb) without the clauses that tell
    other events, plus the competing accounts of a speaker's report ("X said 12 were
    killed, while Y said 7 died"). Worked out on the first question: most sentences
    give no figure to ask about."""
    clause: tuple[set[int], list[int]] | None = None

    def keep(offset: int) -> bool:
        nonlocal clause
        if clause is None:
            clause = _clause_tokens(trigger), [t.idx - sent.start_char for t in sent]
        inside, starts = clause
        at = bisect_right(starts, offset) - 1
        return at >= 0 and sent[at].i in inside

    return keep


def _clause_tokens(trigger: Token) -> set[int]:
    verb = trigger
    while verb.pos_ not in ("VERB", "AUX") and verb.head.i != verb.i:
        verb = verb.head
    inside = {t.i for t in verb.subtree}
    for child in verb.children:
        if _another_event(child):
            inside.difference_update(t.i for t in child.subtree)
    report = verb.head
    if verb.dep_ in ("ccomp", "parataxis") and _account(report):
        for other in report.children:
            if other.dep_ in ("conj", "advcl") and _account(other):
                inside.update(t.i for t in other.subtree)
    return inside


def _account(verb: Token) -> bool:
    """A speaker's account: "state media said ...", not "four were reported dead"."""
    return verb.lemma_.lower() in _ACCOUNT_VERBS and any(c.dep_ == "nsubj" for c in verb.children)


def _another_event(clause: Token) -> bool:
    if _account(clause):
        return False
    if clause.dep_ == "conj" and clause.pos_ in ("VERB", "AUX"):
        return any(c.dep_ in ("nsubj", "nsubjpass") for c in clause.children)
    return clause.dep_ == "advcl" and any(
        c.dep_ == "mark" and c.lower_ in _CONTRAST_MARKS for c in clause.children
    )


# Verbs whose subject is the dead: "killed" in the passive, "died" and the like.
_DEATH_VERBS = frozenset({"kill", "die", "slay", "massacre", "execute", "behead", "perish"})
# (their lemmas as the string store keys them, in the cases a lemma may come in: a word
# the tagger reads as a name keeps its capitals)
_DEATH_VERB_KEYS = keys_of(
    form for lemma in _DEATH_VERBS for form in (lemma, lemma.capitalize(), lemma.upper())
)


def figures_from_parse(sent: Span) -> list[tuple[int, int]]:
    """(offset of its verb in ``sent.text``, value) of each number counting the subject of
    a death verb, however far the words between them ("At least nine civilians,
    including a woman and a boy, were killed"), and of each count of conjoined victims
    ("a woman and her daughter were killed": 2; "four children and a man": 5): for when
    the text-level reading finds no figure close enough."""
    found: list[tuple[int, int]] = []
    for offset, subject in _dead(sent):
        parts = conjoined_victims(subject)
        if parts is not None:
            found.append((offset, sum(parts)))
            continue
        found += [(offset, value) for value in _counts(subject)]
    return found


def conjoined_victims(subject: Token) -> tuple[int, ...] | None:
    """How many each of two or more conjoined victims counts ("four children and a man":
    (4, 1)), or None when one of them has no count (a plural with no number, "dozens")."""
    victims = [subject, *subject.conjuncts]
    if len(victims) < 2:
        return None
    counts: list[int] = []
    for victim in victims:
        numbers = _counts(victim)
        if len(numbers) == 1:
            counts.append(numbers[0])
        elif not numbers and _one_victim(victim):
            counts.append(1)
        else:
            return None
    return tuple(counts)


def _counts(noun: Token) -> list[int]:
    """The exact numbers counting ``noun`` ("at least nine civilians": 9; not "dozens")."""
    found: list[int] = []
    for num in (c for c in noun.children if c.dep_ == "nummod"):
        words = noun.doc[num.left_edge.i : num.i + 1].text
        found += [q.value for q in find_quantities(words)[-1:] if not q.vague]
    return found


def _dead(sent: Span) -> list[tuple[int, Token]]:
    """(offset of the verb in ``sent.text``, subject) of each death verb's subject; read
    once per sentence however many events ask (kept in the Doc's user data as plain
    token numbers: a Token there would hold its Doc in a reference cycle)."""
    doc = sent.doc
    user_data: dict[Any, Any] = doc.user_data
    key = ("wirewatch_dead", sent.start, sent.end)
    found: tuple[tuple[int, int], ...] | None = user_data.get(key)
    if found is None:
        found = user_data[key] = tuple((offset, t.i) for offset, t in _death_subjects(sent))
    return [(offset, doc[i]) for offset, i in found]


def _death_subjects(sent: Span) -> list[tuple[int, Token]]:
    out = []
    doc = sent.doc
    for i in columns(doc).lemmatised(sent.start, sent.end, _DEATH_VERB_KEYS):
        verb = doc[i]
        lemma = verb.lemma_.lower()
        dep = "nsubj" if lemma in ("die", "perish") else "nsubjpass"
        out += [(verb.idx - sent.start_char, c) for c in verb.children if c.dep_ == dep]
    return out


# Singular nouns that name many: "members of X and the Y group", "a family".
_COLLECTIVE = frozenset(
    str.split(
        "group organization organisation army force unit militia movement party front "
        "brigade battalion government regime family crowd convoy team network coalition "
        "alliance council committee state"
    )
)


def _one_victim(noun: Token) -> bool:
    """A singular noun counted as one: "a woman", "her daughter", "the driver", a
    person's name."""
    if noun.tag_ == "NNP":
        return noun.ent_type_ == "PERSON"
    return (
        noun.tag_ == "NN"
        and noun.lemma_.lower() not in _COLLECTIVE
        and any(
            c.dep_ in ("det", "poss") and c.lower_ not in ("no", "every", "each", "any")
            for c in noun.children
        )
    )


def fatalities_for_event(sent: Span, trigger: Token | None) -> CountResolution:
    """The fatalities the sentence reports for its event (lowest figure), or None + why.

    Figures in the event's own clause count; the rest of the sentence only when that
    clause gives none. Two figures of one clause are most often competing estimates
    (ACLED: the lowest); a clause that tells another event has its own toll.
    """
    reading = read_fatalities(sent.text)
    if trigger is None:
        return reading.whole
    return toll_of(reading, sent, event_clause(sent, trigger))


def toll_of(reading: FatalityReading, sent: Span, keep: Callable[[int], bool]) -> CountResolution:
    """One event's toll: the text-level figures of its clause, else a figure the parse
    ties to the dead."""
    toll = reading.within(keep)
    if toll.value is not None:
        # "Four children and a man were killed": the text reads 4 beside "killed"; the
        # parse adds the man. Only when the text's figure is one of the parts (not a
        # competing account's).
        for offset, subject in _dead(sent):
            parts = conjoined_victims(subject) if keep(offset) else None
            if parts is not None and toll.value in parts:
                return CountResolution(sum(parts), toll.note)
        return toll
    if not reading.figures:
        figures = figures_from_parse(sent)
        # chosen as the text's figures are: the clause's, else the sentence's
        parsed = FatalityReading.of(figures).within(keep) if figures else toll
        if parsed.value is not None:
            return parsed
    return toll


def report_count(sent: Span, trigger: Token | None) -> int | None:
    """Occurrences the sentence reports ("on at least two occasions" -> 2), else None."""
    del trigger
    return reports_in_text(sent.text)
