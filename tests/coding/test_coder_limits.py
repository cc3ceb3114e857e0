"""Bounded time per article and no exception out of the coder, whatever the text."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.coding.coder import CodingResult
from pipeline.errors import Rejected
from tests.coding.coder_fixture import article, coder


def test_a_5000_word_sentence_is_skipped_with_a_reason() -> None:
    run_on = "Rebels attacked " + " and ".join(["the base"] * 1700) + "."
    [result] = coder().code_detailed([article(run_on, "Russian jets bombed rebel positions.")])
    assert isinstance(result, CodingResult)
    assert (0, "too_long") in result.skipped
    assert [e.sentence_index for e in result.events] == [1]


def test_a_200_sentence_article_is_capped() -> None:
    paragraphs = tuple(f"Russian jets bombed rebel positions {i} times." for i in range(500))
    [result] = coder().code_detailed([article(*paragraphs)])
    assert isinstance(result, CodingResult)
    limit = coder().settings.max_sentences_per_article
    assert result.sentences == 500
    assert max(e.sentence_index for e in result.events) < limit
    assert sum(1 for _, reason in result.skipped if reason == "over_article_limit") == 500 - limit


def test_one_entry_per_article_in_order() -> None:
    arts = [
        article("Russian jets bombed rebel positions.", article_id="a"),
        article("The museum opened a new wing.", article_id="b"),
    ]
    results = coder().code_articles(arts)
    assert len(results) == 2
    first, second = results
    assert isinstance(first, list)
    assert {e.article_id for e in first} == {"a"}
    assert second == []


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.text(min_size=1, max_size=300), min_size=1, max_size=4))
def test_random_text_gives_events_or_rejected_never_an_exception(paras: list[str]) -> None:
    texts = tuple(p for p in paras if p.strip()) or ("x",)
    result = coder().code_article(article(*texts))
    assert isinstance(result, (list, Rejected))


def test_coding_leaves_no_doc_in_a_reference_cycle() -> None:
    # A Token kept in a Doc's user data holds its Doc (and the Doc's arrays) in a cycle
    # only the garbage collector frees: memory piles up between collections. Coding must
    # keep plain values there.
    import gc

    from spacy.tokens import Doc

    from tests.coding.coder_fixture import events

    events("Warm-up: troops shelled Homs.")
    gc.collect()
    gc.disable()
    gc.set_debug(gc.DEBUG_SAVEALL)
    try:
        # a toll read from the parse too (the subjects of death verbs are kept per sentence)
        events("Four children and a man were killed when Russian jets struck Idlib.")
        events("Gunmen killed 12 villagers and a policeman in Kano on Monday, police said.")
        # (the coder's place and date memo holds the last Doc until the next one comes)
        events("Troops shelled Homs.")
        gc.collect()
        cyclic = [o for o in gc.garbage if isinstance(o, Doc)]
    finally:
        gc.set_debug(0)
        gc.garbage.clear()
        gc.enable()
    assert cyclic == []
