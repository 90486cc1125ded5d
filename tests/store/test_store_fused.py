"""replace_fused / query_fused / get_fused."""

from __future__ import annotations

import dataclasses

import pytest
from store_factories import article, event, fused

import sitrep.store.sql
from sitrep.models import ArticleResult
from sitrep.store import EventQuery, Store

TEXT_A = "Rebels attacked the airport. Protesters gathered in Sanaa."
TEXT_B = "Rebels attacked the airport on Sunday."


def _setup(store: Store):
    a, b = article(TEXT_A, source="Wire A"), article(TEXT_B, source="Wire B")
    ea = event(a, "Rebels attacked the airport.", dead=2)
    eb = event(b, "Rebels attacked the airport on Sunday.", dead=3)
    ep = event(a, "Protesters gathered in Sanaa.", event_type="PROTEST", country="YEM", date="2014-06-01")
    store.save([ArticleResult(a, [ea, ep]), ArticleResult(b, [eb])])
    return ea, eb, ep


def test_replace_query_and_get(store: Store) -> None:
    ea, eb, ep = _setup(store)
    airport, protest = fused(ea, eb), fused(ep)
    store.replace_fused([airport, protest])
    assert store.counts()["fused_events"] == 2
    page = store.query_fused(EventQuery())
    assert page.total == 2
    assert [f.event.id for f in page.events] == [ep.id, ea.id]  # newest first
    got = store.get_fused(ea.id)
    assert got == airport
    assert got is not None and got.source_count == 2
    assert store.get_fused("missing") is None


def test_fused_filters(store: Store) -> None:
    ea, eb, ep = _setup(store)
    store.replace_fused([fused(ea, eb), fused(ep)])
    assert [f.event.id for f in store.query_fused(EventQuery(country="YEM")).events] == [ep.id]
    assert [f.event.id for f in store.query_fused(EventQuery(event_type="assault")).events] == [ea.id]
    assert store.query_fused(EventQuery(actor="REBEL", q="airport")).total == 1
    assert store.query_fused(EventQuery(since="2014-05-19")).total == 1


def test_replace_drops_the_previous_set(store: Store) -> None:
    ea, eb, ep = _setup(store)
    store.replace_fused([fused(ea, eb), fused(ep)])
    store.replace_fused([fused(eb)])
    page = store.query_fused(EventQuery())
    assert page.total == 1 and page.events[0].event.id == eb.id
    store.replace_fused([])
    assert store.counts()["fused_events"] == 0
    assert store.counts()["events"] == 3  # raw events are untouched


def test_repeated_fused_id_keeps_the_first(store: Store) -> None:
    ea, eb, _ = _setup(store)
    first = fused(ea, eb)
    later = dataclasses.replace(first, sources=first.sources[:1])
    store.replace_fused([first, later, fused(ea, ea)])
    got = store.get_fused(ea.id)
    assert got is not None and got.source_count == 2


def test_replace_in_several_chunks_keeps_every_first(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    # Rows are written a chunk at a time; a repeated id in a later chunk still keeps the first.
    monkeypatch.setattr(sitrep.store.sql, "_WRITE_CHUNK", 2)
    ea, eb, ep = _setup(store)
    pair = fused(ea, eb)
    store.replace_fused([pair, fused(ep), fused(eb), dataclasses.replace(pair, sources=pair.sources[:1])])
    assert store.counts()["fused_events"] == 3
    assert store.get_fused(ea.id) == pair
    assert {f.event.id for f in store.query_fused(EventQuery(limit=None)).events} == {ea.id, eb.id, ep.id}
