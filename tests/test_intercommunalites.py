"""Intercommunality pages (issue 31): /territoires/intercommunalites/ and one page per intercommunality
or EPT that has cases, linked from department and case pages and the breadcrumb, and a search filter."""

from __future__ import annotations

import json

import pytest
import yaml
from helpers import ROOT

from scripts import core
from scripts.contract import routes
from scripts.pages import facets

LYON, MEL, MGP, PLAINE = "200046977", "200093201", "200054781", "200057867"


@pytest.fixture(scope="module")
def real():
    result = core.build(ROOT / "cases")
    assert result.problems == []
    return result.cases, dict(result.pages)


def _front(markdown: str) -> dict:
    return yaml.safe_load(markdown.split("---\n")[1])


def _page(pages, route):
    return pages[routes.source(route)]


def test_index_lists_each_intercommunality_with_its_count(real):
    cases, pages = real
    index = _page(pages, routes.intercommunalite())
    assert "## Métropoles" in index and "## Territoires de la Métropole du Grand Paris" in index
    assert f'href="../../{routes.intercommunalite(LYON)}">Métropole de Lyon</a>' in index
    assert f'href="../../{routes.intercommunalite(MEL)}">Métropole Européenne de Lille</a>' in index
    groups = {c[k]["code"] for c in cases for k in ("epci", "ept") if k in c}
    assert {p for p in pages if p.startswith(routes.intercommunalite()) and p != routes.source(
        routes.intercommunalite())} == {routes.source(routes.intercommunalite(code)) for code in groups}


def test_a_page_holds_exactly_its_cases(real):
    cases, pages = real
    lille = _page(pages, routes.intercommunalite(MEL))
    mine = sorted(c["id"] for c in cases if c.get("epci", {}).get("code") == MEL)
    assert len(mine) >= 3  # Roubaix, Tourcoing, Lille
    assert sorted(i for i in (c["id"] for c in cases) if f'/{routes.case(i)}"' in lille) == mine
    assert "# Métropole Européenne de Lille" in lille and "numéro SIREN 200093201" in lille
    assert f"recherche/?intercommunalite={MEL}" in lille
    lyon = _page(pages, routes.intercommunalite(LYON))
    assert f'/{routes.case("jobs-et-cite")}"' in lyon and "à Vaulx-en-Velin" in lyon
    plaine = _page(pages, routes.intercommunalite(PLAINE))
    assert "Établissement public territorial de la Métropole du Grand Paris" in plaine


def test_breadcrumbs(real):
    _, pages = real
    crumbs = _front(_page(pages, routes.intercommunalite(LYON)))["fil"]
    assert [c[0] for c in crumbs] == ["Accueil", "Territoires", "Intercommunalités", "Métropole de Lyon"]
    assert crumbs[2][1] == routes.intercommunalite()
    case = _front(_page(pages, routes.case("jobs-et-cite")))["fil"]
    assert [c[0] for c in case] == ["Accueil", "Territoires", "Auvergne-Rhône-Alpes", "Rhône", "Métropole de Lyon",
                                    "Jobs et Cité"]
    assert case[4][1] == routes.intercommunalite(LYON)


def test_department_and_case_pages_link_to_it(real):
    _, pages = real
    rhone = _page(pages, routes.departement("69"))
    assert f'{routes.intercommunalite(LYON)}">Métropole de Lyon</a>' in rhone
    case = _page(pages, routes.case("jobs-et-cite"))
    assert f'{routes.intercommunalite(LYON)}">Métropole de Lyon</a>' in case
    # found by the search's filter, not by its words (« Lyon » must not answer for Vaulx-en-Velin)
    assert 'data-pagefind-meta="intercommunalite' not in case
    assert f'data-pagefind-filter="intercommunalite:{LYON}"' in case
    territoires = _page(pages, routes.territoires())
    assert routes.source(routes.intercommunalite()).split("/")[-1] in territoires


def test_grand_paris_case_is_in_both_its_metropolis_and_its_territory(real):
    cases, pages = real
    sevran = next(c for c in cases if c.get("commune") == "Sevran")
    for code in (MGP, sevran["ept"]["code"]):
        assert f'/{routes.case(sevran["id"])}"' in _page(pages, routes.intercommunalite(code))
    page = _page(pages, routes.case(sevran["id"]))
    assert f'data-pagefind-filter="intercommunalite:{sevran["ept"]["code"]}"' in page


def test_search_filter_labels_name_the_intercommunalities_of_the_cases(real):
    cases, _ = real
    labels = {f["cle"]: f for f in json.loads(facets.labels(cases))}
    assert labels["intercommunalite"]["libelle"] == "Intercommunalité"
    assert labels["intercommunalite"]["valeurs"][LYON] == "Métropole de Lyon"
    assert len(labels["intercommunalite"]["valeurs"]) < 30  # only those with cases
    assert list(labels)[:3] == ["region", "departement", "intercommunalite"]


# --- In the browser: the page as a reader sees it, the search filter, the feed link ---------

ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.mark.parametrize("size,scheme", [((390, 844), "light"), ((1366, 900), "light"), ((1366, 900), "dark")])
def test_intercommunality_page_in_the_browser(browser, server, size, scheme):
    from urllib.parse import urlparse
    context = browser.new_context(viewport={"width": size[0], "height": size[1]}, color_scheme=scheme, locale="fr-FR")
    page = context.new_page()
    requests = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(server + routes.intercommunalite(MEL))
    page.wait_for_load_state("networkidle")
    assert page.locator("h1").inner_text() == "Métropole Européenne de Lille"
    assert page.locator(".cas-liste li").count() >= 3
    feed = page.locator(".lien-flux a")
    assert feed.is_visible() and feed.get_attribute("href").endswith(routes.feed(routes.intercommunalite(MEL)))
    assert page.locator('link[rel="alternate"][title="Flux Atom : Métropole Européenne de Lille"]').count() == 1
    host = urlparse(server).netloc
    assert [u for u in requests if urlparse(u).scheme.startswith("http") and urlparse(u).netloc != host] == []
    if size[0] == 1366:
        from axe_playwright_python.sync_playwright import Axe
        violations = Axe().run(page).response["violations"]
        assert [v["id"] for v in violations] == []
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"intercommunalite-{size[0]}-{scheme}.png"), full_page=True)
    context.close()


def test_search_filters_by_intercommunality(browser, server):
    page = browser.new_page()
    page.goto(server + routes.search(intercommunalite=LYON))
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(300)
    links = page.locator("#recherche-liste li a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert links and all("jobs-et-cite" in href for href in links)
    assert page.locator(f"#f-intercommunalite-{LYON}").is_checked()
    page.close()
