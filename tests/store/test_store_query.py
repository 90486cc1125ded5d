"""query_events / iter_events / get_event: every filter, paging and ordering."""

from __future__ import annotations

import pytest
from store_factories import article, event

from sitrep.errors import StoreError
from sitrep.models import ArticleResult, Event
from sitrep.store import EventQuery, Store

TEXT = (
    "Rebel Fighters attacked Tripoli. The army shelled Benghazi. Students protested in Sanaa. "
    "Envoys met in Geneva. Gunmen stormed a 50% rebuilt clinic. Officials condemned the raid."
)


@pytest.fixture
def stored(store: Store) -> dict[str, Event]:
    art = article(TEXT, id="art-1")
    ev = {
        "tripoli": event(art, "Rebel Fighters attacked Tripoli.", date="2014-05-18", actor="Rebel Fighters"),
        "benghazi": event(art, "The army shelled Benghazi.", date="2014-05-20", actor="Libyan National Army"),
        "sanaa": event(
            art,
            "Students protested in Sanaa.",
            event_type="PROTEST",
            country="YEM",
            date="2014-06-01",
            actor="Students",
            recipient="Houthi Movement",
        ),
        "geneva": event(
            art, "Envoys met in Geneva.", event_type="CONSULT", country=None, date=None, actor="Envoys"
        ),
        "clinic": event(art, "Gunmen stormed a 50% rebuilt clinic.", date="2014-05-20", actor="Gunmen"),
        "raid": event(
            art,
            "Officials condemned the raid.",
            event_type="DISAPPROVE",
            country="LBY",
            date="2013-12-31",
            actor="Officials",
        ),
    }
    store.save([ArticleResult(article=art, events=list(ev.values()))])
    return ev


def _ids(store: Store, **filters: object) -> list[str]:
    return [e.id for e in store.query_events(EventQuery(**filters)).events]  # type: ignore[arg-type]


def _names(stored: dict[str, Event], ids: list[str]) -> list[str]:
    by_id = {e.id: name for name, e in stored.items()}
    return [by_id[i] for i in ids]


def test_no_filter_returns_all_newest_first_undated_last(store: Store, stored: dict[str, Event]) -> None:
    page = store.query_events(EventQuery())
    assert page.total == 6
    names = _names(stored, [e.id for e in page.events])
    assert names[0] == "sanaa"
    assert set(names[1:3]) == {"benghazi", "clinic"}  # same date: ordered by id
    assert [e.id for e in page.events][1:3] == sorted(stored[n].id for n in ("benghazi", "clinic"))
    assert names[3:] == ["tripoli", "raid", "geneva"]


def test_country_and_type_are_case_insensitive(store: Store, stored: dict[str, Event]) -> None:
    assert set(_names(stored, _ids(store, country="yem"))) == {"sanaa"}
    assert set(_names(stored, _ids(store, country="LBY", event_type="assault"))) == {
        "tripoli",
        "benghazi",
        "clinic",
    }
    assert _ids(store, country="FRA") == []


def test_actor_is_a_case_insensitive_substring_of_texts_and_names(
    store: Store, stored: dict[str, Event]
) -> None:
    assert _names(stored, _ids(store, actor="REBEL fight")) == ["tripoli"]
    assert _names(stored, _ids(store, actor="national army")) == ["benghazi"]
    assert _names(stored, _ids(store, actor="houthi")) == ["sanaa"]  # recipients count too
    assert _ids(store, actor="%") == []  # LIKE wildcards are escaped
    assert _ids(store, actor="_") == []


def test_since_and_until_are_inclusive(store: Store, stored: dict[str, Event]) -> None:
    assert set(_names(stored, _ids(store, since="2014-05-20"))) == {"benghazi", "clinic", "sanaa"}
    assert set(_names(stored, _ids(store, until="2014-05-18"))) == {"tripoli", "raid"}
    assert set(_names(stored, _ids(store, since="2014-05-18", until="2014-05-20"))) == {
        "tripoli",
        "benghazi",
        "clinic",
    }


def test_partial_and_timestamp_bounds(store: Store, stored: dict[str, Event]) -> None:
    assert set(_names(stored, _ids(store, since="2014-05", until="2014-05"))) == {
        "tripoli",
        "benghazi",
        "clinic",
    }
    assert _names(stored, _ids(store, until="2013")) == ["raid"]
    assert set(_names(stored, _ids(store, since="2014-06-01T10:00:00Z"))) == {"sanaa"}
    with pytest.raises(StoreError, match="bad date"):
        store.query_events(EventQuery(since="last week"))


def test_q_searches_the_sentence(store: Store, stored: dict[str, Event]) -> None:
    assert _names(stored, _ids(store, q="BENGHAZI")) == ["benghazi"]
    assert _names(stored, _ids(store, q="50%")) == ["clinic"]
    assert _ids(store, q="Paris") == []


def test_filters_combine(store: Store, stored: dict[str, Event]) -> None:
    ids = _ids(store, country="LBY", event_type="ASSAULT", actor="gun", since="2014-05-19", q="clinic")
    assert _names(stored, ids) == ["clinic"]


def test_limit_offset_and_total(store: Store, stored: dict[str, Event]) -> None:
    everything = _ids(store, limit=None)
    assert len(everything) == 6
    page = store.query_events(EventQuery(limit=2, offset=2))
    assert page.total == 6
    assert [e.id for e in page.events] == everything[2:4]
    past_end = store.query_events(EventQuery(limit=10, offset=10))
    assert (past_end.total, past_end.events) == (6, [])
    filtered = store.query_events(EventQuery(country="LBY", limit=1))
    assert filtered.total == 4 and len(filtered.events) == 1


def test_iter_events_streams_oldest_first(store: Store, stored: dict[str, Event]) -> None:
    names = _names(stored, [e.id for e in store.iter_events()])
    assert names[:2] == ["raid", "tripoli"]
    assert names[-2] == "sanaa" and names[-1] == "geneva"
    only = _names(stored, [e.id for e in store.iter_events(EventQuery(country="LBY", limit=1))])
    assert only[0] == "raid" and len(only) == 4  # limit is ignored


def test_get_event(store: Store, stored: dict[str, Event]) -> None:
    sanaa = stored["sanaa"]
    assert store.get_event(sanaa.id) == sanaa
    assert store.get_event("missing") is None
