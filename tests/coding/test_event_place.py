"""The coder's event place: the clause, then the sentence, then the paragraph."""

from __future__ import annotations

from pipeline.coding.relevance import ActorCues, candidate_doc, paragraph_of, select
from pipeline.coding.relevance import split_sentences as split
from tests.coding.coder_fixture import coder, events


def _places(*paragraphs: str) -> list[tuple[str, str | None]]:
    return [(e.trigger, e.location.name if e.location else None) for e in events(*paragraphs)]


def test_a_sentence_without_a_place_takes_its_paragraphs() -> None:
    found = dict(
        _places(
            "Syrian troops shelled rebel positions in Aleppo. They also attacked a rebel convoy."
        )
    )
    assert found["shelled"] is not None
    assert found["attacked"] == found["shelled"]


def test_a_place_in_another_paragraph_is_not_borrowed() -> None:
    found = dict(
        _places(
            "Syrian troops shelled rebel positions in Aleppo.",
            "Syrian troops also attacked a rebel convoy.",
        )
    )
    assert found["shelled"] is not None
    assert found["attacked"] is None


def test_the_candidate_doc_knows_each_sentences_paragraph() -> None:
    nlp = coder().nlp
    sentences = split(nlp, ["One. Two.", "Three."])
    assert [s.paragraph for s in sentences] == [0, 0, 1]
    selection = select(
        sentences, coder().patterns, max_tokens=50, max_sentences=10, use_filter=False,
        actor_cues=ActorCues.of(()),
    )  # fmt: skip
    doc = coder().nlp(candidate_doc(nlp, selection))
    sents = list(doc.sents)
    first, second, third = (paragraph_of(s) for s in sents)
    assert first is not None
    assert second is not None
    assert third is not None
    assert first.text == second.text == "One. Two."
    assert third.text == "Three."


def test_an_armed_groups_name_is_no_place() -> None:
    # the model tags "Daesh" GPE, and by its skeleton the gazetteer has Chinese towns
    assert _places("A senior commander of Daesh was killed in an air strike on Tuesday.") == [
        ("killed", None)
    ]
    # the place the group acted in is still read
    assert _places("Daesh fighters shelled the town of Marea on Thursday.") == [
        ("shelled", "Marea")
    ]
