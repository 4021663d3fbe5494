"""What a reader finds without a browser: department pages, breadcrumbs, counts in French,
public search labels, the home page's ways in (issue 13)."""

from __future__ import annotations

import json

import pytest
from helpers import GOLDEN, ROOT

from scripts import core
from scripts.contract import routes, schema
from scripts.pages import facets


@pytest.fixture(scope="module")
def golden():
    """The golden sheets (Marseille 13, La Réunion 974, one national) as pages."""
    result = core.build(GOLDEN / "valid")
    assert result.problems == []
    return result.cases, dict(result.pages)


@pytest.fixture(scope="module")
def real():
    result = core.build(ROOT / "cases")
    assert result.problems == []
    return result.cases, dict(result.pages)


def front(markdown: str) -> dict:
    import yaml
    return yaml.safe_load(markdown.split("---\n")[1])


def test_department_url_is_spelt_once_lower_case():
    assert routes.departement("93") == "territoires/ile-de-france/93/"
    assert routes.departement("2A") == "territoires/corse/2a/"
    assert routes.departement("971") == "territoires/guadeloupe/971/"


def test_a_page_per_department_that_has_cases_and_only_those(golden):
    _, pages = golden
    departments = sorted(p for p in pages if p.count("/") == 2 and p.startswith("territoires/")
                         and not p.startswith(routes.intercommunalite()))
    assert departments == ["territoires/la-reunion/974.md", "territoires/provence-alpes-cote-d-azur/13.md"]
    page = pages["territoires/provence-alpes-cote-d-azur/13.md"]
    assert "# Bouches-du-Rhône (13)" in page and "../../../cas/complet/" in page
    assert "recherche/?departement=13" in page


def test_region_page_links_its_departments_and_keeps_every_anchor(golden):
    _, pages = golden
    region = pages["territoires/provence-alpes-cote-d-azur.md"]
    assert "{#departement-13}" in region and "(../territoires/provence-alpes-cote-d-azur/13.md)" in region
    for code, (_, slug) in schema.DEPARTEMENTS.items():
        if slug == "provence-alpes-cote-d-azur":
            assert f"departement-{code}" in region, code
    empty = pages["territoires/bretagne.md"]
    assert "Aucun cas n'est encore implanté dans cette région" in empty
    assert 'id="departement-29"' in empty and "Aucun cas pour l'instant" not in empty


def test_territories_link_only_regions_that_have_cases(golden):
    _, pages = golden
    index = pages["territoires/index.md"]
    assert 'href="../territoires/la-reunion/"' in index and 'href="../territoires/la-reunion/974/"' in index
    assert 'href="../territoires/bretagne/"' not in index
    assert "Bretagne" in index.split("Pas encore de cas", 1)[1]


def test_counts_speak_french(golden):
    _, pages = golden
    assert "1 cas a cet impact" in pages["impacts/mobilite.md"]
    assert "Aucun cas n'a cet impact" in pages["impacts/image.md"]
    assert "1 cas est implanté dans ce département" in pages["territoires/la-reunion/974.md"]
    assert "cas de la base ont cet impact" not in pages["impacts/mobilite.md"]


def test_every_generated_page_has_a_breadcrumb_home_first(golden):
    cases, pages = golden
    for path, markdown in pages.items():
        crumbs = front(markdown).get("fil")
        if path == "index.md":
            assert crumbs is None
            continue
        assert crumbs[0] == ["Accueil", ""] and crumbs[-1][1] == routes.page_url(path), path
        assert crumbs[-1][0] != crumbs[-1][1], path  # the page is named by its title, never its URL
    case = front(pages["cas/complet.md"])["fil"]
    assert [c[0] for c in case][:4] == ["Accueil", "Territoires", "Provence-Alpes-Côte d'Azur", "Bouches-du-Rhône"]
    assert [c[0] for c in front(pages["cas/national.md"])["fil"]][:2] == ["Accueil", "Tous les cas"]
    assert front(pages["plan-du-site/index.md"])["fil"][-1] == ["Plan du site", "plan-du-site/"]
    assert front(pages["mentions-legales/index.md"])["fil"][-1][0] == "Mentions légales"


def test_menu_section_of_a_generated_page_is_highlighted():
    class Item:
        def __init__(self, url):
            self.url, self.active = url, False

    class Nav:
        pages = [Item(""), Item("cas/"), Item("territoires/")]

    class Page:
        meta = {"fil": [["Accueil", ""], ["Territoires", "territoires/"], ["Nord", "territoires/x/59/"]]}

    from scripts.mkdocs_adapter.pages import Highlight
    nav, highlight = Nav(), Highlight()
    highlight(nav, Page())
    assert [i.active for i in nav.pages] == [False, False, True]
    Page.meta = {}
    highlight(nav, Page())  # the next page undoes it
    assert [i.active for i in nav.pages] == [False, False, False]


def test_search_labels_are_public_words_with_a_department_filter():
    labels = {f["cle"]: f for f in json.loads(facets.labels())}
    assert labels["statut"]["libelle"] == "Origine de la fiche"
    assert labels["statut"]["valeurs"]["etude-de-cas"].startswith("Étude de cas du CGET")
    assert labels["departement"]["valeurs"]["93"] == "Seine-Saint-Denis (93)"
    assert list(labels)[:2] == ["region", "departement"]


def test_case_page_gives_search_its_place_and_categories(golden):
    _, pages = golden
    page = pages["cas/complet.md"]
    assert 'data-pagefind-meta="lieu[data-valeur]"' in page and 'data-pagefind-filter="departement:13"' in page
    assert 'data-pagefind-meta="categories[data-valeur]"' in page


def test_home_orients_with_counts_and_cases_chosen_by_rule(real):
    cases, pages = real
    home = pages["index.md"]
    assert "quartiers prioritaires de la politique de la ville (QPV)" in home
    assert "0 contributions" not in home and 'action="recherche/"' in home
    for way in ("par-categorie", "par-impact", "par-territoire", "par-orientation"):
        assert f'id="{way}"' in home
    assert home.count('class="accueil-compte"') >= 6 + 8 + 4
    featured = home.split('class="accueil-cas"', 1)[1].split("</ul>", 1)[0]
    chosen = [c for c in sorted(cases, key=lambda c: (c["titre"].lower(), c["id"])) if f'cas/{c["id"]}/' in featured]
    assert 3 <= len(chosen) <= 4
    assert all(c["statut"] == "etude-de-cas" for c in chosen)
    assert len({c["impact_principal"] for c in chosen}) == len(chosen)
