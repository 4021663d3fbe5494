"""The one geography of the site: where in France a case may be placed.

The validator (is a point in France?), the JSON Schema (the box of each territory)
and the map (its panels) all read this module, so a point the validator accepts
always has a place on the map.

The territory is stored as a grid (`data/france.json`, cells of 0.02°, about 2 km):
for each territory (metropolitan France with Corsica, and each overseas department)
and each row of cells, the runs of cells that lie on land or within `BUFFER_KM` of
it (the coastline is simplified and towns sit on the coast). Checking a point is a
look-up, whatever the number of sheets. The grid is generated from the outline of
France in the npm package `world-atlas` (Natural Earth, public domain):

    python -m scripts.contract.geo   (after npm ci; rewrites scripts/contract/data/france.json)
"""

from __future__ import annotations

import bisect
import json
import math
import sys
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data" / "france.json"
ATLAS = Path(__file__).resolve().parents[2] / "node_modules" / "world-atlas" / "countries-10m.json"
STEP = 0.02  # degrees per cell
BUFFER_KM = 5.0
KM_PER_DEGREE = 111.2

# Where to look for each territory's land in the atlas (lat min, lat max, lon min, lon max);
# the published boxes are those of the cells actually kept, computed from the grid.
SEARCH = {
    "metropole": (41.0, 51.5, -5.5, 10.0),
    "guadeloupe": (15.7, 16.7, -62.0, -60.8),
    "martinique": (14.2, 15.0, -61.4, -60.6),
    "guyane": (1.9, 6.0, -54.8, -51.3),
    "la-reunion": (-21.5, -20.7, 55.1, 56.0),
    "mayotte": (-13.2, -12.5, 44.8, 45.5),
}
LABELS = {"metropole": "France métropolitaine", "guadeloupe": "Guadeloupe", "martinique": "Martinique",
          "guyane": "Guyane", "la-reunion": "La Réunion", "mayotte": "Mayotte"}


@lru_cache(maxsize=1)
def _grid() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    for territory in data["territoires"].values():
        # row index -> sorted flat list [start0, end0, start1, end1, ...] for bisect
        territory["runs"] = {int(r): [c for run in runs for c in run] for r, runs in territory["lignes"].items()}
    return data


def boxes() -> dict[str, tuple[float, float, float, float]]:
    """(lat min, lat max, lon min, lon max) of each territory's kept cells."""
    return {key: tuple(t["boite"]) for key, t in _grid()["territoires"].items()}


def territory(lat: float, lon: float) -> str | None:
    """The territory a point lies in (land, or within BUFFER_KM of it), or None."""
    if not (math.isfinite(lat) and math.isfinite(lon)):
        return None
    grid = _grid()
    step = grid["pas"]
    for key, t in grid["territoires"].items():
        south, north, west, east = t["boite"]
        if not (south <= lat <= north and west <= lon <= east):
            continue
        row, col = math.floor((lat - t["origine"][0]) / step), math.floor((lon - t["origine"][1]) / step)
        runs = t["runs"].get(row, ())
        position = bisect.bisect_right(runs, col)
        if position % 2 == 1 or (position and runs[position - 1] == col):
            return key
    return None


def in_france(lat: float, lon: float) -> bool:
    return territory(lat, lon) is not None


# --- generation (developer tool, needs node_modules) -------------------------------------

def france_rings(atlas: Path = ATLAS) -> list[list[tuple[float, float]]]:
    """Every ring (lon, lat) of the France feature of a world-atlas TopoJSON file."""
    topo = json.loads(atlas.read_text(encoding="utf-8"))
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
            rings.append(points)
    return rings


def _fill(rings, south: float, west: float, rows: int, cols: int) -> list[set[int]]:
    """Cells whose centre is on land (even-odd rule, scan line per row)."""
    land: list[set[int]] = [set() for _ in range(rows)]
    for r in range(rows):
        lat = south + (r + 0.5) * STEP
        crossings = []
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 <= lat < y2) or (y2 <= lat < y1):
                    crossings.append(x1 + (lat - y1) * (x2 - x1) / (y2 - y1))
        crossings.sort()
        for a, b in zip(crossings[::2], crossings[1::2]):
            first, last = math.ceil((a - west) / STEP - 0.5), math.floor((b - west) / STEP - 0.5)
            land[r].update(range(max(first, 0), min(last, cols - 1) + 1))
    # the ring's own points too: thin islands and capes narrower than a cell
    for ring in rings:
        for lon, lat in ring:
            r, c = math.floor((lat - south) / STEP), math.floor((lon - west) / STEP)
            if 0 <= r < rows and 0 <= c < cols:
                land[r].add(c)
    return land


def _runs(cells: set[int]) -> list[list[int]]:
    runs: list[list[int]] = []
    for c in sorted(cells):
        if runs and runs[-1][1] == c - 1:
            runs[-1][1] = c
        else:
            runs.append([c, c])
    return runs


def generate(atlas: Path = ATLAS) -> dict:
    rings = france_rings(atlas)
    out = {"source": "world-atlas countries-10m (Natural Earth, domaine public)", "pas": STEP,
           "tampon_km": BUFFER_KM, "territoires": {}}
    for key, (south, north, west, east) in SEARCH.items():
        mine = [r for r in rings if south <= sum(p[1] for p in r) / len(r) <= north
                and west <= sum(p[0] for p in r) / len(r) <= east]
        rows, cols = round((north - south) / STEP), round((east - west) / STEP)
        land = _fill(mine, south, west, rows, cols)
        reach_rows = math.ceil(BUFFER_KM / (KM_PER_DEGREE * STEP))
        kept: list[set[int]] = [set() for _ in range(rows)]
        for r, cells in enumerate(land):
            if not cells:
                continue
            cos = math.cos(math.radians(south + (r + 0.5) * STEP))
            for dr in range(-reach_rows, reach_rows + 1):
                if not 0 <= r + dr < rows:
                    continue
                left_km = BUFFER_KM ** 2 - (max(abs(dr) - 0.5, 0) * KM_PER_DEGREE * STEP) ** 2
                if left_km < 0:
                    continue
                reach = math.ceil(math.sqrt(left_km) / (KM_PER_DEGREE * STEP * cos))
                for start, end in _runs(cells):
                    kept[r + dr].update(range(max(start - reach, 0), min(end + reach, cols - 1) + 1))
        used = [r for r in range(rows) if kept[r]]
        first_col = min(min(k) for k in kept if k)
        last_col = max(max(k) for k in kept if k)
        out["territoires"][key] = {
            "nom": LABELS[key],
            "origine": [south, west],
            "boite": [round(south + used[0] * STEP, 4), round(south + (used[-1] + 1) * STEP, 4),
                      round(west + first_col * STEP, 4), round(west + (last_col + 1) * STEP, 4)],
            "lignes": {str(r): _runs(kept[r]) for r in used},
        }
    return out


def main() -> int:
    if not ATLAS.is_file():
        print(f"Fond de carte introuvable : {ATLAS}. Lancez `npm ci` (ou `make install`).", file=sys.stderr)
        return 1
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(json.dumps(generate(), ensure_ascii=False, separators=(",", ":")) + "\n", encoding="utf-8")
    print(f"{DATA.relative_to(Path.cwd()) if DATA.is_relative_to(Path.cwd()) else DATA} écrit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
