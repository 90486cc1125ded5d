"""save(): one transaction, idempotent by article id and content hash."""

from __future__ import annotations

import dataclasses

import pytest
from store_factories import article, event, result

import sitrep.store.rows
from sitrep.errors import StoreError
from sitrep.models import ArticleResult
from sitrep.store import EventQuery, Store

TEXT_A = "Rebels attacked the airport. Two soldiers died."
TEXT_B = "Protesters marched on parliament. Police fired tear gas."


def test_new_articles_and_events_are_stored(store: Store) -> None:
    stats = store.save(
        [
            result(TEXT_A, "Rebels attacked the airport.", "Two soldiers died."),
            result(TEXT_B, "Protesters marched on parliament."),
        ]
    )
    assert (stats.stored, stats.unchanged, stats.events) == (2, 0, 3)
    assert len(stats.stored_ids) == 2
    assert store.counts() == {"articles": 2, "events": 3, "fused_events": 0}


def test_saving_twice_stores_once(store: Store) -> None:
    batch = [
        result(TEXT_A, "Rebels attacked the airport."),
        result(TEXT_B, "Protesters marched on parliament."),
    ]
    store.save(batch)
    again = store.save(batch)
    assert (again.stored, again.unchanged, again.events, again.stored_ids) == (0, 2, 0, [])
    assert store.counts() == {"articles": 2, "events": 2, "fused_events": 0}


def test_same_text_under_another_id_is_unchanged(store: Store) -> None:
    store.save([result(TEXT_A, "Rebels attacked the airport.", id="first-id")])
    stats = store.save([result(TEXT_A, "Rebels attacked the airport.", id="second-id")])
    assert (stats.stored, stats.unchanged) == (0, 1)
    assert store.get_article("second-id") is None
    assert store.get_article("first-id") is not None


def test_same_id_with_new_text_is_unchanged_and_not_rewritten(store: Store) -> None:
    store.save([result(TEXT_A, "Rebels attacked the airport.", id="fixed")])
    stats = store.save([result(TEXT_B, "Protesters marched on parliament.", id="fixed")])
    assert (stats.stored, stats.unchanged) == (0, 1)
    stored = store.get_article("fixed")
    assert stored is not None and stored.text == TEXT_A
    assert store.counts()["events"] == 1


def test_duplicates_inside_one_batch_count_once(store: Store) -> None:
    one = result(TEXT_A, "Rebels attacked the airport.")
    stats = store.save([one, one, result(TEXT_A, "Rebels attacked the airport.", id="other-id")])
    assert (stats.stored, stats.unchanged, stats.events) == (1, 2, 1)


def test_duplicate_event_ids_in_one_article_keep_the_first(store: Store) -> None:
    art = article(TEXT_A)
    first = event(art, "Two soldiers died.", dead=2)
    second = dataclasses.replace(first, dead=99)
    assert second.id == first.id
    stats = store.save([ArticleResult(article=art, events=[first, second])])
    assert stats.events == 1
    stored = store.get_event(first.id)
    assert stored is not None and stored.dead == 2


def test_article_round_trip_and_meta(store: Store) -> None:
    art = article(
        TEXT_A, published="2014-05-19T08:00:00Z", source="Wire", url="https://example.org/a", origin="a.txt"
    )
    store.save([ArticleResult(article=art)])
    assert store.get_article(art.id) == art
    assert store.has_article(art.content_hash)
    assert not store.has_article("0" * 16)
    meta = store.article_meta([art.id, "unknown", art.id])
    assert meta == {
        art.id: {
            "id": art.id,
            "title": art.title,
            "published": "2014-05-19T08:00:00Z",
            "source": "Wire",
            "url": "https://example.org/a",
            "language": "en",
            "origin": "a.txt",
        }
    }


def test_article_meta_handles_many_ids(store: Store) -> None:
    batch = [result(f"Story number {i}.", id=f"a{i}") for i in range(1200)]
    store.save(batch)
    meta = store.article_meta(f"a{i}" for i in range(0, 1300))
    assert len(meta) == 1200


def test_event_naming_another_article_is_refused(store: Store) -> None:
    good = result(TEXT_A, "Rebels attacked the airport.")
    stray = result(TEXT_B, "Protesters marched on parliament.")
    mixed = ArticleResult(article=good.article, events=stray.events)
    with pytest.raises(StoreError, match="names article"):
        store.save([good, mixed])
    assert store.counts()["articles"] == 0


def test_a_failure_mid_save_leaves_nothing(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    def boom(_event: object) -> dict[str, object]:
        raise RuntimeError("boom")

    monkeypatch.setattr(sitrep.store.rows, "event_row", boom)
    with pytest.raises(RuntimeError):
        store.save([result(TEXT_A, "Rebels attacked the airport.")])
    assert store.counts() == {"articles": 0, "events": 0, "fused_events": 0}


def test_events_need_their_article(store: Store) -> None:
    # Foreign keys are enforced on both backends (SQLite needs PRAGMA foreign_keys=ON).
    row = sitrep.store.rows.event_row(event(article(TEXT_A), "Rebels attacked the airport."))
    with pytest.raises(StoreError):
        store.bulk_insert_events([row])
    assert store.query_events(EventQuery()).total == 0


def test_batch_spanning_several_insert_pages_counts_every_row(store: Store) -> None:
    # More articles and events than one multi-row INSERT holds (SQLITE_INSERT_PAGE_ROWS), with stored
    # articles spread over the pages: RETURNING must report the inserted rows of every page.
    texts = [f"Rebels attacked outpost {i}. Soldiers died at outpost {i}." for i in range(150)]
    store.save([result(texts[i], f"Rebels attacked outpost {i}.") for i in range(0, 150, 10)])
    batch = [
        result(t, f"Rebels attacked outpost {i}.", f"Soldiers died at outpost {i}.")
        for i, t in enumerate(texts)
    ]
    stats = store.save(batch)
    assert (stats.stored, stats.unchanged, stats.events) == (135, 15, 270)
    assert sorted(stats.stored_ids) == sorted(r.article.id for i, r in enumerate(batch) if i % 10)
    assert store.counts() == {"articles": 150, "events": 285, "fused_events": 0}
