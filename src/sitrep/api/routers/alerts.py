"""``GET /api/alerts``: days whose activity is improbably high for their place (escalation alerts)."""

from __future__ import annotations

from typing import Annotated, Literal

from fastapi import APIRouter, Query

from sitrep.analysis import events_from_store
from sitrep.analysis.escalation import DEFAULT_THRESHOLD, detect_alerts
from sitrep.api.deps import StoreDep
from sitrep.api.routers.params import FULL_DATE_PATTERN, Country, Since, clean, full_date
from sitrep.api.schemas import AlertOut, AlertsOut

router = APIRouter(prefix="/api/alerts", tags=["alerts"])

FullDate = Annotated[
    str | None,
    Query(
        pattern=FULL_DATE_PATTERN, description="Last day looked at (YYYY-MM-DD); later events are ignored."
    ),
]


@router.get("", response_model=AlertsOut, summary="Escalation alerts, oldest first")
def list_alerts(
    store: StoreDep,
    since: Since = None,
    as_of: FullDate = None,
    country: Country = None,
    by: Annotated[Literal["country", "admin1"], Query(description="Group days by country or admin1.")] = (
        "country"
    ),
    threshold: Annotated[
        float, Query(gt=0, lt=1, description="Alert when the tail probability is below this.")
    ] = DEFAULT_THRESHOLD,
) -> AlertsOut:
    """``since`` limits which days may alert; their baselines still reach back before it."""
    alerts = detect_alerts(
        events_from_store(store),
        since=full_date(since, upper=False),
        as_of=clean(as_of),
        by=by,
        threshold=threshold,
    )
    if country := clean(country):
        alerts = [a for a in alerts if a.key.split("/")[0] == country.upper()]
    return AlertsOut(alerts=[AlertOut.model_validate(a.to_dict()) for a in alerts])
