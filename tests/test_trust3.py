"""Trust, round 3 (issue 28): no generated path a sheet can take, and every new surface of the build
(page shell, RIS, BibTeX, spreadsheets, Atom, redirects) held to the body's standard, each read back
by a real parser. The linear-time family is in test_linear.py; the form's links in
test_trust3_browser.py."""

from __future__ import annotations

import jsonschema
import pytest
from helpers import GOLDEN

from scripts.contract import routes, schema
from scripts.exports.schema_json import front_matter_schema
from scripts.sheets.load import Sheet
from scripts.sheets.validate import check_sheet, validate

BASE = {
    "id": "exemple", "titre": "Exemple", "resume": "Un résumé.", "porteur": "Association",
    "type_porteur": ["association"], "commune": "Marseille", "departement": "13", "echelle": "locale",
    "categories": ["sociale"], "impact_principal": "emploi", "axes": [2], "statut": "contribution",
    "sources": [{"titre": "Une source"}],
}
SCHEMA = jsonschema.Draft202012Validator(front_matter_schema())

# --- Item 3: a sheet's id or former id never takes a generated path ----------------------------------

# One name of each class: a section of the router, a file at the root (the feed, the site map), the
# search index, what the publisher writes (theme assets, the 404 page), the cases' index page.
RESERVED = {"section": "donnees", "recherche": "recherche", "flux": "flux", "plan": "sitemap",
            "index de recherche": "pagefind", "ressources du thème": "assets", "page 404": "404",
            "index des cas": "index", "rubrique des cas": "cas"}


def _problems(meta: dict, stem: str = "exemple") -> list:
    sheet = Sheet(rel=f"cases/{stem}.md", stem=stem, meta=meta)
    check_sheet(sheet)
    return sheet.problems


@pytest.mark.parametrize("name", RESERVED.values(), ids=RESERVED.keys())
def test_a_reserved_name_is_refused_as_id_in_french(name):
    problems = _problems({**BASE, "id": name}, stem=name)
    assert [p.key for p in problems] == ["id"], problems
    message = problems[0].message
    assert f"« {name} » est un nom réservé par le site" in message and "choisissez un autre identifiant" in message
    assert not SCHEMA.is_valid({**BASE, "id": name})


@pytest.mark.parametrize("name", RESERVED.values(), ids=RESERVED.keys())
def test_a_reserved_name_is_refused_as_former_id(name):
    problems = _problems({**BASE, "anciens_ids": ["ancien-nom", name]})
    assert [p.key for p in problems] == ["anciens_ids"], problems
    assert "est un nom réservé par le site" in problems[0].message
    assert not SCHEMA.is_valid({**BASE, "anciens_ids": [name]})


def test_reserved_names_are_every_root_name_of_the_router():
    """Declared once (routes.RESERVED_NAMES, read by the schema): every section and root file the router
    spells, whatever is added to it, and what the publisher writes besides."""
    assert schema.RESERVED_IDS is routes.RESERVED_NAMES
    root_routes = [routes.cases(), routes.category(), routes.forme(), routes.impact(), routes.orientation(),
                   routes.territoires(), routes.carte(), routes.data(), routes.search(), routes.search_index(),
                   routes.site_map(), routes.legal(), routes.privacy(), routes.accessibility(), routes.contribute(),
                   routes.study(), routes.feed(), routes.robots(), routes.sitemap_xml()]
    names = {route.split("/")[0].split(".")[0] for route in root_routes}
    assert names <= routes.RESERVED_NAMES, names - routes.RESERVED_NAMES
    assert {"donnees", "recherche", "pagefind", "assets", "404", "flux", "index"} <= routes.RESERVED_NAMES


def test_every_root_entry_of_the_built_site_is_reserved(built_site):
    """What the build really wrote at the root, files and folders (MkDocs, the theme, Pagefind, the hooks)."""
    names = {entry.name.split(".")[0] for entry in built_site.iterdir()}
    assert names - routes.RESERVED_NAMES == set()


def test_a_former_id_cannot_be_another_cases_id():
    """A redirect never points at a case from the address of another case."""
    complet = Sheet(rel="cases/complet.md", stem="complet", meta={**BASE, "id": "complet"})
    other = Sheet(rel="cases/autre.md", stem="autre", meta={**BASE, "id": "autre", "anciens_ids": ["complet"]})
    problems = validate([complet, other])
    assert any(p.key in ("anciens_ids", "id") for p in problems), problems


def test_the_golden_sheets_take_no_reserved_name():
    for path in sorted((GOLDEN / "valid").glob("*.md")):
        assert path.stem not in routes.RESERVED_NAMES
