"""One router: every URL of the site is spelt in scripts/contract/routes.py, and it keeps the contract's shapes.

The build code, the templates and the JavaScript spell no route (they ask the router, or read the
URLs the page gives them); the hand-written pages (docs/) and mkdocs.yml's nav, which must spell
their links, link only to the source of a page the router makes, so a renamed route fails here."""

from __future__ import annotations

import ast
import posixpath
import re

import pytest
import yaml
from helpers import ROOT

from scripts.contract import routes, schema
from scripts.exports import open_data
from scripts.tools.urls import read_list

ROUTER = ROOT / "scripts" / "contract" / "routes.py"
CONTRACT = ROOT / "tests" / "data" / "contrat-fiche.md"
DOCS = ROOT / "docs"
SCRIPTS = sorted((DOCS / "assets" / "js").glob("*.js"))
# The first segment of every section of the site (the router's constants), and the files at its root.
SECTIONS = sorted(value.rstrip("/") for name, value in vars(routes).items()
                  if name.isupper() and isinstance(value, str) and value.endswith("/"))
ROOT_FILES = sorted(value for name, value in vars(routes).items()
                    if name.isupper() and isinstance(value, str) and value and not value.endswith("/"))
# A section followed by « / », or a root file's name (a template's name, flux.xml.j2, is no URL).
PREFIX = re.compile(r"(?<![\w-])(?:" + "|".join(map(re.escape, SECTIONS)) + r")/|\b(?:"
                    + "|".join(map(re.escape, ROOT_FILES)) + r")\b(?!\.j2)")


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
        routes.region("<region-slug>") + "<code>/", routes.intercommunalite(), routes.intercommunalite("<siren>"),
        routes.carte(), routes.data(), routes.study(),
        routes.contribute(), routes.proposer(), routes.legal(), routes.privacy(), routes.accessibility(),
        routes.site_map())}
    assert made == _contract_urls()
    assert routes.departement("93") == "territoires/ile-de-france/93/"
    assert routes.departement("2A") == "territoires/corse/2a/"  # the contract: lower case
    assert routes.departement("971") == "territoires/guadeloupe/971/"
    assert routes.intercommunalite("200046977") == "territoires/intercommunalites/200046977/"
    assert routes.feed(routes.category("sociale")) == "categories/sociale/flux.xml" and routes.feed() == "flux.xml"
    assert routes.INTERCOMMUNALITES.rstrip("/") not in {routes.region(s).split("/")[1] for s in schema.REGIONS}


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
    urls += [routes.intercommunalite(), routes.intercommunalite("200046977"), routes.intercommunalite("200093201")]
    assert [url for url in urls if "/" + url not in published] == []


def test_sources_and_urls_go_both_ways():
    for url in (routes.HOME, routes.cases(), routes.case("x"), routes.category(), routes.category("sociale"),
                routes.orientation(2), routes.departement("2A"), routes.proposer(), routes.study("definitions")):
        assert routes.page_url(routes.source(url)) == url, url
    for url in (routes.intercommunalite(), routes.intercommunalite("200046977")):
        assert routes.page_url(routes.source(url)) == url, url
    assert routes.case_source("wimoov") == "cas/wimoov.md" and routes.source(routes.HOME) == "index.md"
    assert routes.search(departement="93") == "recherche/?departement=93"
    assert routes.absolute("https://exemple.fr/", routes.case("x")) == "https://exemple.fr/cas/x/"


def test_the_javascript_spells_no_route():
    """The site's scripts read the URLs they need from the page (data-… attributes the templates
    write from the router): not a section, not a case's path, not a root file, comments included."""
    found = []
    for path in SCRIPTS:
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if "cas/" in line or PREFIX.search(line):
                found.append(f"{path.relative_to(ROOT)}:{n}: {line.strip()[:100]}")
    assert found == [], "adresses écrites dans le JavaScript au lieu d'être lues dans la page :\n" + "\n".join(found)
    assert any(path.name == "proposer.js" for path in SCRIPTS) and any(path.name == "recherche.js" for path in SCRIPTS)


# --- The hand-written pages and the nav: links to the sources of the router's pages ------------

def _made() -> tuple[set[str], set[str]]:
    """(pages, files) of the site as the router makes them, pages as their URLs (`cas/wimoov/`): every
    section, each value of the vocabularies, each case of cases/, the study's hand-written pages,
    the open data, the sheet template, the root files."""
    pages = [routes.HOME, routes.cases(), routes.category(), routes.forme(), routes.impact(), routes.orientation(),
             routes.territoires(), routes.intercommunalite(), routes.carte(), routes.data(), routes.search(), routes.site_map(), routes.legal(),
             routes.privacy(), routes.accessibility(), routes.contribute(), routes.proposer(), routes.study()]
    pages += [routes.case(sheet.stem) for sheet in (ROOT / "cases").glob("*.md") if not sheet.name.startswith("_")]
    pages += [routes.category(slug) for slug in schema.CATEGORIES] + [routes.forme(s) for s in schema.FORMES]
    pages += [routes.impact(slug) for slug in schema.IMPACTS] + [routes.orientation(n) for n in schema.ORIENTATIONS]
    pages += [routes.region(slug) for slug in schema.REGIONS] + [routes.departement(c) for c in schema.DEPARTEMENTS]
    study = posixpath.dirname(routes.source(routes.study()))
    pages += [routes.study(page.stem) for page in (DOCS / study).glob("*.md") if page.name != "index.md"]
    files = open_data.paths() + [routes.contribute("modele-de-fiche.md.txt"), routes.feed(), routes.robots(),
                                 routes.sitemap_xml()]
    return set(pages), set(files)


