"""The SVG map of located cases: placement, escaping, Markdown safety, determinism, size."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET

import pytest

from scripts import carte

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


def marker(root: ET.Element, ident: str) -> tuple[float, float]:
    """The centre of the circle in the link to case `ident`."""
    links = [a for a in root.iter(f"{NS}a") if a.get("href") == f"../cas/{ident}/"]
    assert len(links) == 1
    circle = links[0].find(f"{NS}circle")
    return float(circle.get("cx")), float(circle.get("cy"))


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
    assert inside(marker(root, "reunion"), frame("reunion"))
    assert not inside(marker(root, "reunion"), frame("metropole"))
    for link in root.iter(f"{NS}a"):
        assert link.get("aria-label") and link.find(f"{NS}title").text


def test_unlocated_and_out_of_map_cases_are_skipped():
    cases = [MARSEILLE, {"id": "national", "titre": "National"},
             {"id": "ailleurs", "titre": "Ailleurs", "commune": "Nouméa", "coordonnees": {"lat": -22.27, "lon": 166.45}}]
    root = ET.fromstring(carte.svg(cases, "../"))
    assert [a.get("href") for a in root.iter(f"{NS}a")] == ["../cas/marseille/"]


def test_cases_at_the_same_point_stay_apart():
    root = ET.fromstring(carte.svg([MARSEILLE, dict(MARSEILLE, id="autre"), dict(MARSEILLE, id="troisieme")], "../"))
    points = [marker(root, ident) for ident in ("marseille", "autre", "troisieme")]
    for i, a in enumerate(points):
        for b in points[i + 1:]:
            assert ((a[0] - b[0]) ** 2 + (a[1] - b[1]) ** 2) ** 0.5 >= 2 * carte.RADIUS


def test_titles_are_escaped():
    out = carte.svg([HOSTILE], "../")
    assert "<script" not in out and "&lt;script&gt;" in out and "&quot;x&quot;" in out
    link = next(ET.fromstring(out).iter(f"{NS}a"))
    assert link.get("aria-label") == '<script>alert(1)</script> & "x" (Lyon)'


def test_markdown_raw_html_safety_and_no_inline_style():
    out = carte.svg(many(30) + [HOSTILE, REUNION], "../")
    assert "\n\n" not in out and all(line.strip() for line in out.splitlines())
    assert not any(line.startswith("    ") or line.startswith("\t") for line in out.splitlines())
    assert "style" not in out and "<script" not in out and "onclick" not in out


def test_output_is_deterministic_and_ordered_by_id():
    cases = many(20) + [REUNION, HOSTILE]
    out = carte.svg(cases, "../")
    assert carte.svg(list(reversed(cases)), "../") == out
    hrefs = re.findall(r'<a href="\.\./cas/([^/]+)/"', out)
    assert hrefs == sorted(hrefs)


def test_hundred_cases_parse_and_stay_small():
    out = carte.svg(many(100), "../")
    ET.fromstring(out)
    assert len(out.encode("utf-8")) < 80_000


def test_france_outline_is_detailed():
    root = ET.fromstring(carte.svg([], "../"))
    paths = [p.get("d") for p in root.iter(f"{NS}path")]
    assert len(paths) == len(carte.PANELS) and all(paths)
    assert sum(len(re.findall(r"-?[\d.]+ -?[\d.]+", d)) for d in paths) >= 300


def test_missing_atlas_says_how_to_install(monkeypatch, tmp_path):
    monkeypatch.setattr(carte, "ATLAS", tmp_path / "absent.json")
    carte._france.cache_clear()
    carte._land.cache_clear()
    try:
        with pytest.raises(FileNotFoundError, match="npm ci"):
            carte.svg([MARSEILLE], "../")
    finally:
        carte._france.cache_clear()
        carte._land.cache_clear()


def test_a_large_base_is_grouped_by_department():
    import random
    rng = random.Random(1)
    cases = [{"id": f"cas-{i}", "titre": f"Cas {i}", "commune": "Lille", "departement": "59",
              "coordonnees": {"lat": 50.63 + rng.uniform(-.05, .05), "lon": 3.06 + rng.uniform(-.05, .05)}}
             for i in range(400)]
    cases.append({"id": "m", "titre": "M", "commune": "Marseille", "departement": "13",
                  "coordonnees": {"lat": 43.2965, "lon": 5.3698}})
    out = carte.svg(cases, "../")
    assert out.count("<a ") == 2
    assert 'href="../territoires/hauts-de-france/#departement-59"' in out
    assert "Nord (59) : 400 cas" in out and "Bouches-du-Rhône (13) : 1 cas" in out
    assert len(out) < 30_000
