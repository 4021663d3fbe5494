"""A static, accessible SVG map of France with the located cases, drawn at build time.

The outline of France comes from the npm package `world-atlas` (ISC licence,
Natural Earth data in the public domain), decoded here from TopoJSON. The map
has one panel for metropolitan France and Corsica and five insets for the
overseas departments; each located case is a link drawn as a circle. The output
uses presentation attributes only (no style, no script), so a strict
Content-Security-Policy allows it, and it has no blank line and no indented
line, so Markdown passes it through as raw HTML.
"""

from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

ATLAS = Path(__file__).resolve().parent.parent / "node_modules" / "world-atlas" / "countries-50m.json"
LABEL = "Carte des cas localisés en France métropolitaine et en outre-mer"
LAND, COAST, FRAME, INK = "#e6e6e6", "#767676", "#767676", "#333333"
MARKER, HALO, RADIUS, GAP = "#b3261e", "#ffffff", 5, 11  # 5.2:1 on the land, 6.5:1 on white


class Panel(NamedTuple):
    """A map panel: a box in degrees drawn in a frame in pixels, under an optional label strip."""
    key: str
    label: str  # visible French label, empty for the main panel
    box: tuple[float, float, float, float]  # lon min, lon max, lat min, lat max
    frame: tuple[float, float, float, float]  # x, y, width, height
    head: float  # height of the label strip at the top of the frame
    lat0: float  # latitude whose cosine corrects the equirectangular projection


MAIN_W, MAIN_H, INSET_X, INSET_W, INSET_H, STEP, HEAD = 560, 552, 572, 168, 102, 112.5, 18
PANELS = [Panel("metropole", "", (-5.5, 10.0, 41.0, 51.5), (0, 0, MAIN_W, MAIN_H), 0, 46.5)] + [
    Panel(key, label, box, (INSET_X, round(i * STEP, 1), INSET_W, INSET_H), HEAD, (box[2] + box[3]) / 2)
    for i, (key, label, box) in enumerate([
        ("guadeloupe", "Guadeloupe", (-61.9, -61.0, 15.8, 16.55)),
        ("martinique", "Martinique", (-61.3, -60.75, 14.35, 14.95)),
        ("guyane", "Guyane", (-54.7, -51.5, 2.0, 5.9)),
        ("reunion", "La Réunion", (55.15, 55.9, -21.45, -20.8)),
        ("mayotte", "Mayotte", (44.95, 45.35, -13.05, -12.6)),
    ])
]
WIDTH, HEIGHT = INSET_X + INSET_W, MAIN_H
# Markdown would read these in text nodes (emphasis, code, links): write them as references.
_MARKDOWN = str.maketrans({c: f"&#{ord(c)};" for c in "\\`*_[]"})


def _text(value: object) -> str:
    """Escape untrusted text for an SVG attribute or text node, Markdown-inert."""
    return html.escape(str(value), quote=True).translate(_MARKDOWN)


def _num(value: float) -> str:
    """A coordinate rounded to one decimal, without a useless `.0` or `-0`."""
    text = f"{round(value, 1) + 0.0:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _rect(x: float, y: float, width: float, height: float, paint: str = "") -> str:
    """A `<rect>` element with rounded coordinates and optional presentation attributes."""
    box = f'x="{_num(x)}" y="{_num(y)}" width="{_num(width)}" height="{_num(height)}"'
    return f"<rect {box} {paint}/>" if paint else f"<rect {box}/>"


