"""The map hides nothing: every case of the base is a marker on the map, or listed beside it as
« sans localisation précise », or among the national initiatives."""

from __future__ import annotations

import re

import frontmatter
from helpers import ROOT

from scripts.contract import routes


def test_every_case_is_on_the_map_or_listed_beside_it(built_site):
    page = (built_site / routes.carte() / "index.html").read_text(encoding="utf-8")
    svg = page[:page.index('id="liste"')]  # the map, before the lists
    section = page[page.index('id="sans-localisation"'):page.index('id="nationale"')]
    national = page[page.index('id="nationale"'):]
    assert "sans localisation précise" in page
    missing = []
    for sheet in sorted((ROOT / "cases").glob("*.md")):
        if sheet.name.startswith("_"):
            continue
        case = frontmatter.load(sheet)
        link = re.escape(routes.case(case["id"]))
        where = svg if "coordonnees" in case.metadata else national if case["echelle"] == "nationale" else section
        if not re.search(f'href="[^"]*{link}"', where):
            missing.append(case["id"])
    assert not missing, missing
    assert re.search(f'href="[^"]*{re.escape(routes.case("reseau-de-reemploi-des-2-rives"))}"', section)


def test_map_screenshots(browser, server):
    from test_browser import ARTIFACTS, DESKTOP, PHONE
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in (("390", PHONE), ("1366", DESKTOP)):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)
            page = context.new_page()
            page.goto(server + routes.carte())
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(ARTIFACTS / f"carte-{size}-{scheme}.png"), full_page=True)
            page.locator("#sans-localisation").scroll_into_view_if_needed()
            assert page.locator("#sans-localisation").is_visible()
            context.close()
