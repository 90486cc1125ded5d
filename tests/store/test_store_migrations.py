"""Schema migrations: recorded, idempotent, safe for concurrent openers, refuse newer schemas."""

from __future__ import annotations

import threading
from datetime import datetime

import pytest
from sqlalchemy import create_engine, insert, select
from store_factories import result

from sitrep.errors import StoreError
from sitrep.store import Store, open_store
from sitrep.store.migrations import LATEST, MIGRATIONS
from sitrep.store.schema import schema_migrations
from sitrep.store.url import resolve


def _rows(url: str) -> list[tuple[int, str, str]]:
    engine = create_engine(resolve(url).url)
    with engine.connect() as conn:
        rows = [
            tuple(r) for r in conn.execute(select(schema_migrations).order_by(schema_migrations.c.version))
        ]
    engine.dispose()
    return rows  # type: ignore[return-value]


def test_migrations_are_recorded_in_order(store: Store) -> None:
    assert store.applied_migrations() == [(m.version, m.name) for m in MIGRATIONS]
    rows = _rows(store.url)
    assert [r[0] for r in rows] == list(range(1, LATEST + 1))
    for _, _, applied_at in rows:
        datetime.fromisoformat(applied_at)  # a real timestamp


def test_reopening_changes_nothing_and_keeps_data(store: Store) -> None:
    store.save([result("Militia shelled the town.", "Militia shelled the town.")])
    before = _rows(store.url)
    again = open_store(store.url)
    try:
        assert _rows(store.url) == before
        assert again.counts() == {"articles": 1, "events": 1, "fused_events": 0}
    finally:
        again.close()


def test_concurrent_first_opens_migrate_once(store_url: str) -> None:
    opened: list[Store] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(4)

    def open_one() -> None:
        barrier.wait()
        try:
            opened.append(open_store(store_url))
        except BaseException as exc:
            errors.append(exc)

    threads = [threading.Thread(target=open_one) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert [r[0] for r in _rows(store_url)] == list(range(1, LATEST + 1))
    for s in opened:
        s.close()


def test_a_newer_schema_is_refused(store: Store) -> None:
    engine = create_engine(resolve(store.url).url)
    with engine.begin() as conn:
        conn.execute(
            insert(schema_migrations).values(version=LATEST + 1, name="future", applied_at="2099-01-01")
        )
    engine.dispose()
    with pytest.raises(StoreError, match=f"schema version {LATEST + 1} is newer"):
        open_store(store.url)
