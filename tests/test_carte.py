"""The SVG map of located cases: placement, escaping, Markdown safety, determinism, size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from scripts.contract import schema
from scripts.pages import carte

NS = "{http://www.w3.org/2000/svg}"
MARSEILLE = {"id": "marseille", "titre": "Projet marseillais", "commune": "Marseille", "departement": "13",
             "coordonnees": {"lat": 43.2965, "lon": 5.3698}}
REUNION = {"id": "reunion", "titre": "Projet réunionnais", "commune": "Saint-Denis", "departement": "974",
           "coordonnees": {"lat": -20.8789, "lon": 55.4481}}
HOSTILE = {"id": "hostile", "titre": '<script>alert(1)</script> & "x"', "commune": "Lyon", "departement": "69",
           "coordonnees": {"lat": 45.764, "lon": 4.8357}}


def many(count: int) -> list[dict]:
    """`count` located cases spread over metropolitan France, some sharing a point."""
    return [{"id": f"cas-{i:03d}", "titre": f"Un projet au titre assez long, numéro {i}", "commune": "Commune",
             "departement": "75", "coordonnees": {"lat": 42.5 + (i % 10) * 0.8, "lon": -4 + (i // 10) * 1.2}}
            for i in range(count)] + [dict(MARSEILLE, id=f"m-{i}") for i in range(count // 10)]


def markers(root: ET.Element, ident: str) -> list[tuple[float, float]]:
    """The centres of the circles in the links to case `ident` (two in Île-de-France: map and enlargement)."""
    links = [a for a in root.iter(f"{NS}a") if a.get("href") == f"../cas/{ident}/"]
    return [(float(a.find(f"{NS}circle").get("cx")), float(a.find(f"{NS}circle").get("cy"))) for a in links]


def marker_links(root: ET.Element) -> list[ET.Element]:
    """The links of the markers (not those of the departments)."""
    return [a for g in root.iter(f"{NS}g") if "carte-marqueur" in g.get("class", "").split() for a in g.iter(f"{NS}a")]


def test_departments_with_cases_link_to_their_page():
    root = ET.fromstring(carte.svg([MARSEILLE, dict(MARSEILLE, id="autre")], "../"))
    links = [a for a in root.iter(f"{NS}a") if a.get("class") == "carte-departement"]
    assert [(a.get("href"), a.get("aria-label")) for a in links] == [
        ("../territoires/provence-alpes-cote-d-azur/13/", "Bouches-du-Rhône (13) : 2 cas")]


def marker(root: ET.Element, ident: str) -> tuple[float, float]:
    """The centre of the one circle in the link to case `ident`."""
    found = markers(root, ident)
    assert len(found) == 1
    return found[0]


def circles(root: ET.Element) -> list[tuple[str, float, float]]:
    """(panel, x, y) of every marker."""
    return [(g.get("data-panneau"), float(c.get("cx")), float(c.get("cy")))
            for g in root.iter(f"{NS}g") if "carte-marqueur" in g.get("class", "").split()
            for c in g.iter(f"{NS}circle") if c.get("class") == "carte-cible"]


def frame(key: str) -> tuple[float, float, float, float]:
    """The rectangle (x, y, width, height) of a panel."""
    return next(p.frame for p in carte.PANELS if p.key == key)


def inside(point: tuple[float, float], rect: tuple[float, float, float, float]) -> bool:
    x, y, width, height = rect
    return x <= point[0] <= x + width and y <= point[1] <= y + height


def test_cases_are_links_in_their_panel():
    root = ET.fromstring(carte.svg([REUNION, MARSEILLE], "../"))
    assert root.get("role") == "group" and root.get("aria-label") and root[0].tag == f"{NS}title"
    assert root.get("class") == "carte-cas" and root.get("viewBox")
    assert inside(marker(root, "marseille"), frame("metropole"))
    assert not any(inside(marker(root, "marseille"), p.frame) for p in carte.PANELS[1:])
    assert inside(marker(root, "reunion"), frame("la-reunion"))
    assert not inside(marker(root, "reunion"), frame("metropole"))
    for link in root.iter(f"{NS}a"):
        assert link.get("aria-label") and link.find(f"{NS}title").text


def test_unlocated_and_out_of_map_cases_are_skipped():
    cases = [MARSEILLE, {"id": "national", "titre": "National"},
             {"id": "ailleurs", "titre": "Ailleurs", "commune": "Nouméa", "coordonnees": {"lat": -22.27, "lon": 166.45}}]
    root = ET.fromstring(carte.svg(cases, "../"))
    assert [a.get("href") for a in marker_links(root)] == ["../cas/marseille/"]


def test_cases_at_the_same_point_form_one_numbered_group_that_lists_them():
    cases = [MARSEILLE, dict(MARSEILLE, id="autre"), dict(MARSEILLE, id="troisieme"), REUNION]
    root = ET.fromstring(carte.svg(cases, "../"))
    groups = [g for g in root.iter(f"{NS}g") if g.get("class") == "carte-marqueur carte-groupe"]
    assert len(groups) == 1
    link = groups[0].find(f"{NS}a")
    assert link.get("href") == "#carte-groupe-1" and link.find(f".//{NS}text").text == "3"
    assert link.get("aria-label").startswith("3 cas : ") and "Projet marseillais (Marseille)" in link.get("aria-label")
    assert [a.get("href") for a in marker_links(root)] == ["#carte-groupe-1", "../cas/reunion/"]
    [group] = carte.groups(cases)
    assert group["anchor"] == "carte-groupe-1" and group["titre"] == "3 cas à Marseille"
    assert [c["id"] for c in group["cas"]] == ["autre", "marseille", "troisieme"]


def test_markers_stay_where_their_cases_are():
    """No marker is moved aside: each sits at the mean point of its cases (kept inside its panel)."""
    cases = many(60) + [dict(MARSEILLE, id=f"meme-{i}") for i in range(8)] + [REUNION, HOSTILE]
    found = carte.markers(cases)
    assert sum(len(m.items) for m in found) >= len(cases) and any(len(m.items) == 1 for m in found)
    for m in found:
        points = [carte._project(m.panel, c["coordonnees"]["lon"], c["coordonnees"]["lat"]) for c in m.items]
        x, y = carte._clamp(sum(p[0] for p in points) / len(points), sum(p[1] for p in points) / len(points),
                            carte._area(m.panel))
        assert abs(m.x - x) < 1e-6 and abs(m.y - y) < 1e-6, [c["id"] for c in m.items]


def test_titles_are_escaped():
    out = carte.svg([HOSTILE], "../")
    assert "<script" not in out and "&lt;script&gt;" in out and "&quot;x&quot;" in out
    link = marker_links(ET.fromstring(out))[0]
    assert link.get("aria-label") == '<script>alert(1)</script> & "x" (Lyon)'


def test_markdown_raw_html_safety_and_no_inline_style():
    out = carte.svg(many(30) + [HOSTILE, REUNION], "../")
    assert "\n\n" not in out and all(line.strip() for line in out.splitlines())
    assert not any(line.startswith("    ") or line.startswith("\t") for line in out.splitlines())
    assert "style" not in out and "<script" not in out and "onclick" not in out


def test_output_is_deterministic_and_ordered_by_panel_then_id():
    cases = many(20) + [REUNION, HOSTILE]
    out = carte.svg(cases, "../")
    assert carte.svg(list(reversed(cases)), "../") == out
    found = carte.markers(cases)
    assert [m.panel.key for m in found] == sorted((m.panel.key for m in found), key=[p.key for p in carte.PANELS].index)
    for panel in carte.PANELS:
        firsts = [m.items[0]["id"] for m in found if m.panel == panel]
        assert firsts == sorted(firsts)
    for m in found:
        assert [c["id"] for c in m.items] == sorted(c["id"] for c in m.items)
    assert len(circles(ET.fromstring(out))) == len(found)


def test_hundred_cases_parse_and_stay_small():
    base = len(carte.svg([], "../").encode("utf-8"))
    out = carte.svg(many(100), "../")
    ET.fromstring(out)
    assert base < 120_000  # departments, region borders, overseas outlines
    assert len(out.encode("utf-8")) - base < 80_000


def test_departments_and_region_borders_are_drawn():
    root = ET.fromstring(carte.svg([MARSEILLE], "../"))
    paths = [p for p in root.iter(f"{NS}path")]
    land = [p for p in paths if "carte-terre" in p.get("class", "")]
    assert len(land) >= 96 + len(carte.PANELS) - 2  # every department, then the overseas outlines
    assert sum(1 for p in land if "carte-dep-cas" in p.get("class")) >= 1  # Bouches-du-Rhône is tinted
    borders = [p for p in paths if p.get("class") == "carte-limite"]
    assert len(borders) == 2 and all(len(p.get("d")) > 1000 for p in borders)
    assert sum(len(re.findall(r"-?[\d.]+ -?[\d.]+", p.get("d"))) for p in land) >= 3000


def test_every_case_of_the_base_falls_in_its_own_department():
    """The fit of longitude and latitude onto the departments' drawing is right (point in polygon)."""
    from pathlib import Path

    from scripts import core
    departments = {code: [[carte._from_drawing(*point) for point in ring] for ring in rings]
                   for code, rings in carte._departments().items()}  # (lon, lat) rings

    def within(point, rings):
        x, y = point
        hit = False
        for ring in rings:
            for (x1, y1), (x2, y2) in zip(ring, ring[1:] + ring[:1]):
                if (y1 > y) != (y2 > y) and x < (x2 - x1) * (y - y1) / (y2 - y1) + x1:
                    hit = not hit
        return hit

    cases = core.build(Path(__file__).resolve().parent.parent / "cases").cases
    located = [c for c in cases if "coordonnees" in c and c["departement"] in departments]
    assert len(located) >= 10
    for case in located:
        point = (case["coordonnees"]["lon"], case["coordonnees"]["lat"])
        assert within(point, departments[case["departement"]]), case["id"]


