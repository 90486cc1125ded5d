"""Convert world-atlas TopoJSON (Natural Earth 110m) into the small outline file the report map draws.

Build-time only: scripts/build-map-data.sh fetches the npm package and calls this. The output,
src/sitrep/analysis/data/countries-110m.json, is ``{"source": ..., "countries": [{"iso3": "LBY",
"name": "Libya", "bbox": [...], "polygons": [[[lon, lat], ...]]}]}``
where each entry of ``polygons`` is one ring (outer or hole); draw a country's rings as one path with
``fill-rule: evenodd`` so holes (Lesotho inside South Africa) come out right.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path
from typing import Any

import pycountry

Point = tuple[float, float]


def decode_arcs(topology: dict[str, Any]) -> list[list[Point]]:
    """Absolute lon/lat arcs from delta-encoded, quantized TopoJSON arcs."""
    transform = topology.get("transform")
    arcs: list[list[Point]] = []
    for arc in topology["arcs"]:
        points: list[Point] = []
        if transform:
            (sx, sy), (tx, ty) = transform["scale"], transform["translate"]
            x = y = 0
            for dx, dy, *_ in arc:
                x += dx
                y += dy
                points.append((x * sx + tx, y * sy + ty))
        else:
            points = [(float(p[0]), float(p[1])) for p in arc]
        arcs.append(points)
    return arcs


def ring_from(indexes: list[int], arcs: list[list[Point]]) -> list[Point]:
    """Stitch arcs into a ring; ``~i`` (negative) means arc i reversed. Shared end points appear once."""
    ring: list[Point] = []
    for index in indexes:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        ring.extend(arc if not ring else arc[1:])
    return ring


def _perp_distance(p: Point, a: Point, b: Point) -> float:
    (x, y), (x1, y1), (x2, y2) = p, a, b
    dx, dy = x2 - x1, y2 - y1
    if dx == 0 and dy == 0:
        return ((x - x1) ** 2 + (y - y1) ** 2) ** 0.5
    return abs(dy * x - dx * y + x2 * y1 - y2 * x1) / (dx * dx + dy * dy) ** 0.5


def simplify(points: list[Point], *, tolerance: float) -> list[Point]:
    """Douglas-Peucker, iterative (rings can be long)."""
    if len(points) < 4:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        best, best_i = 0.0, -1
        for i in range(first + 1, last):
            d = _perp_distance(points[i], points[first], points[last])
            if d > best:
                best, best_i = d, i
        if best > tolerance and best_i > 0:
            keep[best_i] = True
            stack.extend([(first, best_i), (best_i, last)])
    return [p for p, k in zip(points, keep, strict=True) if k]


def iso3_for(numeric_id: str | None) -> str | None:
    if not numeric_id:
        return None
    country = pycountry.countries.get(numeric=str(numeric_id).zfill(3))
    return country.alpha_3 if country else None


def convert(topology: dict[str, Any], *, tolerance: float, digits: int) -> list[dict[str, Any]]:
    arcs = decode_arcs(topology)
    countries = []
    for geometry in topology["objects"]["countries"]["geometries"]:
        kind = geometry.get("type")
        if kind == "Polygon":
            ring_sets = [geometry["arcs"]]
        elif kind == "MultiPolygon":
            ring_sets = geometry["arcs"]
        else:
            continue
        rings = []
        for polygon in ring_sets:
            for indexes in polygon:
                ring = simplify(ring_from(indexes, arcs), tolerance=tolerance)
                ring = [(round(x, digits), round(y, digits)) for x, y in ring]
                if len(ring) >= 4:
                    rings.append([list(p) for p in ring])
        if not rings:
            continue
        lons = [p[0] for r in rings for p in r]
        lats = [p[1] for r in rings for p in r]
        countries.append(
            {
                "iso3": iso3_for(geometry.get("id")),
                "name": (geometry.get("properties") or {}).get("name", ""),
                "bbox": [min(lons), min(lats), max(lons), max(lats)],
                "polygons": rings,
            }
        )
    return countries


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("topojson", type=Path, help="world-atlas countries-110m.json")
    parser.add_argument("-o", "--output", type=Path, required=True)
    parser.add_argument("--tolerance", type=float, default=0.05, help="simplification, in degrees")
    parser.add_argument("--digits", type=int, default=2, help="decimal places kept")
    parser.add_argument("--source", default="world-atlas countries-110m.json (Natural Earth 1:110m)")
    args = parser.parse_args(argv)
    topology = json.loads(args.topojson.read_text(encoding="utf-8"))
    countries = convert(topology, tolerance=args.tolerance, digits=args.digits)
    payload = {"source": args.source, "license": "Natural Earth: public domain", "countries": countries}
    args.output.parent.mkdir(parents=True, exist_ok=True)
    args.output.write_text(json.dumps(payload, separators=(",", ":")) + "\n", encoding="utf-8")
    points = sum(len(r) for c in countries for r in c["polygons"])
    sys.stderr.write(f"wrote {len(countries)} countries, {points} points to {args.output}\n")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
