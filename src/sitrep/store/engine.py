"""SQLAlchemy engines for the two backends, with the connection settings sitrep relies on."""

from __future__ import annotations

import sqlite3
import time
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.pool import StaticPool

from sitrep.store.url import DbTarget

BUSY_TIMEOUT_MS = 30_000
WRITE_OPTION = "sitrep_write"  # execution option: this transaction will write

# Bounded writer memory. A multi-row INSERT ... VALUES (...), (...) is a new SQL text for every row count,
# and pysqlite keeps the last 128 prepared statements of each connection; one of 500 rows compiles to 0.7-1 MB
# of SQLite bytecode. Every saved batch has its own number of events, so the cache filled with
# one-off megabyte statements and the writer grew ~30 KB per article up to ~110 MB. Short pages keep each
# statement small and a smaller cache keeps few of them; both cost nothing measurable on SQLite.
SQLITE_INSERT_PAGE_ROWS = 64  # rows per INSERT statement (SQLAlchemy's insertmanyvalues page)
SQLITE_STATEMENT_CACHE = 32  # prepared statements kept per connection


def make_engine(target: DbTarget) -> Engine:
    if target.backend == "sqlite":
        return _sqlite_engine(target)
    return create_engine(
        target.url,
        pool_pre_ping=True,
        connect_args={"connect_timeout": 10, "application_name": "sitrep"},
    )


def _set_wal(cursor: Any, *, attempts: int = 100) -> None:
    """Switch to WAL. The switch can report "locked" at once, without waiting for the busy
    timeout, while another connection opens the same new file; so retry briefly."""
    for attempt in range(attempts):
        try:
            cursor.execute("PRAGMA journal_mode=WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or attempt == attempts - 1:
                raise
            time.sleep(0.05)


def _sqlite_engine(target: DbTarget) -> Engine:
    kwargs: dict[str, Any] = {
        "connect_args": {
            "check_same_thread": False,
            "timeout": BUSY_TIMEOUT_MS / 1000,
            "cached_statements": SQLITE_STATEMENT_CACHE,
        },
        "insertmanyvalues_page_size": SQLITE_INSERT_PAGE_ROWS,
    }
    if target.memory:
        # One connection for the engine's lifetime: each new connection would be a new, empty database.
        kwargs["poolclass"] = StaticPool
    engine = create_engine(target.url, **kwargs)

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Stop pysqlite from issuing its own BEGIN; we emit BEGIN below so that DDL is transactional
        # and writers can take the write lock up front.
        dbapi_conn.isolation_level = None
        cursor = dbapi_conn.cursor()
        try:
            cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
            if not target.memory:
                _set_wal(cursor)
                cursor.execute("PRAGMA synchronous=NORMAL")  # durable enough with WAL, much faster
            cursor.execute("PRAGMA foreign_keys=ON")
        finally:
            cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        # A deferred transaction that later writes can fail with SQLITE_BUSY without waiting for the
        # busy timeout; IMMEDIATE takes the write lock at BEGIN, where busy_timeout does apply.
        immediate = conn.get_execution_options().get(WRITE_OPTION)
        conn.exec_driver_sql("BEGIN IMMEDIATE" if immediate else "BEGIN")

    return engine
