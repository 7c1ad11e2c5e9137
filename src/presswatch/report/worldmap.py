"""A small offline map picture: the places a text names as dots on the world's coastlines (SVG).

The coastlines are Natural Earth's 1:110m land polygons (public domain), as pre-built in TopoJSON by the npm
package ``world-atlas`` 2.0.2 (ISC licence, Michael Bostock), decoded once by ``python -m
presswatch.report.worldmap land-110m.json`` into ``data/land-110m.json.gz`` (longitude/latitude rings).
Land only, no borders: the map draws no boundary that any state disputes.

The projection is equirectangular, framed on the places shown (with a margin, at least 12 degrees across),
so a text about the South Caucasus gets the South Caucasus, a text about three continents the world.
"""

from __future__ import annotations

import gzip
import html
import json
import math
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA = Path(__file__).parent / "data" / "land-110m.json.gz"


@lru_cache(maxsize=1)
def land() -> list[list[tuple[float, float]]]:
    """Land rings as (lon, lat) lists; empty when the data file is missing."""
    if not DATA.is_file():
        return []
    with gzip.open(DATA, "rt", encoding="utf-8") as f:
        return [[(p[0], p[1]) for p in ring] for ring in json.load(f)["rings"]]


def frame(points: list[tuple[float, float]], min_span: float = 12.0, margin: float = 0.15
          ) -> tuple[float, float, float, float]:
    """(west, south, east, north) around ``points`` (lat, lon), widened to ``min_span`` degrees and a
    ``margin`` share on each side, kept inside the world."""
    if not points:
        return -180.0, -60.0, 180.0, 85.0
    lats = [p[0] for p in points]
    lons = [p[1] for p in points]
    s, n, w, e = min(lats), max(lats), min(lons), max(lons)
    dlon = max(e - w, min_span)
    dlat = max(n - s, min_span / 2)
    cx, cy = (w + e) / 2, (s + n) / 2
    dlon *= 1 + 2 * margin
    dlat *= 1 + 2 * margin
    w, e = max(-180.0, cx - dlon / 2), min(180.0, cx + dlon / 2)
    s, n = max(-85.0, cy - dlat / 2), min(85.0, cy + dlat / 2)
    return w, s, e, n


@dataclass(frozen=True, slots=True)
class Dot:
    x: float
    y: float
    r: float
    label: str  # the place's name and its mentions, for a tooltip


@dataclass(frozen=True, slots=True)
class Label:
    x: float
    y: float
    text: str


@dataclass(frozen=True, slots=True)
class MapLayout:
    """A map picture before it is written out: the SVG report and the dashboard's template draw the same one."""

    width: int
    height: int
    land: str  # SVG path data of the coastlines in frame
    dots: list[Dot]
    labels: list[Label]


def map_layout(places: list[dict[str, Any]], width: int = 720, max_radius: float | None = None
               ) -> MapLayout | None:
    """Where ``places`` (dicts with ``lat``, ``lon``, ``name`` and optional ``count``) go: dots sized by count,
    and names for those whose label fits without overlapping another; None for no place with coordinates.

    ``max_radius``: when the most mentioned place's dot would be larger, every radius is scaled down alike (a
    store's map counts thousands of mentions; one document's never needs it)."""
    pts = [p for p in places if p.get("lat") is not None and p.get("lon") is not None]
    if not pts:
        return None
    w, s, e, n = frame([(float(p["lat"]), float(p["lon"])) for p in pts])
    kx = math.cos(math.radians((s + n) / 2))  # equirectangular, true to scale at the frame's middle latitude
    # widen the shorter side so that the picture is between 0.4 and 0.7 times as high as it is wide
    aspect = (n - s) / ((e - w) * kx)
    if aspect > 0.7:
        half = (n - s) / (0.7 * kx) / 2
        cx = (w + e) / 2
        w, e = max(-180.0, cx - half), min(180.0, cx + half)
    elif aspect < 0.4:
        half = 0.4 * (e - w) * kx / 2
        cy = (s + n) / 2
        s, n = max(-85.0, cy - half), min(85.0, cy + half)
    height = max(160, int(width * (n - s) / ((e - w) * kx)))
    sx = width / (e - w)
    sy = height / (n - s)

    def xy(lat: float, lon: float) -> tuple[float, float]:
        return (lon - w) * sx, (n - lat) * sy

    paths = []
    for ring in land():
        if all(lon < w or lon > e for lon, _ in ring) or all(lat < s or lat > n for _, lat in ring):
            continue
        d = "M" + "L".join(f"{x:.1f},{y:.1f}" for x, y in (xy(lat, lon) for lon, lat in ring)) + "Z"
        paths.append(d)
    top = max(int(p.get("count") or 1) for p in pts)
    shrink = 1.0
    if max_radius is not None and 3 + 2.2 * math.sqrt(top - 1) > max_radius:
        shrink = (max_radius - 3) / (2.2 * math.sqrt(top - 1))
    placed: list[tuple[float, float, float, float]] = []  # label boxes already drawn
    dots: list[Dot] = []
    labels: list[Label] = []
    for p in sorted(pts, key=lambda p: -int(p.get("count") or 1)):
        x, y = xy(float(p["lat"]), float(p["lon"]))
        c = int(p.get("count") or 1)
        r = 3 + 2.2 * math.sqrt(c - 1) * shrink
        dots.append(Dot(x, y, r, f"{p.get('name') or '?'} ({c} mention{'s' if c != 1 else ''})"))
        name = str(p.get("name") or "")
        tw = 6.2 * len(name)
        # right of the dot, else left, else above, else below; a label that fits nowhere stays a tooltip
        spots = ((x + r + 2, y + 4), (x - r - 2 - tw, y + 4), (x - tw / 2, y - r - 3), (x - tw / 2, y + r + 11))
        for lx, ly in spots:
            box = (lx, ly - 10, lx + tw, ly + 2)
            inside = box[0] >= 0 and box[1] >= 0 and box[2] <= width and box[3] <= height
            if inside and not any(box[0] < q[2] and q[0] < box[2] and box[1] < q[3] and q[1] < box[3]
                                  for q in placed):
                placed.append(box)
                labels.append(Label(lx, ly, name))
                break
    return MapLayout(width, height, "".join(paths), dots, labels)


