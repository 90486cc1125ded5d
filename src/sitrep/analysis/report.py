"""Situation reports: one data object built from fused events, the network and alerts, two renderers.

``build_report`` does all the choosing and counting; ``render_markdown`` and ``render_html`` only lay it
out (Jinja2 templates in ``templates/``; HTML autoescaped). The HTML is self-contained: inline CSS and
inline SVG, no scripts, fonts or images fetched from anywhere.

Counting rules:
* The toll is the sum over fused events of their headline ``dead`` / ``injured`` (fusion decides each
  event's headline figure from its sources), so an attack reported by five outlets counts once.
* Events tagged negated, hypothetical, future or historical are not counted anywhere; the report says
  how many were left out.
* ``country`` keeps events located in that country or involving an actor or recipient from it.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import jinja2
import pycountry

from sitrep.analysis.escalation import Alert, DayStat, daily_series, event_country
from sitrep.analysis.report_svg import MapPoint, render_chart, render_map, sparkline, type_color
from sitrep.models import Event, FusedEvent

TEMPLATES = Path(__file__).parent / "templates"
MAX_TIMELINE = 60
MAX_BLOC_MEMBERS = 12


@dataclass
class TimelineEntry:
    event_id: str
    date: str | None
    event_type: str
    actors: list[str]
    recipients: list[str]
    place: str | None
    country: str | None
    dead: int | None
    injured: int | None
    outlets: list[str]
    source_count: int
    sentence: str
    mode: str | None = None

    @property
    def toll(self) -> str:
        return toll_text(self.dead or 0, self.injured or 0, empty="")

    @property
    def color(self) -> str:
        return type_color(self.event_type)


@dataclass
class PlaceSummary:
    name: str
    country: str | None
    lat: float | None
    lon: float | None
    events: int = 0
    dead: int = 0
    injured: int = 0
    types: Counter[str] = field(default_factory=Counter)

    @property
    def toll(self) -> str:
        return toll_text(self.dead, self.injured, empty="")


@dataclass
class Bloc:
    number: int  # 1-based, for people
    members: list[str]  # the best-connected first
    more: int  # members beyond those listed
    countries: list[str]
    events: int


@dataclass
class BlocRelation:
    a: int
    b: int
    relation: str  # ally | hostile
    weight: float
    edges: int
    a_label: str = ""  # "bloc 1 (Haftar, LNA, ...)": readers should not have to look the numbers up
    b_label: str = ""


@dataclass
class Report:
    title: str
    period: str
    country: str | None
    headline: str
    events: int
    killed: int
    injured: int
    sources: int  # distinct articles behind the events
    left_out: int  # tagged events not counted
    by_type: list[tuple[str, int]]
    countries: list[tuple[str, str, int]]  # (code, name, events)
    places: list[PlaceSummary]
    timeline: list[TimelineEntry]
    timeline_omitted: int
    daily: list[DayStat]
    points: list[MapPoint]
    blocs: list[Bloc] = field(default_factory=list)
    relations: list[BlocRelation] = field(default_factory=list)
    realignments: list[str] = field(default_factory=list)
    alerts: list[Alert] = field(default_factory=list)

    @property
    def alliances(self) -> list[Bloc]:
        """Blocs of two or more actors; lone actors are listed once, in ``loners``."""
        return [b for b in self.blocs if len(b.members) + b.more > 1]

    @property
    def loners(self) -> list[str]:
        return [m for b in self.blocs if len(b.members) + b.more == 1 for m in b.members]

    @property
    def sparkline(self) -> str:
        return sparkline([d.events for d in self.daily])

    @property
    def fatality_sparkline(self) -> str:
        return sparkline([d.fatalities for d in self.daily])


def toll_text(killed: int, injured: int, *, empty: str = "no deaths or injuries reported") -> str:
    """ "4 killed and 90 injured", "4 killed", "90 injured", or ``empty``."""
    parts = [f"{killed} killed"] if killed else []
    if injured:
        parts.append(f"{injured} injured")
    return " and ".join(parts) if parts else empty


def country_name(code: str | None) -> str:
    if not code:
        return "unknown"
    found = pycountry.countries.get(alpha_3=code)
    return (getattr(found, "common_name", None) or found.name) if found else code


def _iso(value: str | date | datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return str(value)[:10]


def _fused(item: FusedEvent | Event) -> FusedEvent:
    return item if isinstance(item, FusedEvent) else FusedEvent(event=item)


def _keep(event: Event, *, country: str | None, since: str | None, until: str | None) -> bool:
    if since or until:
        day = (event.date or "")[:10]
        if not day or (since and day < since) or (until and day > until):
            return False
    if country:
        located = event.location.country if event.location else None
        parties = {p.country for p in [*event.actors, *event.recipients]}
        return located == country or country in parties
    return True


def _names(parties: Sequence[Any]) -> list[str]:
    return [p.name or p.text for p in parties]


def _outlets(fused: FusedEvent) -> tuple[list[str], int]:
    if not fused.sources:
        return [], 1
    names = list(dict.fromkeys(s.source or s.article_id for s in fused.sources))
    return names, fused.source_count


def _timeline(items: Sequence[FusedEvent], *, limit: int) -> tuple[list[TimelineEntry], int]:
    """Key events in date order: all of them when few, else the deadliest and best-sourced."""

    def weight(f: FusedEvent) -> tuple[float, ...]:
        e = f.event
        return ((e.dead or 0) * 10 + (e.injured or 0), f.source_count, -(e.intensity or 0.0), e.confidence)

    chosen = sorted(items, key=weight, reverse=True)[:limit] if len(items) > limit else list(items)
    chosen.sort(key=lambda f: (f.event.date is None, f.event.date or "", f.event.evidence.start, f.event.id))
    entries = []
    for f in chosen:
        e = f.event
        outlets, count = _outlets(f)
        entries.append(
            TimelineEntry(
                event_id=e.id,
                date=e.date,
                event_type=e.event_type,
                mode=e.mode,
                actors=_names(e.actors),
                recipients=_names(e.recipients),
                place=e.location.name if e.location else None,
                country=event_country(e),
                dead=e.dead,
                injured=e.injured,
                outlets=outlets,
                source_count=count,
                sentence=e.evidence.sentence,
            )
        )
    return entries, len(items) - len(chosen)


def _places(events: Sequence[Event]) -> tuple[list[PlaceSummary], list[MapPoint]]:
    places: dict[tuple[str, str | None], PlaceSummary] = {}
    points: dict[tuple[str, str | None, str], MapPoint] = {}
    for e in events:
        loc = e.location
        if loc is None:
            continue
        summary = places.setdefault(
            (loc.name, loc.country),
            PlaceSummary(name=loc.name, country=loc.country, lat=loc.lat, lon=loc.lon),
        )
        summary.events += 1
        summary.dead += e.dead or 0
        summary.injured += e.injured or 0
        summary.types[e.event_type] += 1
        if loc.lat is None or loc.lon is None:
            continue
        point = points.setdefault(
            (loc.name, loc.country, e.event_type),
            MapPoint(lat=loc.lat, lon=loc.lon, place=loc.name, event_type=e.event_type),
        )
        point.events += 1
        point.dead += e.dead or 0
        point.injured += e.injured or 0
    ordered = sorted(places.values(), key=lambda p: (-p.dead - p.injured, -p.events, p.name))
    return ordered, list(points.values())


def _factions(network: Mapping[str, Any] | None) -> tuple[list[Bloc], list[BlocRelation]]:
    if not network:
        return [], []
    nodes = list(network.get("nodes") or [])
    by_name = {n.get("name"): n for n in nodes}
    bloc_of = {n.get("id"): n.get("bloc") for n in nodes}
    blocs = []
    for i, members in enumerate(network.get("blocs") or []):
        ranked = sorted(members, key=lambda m: (-(by_name.get(m, {}).get("events") or 0), str(m)))
        countries = sorted({c for m in members if (c := by_name.get(m, {}).get("country"))})
        events = sum(by_name.get(m, {}).get("events") or 0 for m in members)
        blocs.append(
            Bloc(
                number=i + 1,
                members=[str(m) for m in ranked[:MAX_BLOC_MEMBERS]],
                more=max(0, len(members) - MAX_BLOC_MEMBERS),
                countries=countries,
                events=events,
            )
        )
    totals: dict[tuple[int, int, str], list[float]] = {}
    for edge in network.get("edges") or []:
        a, b = bloc_of.get(edge.get("source")), bloc_of.get(edge.get("target"))
        if a is None or b is None or a == b:
            continue
        a, b = sorted((int(a), int(b)))
        total = totals.setdefault((a, b, str(edge.get("relation"))), [0.0, 0])
        total[0] += float(edge.get("weight") or 0.0)
        total[1] += 1

    def label(i: int) -> str:
        if i >= len(blocs):
            return f"bloc {i + 1}"
        shown = blocs[i].members[:2]
        rest = len(blocs[i].members) + blocs[i].more - len(shown)
        return f"bloc {i + 1} ({', '.join(shown)}{f' +{rest}' if rest else ''})"

    relations = [
        BlocRelation(
            a=a + 1,
            b=b + 1,
            relation=rel,
            weight=round(w, 2),
            edges=int(n),
            a_label=label(a),
            b_label=label(b),
        )
        for (a, b, rel), (w, n) in sorted(totals.items(), key=lambda kv: (-kv[1][0], kv[0]))
    ]
    return blocs, relations


def _as_text(value: Any) -> str:
    """Lists as comma lists, mappings by name, and bare ints as bloc indexes (0-based, as in the network)."""
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, int):
        return f"bloc {value + 1}"
    if isinstance(value, list | tuple | set):
        return ", ".join(_as_text(v) for v in value)
    if isinstance(value, Mapping):
        return str(value.get("name") or value.get("id") or dict(value))
    return str(value)


def _mapping(change: Any) -> Mapping[str, Any]:
    """Realignment records (network.Realignment) or plain dicts."""
    return change.to_dict() if hasattr(change, "to_dict") else change


def describe_realignment(change: Mapping[str, Any]) -> str:
    """One line for a change of allegiance, whatever keys the network layer used."""
    for key in ("message", "description", "summary"):
        if change.get(key):
            return str(change[key])

    def first(*keys: str) -> Any:
        return next((change[k] for k in keys if change.get(k) not in (None, [], ())), None)

    actor = first("actor", "name", "node")
    before = first("from", "from_bloc", "from_bloc_members", "before")
    after = first("to", "to_bloc", "to_bloc_members", "after")
    when = first("date", "when", "second_window", "first")
    if isinstance(when, list | tuple):  # a (start, end) window: the change shows from its start
        when = when[0]
    if actor and (before is not None or after is not None):
        if before is None:
            text = f"{_as_text(actor)} joined {_as_text(after)}"
        elif after is None:
            text = f"{_as_text(actor)} left {_as_text(before)}"
        else:
            text = f"{_as_text(actor)} moved from {_as_text(before)} to {_as_text(after)}"
        if change.get("turned_hostile"):
            text += " and turned hostile to former allies"
        return f"{when}: {text}" if when else text
    return "; ".join(f"{k}: {_as_text(v)}" for k, v in change.items() if not isinstance(v, Mapping))


def _headline(
    *,
    events: int,
    killed: int,
    injured: int,
    countries: list[tuple[str, str, int]],
    places: list[PlaceSummary],
    by_type: list[tuple[str, int]],
    period: str,
) -> str:
    if not events:
        return "No events were recorded." if period == "(undated)" else f"No events were recorded {period}."
    where = ", ".join(name for _, name, _ in countries[:5]) or "unknown places"
    text = f"{events} event{'s' if events != 1 else ''} {period} in {where}: {toll_text(killed, injured)}."
    top_places = [p.name for p in places[:4]]
    if top_places:
        text += f" Places affected include {', '.join(top_places)}."
    if by_type:
        text += " Most frequent: " + ", ".join(f"{t} ({n})" for t, n in by_type[:4]) + "."
    return text


def build_report(
    *,
    fused_events: Sequence[FusedEvent | Event],
    network: Mapping[str, Any] | None = None,
    alerts: Sequence[Alert] = (),
    realignments: Sequence[Mapping[str, Any] | Any] | None = None,
    country: str | None = None,
    since: str | date | None = None,
    until: str | date | None = None,
    title: str | None = None,
    max_timeline: int = MAX_TIMELINE,
) -> Report:
    """Select, count and order everything a situation report shows. Pure: no I/O, no SQL."""
    since_s, until_s = _iso(since), _iso(until)
    fused = [_fused(f) for f in fused_events]
    kept = [f for f in fused if _keep(f.event, country=country, since=since_s, until=until_s)]
    counted = [f for f in kept if not f.event.tags]
    events = [f.event for f in counted]
    killed = sum(e.dead or 0 for e in events)
    injured = sum(e.injured or 0 for e in events)
    by_type = Counter(e.event_type for e in events).most_common()
    by_country = Counter(c for e in events if (c := event_country(e)))
    countries = [(c, country_name(c), n) for c, n in by_country.most_common()]
    places, points = _places(events)
    dates = sorted(e.date[:10] for e in events if e.date)
    start, end = since_s or (dates[0] if dates else None), until_s or (dates[-1] if dates else None)
    daily: list[DayStat] = []
    if start and end and dates:
        series = daily_series(events, start=start, end=end)
        daily = [DayStat(date=d.date) for d in next(iter(series.values()), [])]
        for rows in series.values():
            for total, row in zip(daily, rows, strict=True):
                total.events += row.events
                total.fatalities += row.fatalities
                total.intensity += row.intensity
    period = "(undated)"
    if start and end:
        period = f"on {start}" if start == end else f"from {start} to {end}"
    timeline, omitted = _timeline(counted, limit=max_timeline)
    blocs, relations = _factions(network)
    place_name = country_name(country) if country else None
    kept_alerts = [
        a
        for a in alerts
        if (not country or a.key.split("/")[0] == country)
        and (not since_s or a.date >= since_s)
        and (not until_s or a.date <= until_s)
    ]
    return Report(
        title=title or (f"Situation report: {place_name}" if place_name else "Situation report"),
        period=period,
        country=country,
        headline=_headline(
            events=len(events),
            killed=killed,
            injured=injured,
            countries=countries,
            places=places,
            by_type=by_type,
            period=period,
        ),
        events=len(events),
        killed=killed,
        injured=injured,
        sources=len(
            {s.article_id for f in counted for s in f.sources} | {f.event.article_id for f in counted}
        ),
        left_out=len(kept) - len(counted),
        by_type=by_type,
        countries=countries,
        places=places,
        timeline=timeline,
        timeline_omitted=omitted,
        daily=daily,
        points=points,
        blocs=blocs,
        relations=relations,
        realignments=[describe_realignment(_mapping(r)) for r in realignments or []],
        alerts=sorted(kept_alerts, key=lambda a: (a.p_value, a.date)),
    )


def _md_cell(value: Any) -> str:
    """Keep a value inside one Markdown table cell."""
    text = "" if value is None else str(value)
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\n", " ").strip()


def _truncate(value: Any, length: int = 200) -> str:
    text = "" if value is None else str(value)
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


@lru_cache(maxsize=2)
def _environment(html: bool) -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=html,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
    )
    env.filters["md"] = _md_cell
    env.filters["truncate_text"] = _truncate
    env.filters["country_name"] = country_name
    env.globals["toll_text"] = toll_text
    env.globals["type_color"] = type_color
    return env


def render_markdown(report: Report) -> str:
    return _environment(False).get_template("report.md.txt").render(r=report)


def render_html(report: Report) -> str:
    highlight = [code for code, _, _ in report.countries]
    return (
        _environment(True)
        .get_template("report.html")
        .render(
            r=report,
            map_svg=render_map(report.points, highlight=highlight),
            chart_svg=render_chart(report.daily),
        )
    )
