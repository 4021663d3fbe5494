"""The map on a phone, with three times the project's cases (the project's sheets and twice as
many synthetic ones): every marker's target is at least 24 × 24 CSS px, no two overlap, and a
marker that gathers nearby cases leads to their list; with the single markers, every located case
is reachable from the map."""

from __future__ import annotations

import subprocess
import sys

import frontmatter
import pytest
from helpers import ROOT, free_port, make_project, mkdocs, wait_for_port
from synthetique import write_sheets
from test_browser import ARTIFACTS, DESKTOP, PHONE

from scripts.contract import routes
from scripts.pages import carte

BOXES = """() => [...document.querySelectorAll('svg.carte-cas .carte-marqueur a')].map(a => {
  const r = a.getBoundingClientRect();
  return {href: a.getAttribute('href'), x: r.x, y: r.y, w: r.width, h: r.height};
})"""


@pytest.fixture(scope="module")
def triple(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("carte-triple")
    project = make_project(tmp, from_dir=ROOT / "cases")
    real = [p for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_")]
    write_sheets(project / "cases", 2 * len(real), seed=29)
    result = mkdocs("build", "--site-dir", str(tmp / "site"), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    sheets = [frontmatter.load(p) for p in sorted((project / "cases").glob("*.md")) if not p.name.startswith("_")]
    located = {sheet["id"]: sheet["coordonnees"] for sheet in sheets if "coordonnees" in sheet.metadata}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "-d", str(tmp / "site")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}/", located
    process.terminate()
    process.wait(timeout=10)


def overlapping(boxes: list[dict]) -> list[tuple[str, str]]:
    return [(a["href"], b["href"]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
            if a["x"] < b["x"] + b["w"] and b["x"] < a["x"] + a["w"] and a["y"] < b["y"] + b["h"]
            and b["y"] < a["y"] + a["h"]]


@pytest.mark.parametrize("size", ["390", "1366"])
def test_every_marker_is_a_24px_target_hiding_none_and_every_case_is_reachable(browser, triple, size):
    base, located = triple
    context = browser.new_context(viewport=PHONE if size == "390" else DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.goto(base + routes.carte())
    boxes = page.evaluate(BOXES)
    a, d, e, f = page.evaluate("() => { const m = document.querySelector('svg.carte-cas').getScreenCTM();"
                               " return [m.a, m.d, m.e, m.f]; }")
    print(f"\n{size} px, {len(located)} cas localisés : {len(boxes)} cibles, la plus petite "
          f"{min(b['w'] for b in boxes):.1f} × {min(b['h'] for b in boxes):.1f} px, "
          f"{len(overlapping(boxes))} paires qui se chevauchent")
    assert len(boxes) >= 10
    assert [b for b in boxes if b["w"] < 24 or b["h"] < 24] == []
    assert overlapping(boxes) == []
    reached = set()
    for box in boxes:
        if box["href"].startswith("#"):  # a group: its list, under the map, links each of its cases
            links = page.locator(f"{box['href']} + ul a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
            assert len(links) >= 2, box["href"]
            reached |= set(links)
        else:  # a case: its target covers its place (in one of the panels showing it)
            reached.add(box["href"])
            where = located[box["href"].split("/cas/")[1].strip("/")]
            places = [carte._clamp(*carte._project(panel, where["lon"], where["lat"]), carte._area(panel))
                      for panel in carte._panels_of(where["lon"], where["lat"])]
            assert any(box["x"] <= a * x + e <= box["x"] + box["w"] and box["y"] <= d * y + f <= box["y"] + box["h"]
                       for x, y in places), box["href"]
    assert sorted({h.split("/cas/")[1].strip("/") for h in reached if "/cas/" in h}) == sorted(located)
    context.close()


def test_triple_map_screenshots(browser, triple):
    base, _ = triple
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in (("390", PHONE), ("1366", DESKTOP)):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)
            page = context.new_page()
            page.goto(base + routes.carte())
            path = ARTIFACTS / f"carte-triple-{size}-{scheme}.png"
            page.screenshot(path=str(path), full_page=True)
            assert path.stat().st_size > 20_000
            context.close()
