"""``POST /api/articles``: extract, store and fuse one article record or a list of them.

Writes are serialised by the app's write lock (datasette's one-writer rule): a save followed by a fusion
refresh is a read-modify-write of the fused table, and two of them interleaved would lose clusters.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Body

from sitrep.analysis import refresh_fusion
from sitrep.api.deps import PipelineLoaderDep, StateDep, WriteAuth
from sitrep.api.errors import ApiError
from sitrep.api.schemas import ArticleIn, ArticleStatus, ErrorOut, EventPublic, IngestOut
from sitrep.errors import InputError
from sitrep.ingest import Defaults, article_from_record
from sitrep.models import Article, ArticleResult, Event
from sitrep.store import Store

router = APIRouter(prefix="/api/articles", tags=["articles"])


def _articles(records: list[ArticleIn]) -> list[Article]:
    out = []
    for i, record in enumerate(records):
        where = f"articles[{i}]" if len(records) > 1 else "article"
        try:
            out.append(article_from_record(record.record(), origin=f"api:{where}", defaults=Defaults()))
        except InputError as exc:
            raise ApiError(422, f"{where}: {exc}") from None
    return out


def _refresh(store: Store, events: list[Event]) -> None:
    """Re-fuse only around the new events' dates when possible; a full rebuild otherwise."""
    dates = sorted(e.date[:10] for e in events if e.date)
    if not events:
        if store.counts().get("events", 0) and not store.counts().get("fused_events", 0):
            refresh_fusion(store)
        return
    if len(dates) == len(events) and store.counts().get("fused_events", 0):
        refresh_fusion(store, since=dates[0], until=dates[-1])
    else:
        refresh_fusion(store)


@router.post(
    "",
    response_model=IngestOut,
    dependencies=[WriteAuth],
    summary="Ingest article records; returns the events of the newly stored ones",
    responses={
        401: {"model": ErrorOut, "description": "A token is configured and the request lacks it"},
        413: {"model": ErrorOut, "description": "Too many articles in one request"},
    },
)
def post_articles(
    state: StateDep,
    load_pipeline: PipelineLoaderDep,
    body: Annotated[ArticleIn | list[ArticleIn], Body(description="One article record or a list of them.")],
) -> IngestOut:
    """Idempotent: an article already stored (same id or text) is reported ``unchanged`` and not re-read."""
    records = body if isinstance(body, list) else [body]
    if not records:
        raise ApiError(422, "no articles given")
    limit = state.settings.max_articles_per_post
    if len(records) > limit:
        raise ApiError(413, f"too many articles in one request ({len(records)} > {limit})")
    articles = _articles(records)
    store = state.store
    fresh = [a for a in articles if not store.has_article(a.content_hash)]
    results: list[ArticleResult] = list(load_pipeline().extract_many(fresh)) if fresh else []
    with state.write_lock:
        stats = store.save(results)
        stored = set(stats.stored_ids)
        new_events = [e for r in results if r.article.id in stored for e in r.events]
        _refresh(store, new_events)
    by_article = {r.article.id: len(r.events) for r in results if r.article.id in stored}
    return IngestOut(
        stored=stats.stored,
        unchanged=len(articles) - stats.stored,
        articles=[
            ArticleStatus(
                id=a.id,
                status="stored" if a.id in by_article else "unchanged",
                events=by_article.get(a.id, 0),
            )
            for a in articles
        ],
        events=[EventPublic.from_event(e) for e in new_events],
    )
