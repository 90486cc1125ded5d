"""``GET /api/events`` and ``GET /api/events/{id}``: fused events by default, raw mentions on request."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sitrep.api.deps import StoreDep
from sitrep.api.errors import ApiError
from sitrep.api.routers.params import MAX_LIMIT, Country, Since, Until, clean
from sitrep.api.schemas import ArticleMeta, EventDetail, EventsPage, event_public
from sitrep.models import Event, FusedEvent
from sitrep.store import EventQuery, Store

router = APIRouter(prefix="/api/events", tags=["events"])


def use_fused(store: Store, raw: bool) -> bool:
    """Fused events once fusion has run (as ``sitrep events`` does), unless raw mentions are asked for."""
    return not raw and store.counts().get("fused_events", 0) > 0


@router.get("", response_model=EventsPage, summary="Query events, newest first")
def list_events(
    store: StoreDep,
    country: Country = None,
    event_type: Annotated[
        str | None, Query(alias="type", max_length=40, description="PLOVER event type, e.g. ASSAULT.")
    ] = None,
    actor: Annotated[
        str | None, Query(max_length=200, description="An actor or recipient contains this (any case).")
    ] = None,
    since: Since = None,
    until: Until = None,
    q: Annotated[
        str | None, Query(max_length=200, description="The evidence sentence contains this.")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="Page size.")] = 100,
    offset: Annotated[int, Query(ge=0, description="Events to skip.")] = 0,
    raw: Annotated[
        bool, Query(description="One record per article mention instead of fused events.")
    ] = False,
) -> EventsPage:
    query = EventQuery(
        country=clean(country),
        event_type=clean(event_type),
        actor=clean(actor),
        since=clean(since),
        until=clean(until),
        q=clean(q),
        limit=limit,
        offset=offset,
    )
    fused = use_fused(store, raw)
    page = store.query_fused(query) if fused else store.query_events(query)
    items: list[Event] | list[FusedEvent] = page.events
    return EventsPage(
        total=page.total,
        limit=limit,
        offset=offset,
        fused=fused,
        events=[event_public(item) for item in items],
    )


@router.get("/{event_id}", response_model=EventDetail, summary="One event with its article's metadata")
def get_event(event_id: str, store: StoreDep) -> EventDetail:
    """A fused id (``fused-...``) or a raw event id; the article is the one the headline record came from."""
    item: Event | FusedEvent | None = store.get_fused(event_id) or store.get_event(event_id)
    if item is None:
        raise ApiError(404, f"no event with id {event_id!r}")
    headline = item.event if isinstance(item, FusedEvent) else item
    meta = store.article_meta([headline.article_id]).get(headline.article_id)
    return EventDetail(
        fused=isinstance(item, FusedEvent),
        event=event_public(item),
        article=ArticleMeta.model_validate({**meta, "id": headline.article_id}) if meta else None,
    )
