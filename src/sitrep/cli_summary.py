"""``sitrep summary``: what a database holds, at a glance.

Counts use the fused events when fusion has run, so an event reported by five outlets is counted (and its
dead counted) once; otherwise they use the raw mentions and say so.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from rich.console import Console
from rich.table import Table

from sitrep.models import Event
from sitrep.store.base import EventQuery, Store


def _parties(event: Event) -> Iterable[str]:
    seen: set[str] = set()
    for party in event.actors + event.recipients:
        name = party.name or party.text
        if name and name not in seen:  # an actor named twice in one event counts once
            seen.add(name)
            yield name


def summarize(store: Store, *, top: int = 10) -> dict[str, Any]:
    """Counts of articles and events, events by type and country, top actors, casualties, date range."""
    counts = store.counts()
    fused = counts.get("fused_events", 0) > 0
    if fused:
        events: Iterable[Event] = (fe.event for fe in store.query_fused(EventQuery(limit=None)).events)
    else:
        events = store.iter_events(EventQuery(limit=None))
    by_type: Counter[str] = Counter()
    by_country: Counter[str] = Counter()
    actors: Counter[str] = Counter()
    killed = injured = arrested = counted = undated = 0
    first: str | None = None
    last: str | None = None
    for ev in events:
        counted += 1
        by_type[ev.event_type] += 1
        by_country[(ev.location.country if ev.location else None) or "unknown"] += 1
        actors.update(_parties(ev))
        killed += ev.dead or 0
        injured += ev.injured or 0
        arrested += ev.arrested or 0
        if ev.date:
            day = ev.date[:10]
            first = day if first is None or day < first else first
            last = day if last is None or day > last else last
        else:
            undated += 1
    return {
        "articles": counts.get("articles", 0),
        "raw_events": counts.get("events", 0),
        "fused_events": counts.get("fused_events", 0),
        "counted": "fused" if fused else "raw",
        "events": counted,
        "killed": killed,
        "injured": injured,
        "arrested": arrested,
        "first_date": first,
        "last_date": last,
        "undated": undated,
        "by_type": dict(by_type.most_common()),
        "by_country": dict(by_country.most_common()),
        "top_actors": dict(actors.most_common(top)),
    }


def _counter_table(title: str, label: str, data: dict[str, int]) -> Table:
    table = Table(title=title, title_justify="left", header_style="bold")
    table.add_column(label)
    table.add_column("events", justify="right")
    for key, value in data.items():
        table.add_row(key, str(value))
    return table


def print_summary(summary: dict[str, Any], console: Console) -> None:
    kind = "fused events" if summary["counted"] == "fused" else "raw event mentions (fusion has not run)"
    console.print(
        f"[bold]{summary['articles']}[/] articles, [bold]{summary['raw_events']}[/] event mentions, "
        f"[bold]{summary['fused_events']}[/] fused events"
    )
    span = (
        f"{summary['first_date']} to {summary['last_date']}" if summary["first_date"] else "no dated events"
    )
    console.print(
        f"Counting {summary['events']} {kind}: {span}"
        + (f" ({summary['undated']} undated)" if summary["undated"] else "")
    )
    console.print(
        f"Killed: [bold]{summary['killed']}[/]  Injured: [bold]{summary['injured']}[/]  "
        f"Arrested: [bold]{summary['arrested']}[/]"
    )
    if summary["events"]:
        console.print(_counter_table("Events by type", "type", summary["by_type"]))
        console.print(_counter_table("Events by country", "country", summary["by_country"]))
        console.print(_counter_table("Top actors", "actor", summary["top_actors"]))
