"""Glue between a ``Store`` and the pure analysis functions, shared by the CLI and the REST API.

Each function reads what it needs from the store once and calls the pure layer: actors, the network,
realignments, alerts and the situation report. Date bounds accept ``YYYY``, ``YYYY-MM`` or ``YYYY-MM-DD``
(inclusive, as for ``sitrep events``) and are turned into real calendar days here, so the pure layer only
ever sees full ISO dates.
"""

from __future__ import annotations

import calendar
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from sitrep.analysis.escalation import DEFAULT_THRESHOLD, Alert, detect_alerts
from sitrep.analysis.fusion import events_from_store
from sitrep.analysis.network import Network, Realignment, build_network, detect_realignments
from sitrep.errors import SitrepError
from sitrep.models import Event, FusedEvent

if TYPE_CHECKING:
    from sitrep.store.base import Store

REPORT_FORMATS = ("md", "html")


def day_bound(value: str | None, *, upper: bool) -> str | None:
    """A full ISO date for an inclusive bound: ``2014-05`` is 2014-05-01 (lower) or 2014-05-31 (upper)."""
    if value is None:
        return None
    from sitrep.store.rows import date_bound

    full = date_bound(value, upper=upper)
    year, month, day = (int(x) for x in full.split("-"))
    if not 1 <= month <= 12:
        raise SitrepError(f"bad date {value!r}: expected YYYY-MM-DD")
    last = calendar.monthrange(year, month)[1]
    if day > last and not (upper and len(value.strip()) < 10):
        raise SitrepError(f"bad date {value!r}: no such day")
    return f"{year:04d}-{month:02d}-{min(day, last):02d}"


def _window(since: str | None, until: str | None) -> tuple[str | None, str | None]:
    lo, hi = day_bound(since, upper=False), day_bound(until, upper=True)
    if lo and hi and lo > hi:
        raise SitrepError(f"empty window: --since {since} is after --until {until}")
    return lo, hi


def network(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    half_life_days: float | None = 30.0,
) -> Network:
    """The faction network of the window; node ids are computed over every stored event."""
    lo, hi = _window(since, until)
    return build_network(events_from_store(store), since=lo, until=hi, half_life_days=half_life_days)


def realignments(
    store: Store,
    *,
    since: str | None = None,
    until: str | None = None,
    split: str | None = None,
    half_life_days: float | None = 30.0,
) -> list[Realignment]:
    """Changes of side between the part of the window before ``split`` and the part from it on.

    Without ``split`` the window's date range is cut in half.
    """
    lo, hi = _window(since, until)
    cut = day_bound(split, upper=False)
    return detect_realignments(
        events_from_store(store, since=lo, until=hi), split=cut, half_life_days=half_life_days
    )


def alerts(
    store: Store,
    *,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    threshold: float = DEFAULT_THRESHOLD,
    min_count: int = 3,
    baseline_days: int = 28,
    by: str = "country",
) -> list[Alert]:
    """Escalation alerts dated in the window. Baselines reach back before ``since``; nothing after
    ``until`` is read, so an alert never depends on the future."""
    lo, hi = _window(since, until)
    found = detect_alerts(
        events_from_store(store, until=hi),
        threshold=threshold,
        min_count=min_count,
        baseline_days=baseline_days,
        as_of=hi,
        since=lo,
        by=by,
    )
    if country:
        code = country.upper()
        found = [a for a in found if a.key.split("/")[0] == code]
    return found


def _fused_events(store: Store, *, until: str | None) -> Sequence[FusedEvent | Event]:
    """Fused events with their sources (for outlets and tolls), else raw events before fusion has run."""
    from sitrep.store.base import EventQuery

    fused = store.query_fused(EventQuery(until=until, limit=None)).events
    if fused or store.counts().get("fused_events", 0):
        return fused
    return list(store.iter_events(EventQuery(until=until, limit=None)))


def situation_report(
    store: Store,
    *,
    country: str | None = None,
    since: str | None = None,
    until: str | None = None,
    title: str | None = None,
    fmt: str = "md",
    half_life_days: float | None = 30.0,
) -> str:
    """A situation report (Markdown or self-contained HTML) of the window, optionally for one country.

    Counts, places and the timeline cover the window; the faction network and realignments come from the
    window too, and alerts are detected with baselines reaching back before it.
    """
    from sitrep.analysis.report import build_report, render_html, render_markdown

    if fmt not in REPORT_FORMATS:
        raise SitrepError(f"unknown report format {fmt!r}: use md or html")
    lo, hi = _window(since, until)
    code = country.upper() if country else None
    items = _fused_events(store, until=hi)
    events = [i.event if isinstance(i, FusedEvent) else i for i in items]
    net: dict[str, Any] = build_network(events, since=lo, until=hi, half_life_days=half_life_days).to_dict()
    in_window = [e for e in events if (e.date or "")[:10] >= lo] if lo else events
    changes = detect_realignments(in_window, half_life_days=half_life_days)
    found = detect_alerts(events, as_of=hi, since=lo)
    report = build_report(
        fused_events=items,
        network=net,
        alerts=found,
        realignments=changes,
        country=code,
        since=lo,
        until=hi,
        title=title,
    )
    return render_html(report) if fmt == "html" else render_markdown(report)
