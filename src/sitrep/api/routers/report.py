"""``GET /api/report?format=md|html``: a situation report over the stored events."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query
from fastapi.responses import HTMLResponse, PlainTextResponse, Response

from sitrep.analysis import network_from_store, realignments_from_store
from sitrep.analysis.escalation import detect_alerts
from sitrep.analysis.report import build_report, render_html, render_markdown
from sitrep.api.deps import StoreDep
from sitrep.api.routers.params import Country, Since, Until, clean, window
from sitrep.models import Event, FusedEvent
from sitrep.store import EventQuery, Store

router = APIRouter(prefix="/api/report", tags=["report"])


def _stored_events(store: Store) -> list[FusedEvent] | list[Event]:
    """Fused events with their sources (the report counts outlets), or raw events before fusion has run."""
    fused = store.query_fused(EventQuery(limit=None)).events
    if fused or store.counts().get("fused_events", 0):
        return fused
    return list(store.iter_events(EventQuery(limit=None)))


@router.get(
    "",
    response_class=Response,
    summary="Situation report as Markdown or self-contained HTML",
    responses={
        200: {
            "content": {
                "text/markdown": {"schema": {"type": "string"}},
                "text/html": {"schema": {"type": "string"}},
            },
            "description": "The report.",
        }
    },
)
def get_report(
    store: StoreDep,
    format: Annotated[Literal["md", "html"], Query(description="md (Markdown) or html.")] = "md",
    country: Country = None,
    since: Since = None,
    until: Until = None,
    title: Annotated[str | None, Query(max_length=200, description="Report title.")] = None,
) -> Response:
    """Timeline, places, toll, factions and alerts; the HTML inlines its CSS and SVG (nothing fetched)."""
    items = _stored_events(store)
    events = [i.event if isinstance(i, FusedEvent) else i for i in items]
    since, until = window(since, until)
    country = clean(country)
    report = build_report(
        fused_events=items,
        network=network_from_store(store, since=since, until=until).to_dict(),
        alerts=detect_alerts(events),
        realignments=realignments_from_store(store),
        country=country.upper() if country else None,
        since=since,
        until=until,
        title=clean(title),
    )
    if format == "html":
        return HTMLResponse(render_html(report))
    return PlainTextResponse(render_markdown(report), media_type="text/markdown; charset=utf-8")
