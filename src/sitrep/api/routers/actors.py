"""``GET /api/actors``: canonical actors with aliases, affiliations and activity, most active first."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query

from sitrep.analysis import actors_from_store
from sitrep.api.deps import StoreDep
from sitrep.api.routers.params import MAX_LIMIT, Country, Since, Until, clean, full_date
from sitrep.api.schemas import ActorOut, ActorsOut

router = APIRouter(prefix="/api/actors", tags=["actors"])


@router.get("", response_model=ActorsOut, summary="Actors, most active first")
def list_actors(
    store: StoreDep,
    since: Since = None,
    until: Until = None,
    country: Country = None,
    sector: Annotated[str | None, Query(max_length=10, description="PLOVER sector code, e.g. MIL.")] = None,
    name: Annotated[
        str | None, Query(max_length=200, description="Name or an alias contains this (any case).")
    ] = None,
    min_events: Annotated[int, Query(ge=1, description="Only actors in at least this many events.")] = 1,
    limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="At most this many actors.")] = 200,
) -> ActorsOut:
    records = actors_from_store(
        store,
        since=full_date(since, upper=False),
        until=full_date(until, upper=True),
        country=clean(country),
        sector=clean(sector),
        name=clean(name),
        min_events=min_events,
    )
    return ActorsOut(
        total=len(records), actors=[ActorOut.model_validate(r.to_dict()) for r in records[:limit]]
    )
