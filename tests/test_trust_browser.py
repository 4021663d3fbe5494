"""What readers and contributors see of issue 11, in Chromium: a case page and its table
of contents (every section, Sources to Citer), and `mkdocs serve` after a failed rebuild."""

from __future__ import annotations

from helpers import GOLDEN, make_project, mkdocs_serve, wait_for
from test_browser import ARTIFACTS

SCREENS = [(390, 844, "light"), (1366, 900, "light"), (390, 844, "dark"), (1366, 900, "dark")]


def test_case_page_lists_every_section_in_its_table_of_contents(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for width, height, scheme in SCREENS:
        context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme,
                                      locale="fr-FR")
        page = context.new_page()
        page.goto(server + "cas/totem-mobi/")
        page.wait_for_load_state("networkidle")
        if width >= 1220:  # the theme shows the table of contents beside the text
            toc = page.locator("nav.md-nav--secondary").first.inner_text()
            for section in ("L'innovation", "Impacts", "Facteurs de succès", "Enseignements", "Sources",
                            "Cas proches", "Citer cette fiche"):
                assert section in toc, section
        assert page.locator("h2#l-innovation").is_visible()
        path = ARTIFACTS / f"cas-sommaire-{width}-{scheme}.png"
        page.screenshot(path=str(path), full_page=True)
        assert path.stat().st_size > 10_000
        context.close()


def test_serve_shows_the_problems_over_the_last_good_build(browser, tmp_path):
    national = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    project = make_project(tmp_path, {"national.md": national})
    with mkdocs_serve(project) as (_, root):
        url = f"{root}cas/national/"
        assert wait_for(url, "Un dispositif national")
        broken = national.replace("id: national", "id: casse").replace("echelle: nationale", "echelle: mondiale")
        (project / "cases" / "casse.md").write_text(broken + "\nVoir [un cas absent](absent.md).\n",
                                                    encoding="utf-8")
        assert wait_for(url, "La dernière construction a échoué")
        ARTIFACTS.mkdir(exist_ok=True)
        for width, height, scheme in SCREENS[:2]:
            context = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme)
            page = context.new_page()
            page.goto(url)
            page.wait_for_load_state("domcontentloaded")
            alert = page.locator("[role=alert]")
            assert "cases/casse.md" in alert.inner_text() and "mondiale" in alert.inner_text()
            assert page.locator("h1").inner_text() == "Un dispositif national"
            page.screenshot(path=str(ARTIFACTS / f"serve-echec-{width}.png"), full_page=False)
            context.close()
