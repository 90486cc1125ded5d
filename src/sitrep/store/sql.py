"""The one Store implementation: SQLAlchemy Core over SQLite or PostgreSQL."""

from __future__ import annotations

import contextlib
import random
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import UTC, datetime
from itertools import islice
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Table, delete, func, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from sitrep.errors import StoreError
from sitrep.models import Article, ArticleResult, Event, FusedEvent
from sitrep.store import migrations, rows
from sitrep.store.base import EventPage, EventQuery, FusedPage, SaveStats
from sitrep.store.engine import WRITE_OPTION, make_engine
from sitrep.store.schema import articles, events, fused_events, fused_members
from sitrep.store.url import DbTarget

T = TypeVar("T")

_RETRY_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure
_RETRIES = 5
_IN_CHUNK = 500  # ids per IN (...) list; far below SQLite's bound-parameter limit
_STREAM_BATCH = 2000
_WRITE_CHUNK = 1000  # fused events per group of INSERTs in replace_fused


def _reason(exc: BaseException) -> str:
    orig = getattr(exc, "orig", None) or exc
    lines = str(orig).strip().splitlines()
    return lines[0].strip() if lines else type(orig).__name__


def _retryable(exc: DBAPIError) -> bool:
    return getattr(exc.orig, "sqlstate", None) in _RETRY_SQLSTATES


