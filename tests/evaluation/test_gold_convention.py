"""The second, gold-convention view of the PETRARCH score: plans counted as done, a
report counted as the speaker's accusation only. The strict view is unchanged."""

from __future__ import annotations

from pipeline.evaluation.common import as_gold_convention, asserted
from pipeline.evaluation.petrarch import GoldCoding, PetrarchRecord, score
from tests.coding.coder_fixture import events


def _codes(evs: list) -> list[str]:  # type: ignore[type-arg]
    return sorted(e.cameo.code for e in evs if e.cameo)


def test_a_plan_counts_once_as_the_act_itself() -> None:
    evs = events("Japan will lift its sanctions on Iran next month.")
    assert _codes(asserted(evs)) == ["0355"]
    assert _codes(as_gold_convention(evs)) == ["085"]


def test_a_report_counts_as_the_speakers_accusation_only() -> None:
    evs = events("Iran said Israeli jets struck a base near Damascus.")
    assert "112" in _codes(asserted(evs))
    assert len(_codes(asserted(evs))) == 2
    assert _codes(as_gold_convention(evs)) == ["112"]


def test_hypothetical_and_negated_events_count_in_neither_view() -> None:
    evs = events("Russia did not bomb the convoy, and it might never do so.")
    assert as_gold_convention(evs) == asserted(evs) == []


def test_score_prints_both_views() -> None:
    evs = events("Japan will lift its sanctions on Iran next month.")
    record = PetrarchRecord("r1", "-", None, (GoldCoding("JPN", "IRN", "085"),))
    result = score([record], [evs])
    assert result["cameo_root"]["tp"] == 0
    assert result["gold_convention"]["cameo_root"]["tp"] == 1
    assert "gold_convention_root_by_group" in result
