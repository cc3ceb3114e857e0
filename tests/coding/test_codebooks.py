"""The code tables: complete, consistent, and what the patterns refer to exists."""

from __future__ import annotations

from typing import get_args

import pytest

from pipeline.coding.codebooks import interaction, load_codebook, quad_class
from pipeline.coding.intent import KINDS, load_intent_table
from pipeline.coding.patterns import load_patterns, parse_patterns
from pipeline.models import AcledEventType, PloverType

BOOK = load_codebook()


def test_every_cameo_code_has_goldstein_and_quad_class() -> None:
    assert len(BOOK.goldstein) > 250
    for code in BOOK.goldstein:
        cameo = BOOK.cameo(code)
        assert -10.0 <= cameo.goldstein <= 10.0
        assert cameo.quad_class == quad_class(code)
        assert cameo.root_code == code[:2]


@pytest.mark.parametrize(
    ("root", "quad"),
    [("01", 1), ("05", 1), ("06", 2), ("09", 2), ("10", 3), ("14", 3), ("15", 4), ("20", 4)],
)
def test_quad_class_by_root(root: str, quad: int) -> None:
    assert quad_class(root + "0") == quad


def test_every_plover_type_is_valid_and_every_root_but_statements_maps() -> None:
    valid = set(get_args(PloverType))
    for event_type, _mode in BOOK.plover.values():
        assert event_type in valid
    for code in BOOK.goldstein:
        plover = BOOK.plover_for(code)
        assert (plover is None) == code.startswith("01"), code


def test_acled_categories_are_acled_types() -> None:
    valid = set(get_args(AcledEventType))
    for category in BOOK.acled.values():
        assert category.event_type in valid


def test_acled_refinements_use_the_actors() -> None:
    battle = BOOK.acled_for("190", 1, 2)
    assert battle is not None
    assert battle.event_type == "Battles"
    assert battle.interaction == 12
    on_civilians = BOOK.acled_for("190", 2, 7)
    assert on_civilians is not None
    assert on_civilians.event_type == "Violence against civilians"
    air = BOOK.acled_for("195", 8, 7)
    assert air is not None
    assert air.sub_event_type == "Air/drone strike"
    retaken = BOOK.acled_for("192", 1, 2)
    assert retaken is not None
    assert retaken.sub_event_type == "Government regains territory"
    assert BOOK.acled_for("112", 1, 1) is None  # verbal conflict is outside ACLED


def test_interaction_lower_code_first() -> None:
    assert interaction(8, 2) == 28
    assert interaction(None, 3) == 30
    assert interaction(None, None) is None


def test_every_pattern_and_intent_code_is_a_cameo_code() -> None:
    patterns = load_patterns()
    for group in patterns.by_lemma.values():
        for p in group:
            assert BOOK.is_code(p.code), p.rule_id
            if p.mode is not None:
                assert p.mode.replace("-", "").isalpha()
    table = load_intent_table()
    for (kind, _prefix), code in table.codes.items():
        assert kind in KINDS
        assert BOOK.is_code(code), code


def test_a_malformed_pattern_line_names_its_line(tmp_path) -> None:  # type: ignore[no-untyped-def]
    bad = tmp_path / "extra.tsv"
    bad.write_text("attack\tVERB\t-\t190\t-\t-\nshell\tVERB\tweird=x\t194\t-\t-\n")
    with pytest.raises(ValueError, match=r"extra\.tsv:2"):
        parse_patterns(bad)
