"""Invariants of the dedup assignment, over generated batches of reports."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from pipeline.storage.dedup import DAY_TOLERANCE, assign, dedup_key

from .builders import AFP_STRIKE, event

_report = st.tuples(
    st.integers(min_value=0, max_value=6),  # day offset
    st.sampled_from(["Idlib", "Hama", "Aleppo"]),  # admin1
    st.sampled_from(["195", "190"]),  # base code
    st.integers(min_value=0, max_value=10_000),  # makes the event id unique
)


def _events(reports):
    start = dt.date(2015, 10, 5)
    out = {}
    for offset, admin1, base, n in reports:
        ev = event(
            AFP_STRIKE,
            article_id=f"a-{n}",
            event_date=start + dt.timedelta(offset),
            location={"admin1": admin1},
            cameo={"code": base, "base_code": base, "root_code": "19"},
        )
        out[ev.event_id] = ev
    return list(out.values())


@settings(max_examples=60, deadline=None)
@given(st.lists(_report, max_size=25), st.randoms(use_true_random=False))
def test_each_event_joins_one_canonical_within_tolerance_of_its_anchor(reports, rnd) -> None:
    events = _events(reports)
    keyed = [(e.event_id, dedup_key(e)) for e in events]
    result = assign(keyed, [])
    shuffled = list(keyed)
    rnd.shuffle(shuffled)
    assert assign(shuffled, []).canonical_of == result.canonical_of  # order-free in a batch
    assert set(result.canonical_of) == {e.event_id for e in events}
    anchors = {c.canonical_id: c for c in result.created}
    assert len(anchors) == len(result.created)
    for eid, key in keyed:
        assert key is not None
        canonical = anchors[result.canonical_of[eid]]
        assert canonical.group == key.group
        assert canonical.anchor is not None
        assert abs((key.day - canonical.anchor).days) <= DAY_TOLERANCE


@settings(max_examples=40, deadline=None)
@given(st.lists(_report, min_size=1, max_size=20), st.integers(min_value=1, max_value=19))
def test_splitting_a_batch_never_merges_what_one_batch_keeps_apart(reports, cut) -> None:
    events = _events(reports)
    keyed = [(e.event_id, dedup_key(e)) for e in events]
    whole = assign(keyed, [])
    first = assign(keyed[:cut], [])
    second = assign(keyed[cut:], first.created)
    split = first.canonical_of | second.canonical_of
    assert set(split) == set(whole.canonical_of)
    groups = {k.group for _, k in keyed if k}
    for eid, key in keyed:
        assert key is not None
        assert key.group in groups
        same_split = {o for o, c in split.items() if c == split[eid]}
        # Everything merged with eid shares its group, whichever way it arrived.
        assert all(dedup_key(e).group == key.group for e in events if e.event_id in same_split)  # type: ignore[union-attr]
