"""The streaming full rebuild and the windowed refresh give exactly what in-memory fusion gives."""

from __future__ import annotations

import random
import tempfile
from collections.abc import Iterator, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import sitrep.analysis.fusion as fusion
import sitrep.store.sql
from sitrep.analysis.fusion import (
    _item,
    _Linker,
    _Matcher,
    article_meta_from_store,
    fuse_events,
    refresh_fusion,
)
from sitrep.models import Article, ArticleResult, Event, Evidence, FusedEvent, Location, Party, content_hash
from sitrep.store import EventQuery, Store, open_store

START = date(2014, 5, 1)
PLACES = (
    Location(text="Tripoli", name="Tripoli", country="LBY", lat=32.8925, lon=13.18),
    Location(text="Tajura", name="Tajura", country="LBY", lat=32.8817, lon=13.3506),  # ~16 km east
    Location(text="Janzour", name="Janzour", country="LBY", lat=32.8170, lon=13.0100),  # ~18 km west
    Location(text="Benghazi", name="Benghazi", country="LBY", lat=32.1167, lon=20.0667),
    Location(text="Libya", name="Libya", country="LBY", lat=26.0, lon=17.0, precision="country"),
    Location(text="Misrata", name="Misrata", country="LBY"),  # no coordinates
    Location(text="Tunis", name="Tunis", country="TUN", lat=36.8, lon=10.18),
    None,
)
ACTORS = ("Khalifa Haftar", "Haftar", "Libyan National Army", "Misrata Brigades", "protesters", "12 soldiers")
TYPES = ("ASSAULT", "PROTEST", "AGREE", "SUPPORT", "COOPERATE")


def iso(day: int) -> str:
    return (START + timedelta(days=day)).isoformat()


def make_event(
    i: int,
    *,
    article: int,
    etype: str,
    day: str | None,
    place: int,
    actors: Sequence[int],
    recipients: Sequence[int],
    dead: int | None = None,
    confidence: float = 0.5,
    tags: Sequence[str] = (),
) -> Event:
    text = f"report {i}: {etype.lower()} in article {article}"
    return Event(
        id=content_hash("event", str(i)),  # hashed, so id order (the tie-break) is unrelated to dates
        article_id=f"art{article}",
        event_type=etype,
        evidence=Evidence(sentence=text, start=0, end=len(text)),
        actors=[Party(text=ACTORS[a]) for a in actors],
        recipients=[Party(text=ACTORS[r]) for r in recipients],
        date=day,
        location=PLACES[place],
        dead=dead,
        confidence=confidence,
        tags=list(tags),
    )


def articles_for(events: Sequence[Event]) -> dict[str, Article]:
    ids = sorted({e.article_id for e in events})
    return {
        aid: Article(
            text=f"text of {aid}",
            id=aid,
            source=f"Wire {k % 3}",
            url=f"https://wire.example/{aid}" if k % 2 else None,
            published=(START + timedelta(days=k % 5)).isoformat() if k % 4 else None,
        )
        for k, aid in enumerate(ids)
    }


def save(store: Store, events: Sequence[Event], articles: dict[str, Article]) -> None:
    by_article: dict[str, list[Event]] = {}
    for e in events:
        by_article.setdefault(e.article_id, []).append(e)
    store.save(ArticleResult(article=articles[aid], events=evs) for aid, evs in by_article.items())


def meta_of(articles: dict[str, Article]) -> dict[str, dict[str, Any]]:
    return {a.id: {"source": a.source, "url": a.url, "published": a.published} for a in articles.values()}


def table(store: Store) -> list[dict[str, Any]]:
    return sorted(
        (f.to_dict() for f in store.query_fused(EventQuery(limit=None)).events), key=lambda d: d["id"]
    )


def records(fused: Sequence[FusedEvent]) -> list[dict[str, Any]]:
    return sorted((f.to_dict() for f in fused), key=lambda d: d["id"])


