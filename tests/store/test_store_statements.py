"""SQLite writes use short multi-row INSERTs: each distinct statement stays small in pysqlite's cache."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import Engine, event
from store_factories import result

from sitrep.store import open_store
from sitrep.store.engine import SQLITE_INSERT_PAGE_ROWS


@pytest.fixture
def inserts() -> Iterator[list[tuple[str, int]]]:
    """(table, rows) of every INSERT statement run while the test runs."""
    seen: list[tuple[str, int]] = []

    def record(_conn: Any, _cursor: Any, statement: str, params: Any, _context: Any, many: bool) -> None:
        if statement.startswith("INSERT INTO"):
            # A multi-row INSERT has one "(?, ?, ...)" per row and a flat parameter list; an executemany
            # of a one-row INSERT has one parameter set per row.
            rows = len(params) if many and "RETURNING" not in statement else statement.count("(?")
            seen.append((statement.split()[2], rows))

    event.listen(Engine, "before_cursor_execute", record)
    try:
        yield seen
    finally:
        event.remove(Engine, "before_cursor_execute", record)


def test_a_large_save_is_split_into_short_inserts(tmp_path: Path, inserts: list[tuple[str, int]]) -> None:
    store = open_store(str(tmp_path / "s.db"))
    try:
        texts = [
            f"Rebels attacked depot {i}. Guards fled depot {i}. Trucks burned at {i}." for i in range(90)
        ]
        batch = [result(t, *(s.strip() + "." for s in t.split(".")[:3])) for t in texts]
        stats = store.save(batch)
    finally:
        store.close()
    assert (stats.stored, stats.events) == (90, 270)
    events = [n for table, n in inserts if table == "events"]
    articles = [n for table, n in inserts if table == "articles"]
    assert sum(events) == 270 and sum(articles) == 90
    assert max(events + articles) <= SQLITE_INSERT_PAGE_ROWS
