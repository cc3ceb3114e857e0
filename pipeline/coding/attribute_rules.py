"""The model's attribute ruler as table look-ups: the same rules, the same result, faster.

spaCy's ``attribute_ruler`` (tag to POS and morphology, plus a few dozen word
exceptions) runs every rule through a ``Matcher`` on every token; in the English small
model that is about a tenth of the whole pipeline's time. Almost all its rules test
one token for equal values, so they can be found by a dictionary look-up on the
token's lower-case form, tag or dependency instead. ``CompiledAttributeRules`` does
that and then applies the matched rules exactly as spaCy does: every match is found
before anything is set, and the rules are applied in their order, a later one
overwriting an earlier one.

It understands the predicates the English models use (a value, ``IN``, ``NOT_IN``,
``REGEX``, on ``LOWER``, ``ORTH``, ``TAG``, ``POS``, ``DEP`` and ``IS_SPACE``).
``compile_attribute_ruler`` leaves a model whose rules use anything else as it was, so
a model we have not seen still gets its own ruler. tests/coding/test_attribute_rules.py
checks that both give the same attributes on every token.
"""

# No `from __future__ import annotations` here: spaCy 3.8.7 reads the factory's
# annotations at run time, and a string there fails (see pyproject.toml).
import logging
import re
from collections.abc import Callable
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, cast

from spacy.attrs import DEP, IS_SPACE, LOWER, ORTH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

log = logging.getLogger(__name__)

RULER = "attribute_ruler"
NAME = "wirewatch_attributes"
FACTORY = "wirewatch_attribute_rules_v1"

# Matcher key -> column of the ``Doc.to_array`` rows the rules are tested on.
_COLUMNS = {"LOWER": 0, "ORTH": 1, "TAG": 2, "POS": 3, "DEP": 4, "IS_SPACE": 5}
_ARRAY = [LOWER, ORTH, TAG, POS, DEP, IS_SPACE]
_EQ, _IN, _NOT_IN, _REGEX = range(4)


class UnsupportedRule(ValueError):
    """A rule uses a predicate or operator this compiler does not know."""


@dataclass(frozen=True)
class _Test:
    """One predicate on one token of a pattern."""

    offset: int  # token of the pattern
    column: int
    kind: int
    value: Any  # a hash, a frozenset of hashes, or a cached regex test

    def holds(self, value: int) -> bool:
        if self.kind == _EQ:
            return bool(value == self.value)
        if self.kind == _IN:
            return value in self.value
        if self.kind == _NOT_IN:
            return value not in self.value
        return bool(self.value(value))


@dataclass(frozen=True)
class _Pattern:
    """One pattern of one rule, indexed by one of its equality tests (the anchor)."""

    rule: int  # position in the ruler: a later rule wins
    target: int  # the pattern's token that gets the attributes
    length: int
    anchor: int  # the anchor's token; its test is implied by the look-up
    rest: tuple[_Test, ...]


def _test(offset: int, key: str, value: Any, strings: Any) -> _Test:
    if key not in _COLUMNS:
        raise UnsupportedRule(f"attribute {key}")
    column = _COLUMNS[key]
    if key == "IS_SPACE":
        if not isinstance(value, bool):
            raise UnsupportedRule(f"IS_SPACE {value!r}")
        return _Test(offset, column, _EQ, int(value))
    if isinstance(value, str):
        return _Test(offset, column, _EQ, strings.add(value))
    if isinstance(value, dict) and len(value) == 1:
        ((op, arg),) = value.items()
        if op in ("IN", "NOT_IN") and isinstance(arg, list):
            kind = _IN if op == "IN" else _NOT_IN
            return _Test(offset, column, kind, frozenset(strings.add(v) for v in arg))
        if op == "REGEX" and isinstance(arg, str):
            return _Test(offset, column, _REGEX, _regex_test(re.compile(arg), strings))
    raise UnsupportedRule(f"{key} {value!r}")


def _regex_test(pattern: re.Pattern[str], strings: Any) -> Callable[[int], bool]:
    seen: dict[int, bool] = {}

    def test(h: int) -> bool:
        if h not in seen:
            seen[h] = pattern.search(strings[h]) is not None
        return seen[h]

    return test


class _Patterns:
    """Patterns indexed by their anchor's value, plus those with no anchor."""

    def __init__(self) -> None:
        # column -> value hash -> patterns anchored on that value
        self.index: dict[int, dict[int, list[_Pattern]]] = {}
        self.always: list[_Pattern] = []

    def add(self, pattern: _Pattern, anchor: _Test | None) -> None:
        if anchor is None:
            self.always.append(pattern)
            return
        values = (anchor.value,) if anchor.kind == _EQ else anchor.value
        column = self.index.setdefault(anchor.column, {})
        for value in values:
            column.setdefault(value, []).append(pattern)

    def anchored_on(self, row: list[int]) -> tuple[_Pattern, ...]:
        return tuple(p for column, table in self.index.items() for p in table.get(row[column], ()))

    def columns(self) -> list[int]:
        """Every column a pattern looks at."""
        anchored = (p for table in self.index.values() for ps in table.values() for p in ps)
        patterns = [*self.always, *anchored]
        return sorted({*self.index, *(t.column for p in patterns for t in p.rest)})


