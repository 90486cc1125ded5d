"""Storage of articles, events and fused events: SQLite by default, PostgreSQL for many writers.

``open_store()`` is the only constructor callers need; everything else speaks the ``Store`` protocol.
"""

from __future__ import annotations

from sitrep.store.base import EventPage, EventQuery, FusedPage, SaveStats, Store
from sitrep.store.sql import SqlStore
from sitrep.store.url import resolve

__all__ = ["EventPage", "EventQuery", "FusedPage", "SaveStats", "Store", "open_store"]


def open_store(url: str | None = None) -> Store:
    """Open (creating and migrating as needed) the database named by ``url``.

    ``url`` may be a file path, ``sqlite:///path``, ``:memory:``/``sqlite://`` or ``postgresql://...``;
    when None, ``$SITREP_DB`` is used, else ``sitrep.db`` in the current directory. Raises
    ``StoreError`` with a one-line reason when the database cannot be opened or migrated.
    """
    return SqlStore.open(resolve(url))
