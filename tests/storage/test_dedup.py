"""Deduplication key and matching, pure: two agencies, one strike; near misses apart."""

from __future__ import annotations

import datetime as dt

from pipeline.storage.dedup import Canonical, assign, dedup_key, event_day, normalise_name

from .builders import AFP_STRIKE, REUTERS_STRIKE, event


def _canonicals(*events_):
    result = assign([(e.event_id, dedup_key(e)) for e in events_], [])
    return result, {e.event_id: result.canonical_of[e.event_id] for e in events_}


def test_two_agencies_reporting_one_strike_differently_share_a_key_group() -> None:
    afp, reuters = event(AFP_STRIKE), event(REUTERS_STRIKE)
    assert afp.location is not None
    assert reuters.location is not None
    assert afp.location.name != reuters.location.name  # Saraqeb vs Idlib
    assert afp.cameo is not None
    assert reuters.cameo is not None
    assert afp.cameo.code != reuters.cameo.code  # 195 vs 1951, same base code
    assert dedup_key(afp) is not None
    assert dedup_key(reuters) is not None
    assert dedup_key(afp).group == dedup_key(reuters).group  # type: ignore[union-attr]
    result, canon = _canonicals(afp, reuters)
    assert canon[afp.event_id] == canon[reuters.event_id]
    assert len(result.created) == 1
    assert result.created[0].anchor == dt.date(2015, 10, 6)  # the earlier report anchors


def test_arrival_order_within_a_batch_does_not_change_the_result() -> None:
    afp, reuters = event(AFP_STRIKE), event(REUTERS_STRIKE)
    one = assign([(e.event_id, dedup_key(e)) for e in (afp, reuters)], [])
    two = assign([(e.event_id, dedup_key(e)) for e in (reuters, afp)], [])
    assert one.canonical_of == two.canonical_of


def test_near_miss_three_days_apart_stays_apart() -> None:
    afp = event(AFP_STRIKE)
    later = event(AFP_STRIKE, event_date="2015-10-10", article_id="afp-20151011-004")
    _, canon = _canonicals(afp, later)
    assert canon[afp.event_id] != canon[later.event_id]


def test_adjacent_day_merges_but_two_days_from_the_anchor_does_not() -> None:
    first = event(AFP_STRIKE, event_date="2015-10-07")
    next_day = event(AFP_STRIKE, event_date="2015-10-08", article_id="x-1")
    two_days = event(AFP_STRIKE, event_date="2015-10-09", article_id="x-2")
    _, canon = _canonicals(first, next_day, two_days)
    assert canon[first.event_id] == canon[next_day.event_id]
    assert canon[two_days.event_id] != canon[first.event_id]


def test_near_miss_different_base_code_stays_apart() -> None:
    afp = event(AFP_STRIKE)
    shelling = event(
        AFP_STRIKE,
        article_id="sana-1",
        cameo={"code": "194", "base_code": "194", "root_code": "19"},
    )
    _, canon = _canonicals(afp, shelling)
    assert canon[afp.event_id] != canon[shelling.event_id]


def test_near_miss_different_admin1_stays_apart() -> None:
    afp = event(AFP_STRIKE)
    hama = event(
        AFP_STRIKE, article_id="afp-2", location={"name": "Kafr Nabudah", "admin1": "Hama"}
    )
    _, canon = _canonicals(afp, hama)
    assert canon[afp.event_id] != canon[hama.event_id]


def test_near_miss_different_target_sector_stays_apart() -> None:
    afp = event(AFP_STRIKE)
    civilians = event(
        AFP_STRIKE,
        article_id="afp-3",
        target={"text": "a market", "code": "SYRCVL", "sector": "CVL", "acled_inter": 7},
    )
    _, canon = _canonicals(afp, civilians)
    assert canon[afp.event_id] != canon[civilians.event_id]


def test_near_miss_different_source_country_stays_apart() -> None:
    afp = event(AFP_STRIKE)
    syrian = event(
        AFP_STRIKE,
        article_id="afp-4",
        source={"text": "Syrian jets", "code": "SYRMIL", "country": "SYR"},
    )
    _, canon = _canonicals(afp, syrian)
    assert canon[afp.event_id] != canon[syrian.event_id]


def test_a_denial_never_merges_with_the_strike() -> None:
    afp = event(AFP_STRIKE)
    denial = event(AFP_STRIKE, article_id="tass-1", negated=True)
    _, canon = _canonicals(afp, denial)
    assert canon[afp.event_id] != canon[denial.event_id]


def test_place_names_compare_without_case_accents_or_punctuation() -> None:
    a = event(AFP_STRIKE, location={"name": "Sarâqeb", "admin1": None})
    b = event(AFP_STRIKE, article_id="b-1", location={"name": "SARAQEB.", "admin1": None})
    assert normalise_name("Sarâqeb") == normalise_name(" SARAQEB. ") == "saraqeb"
    _, canon = _canonicals(a, b)
    assert canon[a.event_id] == canon[b.event_id]


def test_event_without_date_uses_publication_day_and_without_cameo_is_alone() -> None:
    undated = event(AFP_STRIKE, event_date=None)
    assert event_day(undated) == dt.date(2015, 10, 8)
    uncoded = event(AFP_STRIKE, cameo=None)
    assert dedup_key(uncoded) is None
    twin = event(AFP_STRIKE, cameo=None, article_id="other")
    _, canon = _canonicals(uncoded, twin)
    assert canon[uncoded.event_id] != canon[twin.event_id]


def test_existing_canonical_in_reach_is_reused_nearest_anchor_first() -> None:
    afp = event(AFP_STRIKE)  # 2015-10-07
    key = dedup_key(afp)
    assert key is not None
    far = Canonical("far", key.group, dt.date(2015, 10, 6))
    near = Canonical("near", key.group, dt.date(2015, 10, 7))
    other_group = Canonical("other", "x" * 32, dt.date(2015, 10, 7))
    result = assign([(afp.event_id, key)], [far, other_group, near])
    assert result.canonical_of[afp.event_id] == "near"
    assert result.created == ()