@pytest.mark.parametrize("key", list(schema.FRANCE_BOXES))
def test_every_point_validation_accepts_gets_a_marker(key):
    """The panels derive from schema.FRANCE_BOXES: corners, edges and centre of each box are drawn."""
    lat0, lat1, lon0, lon1 = schema.FRANCE_BOXES[key]
    points = [(lat0, lon0), (lat0, lon1), (lat1, lon0), (lat1, lon1), ((lat0 + lat1) / 2, (lon0 + lon1) / 2),
              (lat0, (lon0 + lon1) / 2), ((lat0 + lat1) / 2, lon1)]
    cases = [{"id": f"p{i}", "titre": f"P{i}", "coordonnees": {"lat": lat, "lon": lon}}
             for i, (lat, lon) in enumerate(points)]
    own = frame(key)
    for case in cases:  # its own marker, or a group's, in its panel
        assert any(inside((m.x, m.y), own) for m in carte.markers(cases) if case in m.items), (key, case["coordonnees"])
    assert {(x, y) for _, x, y in circles(ET.fromstring(carte.svg(cases, "../")))} == {
        (float(carte._num(m.x)), float(carte._num(m.y))) for m in carte.markers(cases)}


def test_markers_never_overlap_at_phone_size():
    cases = many(60) + [dict(MARSEILLE, id=f"meme-{i}") for i in range(8)] + [REUNION, dict(REUNION, id="r2")]
    placed = circles(ET.fromstring(carte.svg(cases, "../")))
    assert sum(m.count for m in carte.markers(cases)) == len(cases) + sum(  # each case in each panel showing it
        len(carte._panels_of(c["coordonnees"]["lon"], c["coordonnees"]["lat"])) - 1 for c in cases)
    for i, (panel, x, y) in enumerate(placed):
        for other, x2, y2 in placed[i + 1:]:
            if other == panel:  # neither the circles nor their square boxes overlap
                assert max(abs(x - x2), abs(y - y2)) >= 2 * carte.RADIUS_PHONE, (panel, x, y)