@pytest.fixture
def fresh_store() -> Iterator[Any]:
    """A factory of empty SQLite file stores, usable once per hypothesis example."""
    with tempfile.TemporaryDirectory() as tmp:
        opened: list[Store] = []

        def make() -> Store:
            store = open_store(str(Path(tmp) / f"s{len(opened)}.db"))
            opened.append(store)
            return store

        yield make
        for store in opened:
            store.close()


# Dates over four weeks, some undated, some that are not ISO days (fusion treats them as undated while
# the store sorts them among the dated).
DAYS = st.one_of(
    st.integers(0, 27).map(iso),
    st.sampled_from([None, None, "2014-5-9", "unknown"]),
)


@st.composite
def event_sets(draw: st.DrawFn, *, max_size: int = 60) -> list[Event]:
    n = draw(st.integers(0, max_size))
    salt = draw(st.integers(0, 10**6))
    out = []
    for i in range(n):
        out.append(
            make_event(
                salt * 1000 + i,
                article=draw(st.integers(0, 11)),
                etype=draw(st.sampled_from(TYPES)),
                day=draw(DAYS),
                place=draw(st.integers(0, len(PLACES) - 1)),
                actors=draw(st.lists(st.integers(0, len(ACTORS) - 1), max_size=2)),
                recipients=draw(st.lists(st.integers(0, len(ACTORS) - 1), max_size=1)),
                dead=draw(st.one_of(st.none(), st.integers(0, 5))),
                confidence=draw(st.sampled_from([0.5, 0.7, 0.9])),
                tags=draw(st.sampled_from([(), (), ("negated",)])),
            )
        )
    return out


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(events=event_sets(), max_days=st.integers(0, 3), page=st.sampled_from([1, 3, 1000]))
def test_streaming_rebuild_equals_in_memory_fusion(
    fresh_store: Any, monkeypatch: pytest.MonkeyPatch, events: list[Event], max_days: int, page: int
) -> None:
    monkeypatch.setattr(fusion, "_PAGE", page)  # small pages: flushes and spill chunks mid-stream
    monkeypatch.setattr(sitrep.store.sql, "_WRITE_CHUNK", max(page, 2))
    articles = articles_for(events)
    expected = records(fuse_events(events, article_meta=meta_of(articles), max_days=max_days))
    store = fresh_store()
    save(store, events, articles)
    assert refresh_fusion(store, max_days=max_days) == len(expected)
    assert table(store) == expected
    assert refresh_fusion(store, max_days=max_days) == len(expected)  # a rebuild replaces, never adds
    assert table(store) == expected


