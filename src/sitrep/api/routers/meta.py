"""``GET /api/meta`` (what the dashboard needs to build its filters) and ``GET /api/map/countries``."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import FileResponse

from sitrep.analysis.report_svg import OUTLINES, type_color
from sitrep.api.deps import SettingsDep, StoreDep
from sitrep.api.schemas import MetaOut, TypeInfo
from sitrep.ontology import load_ontology

router = APIRouter(tags=["meta"])


@router.get("/api/meta", response_model=MetaOut, summary="Row counts, event types and their colours")
def get_meta(store: StoreDep, settings: SettingsDep) -> MetaOut:
    counts = store.counts()
    types = load_ontology().event_types
    return MetaOut(
        title=settings.title,
        counts=counts,
        fused=counts.get("fused_events", 0) > 0,
        event_types=[
            TypeInfo(name=name, description=t.description, quad_class=t.quad_class, color=type_color(name))
            for name, t in sorted(types.items())
        ],
        write_token_required=settings.api_token is not None,
    )


@router.get(
    "/api/map/countries",
    response_class=FileResponse,
    summary="Country outlines (Natural Earth 1:110m, public domain) for the dashboard map",
    responses={200: {"content": {"application/json": {}}, "description": "iso3, name, bbox, polygons"}},
)
def get_countries() -> FileResponse:
    return FileResponse(OUTLINES, media_type="application/json", headers={"Cache-Control": "max-age=86400"})
