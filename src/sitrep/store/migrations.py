"""Ordered, transactional schema migrations, recorded in ``schema_migrations``.

Every migration runs inside the same transaction as the row that records it, so a failed migration
leaves nothing behind (both SQLite and PostgreSQL have transactional DDL). Concurrent openers are
serialised: SQLite by ``BEGIN IMMEDIATE`` (the caller's write connection), PostgreSQL by an advisory
lock. Append new migrations to ``MIGRATIONS``; never edit or reorder a released one. A migration that
changes an existing table must then freeze the older table shapes it relies on.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, inspect, select, text

from sitrep.errors import StoreError
from sitrep.store import schema

# Any constant works; it only has to be the same for every sitrep process.
_PG_LOCK_KEY = 0x5173_7265_7000


@dataclass(frozen=True)
class Migration:
    version: int
    name: str
    apply: Callable[[Connection], None]


def _create(*tables: str) -> Callable[[Connection], None]:
    def apply(conn: Connection) -> None:
        schema.metadata.create_all(conn, tables=[schema.metadata.tables[t] for t in tables])

    return apply


MIGRATIONS: tuple[Migration, ...] = (
    Migration(1, "articles and events", _create("articles", "events")),
    Migration(2, "fused events", _create("fused_events", "fused_members")),
)

LATEST = MIGRATIONS[-1].version


def applied(conn: Connection) -> list[tuple[int, str]]:
    """(version, name) of every recorded migration, oldest first; empty for a new database."""
    if not inspect(conn).has_table("schema_migrations"):
        return []
    table = schema.schema_migrations
    rows = conn.execute(select(table.c.version, table.c.name).order_by(table.c.version))
    return [(int(v), str(n)) for v, n in rows]


def _check_not_newer(done: list[tuple[int, str]]) -> None:
    if done and done[-1][0] > LATEST:
        raise StoreError(
            f"database schema version {done[-1][0]} is newer than this sitrep supports ({LATEST}); "
            "upgrade sitrep"
        )


def migrate(engine: Engine, writer: Engine) -> list[int]:
    """Apply missing migrations; return the versions applied now (empty when up to date)."""
    with engine.connect() as conn:
        done = applied(conn)
        conn.rollback()
    _check_not_newer(done)
    if done and done[-1][0] == LATEST:
        return []
    with writer.begin() as conn:
        if conn.dialect.name == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": _PG_LOCK_KEY})
        schema.schema_migrations.create(conn, checkfirst=True)
        done_versions = {v for v, _ in applied(conn)}  # re-read: another process may have migrated
        _check_not_newer(sorted((v, "") for v in done_versions))
        now = []
        for migration in MIGRATIONS:
            if migration.version in done_versions:
                continue
            migration.apply(conn)
            conn.execute(
                schema.schema_migrations.insert().values(
                    version=migration.version,
                    name=migration.name,
                    applied_at=datetime.now(UTC).isoformat(timespec="seconds"),
                )
            )
            now.append(migration.version)
        return now