def svg_map(places: list[dict[str, Any]], width: int = 720) -> str:
    """An SVG picture of ``places`` (see :func:`map_layout`): dots sized by count, named in a tooltip and, for
    the most mentioned, in a label. Empty string for none."""
    m = map_layout(places, width)
    if m is None:
        return ""
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" class="map" viewBox="0 0 {m.width} {m.height}" '
           f'width="{m.width}" height="{m.height}" role="img" aria-label="map of the places named">',
           f'<rect width="{m.width}" height="{m.height}" fill="#eef4f8"/>',
           f'<path d="{m.land}" fill="#dcd8cc" stroke="#b9b3a3" stroke-width="0.6"/>']
    for d in m.dots:
        out.append(f'<circle cx="{d.x:.1f}" cy="{d.y:.1f}" r="{d.r:.1f}" fill="#c0392b" fill-opacity="0.75" '
                   f'stroke="#fff" stroke-width="1"><title>{html.escape(d.label)}</title></circle>')
    out.extend(f'<text x="{t.x:.1f}" y="{t.y:.1f}" font-size="11" font-family="sans-serif" '
               f'fill="#222">{html.escape(t.text)}</text>' for t in m.labels)
    out.append(f'<text x="{m.width - 4}" y="{m.height - 4}" font-size="9" text-anchor="end" fill="#777" '
               'font-family="sans-serif">coastlines: Natural Earth 1:110m</text></svg>')
    return "".join(out)


def places_of(doc: Any) -> list[dict[str, Any]]:
    """A document's resolved places, one entry per place with its mention count (for :func:`svg_map`)."""
    by: dict[str, dict[str, Any]] = {}
    for sp in doc.spans:
        a = sp.attrs
        if sp.label != "PLACE" or a.get("place_id") is None or a.get("lat") is None:
            continue
        e = by.setdefault(a["place_id"], {"lat": a["lat"], "lon": a["lon"], "name": a.get("name"), "count": 0})
        e["count"] += 1
    return list(by.values())


def derive(topojson: Path) -> None:
    """Maintainer step: decode world-atlas' ``land-110m.json`` (TopoJSON, quantised, delta-encoded arcs)
    into (lon, lat) rings rounded to 0.01 degree, written to ``data/land-110m.json.gz``."""
    t = json.loads(Path(topojson).read_text(encoding="utf-8"))
    (kx, ky), (dx, dy) = t["transform"]["scale"], t["transform"]["translate"]
    arcs = []
    for arc in t["arcs"]:
        x = y = 0
        pts = []
        for ax, ay in arc:
            x += ax
            y += ay
            pts.append((round(x * kx + dx, 2), round(y * ky + dy, 2)))
        arcs.append(pts)

    def ring(idx: list[int]) -> list[tuple[float, float]]:
        out: list[tuple[float, float]] = []
        for i in idx:
            pts = arcs[i] if i >= 0 else arcs[~i][::-1]
            out.extend(pts if not out else pts[1:])
        return out

    rings = []
    for g in t["objects"]["land"]["geometries"]:
        polys = g["arcs"] if g["type"] == "MultiPolygon" else [g["arcs"]]
        for poly in polys:
            rings.extend(ring(r) for r in poly)
    DATA.parent.mkdir(parents=True, exist_ok=True)
    with gzip.open(DATA, "wt", encoding="utf-8") as f:
        json.dump({"source": "Natural Earth 1:110m land (public domain), via npm world-atlas 2.0.2 (ISC)",
                   "rings": rings}, f, separators=(",", ":"))
    print(f"{len(rings)} rings -> {DATA}", file=sys.stderr)


if __name__ == "__main__":
    derive(Path(sys.argv[1]))