class CompiledAttributeRules:
    """The rules of an ``AttributeRuler``, found by look-up; see the module docstring.

    A one-token pattern matches or not on the token's own values alone, so the rules a
    token gets from them are worked out once per distinct (lower-case form, tag,
    dependency ...) and remembered; longer patterns are looked up at every token.
    """

    CACHE_SIZE = 50_000  # distinct token values remembered; then forgotten all at once

    # What ``model_pipes`` gives back for a raw-model run.
    replaces = RULER

    def __init__(self, name: str) -> None:
        self.name = name
        self._attrs: list[dict[int, Any]] = []
        self._single = _Patterns()
        self._multi = _Patterns()
        self._key: Callable[[list[int]], Any] = lambda row: ()
        # a token's values -> (its one-token rules, the longer patterns anchored on it)
        self._seen: dict[Any, tuple[tuple[int, ...], tuple[_Pattern, ...]]] = {}
        self._merged: dict[tuple[int, ...], dict[int, Any]] = {}  # rules -> their attributes

    def compile(self, ruler: AttributeRuler) -> None:
        """Take over ``ruler``'s rules; UnsupportedRule if one cannot be compiled."""
        strings = ruler.vocab.strings
        single, multi = _Patterns(), _Patterns()
        for number, spec in enumerate(ruler.patterns):
            if "_" in cast(dict[str, Any], spec["attrs"]):
                raise UnsupportedRule(f"rule {number}: extension attributes")
            spec_index = int(cast(int, spec["index"]))
            for pattern in cast(list[list[dict[str, Any]]], spec["patterns"]):
                if not pattern or any("OP" in token for token in pattern):
                    raise UnsupportedRule(f"rule {number}: an operator or an empty pattern")
                tests = [
                    _test(offset, key, value, strings)
                    for offset, token in enumerate(pattern)
                    for key, value in token.items()
                ]
                target = spec_index if spec_index >= 0 else len(pattern) + spec_index
                if not 0 <= target < len(pattern):
                    raise UnsupportedRule(f"rule {number}: index {spec_index}")
                # The anchor: an equality before an IN, then by column in _COLUMNS order
                # (LOWER, the most selective, first).
                anchors = [t for t in tests if t.kind in (_EQ, _IN)]
                anchor = min(anchors, key=lambda t: (t.kind, t.column)) if anchors else None
                rest = tuple(t for t in tests if t is not anchor)
                offset = anchor.offset if anchor else 0
                compiled = _Pattern(number, target, len(pattern), offset, rest)
                (single if len(pattern) == 1 else multi).add(compiled, anchor)
        self._attrs = list(ruler.attrs)
        self._single, self._multi = single, multi
        columns = sorted({*single.columns(), *multi.index})
        if len(columns) > 1:
            self._key = itemgetter(*columns)
        elif columns:
            self._key = itemgetter(columns[0])
        self._seen.clear()
        self._merged.clear()

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        rows = doc.to_array(_ARRAY).tolist()
        if len(self._seen) > self.CACHE_SIZE:
            self._seen.clear()
        singles: list[tuple[int, ...]] = []
        longer: dict[int, set[int]] = {}  # token -> rules of longer patterns matched there
        for i, row in enumerate(rows):
            rules, candidates = self._lookup(row)
            singles.append(rules)
            for p in (*candidates, *self._multi.always):
                start = i - p.anchor
                if start < 0 or start + p.length > n:
                    continue
                if all(t.holds(rows[start + t.offset][t.column]) for t in p.rest):
                    longer.setdefault(start + p.target, set()).add(p.rule)
        # spaCy applies every match after all are found, in rule order: a later rule wins.
        for i, rules in enumerate(singles):
            if i in longer:
                rules = tuple(sorted({*rules, *longer[i]}))
            if rules:
                set_token_attrs(doc[i], self._attributes(rules))
        return doc

    def _lookup(self, row: list[int]) -> tuple[tuple[int, ...], tuple[_Pattern, ...]]:
        """The rules of the one-token patterns that match a token, and the longer
        patterns anchored on it, by the token's own values."""
        key = self._key(row)
        seen = self._seen.get(key)
        if seen is None:
            single = self._single
            found = {
                p.rule
                for p in (*single.anchored_on(row), *single.always)
                if all(t.holds(row[t.column]) for t in p.rest)
            }
            seen = self._seen[key] = (tuple(sorted(found)), self._multi.anchored_on(row))
        return seen

    def _attributes(self, rules: tuple[int, ...]) -> dict[int, Any]:
        merged = self._merged.get(rules)
        if merged is None:
            merged = {}
            for rule in rules:
                merged.update(self._attrs[rule])
            if len(self._merged) < self.CACHE_SIZE:
                self._merged[rules] = merged
        return merged


@Language.factory(FACTORY)
def make_compiled_attribute_rules(nlp: Language, name: str) -> CompiledAttributeRules:
    return CompiledAttributeRules(name)


def compile_attribute_ruler(nlp: Language) -> bool:
    """Run the model's attribute rules by look-up: add ours after the model's ruler and
    disable that one (``model_pipes`` brings it back for a raw-model run). False, and
    the model untouched, when the model has no ruler or one we cannot compile."""
    if RULER not in nlp.pipe_names or NAME in nlp.component_names:
        return False
    ruler = nlp.get_pipe(RULER)
    if not isinstance(ruler, AttributeRuler):
        return False
    compiled = nlp.add_pipe(FACTORY, name=NAME, after=RULER)
    assert isinstance(compiled, CompiledAttributeRules)
    try:
        compiled.compile(ruler)
    except UnsupportedRule as exc:
        log.info("keeping the model's attribute ruler: %s", exc)
        nlp.remove_pipe(NAME)
        return False
    # Disabled, not removed: ``model_pipes`` brings it back for a raw-model baseline.
    nlp.disable_pipe(RULER)
    return True
