"""Table definitions shared by SQLite and PostgreSQL.

Columns other than ``record`` are denormalised copies of fields inside ``record`` (the full JSON of
``Event.to_dict()`` / ``FusedEvent.to_dict()``): they exist only so filters can use indexes. Reads
always decode ``record``, so a stored event comes back exactly as it was saved.

Dates are ISO ``YYYY-MM-DD`` text: they compare correctly as strings on both backends.

No ``event_actors`` table: the actor filter is a case-insensitive *substring* match, which no btree
index can seek, so it runs as ``actor_text LIKE '%x%'``; the (country, actor_text) index makes that a
scan of a narrow index instead of the wide rows. ``q`` (sentence substring) scans the table: fine for
the default scale, and the place for FTS5 trigram / pg_trgm indexes if it ever is not.
"""

from __future__ import annotations

from sqlalchemy import (
    BigInteger,
    Column,
    Float,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    PrimaryKeyConstraint,
    String,
    Table,
    Text,
)

metadata = MetaData()

schema_migrations = Table(
    "schema_migrations",
    metadata,
    Column("version", Integer, primary_key=True, autoincrement=False),
    Column("name", String(200), nullable=False),
    Column("applied_at", String(40), nullable=False),  # ISO timestamp, UTC
)

articles = Table(
    "articles",
    metadata,
    Column("id", String(200), primary_key=True),
    Column("content_hash", String(64), nullable=False, unique=True),
    Column("title", Text, nullable=False, default=""),
    Column("text", Text, nullable=False),
    Column("published", String(40)),
    Column("source", Text),
    Column("url", Text),
    Column("language", String(16)),
    Column("origin", Text),
    Column("ingested_at", String(40), nullable=False),
)


def _event_columns() -> list[Column]:
    """Columns that raw and fused events share, so one filter builder serves both."""
    return [
        Column("id", String(200), primary_key=True),
        Column("event_type", String(32), nullable=False),
        Column("date", String(10)),
        Column("country", String(8)),
        Column("admin1", Text),
        Column("lat", Float),
        Column("lon", Float),
        Column("actor_text", Text, nullable=False, default=""),  # lowercase actor/recipient texts and names
        Column("sentence", Text),
        Column("confidence", Float),
        Column("dead", BigInteger),
        Column("injured", BigInteger),
    ]


events = Table(
    "events",
    metadata,
    *_event_columns(),
    Column("article_id", String(200), ForeignKey("articles.id", ondelete="CASCADE"), nullable=False),
    Column("record", Text, nullable=False),
    # The benchmark query (country + type + date range, newest first) is answered from this index
    # alone for the count, and in index order for the page.
    Index("ix_events_country_type_date", "country", "event_type", "date", "id"),
    Index("ix_events_type_date", "event_type", "date"),
    Index("ix_events_date", "date"),
    # Not for ordering: a narrow copy of actor_text that a substring filter can scan without reading
    # the wide rows (SQLite uses it as a covering index: ~15x faster than a table scan at 1M events).
    Index("ix_events_country_actor", "country", "actor_text"),
    Index("ix_events_article", "article_id"),
)

fused_events = Table(
    "fused_events",
    metadata,
    *_event_columns(),
    Column("source_count", Integer, nullable=False, default=1),
    Column("record", Text, nullable=False),
    Index("ix_fused_country_type_date", "country", "event_type", "date", "id"),
    Index("ix_fused_type_date", "event_type", "date"),
    Index("ix_fused_date", "date"),
)

fused_members = Table(
    "fused_members",
    metadata,
    Column("fused_id", String(200), ForeignKey("fused_events.id", ondelete="CASCADE"), nullable=False),
    Column("event_id", String(200), nullable=False),  # no FK: fusion may outlive a raw event
    PrimaryKeyConstraint("fused_id", "event_id"),
    Index("ix_fused_members_event", "event_id"),
)
