"""One router: every URL of the site is spelt in scripts/contract/routes.py, and it keeps the contract's shapes."""

from __future__ import annotations

import ast
import re

from helpers import ROOT

from scripts.contract import routes, schema
from scripts.tools.urls import read_list

ROUTER = ROOT / "scripts" / "contract" / "routes.py"
CONTRACT = ROOT / "tests" / "data" / "contrat-fiche.md"
# The first segment of every section of the site, and the files at its root.
SECTIONS = ("categories", "formes", "impacts", "orientations", "territoires", "carte", "donnees", "recherche",
            "plan-du-site", "mentions-legales", "donnees-personnelles", "accessibilite", "contribuer", "etude")
# A section followed by « / », or a root file's name (a template's name, flux.xml.j2, is no URL).
PREFIX = re.compile(r"(?<![\w-])(?:" + "|".join(SECTIONS) + r")/|\b(?:flux\.xml|robots\.txt|sitemap\.xml)\b(?!\.j2)")


def _build_files():
    """Every file of the build code and of the templates (the core's and the theme's), but the router."""
    for folder in ("scripts", "overrides"):
        for path in sorted((ROOT / folder).rglob("*")):
            if path.is_file() and path != ROUTER and "__pycache__" not in path.parts:
                yield path


def _code_strings(source: str):
    """(line, text) of every string literal of a module but its docstrings (prose may name a page)."""
    tree = ast.parse(source)
    docstrings = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
                docstrings.add(id(first.value))
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


def test_only_the_router_spells_the_case_path():
    """`cas/` appears in scripts/contract/routes.py and nowhere else, comments and templates included."""
    found = []
    for path in _build_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        found += [f"{path.relative_to(ROOT)}:{n}: {line.strip()}" for n, line in enumerate(text.splitlines(), 1)
                  if "cas/" in line]
    assert found == [], "le chemin des cas est écrit hors de scripts/contract/routes.py :\n" + "\n".join(found)
    assert 'CASES = "cas/"' in ROUTER.read_text(encoding="utf-8")


def test_only_the_router_spells_a_route_prefix():
    """No code string and no template writes a section's URL or a root file's name: they ask the router."""
    found = []
    for path in _build_files():
        text = path.read_text(encoding="utf-8", errors="replace")
        if path.suffix == ".py":
            spelt = [(line, value) for line, value in _code_strings(text) if PREFIX.search(value)]
        elif path.suffix in (".j2", ".html"):
            spelt = [(n, line) for n, line in enumerate(text.splitlines(), 1) if PREFIX.search(line)]
        else:
            continue
        found += [f"{path.relative_to(ROOT)}:{n}: {PREFIX.search(value).group()} dans {value.strip()[:80]!r}"
                  for n, value in spelt]
    assert found == [], "adresses écrites hors de scripts/contract/routes.py :\n" + "\n".join(found)


def test_the_guard_catches_a_spelt_route(tmp_path):
    """The two checks above would see a template or a module that spells a route itself."""
    assert PREFIX.search('<a href="{{ base }}categories/{{ slug }}/">') and PREFIX.search("{{ src }}flux.xml")
    assert not PREFIX.search("{{ base }}{{ route.category(slug) }}") and not PREFIX.search("cases/x.md")
    module = 'def f():\n    """Docstring naming /donnees/ in prose."""\n    return "donnees/" + "x"\n'
    assert [value for _, value in _code_strings(module) if PREFIX.search(value)] == ["donnees/"]


def _contract_urls() -> set[str]:
    """The URL shapes of the contract's table « URLs » (`/cas/<id>/`, …)."""
    text = CONTRACT.read_text(encoding="utf-8")
    table = text.split("## 5. URLs", 1)[1].split("\n\n", 2)[1]
    return {url for row in table.splitlines()[2:] for url in re.findall(r"`(/[^`]*)`", row.split("|")[1])}


def test_router_gives_the_contract_url_shapes():
    made = {"/" + url for url in (
        routes.HOME, routes.cases(), routes.case("<id>"), routes.category(), routes.category("<slug>"),
        routes.forme("<slug>"), routes.impact(), routes.impact("<slug>"), routes.orientation(),
        routes.orientation("<n>"), routes.territoires(), routes.region("<region-slug>"),
        routes.region("<region-slug>") + "<code>/", routes.carte(), routes.data(), routes.study(),
        routes.contribute(), routes.proposer(), routes.legal(), routes.privacy(), routes.accessibility(),
        routes.site_map())}
    assert made == _contract_urls()
    assert routes.departement("93") == "territoires/ile-de-france/93/"
    assert routes.departement("2A") == "territoires/corse/2a/"  # the contract: lower case
    assert routes.departement("971") == "territoires/guadeloupe/971/"


def test_router_urls_are_published():
    """What the router gives for real values is in the list of published URLs (never change one)."""
    published = set(read_list())
    urls = [routes.HOME, routes.cases(), routes.case("totem-mobi"), routes.carte(), routes.data("cas.json"),
            routes.data("schema.json"), routes.feed(), routes.robots(), routes.search(), routes.site_map(),
            routes.legal(), routes.privacy(), routes.accessibility(), routes.proposer(), routes.contribute(),
            routes.study(), routes.territoires(), routes.departement("93")]
    urls += [routes.category(slug) for slug in schema.CATEGORIES] + [routes.forme(s) for s in schema.FORMES]
    urls += [routes.impact(slug) for slug in schema.IMPACTS] + [routes.orientation(n) for n in schema.ORIENTATIONS]
    urls += [routes.region(slug) for slug in schema.REGIONS]
    assert [url for url in urls if "/" + url not in published] == []


def test_sources_and_urls_go_both_ways():
    for url in (routes.HOME, routes.cases(), routes.case("x"), routes.category(), routes.category("sociale"),
                routes.orientation(2), routes.departement("2A"), routes.proposer(), routes.study("definitions")):
        assert routes.page_url(routes.source(url)) == url, url
    assert routes.case_source("wimoov") == "cas/wimoov.md" and routes.source(routes.HOME) == "index.md"
    assert routes.search(departement="93") == "recherche/?departement=93"
    assert routes.absolute("https://exemple.fr/", routes.case("x")) == "https://exemple.fr/cas/x/"