def test_dense_chains_across_days_fuse_as_in_memory(store: Store) -> None:
    # On both backends (tests/conftest.py's ``store``). The same actors in three nearby towns every day
    # for three weeks, so links chain from day to day and the greedy order decides along the chain.
    rng = random.Random(5)
    events = [
        make_event(
            i,
            article=rng.randrange(40),
            etype=rng.choice(("ASSAULT", "AGREE", "SUPPORT")),
            day=iso(i // 15),
            place=rng.choice((0, 1, 2, 4)),
            actors=[rng.choice((0, 1, 2))],
            recipients=[rng.choice((2, 3))],
            dead=rng.choice((None, 1, 2, 3)),
            confidence=rng.choice((0.5, 0.9)),
        )
        for i in range(300)
    ]
    articles = articles_for(events)
    expected = records(fuse_events(events, article_meta=meta_of(articles)))
    assert max(len(f["sources"]) for f in expected) >= 3  # it does fuse, across articles and days
    assert len({f["date"] for f in expected if len(f["sources"]) > 1}) >= 10
    save(store, events, articles)
    assert refresh_fusion(store) == len(expected)
    assert table(store) == expected


def test_dates_the_store_cannot_order_fall_back_to_in_memory(
    fresh_store: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # "20140519" is a valid ISO day (May 19) but sorts after "2014-05-20" as text: the stream is out of order.
    events = [
        make_event(1, article=1, etype="ASSAULT", day="2014-05-18", place=0, actors=[0], recipients=[2]),
        make_event(2, article=2, etype="ASSAULT", day="20140519", place=1, actors=[1], recipients=[2]),
        make_event(3, article=3, etype="ASSAULT", day="2014-05-20", place=0, actors=[0], recipients=[2]),
    ]
    articles = articles_for(events)
    expected = records(fuse_events(events, article_meta=meta_of(articles)))
    assert len(expected) < len(events)
    calls: list[int] = []
    real = fusion.fuse_events

    def spy(evs: Sequence[Event], **kwargs: Any) -> list[FusedEvent]:
        calls.append(len(evs))
        return real(evs, **kwargs)

    monkeypatch.setattr(fusion, "fuse_events", spy)
    store = fresh_store()
    save(store, events, articles)
    assert refresh_fusion(store) == len(expected)
    assert calls == [3]
    assert table(store) == expected


# --- the linker keeps only what can still link -------------------------------------------------------------


def stream_sizes(events: Sequence[Event], *, max_days: int) -> tuple[list[int], list[list[str]]]:
    """Open events after each day, and the member ids of every component as it closes."""
    linker = _Linker(_Matcher(max_km=50.0, max_days=max_days, type_groups=fusion.DEFAULT_TYPE_GROUPS))
    days: dict[str, list[Any]] = {}
    for e in sorted(events, key=lambda e: (e.date, e.id)):
        days.setdefault(str(e.date), []).append(_item(e))
    sizes: list[int] = []
    closed: list[list[str]] = []
    for items in days.values():
        closed.extend(sorted(it.event.id for it in comp.items) for comp in linker.add_day(items))
        sizes.append(len(linker.parent))
    closed.extend(sorted(it.event.id for it in comp.items) for comp in linker.finish())
    return sizes, closed


def test_linker_closes_components_once_past_max_days() -> None:
    # 5 reports a day for 60 days, each from its own outlet; a day's reports name an actor no other day has.
    events = [
        make_event(d * 5 + k, article=k, etype="ASSAULT", day=iso(d), place=0, actors=[], recipients=[])
        for d in range(60)
        for k in range(5)
    ]
    for e in events:
        e.actors = [Party(text=f"Brigade {e.date}")]
    sizes, closed = stream_sizes(events, max_days=1)
    assert sizes == [5] + [10] * 59  # only today and the day before are ever held
    assert sorted(len(c) for c in closed) == [5] * 60


def test_linker_keeps_a_chain_open_until_it_breaks() -> None:
    days = [0, 1, 2, 3, 6]  # the chain 0-1-2-3 links day to day; day 6 is too far
    events = [
        make_event(i, article=i, etype="ASSAULT", day=iso(d), place=0, actors=[0], recipients=[2])
        for i, d in enumerate(days)
    ]
    sizes, closed = stream_sizes(events, max_days=1)
    assert sizes == [1, 2, 3, 4, 1]
    assert sorted(len(c) for c in closed) == [1, 4]


# --- windowed refresh ------------------------------------------------------------------------------------


def reference_windowed(store: Store, *, since: str | None, until: str | None, max_days: int) -> None:
    """The windowed refresh as it was before streaming: it read every stored fused event."""
    shift = fusion._shift
    window = EventQuery(since=shift(since, -max_days), until=shift(until, max_days), limit=None)
    raw = {e.id: e for e in store.iter_events(window)}
    old = store.query_fused(EventQuery(limit=None)).events
    grew = True
    while grew:
        grew = False
        for fe in old:
            ids = {s.event_id for s in fe.sources}
            if ids & raw.keys():
                for missing in sorted(ids - raw.keys()):
                    ev = store.get_event(missing)
                    if ev is not None:
                        raw[missing] = ev
                        grew = True
    kept = [fe for fe in old if not {s.event_id for s in fe.sources} & raw.keys()]
    meta = article_meta_from_store(store, (e.article_id for e in raw.values()))
    store.replace_fused(kept + fuse_events(list(raw.values()), article_meta=meta, max_days=max_days))


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(
    first=event_sets(max_size=40),
    later=event_sets(max_size=15),
    window=st.tuples(st.integers(0, 27), st.integers(0, 10)),
    max_days=st.integers(0, 2),
)
def test_windowed_refresh_equals_the_full_table_scan(
    fresh_store: Any, first: list[Event], later: list[Event], window: tuple[int, int], max_days: int
) -> None:
    taken = {e.id for e in first}
    later = [e for e in later if e.id not in taken]
    articles = articles_for(first + later)
    ours, ref = fresh_store(), fresh_store()
    for store in (ours, ref):
        save(store, first, articles)
        refresh_fusion(store, max_days=max_days)
        save(store, later, articles)
    since = iso(window[0])
    until = iso(window[0] + window[1])
    refresh_fusion(ours, since=since, until=until, max_days=max_days)
    reference_windowed(ref, since=since, until=until, max_days=max_days)
    assert table(ours) == table(ref)
    every = [e.id for e in first + later]
    assert records(ours.fused_of_events(every)) == records(ref.fused_of_events(every))  # same members


def test_windowed_refresh_follows_overlapping_stored_clusters(fresh_store: Any) -> None:
    # A table from elsewhere where two fused events share a member: the window reaches e1 only, F1 pulls
    # in e2, and e2 pulls in F2 and so e3. Only F3 stays as stored.
    e1, e2, e3, e4 = (
        make_event(i, article=i, etype="ASSAULT", day=iso(d), place=0, actors=[0], recipients=[2])
        for i, d in enumerate((9, 10, 11, 20))
    )
    articles = articles_for([e1, e2, e3, e4])
    meta = meta_of(articles)
    stored = [fusion._fuse_cluster(c, meta) for c in ([e1, e2], [e2, e3], [e4])]
    ours, ref = fresh_store(), fresh_store()
    for store in (ours, ref):
        save(store, [e1, e2, e3, e4], articles)
        store.replace_fused(stored)
    assert refresh_fusion(ours, since=iso(9), until=iso(9), max_days=0) == 3
    reference_windowed(ref, since=iso(9), until=iso(9), max_days=0)
    assert table(ours) == table(ref)
    assert stored[2].to_dict() in table(ours) and stored[1].to_dict() not in table(ours)


# --- store support ---------------------------------------------------------------------------------------


def test_replace_fused_streams_a_reiterable_and_removes_only_what_it_is_told(store: Store) -> None:
    events = [
        make_event(1, article=1, etype="ASSAULT", day="2014-05-18", place=0, actors=[0], recipients=[2]),
        make_event(2, article=2, etype="ASSAULT", day="2014-05-18", place=1, actors=[1], recipients=[2]),
        make_event(3, article=3, etype="PROTEST", day="2014-05-20", place=3, actors=[4], recipients=[]),
    ]
    articles = articles_for(events)
    save(store, events, articles)
    pair, single = fuse_events(events, article_meta=meta_of(articles))
    assert len(pair.sources) == 2

    class Twice:  # re-iterable and not a list: replace_fused must iterate it, not copy it
        def __init__(self) -> None:
            self.passes = 0

        def __iter__(self) -> Iterator[FusedEvent]:
            self.passes += 1
            yield from (pair, single)

    view = Twice()
    store.replace_fused(view)
    assert view.passes == 1 and len(table(store)) == 2
    assert [f.event.id for f in store.fused_of_events([events[0].id, "nope"])] == [pair.event.id]
    assert store.fused_of_events([]) == []

    alone = fuse_events(events[:1], article_meta=meta_of(articles))[0]
    store.replace_fused([alone, single], remove=[pair.event.id])  # single is kept: the stored one wins
    assert {f["id"] for f in table(store)} == {alone.event.id, single.event.id}
    assert [f.event.id for f in store.fused_of_events([events[1].id])] == []
    store.replace_fused(iter([pair]))  # a one-shot iterator still works (copied first)
    assert [f["id"] for f in table(store)] == [pair.event.id]