def _sources(pages: set[str]) -> set[str]:
    return {routes.source(url) for url in pages}


# Links of a Markdown page: inline [text](target "title"), reference definitions, HTML href and src.
_LINKS = re.compile(r"\]\(\s*<?([^)\s>]+)>?(?:\s+\"[^\"]*\")?\s*\)|^\s{0,3}\[[^\]]+\]:\s*(\S+)"
                    r"|\b(?:href|src)=\"([^\"]*)\"", re.M)
_EXTERNAL = re.compile(r"^(?:[a-zA-Z][a-zA-Z0-9+.-]*:|//|#)")  # https:, mailto:, a protocol-relative URL, an anchor


def _resolve(base: str, link: str) -> str:
    """`link` from the folder `base`, as a path from the site root (a folder keeps its « / »)."""
    path = posixpath.normpath(posixpath.join(base, link))
    path = "" if path == "." else path
    return path + "/" if link.endswith("/") and path else path


def _bad_links(source: str, text: str, made: tuple[set[str], set[str]]) -> list[str]:
    """The links of the page `source` (a path under docs/) to a page or a file of the site that the
    router does not make, as they are written. A page is linked by its source, relative to the page
    (`../cas/adive.md`: MkDocs checks it); a link in URL form, relative to the page's URL
    (`../cas/adive/`, which MkDocs leaves as it is), must be a route the router makes all the same."""
    pages, files = made
    sources = _sources(pages)
    bad = []
    for match in _LINKS.finditer(text):
        link = next(group for group in match.groups() if group is not None)
        link = link.split("#")[0].split("?")[0]
        if not link or _EXTERNAL.match(link):
            continue
        target = _resolve(posixpath.dirname(source), link)
        if target.endswith(".md"):  # a page: the router's, even when docs/ holds its source
            known = target in sources
        else:
            known = (target in files or (DOCS / target).is_file()
                     or _resolve(routes.page_url(source).rstrip("/"), link) in pages)
        if not known:
            bad.append(link)
    return bad


def test_hand_written_pages_link_to_the_routers_pages():
    """docs/ spells its links by hand: each one to the site is the source of a page the router makes
    (`../categories/organisationnelle.md` is routes.source(routes.category("organisationnelle"))),
    or its URL, or a file it makes, or a file of docs/ (an image); and each page of docs/ is at a route
    of the router."""
    made = _made()
    sources = _sources(made[0])
    found = []
    for path in sorted(DOCS.rglob("*.md")):
        source = path.relative_to(DOCS).as_posix()
        if source not in sources:
            found.append(f"docs/{source}: page écrite à la main à une adresse que le routeur ne donne pas")
        found += [f"docs/{source}: {link}" for link in _bad_links(source, path.read_text(encoding="utf-8"), made)]
    assert found == [], "liens vers des pages que le routeur ne fait pas :\n" + "\n".join(found)


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as data: its tags (!ENV) read as nothing."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)


def _nav_pages(nav) -> list[str]:
    if isinstance(nav, str):
        return [nav]
    if isinstance(nav, dict):
        return [page for value in nav.values() for page in _nav_pages(value)]
    return [page for item in nav or [] for page in _nav_pages(item)]


def test_the_nav_lists_sources_of_the_routers_pages():
    """Each page of mkdocs.yml's nav is the source of a page the router makes, hand-written or generated."""
    config = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
    sources = _sources(_made()[0])
    nav = _nav_pages(config["nav"])
    assert len(nav) > 10
    assert [page for page in nav if page not in sources] == [], "pages du menu que le routeur ne fait pas"


def test_the_link_guard_catches_a_renamed_route():
    """A link to a section or a page the router does not make is refused, in either form."""
    made = _made()
    page = routes.source(routes.study("definitions"))  # etude/definitions.md, at etude/definitions/
    good = ("[a](../categories/sociale.md) [b](index.md#definition) [c](../cas/wimoov.md) [d](https://x.fr/) "
            "[e](../../cas/wimoov/) [f](../donnees/schema.json) [g](#axe-1)")
    assert _bad_links(page, good, made) == []
    bad = ('[a](../../cas/inconnu/) [b](../categorie/sociale.md) [c](../categories/inconnue.md)\n'
           '<a href="../donnees/absent.json">d</a>\n[e]: ../etudes/index.md [f](../cas/wimoov/) [g](../cas/wimoov)')
    assert _bad_links(page, bad, made) == ["../../cas/inconnu/", "../categorie/sociale.md", "../categories/inconnue.md",
                                           "../donnees/absent.json", "../etudes/index.md", "../cas/wimoov/",
                                           "../cas/wimoov"]
    assert routes.source(routes.category("organisationnelle")) == "categories/organisationnelle.md"


@pytest.mark.parametrize("ident", ["", "a/b", "/"])
def test_a_case_address_needs_a_plain_id(ident):
    with pytest.raises(ValueError):
        routes.case(ident)