@lru_cache(maxsize=1)
def _france() -> tuple[tuple[tuple[float, float], ...], ...]:
    """Every ring (lon, lat) of the France feature, decoded from the TopoJSON file."""
    if not ATLAS.is_file():
        raise FileNotFoundError(f"Fond de carte introuvable : {ATLAS}. Lancez `npm ci` (ou `make install`).")
    topo = json.loads(ATLAS.read_text(encoding="utf-8"))
    (sx, sy), (tx, ty) = topo["transform"]["scale"], topo["transform"]["translate"]
    feature = next(g for g in topo["objects"]["countries"]["geometries"]
                   if g.get("id") == "250" or g.get("properties", {}).get("name") == "France")
    polygons = feature["arcs"] if feature["type"] == "MultiPolygon" else [feature["arcs"]]

    def arc(index: int) -> list[tuple[float, float]]:
        x = y = 0
        points = []
        for dx, dy in topo["arcs"][~index if index < 0 else index]:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        return points[::-1] if index < 0 else points

    rings = []
    for polygon in polygons:
        for ring in polygon:
            points: list[tuple[float, float]] = []
            for index in ring:
                points.extend(arc(index)[1 if points else 0:])  # arcs share their end points
            rings.append(tuple(points))
    return tuple(rings)


def _project(panel: Panel, lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection of (lon, lat) into a panel, fitted and centred in its map area."""
    (x0, x1, y0, y1), (fx, fy, fw, fh), top = panel.box, panel.frame, panel.head
    cos = math.cos(math.radians(panel.lat0))
    scale = min(fw / ((x1 - x0) * cos), (fh - top) / (y1 - y0))
    left = fx + (fw - (x1 - x0) * cos * scale) / 2
    upper = fy + top + (fh - top - (y1 - y0) * scale) / 2
    return left + (lon - x0) * cos * scale, upper + (y1 - lat) * scale


def _inside(panel: Panel, lon: float, lat: float) -> bool:
    """Whether a point falls in a panel's bounding box."""
    x0, x1, y0, y1 = panel.box
    return x0 <= lon <= x1 and y0 <= lat <= y1


@lru_cache(maxsize=1)
def _land() -> tuple[str, ...]:
    """One simplified path `d` per panel: rings outside the box dropped, points under 0.5 px apart merged."""
    paths = []
    for panel in PANELS:
        x0, x1, y0, y1 = panel.box
        parts = []
        for ring in _france():
            if max(p[0] for p in ring) < x0 or min(p[0] for p in ring) > x1 or \
                    max(p[1] for p in ring) < y0 or min(p[1] for p in ring) > y1:
                continue
            kept = [_project(panel, *ring[0])]
            for point in ring[1:]:
                x, y = _project(panel, *point)
                if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= 0.5:
                    kept.append((x, y))
            if len(kept) >= 3:
                pairs = [f"{_num(x)} {_num(y)}" for x, y in kept]
                parts.append(f"M{pairs[0]}L{' '.join(pairs[1:])}Z")
        paths.append("".join(parts))
    return tuple(paths)


# A crowded area gives up after this many tries and overlaps (bounded work per marker).
SPIRAL_STEPS = 120


class _Taken:
    """Markers already placed, in a grid of GAP-sized cells: a free-spot test looks at
    the nine cells around a point, not at every marker (linear, not quadratic)."""

    def __init__(self):
        self.cells: dict[tuple[int, int], list[tuple[float, float]]] = {}

    def free(self, x: float, y: float) -> bool:
        i, j = int(x // GAP), int(y // GAP)
        return all(math.hypot(x - tx, y - ty) >= GAP
                   for di in (-1, 0, 1) for dj in (-1, 0, 1) for tx, ty in self.cells.get((i + di, j + dj), ()))

    def add(self, x: float, y: float) -> None:
        self.cells.setdefault((int(x // GAP), int(y // GAP)), []).append((x, y))


def _place(x: float, y: float, taken: _Taken) -> tuple[float, float]:
    """The first point of a spiral around (x, y) far enough from every marker already placed."""
    for step in range(SPIRAL_STEPS):
        angle, radius = step * 2.39996, 3.5 * math.sqrt(step)  # golden-angle (Vogel) spiral
        cx, cy = x + radius * math.cos(angle), y + radius * math.sin(angle)
        if taken.free(cx, cy):
            return cx, cy
    return x, y


def _markers(cases: list[dict], base: str) -> list[str]:
    """One link with a circle per located case, in id order, in the panel whose box holds it."""
    lines, taken = [], _Taken()
    for case in sorted(cases, key=lambda c: str(c["id"])):
        where = case.get("coordonnees") or {}
        if "lat" not in where or "lon" not in where:
            continue
        lon, lat = float(where["lon"]), float(where["lat"])
        panel = next((p for p in PANELS if _inside(p, lon, lat)), None)
        if panel is None:
            continue
        fx, fy, fw, fh = panel.frame
        x, y = _place(*_project(panel, lon, lat), taken)
        x = min(max(x, fx + RADIUS + 1), fx + fw - RADIUS - 1)
        y = min(max(y, fy + RADIUS + 1), fy + fh - RADIUS - 1)
        taken.add(x, y)
        name = _text(f"{case.get('titre', case['id'])} ({case['commune']})" if case.get("commune")
                     else case.get("titre", case["id"]))
        href = case.get("href") or f'cas/{case["id"]}/'
        lines += [f'<a href="{_text(base)}{_text(href)}" aria-label="{name}">',
                  f"<title>{name}</title>",
                  f'<circle cx="{_num(x)}" cy="{_num(y)}" r="{RADIUS}" fill="{MARKER}" stroke="{HALO}" '
                  f'stroke-width="2"/>', "</a>"]
    return lines


# Above this many located cases, one marker per department (with its count, linked to
# the department on its region page) keeps the map readable and its size bounded.
GROUP_ABOVE = 300


def _groups(cases: list[dict]) -> list[dict]:
    """One pseudo-case per department: mean position, count, link to the department."""
    from .schema import DEPARTEMENTS
    by_dep: dict[str, list[dict]] = {}
    for case in cases:
        if case.get("coordonnees") and case.get("departement") in DEPARTEMENTS:
            by_dep.setdefault(case["departement"], []).append(case)
    out = []
    for code, members in sorted(by_dep.items()):
        name, region = DEPARTEMENTS[code]
        out.append({
            "id": code, "href": f"territoires/{region}/#departement-{code}",
            "titre": f"{name} ({code}) : {len(members)} cas",
            "coordonnees": {"lat": sum(c["coordonnees"]["lat"] for c in members) / len(members),
                            "lon": sum(c["coordonnees"]["lon"] for c in members) / len(members)},
        })
    return out


def svg(cases: list[dict], base: str) -> str:
    """The map as one inline `<svg>` element: no blank line, no indentation, no style, no script."""
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="carte-cas" width="100%" '
             f'viewBox="0 0 {WIDTH} {HEIGHT}" role="group" aria-label="{_text(LABEL)}">',
             f"<title>{_text(LABEL)}</title>", "<defs>"]
    for p in PANELS:  # the map area of each panel, under its label
        area = _rect(p.frame[0], p.frame[1] + p.head, p.frame[2], p.frame[3] - p.head)
        lines.append(f'<clipPath id="carte-cas-{p.key}">{area}</clipPath>')
    lines.append("</defs>")
    for (key, label, _, (fx, fy, fw, fh), _, _), path in zip(PANELS, _land()):
        lines.append(_rect(fx, fy, fw, fh, f'fill="#ffffff" stroke="{FRAME}" stroke-width="1"'))
        if label:
            lines.append(f'<text x="{_num(fx + 6)}" y="{_num(fy + 14)}" font-family="sans-serif" font-size="13" '
                         f'fill="{INK}">{_text(label)}</text>')
        lines.append(f'<path clip-path="url(#carte-cas-{key})" d="{path}" fill="{LAND}" '
                     f'stroke="{COAST}" stroke-width="0.75" stroke-linejoin="round"/>')
    located = [c for c in cases if c.get("coordonnees")]
    markers = _markers(_groups(located) if len(located) > GROUP_ABOVE else located, base)
    return "\n".join(lines + markers + ["</svg>"])
