"""The store interface. Only modules under ``sitrep.store`` speak SQL.

Both backends (SQLite, PostgreSQL) implement this protocol; callers never see
which one they hold.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol

from sitrep.models import Article, ArticleResult, Event, FusedEvent


@dataclass(frozen=True)
class EventQuery:
    """The filters of the CLI's ``events`` command and ``GET /api/events``."""

    country: str | None = None  # ISO3 of the event location
    event_type: str | None = None
    actor: str | None = None  # case-insensitive substring of an actor or recipient text/name
    since: str | None = None  # inclusive ISO date; "2014" or "2014-05" cover the whole period
    until: str | None = None  # inclusive ISO date; "2014" or "2014-05" cover the whole period
    q: str | None = None  # case-insensitive substring of the evidence sentence
    limit: int | None = 100
    offset: int = 0


@dataclass
class SaveStats:
    stored: int = 0  # new articles written
    unchanged: int = 0  # articles already present (same content hash)
    events: int = 0  # events written for the new articles
    stored_ids: list[str] = field(default_factory=list)


@dataclass
class EventPage:
    total: int
    events: list[Event]


@dataclass
class FusedPage:
    total: int
    events: list[FusedEvent]


class Store(Protocol):
    url: str  # a URL that open_store() accepts, password included (for worker processes)
    backend: str  # "sqlite" or "postgresql"

    def save(self, results: Iterable[ArticleResult]) -> SaveStats:
        """Write results in one transaction; articles already stored are left untouched."""

    def has_article(self, content_hash: str) -> bool: ...

    def get_article(self, article_id: str) -> Article | None: ...

    def article_meta(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """id, title, published, source, url, language, origin of each known article (no text)."""

    def query_events(self, query: EventQuery) -> EventPage:
        """Raw events, one per article mention, newest first (undated last), then by id."""

    def iter_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Every raw event matching ``query`` (limit/offset ignored), streamed oldest first, undated last."""

    def get_event(self, event_id: str) -> Event | None: ...

    def replace_fused(self, fused: Iterable[FusedEvent], *, remove: Iterable[str] | None = None) -> None:
        """Replace the whole fused-event table (with ``remove``: only those fused ids) in one transaction.

        A one-shot iterator is copied to a list; any other iterable streams (see ``SqlStore``).
        """

    def query_fused(self, query: EventQuery) -> FusedPage: ...

    def get_fused(self, fused_id: str) -> FusedEvent | None: ...

    def fused_of_events(self, event_ids: Iterable[str]) -> list[FusedEvent]:
        """Fused events with any of these raw events among their members, each once, by id."""

    def counts(self) -> dict[str, int]:
        """Row counts: articles, events, fused_events."""

    def applied_migrations(self) -> list[tuple[int, str]]:
        """(version, name) of each schema migration applied, oldest first."""

    def bulk_insert_articles(self, article_rows: Sequence[dict[str, Any]]) -> None:
        """Bulk-load raw ``articles`` rows (benchmarks, synthetic data); existing keys are skipped."""

    def bulk_insert_events(self, event_rows: Sequence[dict[str, Any]]) -> None:
        """Bulk-load raw ``events`` rows (see ``sitrep.store.rows.event_row``); existing ids are skipped."""

    def close(self) -> None: ...
