"""The store on both backends: idempotent upserts, dedup, filters, alerts, articles."""

from __future__ import annotations

import datetime as dt

import pytest

from pipeline.storage import AlertFilter, ArticleFilter, EventFilter, Store, open_store

from .builders import AFP_STRIKE, REUTERS_STRIKE, alert, article, event


def _strike_reports():
    afp = event(AFP_STRIKE)
    reuters = event(REUTERS_STRIKE)
    afp_update = event(
        AFP_STRIKE,
        article_id="afp-20151008-002",
        sentence_index=4,
        sentence="Six fighters died when Russian aircraft bombed positions "
        "outside Saraqeb on Wednesday.",
        fatalities=7,
    )
    return afp, reuters, afp_update


def test_one_strike_from_two_agencies_is_one_canonical_event(store: Store) -> None:
    afp, reuters, afp_update = _strike_reports()
    first = store.write_events([afp])
    assert (first.new_events, first.new_canonical, first.merged_into_existing) == (1, 1, 0)
    second = store.write_events([reuters, afp_update])
    assert (second.new_events, second.new_canonical, second.merged_into_existing) == (2, 0, 2)

    rows = store.query_events(EventFilter())
    assert len(rows) == 3
    assert len({r.canonical_id for r in rows}) == 1
    for row in rows:
        assert (row.mention_count, row.article_count, row.source_count) == (3, 3, 2)
        assert row.sources == ("AFP", "Reuters")
        assert row.fatalities_lowest == 4

    canonical = store.query_events(EventFilter(canonical=True))
    assert len(canonical) == 1
    assert canonical[0].event.event_id == afp.event_id  # the first stored mention


def test_near_misses_stay_separate_canonical_events(store: Store) -> None:
    afp = event(AFP_STRIKE)
    misses = [
        event(AFP_STRIKE, article_id="m1", event_date="2015-10-10"),
        event(AFP_STRIKE, article_id="m2", cameo={"code": "190", "base_code": "190"}),
        event(AFP_STRIKE, article_id="m3", location={"name": "Suran", "admin1": "Hama"}),
        event(
            AFP_STRIKE,
            article_id="m4",
            target={"text": "a bakery", "code": "SYRCVL", "sector": "CVL", "acled_inter": 7},
        ),
    ]
    store.write_events([afp, *misses])
    rows = store.query_events(EventFilter(canonical=True))
    assert len(rows) == 5
    assert all(r.mention_count == 1 for r in rows)


def test_replaying_the_same_events_changes_nothing(store: Store) -> None:
    reports = list(_strike_reports())
    store.write_events(reports)
    before = [
        (r.event, r.canonical_id, r.mention_count, r.stored_at)
        for r in store.query_events(EventFilter())
    ]
    again = store.write_events(reports + reports)
    assert (again.received, again.new_events, again.updated_events) == (6, 0, 3)
    assert (again.new_canonical, again.merged_into_existing) == (0, 0)
    after = [
        (r.event, r.canonical_id, r.mention_count, r.stored_at)
        for r in store.query_events(EventFilter())
    ]
    assert after == before


def test_a_report_arriving_later_joins_the_stored_canonical_event(store: Store) -> None:
    afp, reuters, _ = _strike_reports()
    store.write_events([reuters])
    store.write_events([afp])
    rows = store.query_events(EventFilter())
    assert len({r.canonical_id for r in rows}) == 1
    assert rows[0].mention_count == 2


@pytest.mark.parametrize(
    ("filters", "expected"),
    [
        (EventFilter(since=dt.date(2015, 10, 7)), {"afp", "ukr"}),
        (EventFilter(until=dt.date(2015, 10, 6)), {"reuters"}),
        (EventFilter(country="syr"), {"afp", "reuters"}),
        (EventFilter(actor="RUS"), {"afp", "reuters", "ukr"}),
        (EventFilter(actor="UKRMIL"), {"ukr"}),
        (EventFilter(cameo="19"), {"afp", "reuters", "ukr"}),
        (EventFilter(cameo="195"), {"afp", "reuters"}),
        (EventFilter(cameo="1951"), {"reuters"}),
        (EventFilter(acled_type="Battles"), {"ukr"}),
        (EventFilter(acled_type="air/drone strike"), {"afp", "reuters"}),
        (EventFilter(tag="airspace_violation"), {"ukr"}),
        (EventFilter(place="idlib"), {"afp", "reuters"}),
        (EventFilter(place="Saraqeb"), {"afp"}),
        (
            EventFilter(country="SYR", since=dt.date(2015, 10, 7), until=dt.date(2015, 10, 7)),
            {"afp"},
        ),
        (EventFilter(limit=1), {"reuters"}),
    ],
)
def test_event_filters(store: Store, filters: EventFilter, expected: set[str]) -> None:
    afp, reuters = event(AFP_STRIKE), event(REUTERS_STRIKE)
    ukr = event(
        AFP_STRIKE,
        article_id="ukrinform-1",
        event_date="2015-10-09",
        sentence="Ukrainian troops clashed with Russian forces near Avdiivka.",
        source={"text": "Ukrainian troops", "code": "UKRMIL", "country": "UKR"},
        target={"text": "Russian forces", "code": "RUSMIL", "country": "RUS", "sector": "MIL"},
        cameo={"code": "190", "base_code": "190"},
        acled={"event_type": "Battles", "sub_event_type": "Armed clash", "interaction": 18},
        tags=["airspace_violation"],
        location={"name": "Avdiivka", "admin1": "Donetsk", "country": "UKR"},
    )
    store.write_events([afp, reuters, ukr])
    names = {afp.event_id: "afp", reuters.event_id: "reuters", ukr.event_id: "ukr"}
    got = {names[r.event.event_id] for r in store.query_events(filters)}
    assert got == expected


