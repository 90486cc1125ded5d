"""Inline SVG for situation reports: a map of events over country outlines, and an activity chart.

Pure string building, no JavaScript and nothing fetched: the outlines come from the packaged
``data/countries-110m.json`` (Natural Earth, built by scripts/build-map-data.sh). Every piece of text
that reaches the SVG goes through ``markupsafe.escape``.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any

from markupsafe import Markup, escape

from sitrep.analysis.escalation import DayStat

OUTLINES = Path(__file__).parent / "data" / "countries-110m.json"

# Colours by PLOVER type: reds/oranges for material conflict, purples/greys for verbal conflict,
# blues/greens for cooperation. Unknown types fall back to grey.
TYPE_COLORS = {
    "ASSAULT": "#c0392b",
    "COERCE": "#e4572e",
    "MOBILIZE": "#f28e2b",
    "THREATEN": "#d4a017",
    "SANCTION": "#8c564b",
    "PROTEST": "#9b59b6",
    "ACCUSE": "#b279a2",
    "REJECT": "#7f7f7f",
    "REQUEST": "#a0a0a0",
    "DEMAND": "#a0a0a0",
    "RETREAT": "#76b7b2",
    "CONCEDE": "#59a14f",
    "AGREE": "#2e8b57",
    "SUPPORT": "#4e79a7",
    "CONSULT": "#6baed6",
    "COOPERATE": "#1f77b4",
    "AID": "#17becf",
}
DEFAULT_COLOR = "#888888"
LEGEND_WIDTH = 158  # the legend column at the right of the map (box 142 px plus margins)


def type_color(event_type: str) -> str:
    return TYPE_COLORS.get(event_type, DEFAULT_COLOR)


@dataclass
class MapPoint:
    """Events of one type at one place."""

    lat: float
    lon: float
    place: str
    event_type: str
    events: int = 0
    dead: int = 0
    injured: int = 0

    @property
    def toll(self) -> int:
        return self.dead + self.injured


@lru_cache(maxsize=1)
def load_outlines() -> tuple[dict[str, Any], ...]:
    """The packaged country outlines, or nothing when the build step did not produce them."""
    if not OUTLINES.exists():
        return ()
    return tuple(json.loads(OUTLINES.read_text(encoding="utf-8"))["countries"])


def _num(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _nice_step(span: float, *, target: int = 5, integer: bool = False) -> float:
    """A round tick step giving about ``target`` ticks; whole numbers only for counts."""
    raw = span / max(target, 1)
    if integer and raw <= 1:
        return 1.0
    magnitude = 10 ** math.floor(math.log10(raw)) if raw > 0 else 1
    for factor in (1, 2, 5, 10) if integer else (1, 2, 2.5, 5, 10):
        if raw <= factor * magnitude:
            return factor * magnitude
    return 10 * magnitude


class _Projection:
    """Equirectangular with longitudes shrunk by cos(mid-latitude): near-true shapes at country scale."""

    def __init__(self, bbox: tuple[float, float, float, float], *, width: int, height: int) -> None:
        self.west, self.south, self.east, self.north = bbox
        self.width, self.height = width, height
        self.k = math.cos(math.radians((self.south + self.north) / 2))
        self.scale = width / ((self.east - self.west) * self.k)

    def __call__(self, lon: float, lat: float) -> tuple[float, float]:
        return (lon - self.west) * self.k * self.scale, (self.north - lat) * self.scale


def fit_bbox(
    points: Sequence[tuple[float, float]],
    *,
    width: int,
    min_height: int,
    max_height: int,
    pad: float = 0.15,
    min_span: float = 6.0,
) -> tuple[tuple[float, float, float, float], int]:
    """A lon/lat box around the points with padding, widened to an aspect the panel can show.

    Returns the box (west, south, east, north) and the pixel height that keeps it undistorted.
    """
    lons = [p[0] for p in points]
    lats = [p[1] for p in points]
    west, east, south, north = min(lons), max(lons), min(lats), max(lats)
    dlon = max(east - west, min_span) * (1 + 2 * pad)
    dlat = max(north - south, min_span) * (1 + 2 * pad)
    clon, clat = (west + east) / 2, (south + north) / 2
    k = math.cos(math.radians(max(-80.0, min(80.0, clat))))
    height = width * dlat / (dlon * k)
    if height < min_height:
        dlat = dlon * k * min_height / width
        height = min_height
    elif height > max_height:
        dlon = dlat * width / (max_height * k)
        height = max_height
    south, north = clat - dlat / 2, clat + dlat / 2
    if north > 85:
        south, north = south - (north - 85), 85.0
    if south < -85:
        south, north = -85.0, north + (-85 - south)
    return (clon - dlon / 2, south, clon + dlon / 2, north), round(height)


def _ring_path(ring: Sequence[Sequence[float]], project: _Projection) -> str:
    coords = [project(lon, lat) for lon, lat in ring]
    return "M" + "L".join(f"{_num(x)},{_num(y)}" for x, y in coords) + "Z"


def _intersects(a: Sequence[float], b: Sequence[float]) -> bool:
    return a[0] <= b[2] and a[2] >= b[0] and a[1] <= b[3] and a[3] >= b[1]


def render_map(
    points: Sequence[MapPoint],
    *,
    highlight: Iterable[str] = (),
    width: int = 760,
    min_height: int = 300,
    max_height: int = 560,
) -> Markup:
    """Events as circles (area ~ killed + injured, colour = type) over country outlines."""
    located = [p for p in points if p.lat is not None and p.lon is not None]
    if not located:
        return Markup("")
    # The points are fitted into the panel left of the legend; the map itself runs on under the legend,
    # so the legend never hides an event.
    inner = width - LEGEND_WIDTH
    (west, south, east, north), height = fit_bbox(
        [(p.lon, p.lat) for p in located], width=inner, min_height=min_height, max_height=max_height
    )
    bbox = (west, south, east + (east - west) * LEGEND_WIDTH / inner, north)
    project = _Projection(bbox, width=width, height=height)
    highlight = set(highlight)
    parts = [
        f'<svg class="map" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Map of events">',
        f'<defs><clipPath id="map-clip"><rect width="{width}" height="{height}"/></clipPath></defs>',
        f'<rect width="{width}" height="{height}" fill="#dbe9f4"/>',
        '<g clip-path="url(#map-clip)">',
    ]
    outlines = load_outlines()
    labels = []
    for country in outlines:
        if not _intersects(country["bbox"], bbox):
            continue
        d = "".join(_ring_path(ring, project) for ring in country["polygons"])
        hot = country.get("iso3") in highlight
        parts.append(
            f'<path d="{d}" fill="{"#f7ecd2" if hot else "#f4f3ef"}" stroke="#9a9a90" stroke-width="0.7" '
            f'fill-rule="evenodd"><title>{escape(country["name"])}</title></path>'
        )
        spot = _label_spot(country, bbox) if hot else None
        if spot:
            cx, cy = project(*spot)
            labels.append(
                f'<text x="{_num(cx)}" y="{_num(cy)}" class="country-label">{escape(country["name"])}</text>'
            )
    parts.extend(_graticule(bbox, project, width=width, height=height))
    parts.extend(labels)
    parts.extend(_points(located, project))
    parts.append("</g>")
    parts.append(_legend(sorted({p.event_type for p in located}), width=width, height=height))
    if not outlines:
        parts.append(
            f'<text x="8" y="{height - 8}" class="note">country outlines not built '
            f"(run scripts/build-map-data.sh)</text>"
        )
    parts.append("</svg>")
    return Markup("".join(parts))


def _inside(lon: float, lat: float, rings: Sequence[Sequence[Sequence[float]]]) -> bool:
    """Even-odd point-in-polygon over all rings (holes included)."""
    inside = False
    for ring in rings:
        for (x1, y1), (x2, y2) in zip(ring, [*ring[1:], ring[0]], strict=True):
            if (y1 > lat) != (y2 > lat) and lon < x1 + (lat - y1) * (x2 - x1) / (y2 - y1):
                inside = not inside
    return inside


def _label_spot(country: Mapping[str, Any], view: Sequence[float]) -> tuple[float, float] | None:
    """A point inside both the country and the view: the middle of their overlap, else a nearby grid point."""
    w, s, e, n = country["bbox"]
    w, s, e, n = max(w, view[0]), max(s, view[1]), min(e, view[2]), min(n, view[3])
    if w >= e or s >= n:
        return None
    cx, cy = (w + e) / 2, (s + n) / 2
    candidates = [
        (cx + fx * (e - w) / 2, cy + fy * (n - s) / 2) for fx in (0, -0.4, 0.4) for fy in (0, -0.5, 0.5)
    ]
    return next((c for c in candidates if _inside(*c, country["polygons"])), None)


def _graticule(
    bbox: tuple[float, float, float, float], project: _Projection, *, width: int, height: int
) -> list[str]:
    west, south, east, north = bbox
    step = _nice_step(max(east - west, north - south), target=6)
    out = []
    lon = math.ceil(west / step) * step
    while lon <= east:
        x, _ = project(lon, north)
        out.append(f'<line x1="{_num(x)}" y1="0" x2="{_num(x)}" y2="{height}" class="grid"/>')
        label = f"{abs(lon):g}°{'E' if lon > 0 else 'W' if lon < 0 else ''}"
        out.append(f'<text x="{_num(x + 3)}" y="{height - 4}" class="axis">{label}</text>')
        lon += step
    lat = math.ceil(south / step) * step
    while lat <= north:
        _, y = project(west, lat)
        out.append(f'<line x1="0" y1="{_num(y)}" x2="{width}" y2="{_num(y)}" class="grid"/>')
        label = f"{abs(lat):g}°{'N' if lat > 0 else 'S' if lat < 0 else ''}"
        out.append(f'<text x="3" y="{_num(y - 3)}" class="axis">{label}</text>')
        lat += step
    return out


def point_radius(point: MapPoint) -> float:
    return min(30.0, 5.0 + 2.2 * math.sqrt(point.toll) + 1.0 * math.sqrt(max(point.events - 1, 0)))


def _points(points: Sequence[MapPoint], project: _Projection) -> list[str]:
    """Circles, biggest first so small ones stay clickable; types sharing a place fan out around it."""
    by_place: dict[tuple[float, float], list[MapPoint]] = {}
    for p in points:
        by_place.setdefault((round(p.lon, 3), round(p.lat, 3)), []).append(p)
    circles: list[tuple[float, str]] = []
    labels: list[str] = []
    for (lon, lat), group in by_place.items():
        x0, y0 = project(lon, lat)
        group = sorted(group, key=lambda p: (-p.toll, -p.events, p.event_type))
        for i, p in enumerate(group):
            angle = 2 * math.pi * i / max(len(group) - 1, 1)
            offset = 0.0 if i == 0 else 7.0
            x, y = x0 + offset * math.cos(angle), y0 + offset * math.sin(angle)
            r = point_radius(p)
            tip = f"{p.place}: {p.events} {p.event_type}"
            if p.toll:
                tip += f", {p.dead} killed, {p.injured} injured"
            circles.append(
                (
                    r,
                    f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{_num(r)}" fill="{type_color(p.event_type)}" '
                    f"><title>{escape(tip)}</title></circle>",
                )
            )
        top = max(point_radius(p) for p in group)
        labels.append(
            f'<text x="{_num(x0 + top + 4)}" y="{_num(y0 + 4)}" class="place">{escape(group[0].place)}</text>'
        )
    ordered = [c for _, c in sorted(circles, key=lambda c: -c[0])]
    return ['<g fill-opacity="0.78" stroke="#fff" stroke-width="1">', *ordered, "</g>", *labels]


def _legend(types: Sequence[str], *, width: int, height: int) -> str:
    rows = len(types) + 1
    box_h = 14 * rows + 10
    x0, y0 = width - LEGEND_WIDTH + 8, 8
    out = [f'<g class="legend"><rect x="{x0}" y="{y0}" width="142" height="{box_h}" rx="4"/>']
    for i, event_type in enumerate(types):
        y = y0 + 14 + 14 * i
        out.append(f'<circle cx="{x0 + 12}" cy="{y - 4}" r="5" fill="{type_color(event_type)}"/>')
        out.append(f'<text x="{x0 + 22}" y="{y}">{escape(event_type)}</text>')
    out.append(f'<text x="{x0 + 8}" y="{y0 + 14 * rows}" class="note">size: killed + injured</text></g>')
    return "".join(out)


def render_chart(days: Sequence[DayStat], *, width: int = 760, height: int = 240) -> Markup:
    """Events per day as bars (left axis) and people killed per day as a red line (right axis)."""
    if not days:
        return Markup("")
    left, right, top, bottom = 48, 52, 14, 46
    plot_w, plot_h = width - left - right, height - top - bottom
    n = len(days)
    slot = plot_w / n
    bar = max(1.0, min(slot * 0.7, 40.0))
    max_events = max(d.events for d in days) or 1
    max_dead = max(d.fatalities for d in days)
    ev_step = _nice_step(max_events, target=4, integer=True)
    ev_top = max(ev_step, math.ceil(max_events / ev_step) * ev_step)
    parts = [
        f'<svg class="chart" viewBox="0 0 {width} {height}" width="{width}" height="{height}" role="img" '
        f'aria-label="Events and fatalities per day">',
        f'<g transform="translate({left},{top})">',
    ]
    tick = 0.0
    while tick <= ev_top + 1e-9:
        y = plot_h - tick / ev_top * plot_h
        parts.append(f'<line x1="0" x2="{plot_w}" y1="{_num(y)}" y2="{_num(y)}" class="grid"/>')
        parts.append(f'<text x="-6" y="{_num(y + 4)}" class="axis" text-anchor="end">{tick:g}</text>')
        tick += ev_step
    for i, d in enumerate(days):
        h = d.events / ev_top * plot_h
        x = i * slot + (slot - bar) / 2
        parts.append(
            f'<rect x="{_num(x)}" y="{_num(plot_h - h)}" width="{_num(bar)}" height="{_num(h)}" class="bar">'
            f"<title>{escape(d.date)}: {d.events} events, {d.fatalities} killed</title></rect>"
        )
    if max_dead:
        dead_step = _nice_step(max_dead, target=4, integer=True)
        dead_top = max(dead_step, math.ceil(max_dead / dead_step) * dead_step)
        coords = [
            (i * slot + slot / 2, plot_h - d.fatalities / dead_top * plot_h) for i, d in enumerate(days)
        ]
        parts.append(
            '<polyline class="line" points="' + " ".join(f"{_num(x)},{_num(y)}" for x, y in coords) + '"/>'
        )
        parts.extend(
            f'<circle cx="{_num(x)}" cy="{_num(y)}" r="2.5" class="dot"/>'
            for (x, y), d in zip(coords, days, strict=True)
            if d.fatalities
        )
        tick = 0.0
        while tick <= dead_top + 1e-9:
            y = plot_h - tick / dead_top * plot_h
            parts.append(f'<text x="{plot_w + 6}" y="{_num(y + 4)}" class="axis dead">{tick:g}</text>')
            tick += dead_step
        parts.append(
            f'<text transform="translate({plot_w + 40},{plot_h / 2}) rotate(90)" class="axis-title dead" '
            f'text-anchor="middle">killed per day</text>'
        )
    parts.append(f'<line x1="0" x2="{plot_w}" y1="{plot_h}" y2="{plot_h}" class="baseline"/>')
    every = max(1, math.ceil(n / 10))
    for i, d in enumerate(days):
        if i % every == 0 or (i == n - 1 and n <= 10):
            x = i * slot + slot / 2
            label = date.fromisoformat(d.date).strftime("%d %b")
            parts.append(
                f'<text x="{_num(x)}" y="{plot_h + 16}" class="axis" text-anchor="middle">{label}</text>'
            )
    first, last = days[0].date, days[-1].date
    span = first if first == last else f"{first} to {last}"
    parts.append(
        f'<text x="{plot_w / 2}" y="{plot_h + 36}" class="axis-title" text-anchor="middle">'
        f"date ({span})</text>"
    )
    parts.append(
        f'<text transform="translate(-36,{plot_h / 2}) rotate(-90)" class="axis-title" '
        f'text-anchor="middle">events per day</text>'
    )
    parts.append("</g></svg>")
    return Markup("".join(parts))


SPARKS = "▁▂▃▄▅▆▇█"


def sparkline(values: Sequence[float]) -> str:
    """A one-line text chart for Markdown: one block character per day, scaled to the maximum."""
    top = max(values, default=0)
    if top <= 0:
        return SPARKS[0] * len(values)
    return "".join(SPARKS[min(len(SPARKS) - 1, round(v / top * (len(SPARKS) - 1)))] for v in values)