def test_legend_names_every_symbol():
    legend = carte.legend()
    for words in ("un cas", "plusieurs cas proches", "département qui a des cas", "limite de région", "agrandie"):
        assert words in legend


@pytest.mark.parametrize("missing", ["ATLAS", "DEPARTMENTS"])
def test_missing_base_map_says_how_to_install(monkeypatch, tmp_path, missing):
    caches = (carte._france, carte._land, carte._departments, carte._department_paths, carte._region_borders)
    monkeypatch.setattr(carte, missing, tmp_path / "absent.json")
    for cached in caches:
        cached.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="npm ci"):
            carte.svg([MARSEILLE], "../")
    finally:
        monkeypatch.undo()
        for cached in caches:
            cached.cache_clear()


def test_a_large_base_is_grouped_by_department():
    import random
    rng = random.Random(1)
    cases = [{"id": f"cas-{i}", "titre": f"Cas {i}", "commune": "Lille", "departement": "59",
              "coordonnees": {"lat": 50.63 + rng.uniform(-.05, .05), "lon": 3.06 + rng.uniform(-.05, .05)}}
             for i in range(400)]
    cases.append({"id": "m", "titre": "M", "commune": "Marseille", "departement": "13",
                  "coordonnees": {"lat": 43.2965, "lon": 5.3698}})
    out = carte.svg(cases, "../")
    root = ET.fromstring(out)
    assert len(marker_links(root)) == 2
    departments = [a.get("href") for a in root.iter(f"{NS}a") if a.get("class") == "carte-departement"]
    assert departments == ["../territoires/provence-alpes-cote-d-azur/13/", "../territoires/hauts-de-france/59/"]
    assert 'href="../territoires/hauts-de-france/59/"' in out
    assert "Nord (59) : 400 cas" in out and "Bouches-du-Rhône (13) : 1 cas" in out
    assert len(out) - len(carte.svg([], "../")) < 5_000