def test_bad_filter_values_are_refused_not_sent(store: Store) -> None:
    with pytest.raises(ValueError, match="cameo"):
        store.query_events(EventFilter(cameo="19'; DROP TABLE events; --"))
    with pytest.raises(ValueError, match="actor"):
        store.query_events(EventFilter(actor="rus%"))


def test_place_filter_value_is_a_parameter_not_sql(store: Store) -> None:
    store.write_events([event(AFP_STRIKE)])
    assert store.query_events(EventFilter(place="x' OR '1'='1")) == []
    assert len(store.query_events(EventFilter())) == 1


def test_alerts_upsert_status_and_known_ids(store: Store) -> None:
    firing = alert("SYR", "firing", 5)
    other = alert("TUR", "firing", 4)
    store.write_alerts([firing, other])
    store.write_alerts([firing])  # redelivered: still one row
    assert store.known_alert_ids([firing.alert_id, "f" * 24]) == {firing.alert_id}
    resolved = alert("SYR", "resolved", 6)
    assert resolved.alert_id == firing.alert_id
    store.write_alerts([resolved])
    rows = store.query_alerts(AlertFilter())
    assert sorted((a.group_key, a.status, a.count) for a in rows) == [
        ("SYR", "resolved", 6),
        ("TUR", "firing", 4),
    ]
    assert [a.group_key for a in store.query_alerts(AlertFilter(status="firing"))] == ["TUR"]
    assert store.query_alerts(AlertFilter(rule="other")) == []
    later = dt.datetime(2015, 10, 9, tzinfo=dt.UTC)
    assert store.query_alerts(AlertFilter(since=later)) == []
    assert len(store.query_alerts(AlertFilter(until=later))) == 2


def test_articles_upsert_and_query(store: Store) -> None:
    a1 = article("afp-20151008-001", "AFP", "2015-10-08T09:30:00+00:00", "https://example.org/a1")
    a2 = article("reuters-20151007-17", "Reuters", "2015-10-07T06:00:00+00:00")
    store.write_articles([a1, a2, a1])
    got = store.query_articles(ArticleFilter())
    assert [a.article_id for a in got] == [a2.article_id, a1.article_id]
    assert got[1] == a1
    only = store.query_articles(ArticleFilter(source="afp"))
    assert [a.article_id for a in only] == [a1.article_id]
    since = dt.datetime(2015, 10, 8, tzinfo=dt.UTC)
    assert [a.article_id for a in store.query_articles(ArticleFilter(since=since))] == [
        a1.article_id
    ]


def test_event_rows_carry_their_article_url(store: Store) -> None:
    store.write_articles(
        [article("afp-20151008-001", "AFP", "2015-10-08T09:30:00+00:00", "https://example.org/a1")]
    )
    store.write_events([event(AFP_STRIKE), event(REUTERS_STRIKE)])
    urls = {r.event.article_id: r.source_url for r in store.query_events(EventFilter())}
    assert urls == {"afp-20151008-001": "https://example.org/a1", "reuters-20151007-17": None}


def test_reopening_applies_no_migration_twice(store_url: str) -> None:
    first = open_store(store_url)
    status = first.migration_status()
    first.close()
    again = open_store(store_url)
    try:
        assert again.migration_status() == status
        assert status.applied == status.available
        assert status.pending == ()
    finally:
        again.close()


def test_two_writers_at_once_make_one_canonical_event(store_url: str) -> None:
    import threading

    stores = [open_store(store_url), open_store(store_url)]
    reports = [event(AFP_STRIKE), event(REUTERS_STRIKE)]
    barrier = threading.Barrier(2)
    errors: list[BaseException] = []

    def write(i: int) -> None:
        try:
            barrier.wait()
            stores[i].write_events([reports[i]])
        except BaseException as exc:  # reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(i,)) for i in range(2)]
    try:
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        rows = stores[0].query_events(EventFilter())
        assert len(rows) == 2
        assert len({r.canonical_id for r in rows}) == 1
        assert rows[0].mention_count == 2
    finally:
        for s in stores:
            s.close()
