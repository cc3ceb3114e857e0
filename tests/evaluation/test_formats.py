"""Eval-format readers and scorers, on small fixtures written by us."""

from __future__ import annotations

from pathlib import Path

from pipeline.evaluation.acled import read_acled
from pipeline.evaluation.acled import score as acled_score
from pipeline.evaluation.case import read_case
from pipeline.evaluation.case import score as case_score
from pipeline.evaluation.metrics import PRF, multiset_prf, per_label, top_confusions
from pipeline.evaluation.petrarch import read_petrarch
from pipeline.evaluation.petrarch import score as petrarch_score
from pipeline.evaluation.plover import read_plover
from pipeline.evaluation.plover import score as plover_score
from tests.coding.coder_fixture import coder

FIXTURES = Path(__file__).parent / "fixtures"


def test_prf_and_confusions() -> None:
    one = multiset_prf(["19", "19", "11"], ["19", "04"])
    assert (one.tp, one.fp, one.fn) == (1, 1, 2)
    assert PRF(1, 1, 1).f1 == 0.5
    assert per_label([("A", "A"), ("A", "B")])["A"] == PRF(1, 0, 1)
    assert top_confusions([("A", "B"), ("A", "B"), ("C", "C")]) == [("A", "B", 2)]


def test_petrarch_reader_and_score() -> None:
    records = list(read_petrarch(FIXTURES / "petrarch_small.jsonl"))
    assert [len(r.codings) for r in records] == [1, 0, 1]
    from pipeline.evaluation.common import code_texts

    predictions = code_texts(coder(), [(r.id, r.text, r.published) for r in records])
    result = petrarch_score(records, predictions)
    assert result["cameo_root"]["tp"] == 2
    assert result["cameo_root"]["fp"] == 0
    assert result["cameo_root"]["f1"] == 1.0


def test_plover_reader_maps_legacy_types_and_scores() -> None:
    records = list(read_plover(FIXTURES / "plover_small.json"))
    assert [r.event_type for r in records] == ["ASSAULT", "ACCUSE", "CONSULT"]
    assert records[2].targets == ()
    from pipeline.evaluation.common import code_texts

    predictions = code_texts(coder(), [(r.id, r.text, r.published) for r in records])
    result = plover_score(records, predictions)
    assert result["plover_type_accuracy"] == round(2 / 3, 4)
    assert result["source_country_accuracy_when_coded"] == 1.0
    assert ("CONSULT", "NONE", 1) in result["top_confusions"]


def test_acled_reader_and_score() -> None:
    rows = list(read_acled(FIXTURES / "acled_small.csv"))
    assert [r.sub_event_type for r in rows] == ["Air/drone strike", "Peaceful protest", "Arrests"]
    assert rows[0].fatalities == 4
    from pipeline.evaluation.common import code_texts

    predictions = code_texts(coder(), [(r.id, r.notes, r.published) for r in rows])
    result = acled_score(rows, predictions)
    assert result["event_type_accuracy"] == 1.0
    assert result["sub_event_type_accuracy"] == 1.0


def test_case_reader_and_score() -> None:
    records = list(read_case(FIXTURES / "case_small.tsv"))
    assert [r.label for r in records] == ["AIR_STRIKE", "PEACE_PROTEST", "NATURAL_DISASTER"]
    from pipeline.evaluation.common import code_texts

    predictions = code_texts(coder(), [(r.id, r.text, None) for r in records])
    result = case_score(records, predictions)
    assert result["per_label"]["AIR_STRIKE"]["tp"] == 1
    assert result["per_label"]["PEACE_PROTEST"]["tp"] == 1
    assert ("NATURAL_DISASTER", "NONE", 1) in result["top_confusions"]


def test_event_verb_coverage_counts_the_marked_word_as_trigger() -> None:
    from pipeline.evaluation.event_verbs import run_event_verb_eval

    result = run_event_verb_eval(coder(), FIXTURES / "eventverb_small.jsonl")
    assert result["records"] == 5
    # captured (done) and bomb (future, flagged) are coded; the flood is no one's act;
    # "captured and executed" is one act, coded by its other verb; "killing 16" is the
    # toll of the shooting down
    assert result["marked_verb_coded"] == round(4 / 5, 4)
    assert result["marked_verb_coded_as_done"] == round(3 / 5, 4)
    assert result["marked_verb_coded_by_its_pair"] == round(1 / 5, 4)
    assert result["marked_verb_merged_as_result"] == round(1 / 5, 4)
    assert result["coded_by_cameo_root"] == {"19": 3, "18": 1}
    assert "flooded 1" in result["most_missed_verbs"]