class SqlStore:
    """Articles, raw events and fused events in SQLite or PostgreSQL. Use ``open_store()`` to get one."""

    def __init__(self, target: DbTarget, engine: Engine) -> None:
        self._target = target
        self._engine = engine
        self._writer = engine.execution_options(**{WRITE_OPTION: True})
        # An in-memory database is one shared connection: serialise its users.
        self._lock: contextlib.AbstractContextManager[Any] = (
            threading.RLock() if target.memory else contextlib.nullcontext()
        )
        self.url = target.url.render_as_string(hide_password=False)
        self.backend = target.backend

    @classmethod
    def open(cls, target: DbTarget) -> SqlStore:
        engine = make_engine(target)
        store = cls(target, engine)
        try:
            migrations.migrate(engine, store._writer)
        except StoreError:
            engine.dispose()
            raise
        except Exception as exc:  # any driver error: the database is unusable, say why in one line
            engine.dispose()
            raise StoreError(f"cannot open database {target.display}: {_reason(exc)}") from exc
        return store

    def __repr__(self) -> str:
        return f"SqlStore({self._target.display!r})"

    def __enter__(self) -> SqlStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- plumbing ---------------------------------------------------------------------------------

    @contextlib.contextmanager
    def _read(self, action: str) -> Iterator[Connection]:
        try:
            with self._lock, self._engine.connect() as conn:
                yield conn
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot {action} in {self._target.display}: {_reason(exc)}") from exc

    def _write(self, action: str, work: Callable[[Connection], T]) -> T:
        """Run ``work`` in one write transaction, retrying PostgreSQL deadlocks."""
        for attempt in range(_RETRIES):
            try:
                with self._lock, self._writer.begin() as conn:
                    return work(conn)
            except DBAPIError as exc:
                if _retryable(exc) and attempt < _RETRIES - 1:
                    time.sleep(0.05 * (attempt + 1) * (1 + random.random()))
                    continue
                raise StoreError(f"cannot {action} in {self._target.display}: {_reason(exc)}") from exc
            except SQLAlchemyError as exc:
                raise StoreError(f"cannot {action} in {self._target.display}: {_reason(exc)}") from exc
        raise AssertionError("unreachable")

    def _insert(self, table: Table) -> Any:
        """An INSERT that skips rows whose primary or unique key is already stored."""
        dialect = postgresql if self.backend == "postgresql" else sqlite
        return dialect.insert(table).on_conflict_do_nothing()

    def _order(self, table: Table, *, newest_first: bool) -> list[Any]:
        date = table.c.date.desc() if newest_first else table.c.date.asc()
        # SQLite already puts NULLs last in DESC order; saying so would stop it using the index order.
        if self.backend == "postgresql" or not newest_first:
            date = date.nulls_last()
        return [date, table.c.id]

    @staticmethod
    def _filters(table: Table, query: EventQuery) -> list[Any]:
        conds: list[Any] = []
        if query.country:
            conds.append(table.c.country == query.country.strip().upper())
        if query.event_type:
            conds.append(table.c.event_type == query.event_type.strip().upper())
        if query.actor:
            conds.append(table.c.actor_text.contains(query.actor.strip().lower(), autoescape=True))
        if query.since:
            conds.append(table.c.date >= rows.date_bound(query.since, upper=False))
        if query.until:
            conds.append(table.c.date <= rows.date_bound(query.until, upper=True))
        if query.q:
            conds.append(table.c.sentence.icontains(query.q, autoescape=True))
        return conds

    def _page(self, table: Table, query: EventQuery, decode: Callable[[str], T]) -> tuple[int, list[T]]:
        conds = self._filters(table, query)
        order = self._order(table, newest_first=True)
        # Deferred join: pick the page's ids first (often from an index alone, and any sort then moves
        # small tuples rather than whole JSON records), then fetch only those records.
        ids = select(table.c.id).where(*conds).order_by(*order)
        if query.limit is not None:
            ids = ids.limit(query.limit)
        if query.offset:
            ids = ids.offset(query.offset)
        stmt = select(table.c.record).where(table.c.id.in_(ids)).order_by(*order)
        with self._read("query events") as conn:
            total = conn.execute(select(func.count()).select_from(table).where(*conds)).scalar_one()
            records = conn.execute(stmt).scalars().all()
        return int(total), [decode(r) for r in records]

    # -- writes -----------------------------------------------------------------------------------

    def save(self, results: Iterable[ArticleResult]) -> SaveStats:
        """Write results in one transaction; articles already stored are left untouched.

        An article counts as already stored when its id or its content hash is. Concurrent writers
        (PostgreSQL) may race on the same article: ``ON CONFLICT DO NOTHING ... RETURNING`` tells each
        which rows it actually inserted, and only those articles get their events written.
        """
        batch = list(results)
        stats = SaveStats()
        fresh: list[ArticleResult] = []
        ids: set[str] = set()
        hashes: set[str] = set()
        for result in batch:
            article = result.article
            for ev in result.events:
                if ev.article_id != article.id:
                    raise StoreError(f"event {ev.id} names article {ev.article_id!r}, not {article.id!r}")
            if article.id in ids or article.content_hash in hashes:
                stats.unchanged += 1
                continue
            ids.add(article.id)
            hashes.add(article.content_hash)
            fresh.append(result)
        if not fresh:
            return stats
        now = datetime.now(UTC).isoformat(timespec="seconds")
        # A fixed insert order keeps two writers with overlapping batches from deadlocking.
        article_rows = sorted((rows.article_row(r.article, ingested_at=now) for r in fresh), key=_row_key)

        def work(conn: Connection) -> SaveStats:
            out = SaveStats(unchanged=stats.unchanged)
            inserted = set(
                conn.execute(self._insert(articles).returning(articles.c.id), article_rows).scalars()
            )
            event_rows: list[dict[str, Any]] = []
            seen: set[str] = set()
            for result in fresh:
                if result.article.id not in inserted:
                    out.unchanged += 1
                    continue
                out.stored += 1
                out.stored_ids.append(result.article.id)
                for ev in result.events:
                    if ev.id not in seen:  # duplicate ids within an article: keep the first
                        seen.add(ev.id)
                        event_rows.append(rows.event_row(ev))
            if event_rows:
                event_rows.sort(key=_row_key)
                stmt = self._insert(events).returning(events.c.id)
                out.events = len(conn.execute(stmt, event_rows).all())
            return out

        return self._write("save articles", work)

    def replace_fused(self, fused: Iterable[FusedEvent], *, remove: Iterable[str] | None = None) -> None:
        """Replace the whole fused-event table in one transaction. A repeated fused id keeps its first.

        With ``remove``, only the fused events of those ids are deleted (a windowed refresh); a new fused
        event whose id is still stored is then skipped, as a repeated id is. ``fused`` is iterated once per
        attempt: a one-shot iterator is copied to a list first (a retry must see it again), any other
        iterable streams, ``_WRITE_CHUNK`` fused events at a time, so a re-iterable view of a spill file
        writes a table of any size in bounded memory.
        """
        items = list(fused) if iter(fused) is fused else fused
        gone = None if remove is None else list(dict.fromkeys(remove))

        def work(conn: Connection) -> None:
            if gone is None:
                conn.execute(delete(fused_members))
                conn.execute(delete(fused_events))
            else:
                for i in range(0, len(gone), _IN_CHUNK):
                    chunk = gone[i : i + _IN_CHUNK]
                    conn.execute(delete(fused_members).where(fused_members.c.fused_id.in_(chunk)))
                    conn.execute(delete(fused_events).where(fused_events.c.id.in_(chunk)))
            stream = iter(items)
            while page := list(islice(stream, _WRITE_CHUNK)):
                first: dict[str, FusedEvent] = {}
                for item in page:
                    first.setdefault(item.event.id, item)
                # The table itself remembers earlier pages: no set of every id written so far.
                stmt = self._insert(fused_events).returning(fused_events.c.id)
                inserted = conn.execute(stmt, [rows.fused_row(f) for f in first.values()]).scalars().all()
                member_rows = [
                    {"fused_id": fid, "event_id": eid}
                    for fid in inserted
                    for eid in dict.fromkeys(s.event_id for s in first[fid].sources)
                ]
                if member_rows:  # parents first: fused_members references fused_events
                    conn.execute(fused_members.insert(), member_rows)

        self._write("replace fused events", work)

    def bulk_insert_articles(self, article_rows: Sequence[dict[str, Any]]) -> None:
        """Fast path for synthetic/bulk loads: raw ``articles`` rows, existing keys skipped."""
        if article_rows:
            self._write("insert articles", lambda conn: conn.execute(self._insert(articles), article_rows))

    def bulk_insert_events(self, event_rows: Sequence[dict[str, Any]]) -> None:
        """Fast path for bulk loads: raw ``events`` rows (see ``rows.event_row``); existing ids skipped."""
        if event_rows:
            self._write("insert events", lambda conn: conn.execute(self._insert(events), event_rows))

    # -- reads ------------------------------------------------------------------------------------

    def has_article(self, content_hash: str) -> bool:
        with self._read("read article") as conn:
            stmt = select(articles.c.id).where(articles.c.content_hash == content_hash).limit(1)
            return conn.execute(stmt).first() is not None

    def get_article(self, article_id: str) -> Article | None:
        with self._read("read article") as conn:
            row = conn.execute(select(articles).where(articles.c.id == article_id)).first()
        return rows.row_article(row) if row else None

    def article_meta(self, article_ids: Iterable[str]) -> dict[str, dict[str, Any]]:
        """Metadata (no text) of the given articles, keyed by id; unknown ids are left out."""
        wanted = list(dict.fromkeys(article_ids))
        cols = [articles.c[name] for name in rows.ARTICLE_META]
        out: dict[str, dict[str, Any]] = {}
        with self._read("read articles") as conn:
            for i in range(0, len(wanted), _IN_CHUNK):
                chunk = wanted[i : i + _IN_CHUNK]
                for row in conn.execute(select(*cols).where(articles.c.id.in_(chunk))):
                    out[row.id] = dict(row._mapping)
        return out

    def query_events(self, query: EventQuery) -> EventPage:
        """Raw events, one per article mention, newest first (undated last), then by id."""
        total, found = self._page(events, query, rows.load_event)
        return EventPage(total=total, events=found)

    def iter_events(self, query: EventQuery | None = None) -> Iterator[Event]:
        """Every raw event matching ``query`` (limit and offset ignored), oldest first, undated last."""
        conds = self._filters(events, query or EventQuery())
        stmt = select(events.c.record).where(*conds).order_by(*self._order(events, newest_first=False))
        return self._stream(stmt)

    def _stream(self, stmt: Any) -> Iterator[Event]:
        try:
            if self._target.memory:  # the single shared connection cannot stay busy while we yield
                with self._lock, self._engine.connect() as conn:
                    records: Iterable[str] = conn.execute(stmt).scalars().all()
                yield from (rows.load_event(r) for r in records)
                return
            with self._engine.connect() as conn:
                result = conn.execution_options(yield_per=_STREAM_BATCH).execute(stmt)
                for record in result.scalars():
                    yield rows.load_event(record)
        except SQLAlchemyError as exc:
            raise StoreError(f"cannot read events in {self._target.display}: {_reason(exc)}") from exc

    def get_event(self, event_id: str) -> Event | None:
        with self._read("read event") as conn:
            record = conn.execute(select(events.c.record).where(events.c.id == event_id)).scalar()
        return rows.load_event(record) if record else None

    def query_fused(self, query: EventQuery) -> FusedPage:
        total, found = self._page(fused_events, query, rows.load_fused)
        return FusedPage(total=total, events=found)

    def fused_of_events(self, event_ids: Iterable[str]) -> list[FusedEvent]:
        """Fused events with any of these raw events among their members, each once, by id."""
        wanted = list(dict.fromkeys(event_ids))
        found: dict[str, str] = {}
        with self._read("read fused events") as conn:
            for i in range(0, len(wanted), _IN_CHUNK):
                owners = select(fused_members.c.fused_id).where(
                    fused_members.c.event_id.in_(wanted[i : i + _IN_CHUNK])
                )
                stmt = select(fused_events.c.id, fused_events.c.record).where(fused_events.c.id.in_(owners))
                for fid, record in conn.execute(stmt):
                    found[fid] = record
        return [rows.load_fused(found[fid]) for fid in sorted(found)]

    def get_fused(self, fused_id: str) -> FusedEvent | None:
        with self._read("read fused event") as conn:
            stmt = select(fused_events.c.record).where(fused_events.c.id == fused_id)
            record = conn.execute(stmt).scalar()
        return rows.load_fused(record) if record else None

    def counts(self) -> dict[str, int]:
        with self._read("count rows") as conn:
            return {
                t.name: int(conn.execute(select(func.count()).select_from(t)).scalar_one())
                for t in (articles, events, fused_events)
            }

    def applied_migrations(self) -> list[tuple[int, str]]:
        with self._read("read schema version") as conn:
            return migrations.applied(conn)

    def close(self) -> None:
        self._engine.dispose()


def _row_key(row: dict[str, Any]) -> str:
    return str(row.get("content_hash") or row["id"])
