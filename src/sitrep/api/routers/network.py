"""``GET /api/network``: the signed actor network and its blocs (CONTRACT network record)."""

from __future__ import annotations

from fastapi import APIRouter

from sitrep.analysis import network_from_store
from sitrep.api.deps import StoreDep
from sitrep.api.routers.params import Since, Until, window
from sitrep.api.schemas import NetworkOut

router = APIRouter(prefix="/api/network", tags=["network"])


@router.get("", response_model=NetworkOut, summary="Faction network: allies, hostilities and blocs")
def get_network(store: StoreDep, since: Since = None, until: Until = None) -> NetworkOut:
    """``since``/``until`` restrict the window, so a change of allegiance shows up over time."""
    since, until = window(since, until)
    network = network_from_store(store, since=since, until=until)
    return NetworkOut.model_validate({**network.to_dict(), "since": since, "until": until})
