"""wirewatch's spaCy components, registered with versioned factory names."""

# No `from __future__ import annotations` here: spaCy 3.8.7 reads the factory's
# annotations at run time, and a string there fails (see pyproject.toml).
import numpy
from spacy.attrs import ORTH
from spacy.language import Language
from spacy.tokens import Doc, Span

from pipeline.coding.patterns import HYPHENS_KEY, PatternSet, load_patterns, match_token

TRIGGERS_KEY = "wirewatch_triggers"


class TriggerMarker:
    """Marks event triggers: ``doc.spans["wirewatch_triggers"]``, one-token spans whose
    label is the rule id of the pattern that matched."""

    def __init__(self, name: str) -> None:
        self.name = name
        self.patterns: PatternSet | None = None

    def initialize(self, get_examples: object = None, *, nlp: Language | None = None) -> None:
        self.patterns = load_patterns()

    def set_patterns(self, patterns: PatternSet) -> None:
        self.patterns = patterns

    def __call__(self, doc: Doc) -> Doc:
        if self.patterns is None:
            self.patterns = load_patterns()
        spans = []
        hyphens = tuple(numpy.flatnonzero(doc.to_array(ORTH) == doc.vocab.strings["-"]).tolist())
        doc.user_data[HYPHENS_KEY] = hyphens  # for patterns.word: "cease-fire"
        beside = {i + step for i in hyphens for step in (-1, 1)}
        for token in doc:
            pattern = match_token(token, self.patterns, token.i in beside)
            if pattern is not None:
                spans.append(Span(doc, token.i, token.i + 1, label=pattern.rule_id))
        doc.spans[TRIGGERS_KEY] = spans
        return doc


@Language.factory("wirewatch_triggers_v1")
def make_trigger_marker(nlp: Language, name: str) -> TriggerMarker:
    return TriggerMarker(name)
