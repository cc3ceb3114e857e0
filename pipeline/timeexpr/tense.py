"""Is an event's clause about the future? Decides which way "on Monday" looks.

Decided per trigger (after the sentence's date expressions are matched once), from the
parse when there is one: a modal "will"/"shall"/"'ll" on the trigger or on the verb it
is coordinated with ("will meet and sign"), or the trigger as the complement of a verb
of planning ("plans to", "is going to", "is due to", "is set to", "is to visit").
Without a parse, the same words just before the trigger in the text decide.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from spacy.tokens import Token

_MODALS = frozenset(("will", "shall", "'ll", "’ll", "wo"))
# Verbs (lemmas) whose "to"-complement is a plan: "plans to meet", "is due to vote".
_PLAN_LEMMAS = frozenset(
    str.split("plan intend schedule expect due set go prepare aim hope vow pledge promise")
)
_PLAN_WORDS = (
    r"will|shall|'ll|’ll|(?:is|are|was|were)\s+(?:going|due|set|scheduled|expected)\s+to"
    r"|plans?\s+to|planning\s+to|intends?\s+to|(?:is|are)\s+to"
)
_FUTURE_BEFORE = re.compile(rf"\b(?:{_PLAN_WORDS})\s+(?:\w+\s+){{0,2}}$", re.I)


def future_clause(trigger: Token) -> bool:
    """True when the parse puts ``trigger`` in a future-tense or planned clause."""
    verb = trigger
    for _ in range(3):
        if any(c.dep_ == "aux" and c.lower_ in _MODALS for c in verb.children):
            return True
        head = verb.head
        if (
            verb.dep_ == "xcomp"
            and head.lemma_.lower() in _PLAN_LEMMAS | {"be"}
            and any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
        ):
            return True
        if verb.dep_ not in ("conj", "xcomp") or head == verb:
            return False
        verb = head
    return False


def future_in_text(text: str, anchor: int) -> bool:
    """True when a modal or plan phrase ends at most two words before ``anchor``."""
    return _FUTURE_BEFORE.search(text[max(0, anchor - 60) : anchor]) is not None
