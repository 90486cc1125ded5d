"""fill_synthetic: bulk rows that the normal query path reads back."""

from __future__ import annotations

from sitrep.store import EventQuery, Store
from sitrep.store.synthetic import fill_synthetic, synthetic_queries


def test_fill_and_query(store: Store) -> None:
    made = fill_synthetic(store, n_events=1234, seed=3, batch=500)
    assert made == {"articles": 247, "events": 1234}
    assert store.counts() == {"articles": 247, "events": 1234, "fused_events": 0}
    query = synthetic_queries(n=1, seed=1)[0]
    page = store.query_events(EventQuery(country=query.country, limit=20))
    assert page.total > 0
    assert all(e.location is not None and e.location.country == query.country for e in page.events)
    dates = [e.date for e in page.events if e.date]
    assert dates == sorted(dates, reverse=True)


def test_same_seed_adds_nothing_twice(store: Store) -> None:
    fill_synthetic(store, n_events=300, seed=5, batch=100)
    fill_synthetic(store, n_events=300, seed=5, batch=100)
    assert store.counts()["events"] == 300
    fill_synthetic(store, n_events=100, seed=6)
    assert store.counts()["events"] == 400


def test_synthetic_queries_are_bounded_country_type_ranges() -> None:
    for q in synthetic_queries(n=20, seed=2):
        assert q.country and q.event_type and q.since and q.until and q.limit == 100
        assert q.since <= q.until
