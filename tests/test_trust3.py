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


# --- Item 2: every new surface holds a hostile value as text, read back by a real parser ---------------

import csv  # noqa: E402
import io  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import xml.etree.ElementTree as ET  # noqa: E402
from html.parser import HTMLParser  # noqa: E402
from urllib.parse import urljoin, urlparse  # noqa: E402

import bibtexparser  # noqa: E402
import feedparser  # noqa: E402
import openpyxl  # noqa: E402
import rispy  # noqa: E402
from helpers import make_project, mkdocs  # noqa: E402
from test_hostile import ATTACKS, _sheet  # noqa: E402

from scripts.exports import open_data  # noqa: E402
from scripts.exports.open_data import FORMULA_START  # noqa: E402
from scripts.pages import typo  # noqa: E402

# Aimed at the new surfaces: a reference manager's line or field, a spreadsheet formula, the feed's
# XML, the page's JSON-LD and head (each valid for the validator: one line, no control character).
NEW_ATTACKS = [
    "ER  - fin de la référence", "TY  - JOUR", "AU  - Pirate, Jean", "}, author = {Pirate", "@misc{forge, title={x}}",
    "\\end{document} \\input{/etc/passwd}", "=cmd|' /C calc'!A0", "=1+1", "@SUM(1)", "-1", "+1", "\u00a0=1",
    "]]><x>", "<![CDATA[x]]>", "</script><!--", "-->", "\" /><meta http-equiv=\"refresh\" content=\"0;url=//x.fr\">",
    "' data-x='", "%0D%0AER  - ", "{{ config }}", "\u200b=1",
]
SITE_URL = "https://base-innovation-qpv.example/"


class _Head(HTMLParser):
    """What a page's head and breadcrumb hold: meta tags, canonical, JSON-LD, breadcrumb text, handlers."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.meta, self.jsonld, self.canonical, self.handlers, self.refresh = [], [], [], [], []
        self.crumbs, self.title = "", ""
        self.search = []  # the search data (Pagefind's filters, meta, body markers), in order
        self._in = []

    def handle_starttag(self, tag, attrs):
        self.search += [(name, value if name == "data-pagefind-filter" else None) for name, value in attrs
                        if name.startswith("data-pagefind")]
        attrs = dict(attrs)
        self.handlers += [name for name in attrs if name.startswith("on")]
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta.append((attrs.get("name") or attrs.get("property"), attrs.get("content")))
        if tag == "meta" and attrs.get("http-equiv", "").lower() == "refresh":
            self.refresh.append(attrs.get("content"))
        if tag == "link" and attrs.get("rel") == "canonical":
            self.canonical.append(attrs.get("href"))
        if tag in ("script", "title") or (tag == "nav" and attrs.get("class") == "fil"):
            self._in.append((tag, attrs.get("type")))

    def handle_endtag(self, tag):
        if self._in and self._in[-1][0] == tag:
            self._in.pop()

    def handle_data(self, data):
        if not self._in:
            return
        tag, kind = self._in[-1]
        if tag == "script" and kind == "application/ld+json":
            self.jsonld.append(data)
        elif tag == "title":
            self.title += data
        elif tag == "nav":
            self.crumbs += data


HOSTILE_VALUES = ATTACKS + NEW_ATTACKS


class _Payload:
    """A pickle that, once read, makes a folder (where a real attack would run a command)."""

    def __init__(self, marker: str):
        self.marker = marker

    def __reduce__(self):
        import os
        return os.mkdir, (self.marker,)


PLANTED = ("memo.pickle", "memo.pkl", "cache.pickle", "sheets.pickle", "pages.pickle", "build.pkl", "index")


def _plant_pickles(project):
    """A pull request's `.cache/` (and a few other names): what a build that trusted it would unpickle."""
    import pickle
    for folder in (project / ".cache", project / ".cache" / "base", project / "cases" / ".cache"):
        folder.mkdir(parents=True, exist_ok=True)
        for name in PLANTED:
            (folder / name).write_bytes(pickle.dumps(_Payload(str(project / f"execute-{folder.name}-{name}"))))


def test_a_planted_pickle_is_never_read(hostile_site):
    """Item 3: the build keeps nothing on disk between builds, so nothing in the checkout is unpickled."""
    project = hostile_site.parent
    assert (project / ".cache" / "memo.pickle").exists()
    assert sorted(p.name for p in project.glob("execute-*")) == []


@pytest.fixture(scope="module")
def hostile_site(tmp_path_factory):
    sheets = {f"hostile-{i}.md": _sheet(i, attack) for i, attack in enumerate(HOSTILE_VALUES)}
    sheets["hostile-0.md"] = sheets["hostile-0.md"].replace("mis_a_jour:", "anciens_ids: [ancien-hostile]\nmis_a_jour:")
    project = make_project(tmp_path_factory.mktemp("hostile"), sheets)
    _plant_pickles(project)
    run = mkdocs("build", "--strict", cwd=project)
    assert run.returncode == 0, run.stdout[-2000:] + run.stderr[-3000:]
    return project / "site"


def _same(shown: str | None, value: str) -> bool:
    """A value as the page shows it: itself, with French spaces, or shortened by the theme."""
    return shown in (value, typo.text(value))


def test_page_shell_holds_hostile_values_as_text(hostile_site):
    normal = _Head()
    normal.feed((hostile_site / "cas" / "hostile-0" / "index.html").read_text(encoding="utf-8"))
    for i, attack in enumerate(HOSTILE_VALUES):
        page = _Head()
        page.feed((hostile_site / "cas" / f"hostile-{i}" / "index.html").read_text(encoding="utf-8"))
        assert page.handlers == [] and page.refresh == [], attack
        assert [name for name, _ in page.meta] == [name for name, _ in normal.meta], attack  # no tag forged
        # The same vocabulary values for every hostile sheet: the same filters, no search data added.
        assert page.search == normal.search, attack
        meta = dict(page.meta)
        for name in ("description", "og:description", "twitter:description"):
            assert _same(meta[name], attack), (name, meta[name], attack)
        for name in ("og:title", "twitter:title"):
            assert _same(meta[name], attack), (name, meta[name], attack)
        assert meta["og:url"] == page.canonical[0] == f"{SITE_URL}cas/hostile-{i}/"
        assert len(page.jsonld) == 1 and json.loads(page.jsonld[0])["name"] == attack
        assert "</" not in page.jsonld[0] and "<!--" not in page.jsonld[0]
        assert typo.text(attack) in page.crumbs or attack in page.crumbs, (page.crumbs, attack)
        assert page.title.startswith((typo.text(attack), attack)), (page.title, attack)


def _one_line(value: str) -> str:
    """A value as the references write it: runs of spaces made one (no-break spaces kept)."""
    return re.sub(r"[ \t\r\n]+", " ", value).strip()


def test_ris_holds_one_entry_per_case_and_no_forged_line(hostile_site):
    whole = rispy.loads((hostile_site / "donnees" / "cas.ris").read_text(encoding="utf-8"))
    assert len(whole) == len(HOSTILE_VALUES)
    by_id = {entry["id"]: entry for entry in whole}
    for i, attack in enumerate(HOSTILE_VALUES):
        entry = by_id[f"baseqpv-hostile-{i}"]
        assert entry["title"] == _one_line(attack) and entry["abstract"] == _one_line(attack)
        assert entry["type_of_reference"] == "ELEC" and entry["authors"] == ["Base de projets innovation et QPV,"]
        alone = rispy.loads((hostile_site / "cas" / f"hostile-{i}" / "reference.ris").read_text(encoding="utf-8"))
        assert len(alone) == 1 and alone[0]["title"] == entry["title"]


def _bib_text(value: str) -> str:
    """A BibTeX value back to text: the escapes of references._BIBTEX_SPECIAL undone."""
    for escaped, char in ((r"\textbackslash{}", "\\"), (r"\textasciitilde{}", "~"), (r"\textasciicircum{}", "^")):
        value = value.replace(escaped, char)
    return re.sub(r"\\([{}%&$#_])", r"\1", value)


def test_bibtex_holds_one_entry_per_case_and_no_forged_field(hostile_site):
    library = bibtexparser.parse_string((hostile_site / "donnees" / "cas.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == len(HOSTILE_VALUES)
    keys = {frozenset(f.key for f in entry.fields) for entry in library.entries}
    assert len(keys) <= 2, keys  # with or without a date: never a field from a value
    for i, attack in enumerate(HOSTILE_VALUES):
        entry = next(e for e in library.entries if e.key == f"baseqpv-hostile-{i}")
        assert _bib_text(entry["title"]) == "{" + _one_line(attack) + "}", (entry["title"], attack)
        alone = bibtexparser.parse_string((hostile_site / "cas" / f"hostile-{i}" / "reference.bib")
                                          .read_text(encoding="utf-8"))
        assert alone.failed_blocks == [] and len(alone.entries) == 1


def _formula_free(cell) -> bool:
    return not (isinstance(cell, str) and cell.startswith(FORMULA_START))


def test_spreadsheets_start_no_formula(hostile_site):
    """The XLSX stores every text as a string cell (never a formula: its text is kept exactly); the two
    CSV files, where a spreadsheet reads `=…` as a formula, put an apostrophe before such a cell."""
    book = openpyxl.load_workbook(hostile_site / "donnees" / "cas.xlsx")
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    rows = list(book["Cas"].iter_rows(values_only=True))
    header = rows[0]
    people = {column.name: column.header for column in open_data.people_columns()}  # its plain-French headers
    titles = {row[header.index(people["id"])]: row[header.index(people["titre"])] for row in rows[1:]}
    for name, delimiter in (("cas.csv", ","), ("cas-excel.csv", ";")):
        table = list(csv.reader(io.StringIO((hostile_site / "donnees" / name).read_text("utf-8-sig"), newline=""),
                                delimiter=delimiter))
        assert len(table) == len(HOSTILE_VALUES) + 1 and len({len(r) for r in table}) == 1, name
        assert all(_formula_free(cell) for row in table for cell in row), name
        by_id = {row[0]: row for row in table[1:]}
        column = table[0].index("titre" if name == "cas.csv" else people["titre"])
        for i, attack in enumerate(HOSTILE_VALUES):
            expected = "'" + attack if attack.startswith(FORMULA_START) else attack
            assert by_id[f"hostile-{i}"][column] == expected, (name, attack)
    for i, attack in enumerate(HOSTILE_VALUES):
        assert titles[f"hostile-{i}"] == attack


def test_atom_feed_parses_with_every_hostile_title(hostile_site):
    raw = (hostile_site / "flux.xml").read_bytes()
    ET.fromstring(raw)
    parsed = feedparser.parse(raw)
    assert not parsed.bozo, parsed.get("bozo_exception")
    titles = {entry.title for entry in parsed.entries}
    assert len(parsed.entries) == min(len(HOSTILE_VALUES), 50)
    assert titles <= {a.strip() for a in HOSTILE_VALUES}
    assert all(urlparse(entry.link).netloc == urlparse(SITE_URL).netloc for entry in parsed.entries)


def test_redirect_of_a_former_id_leads_only_to_its_case(hostile_site):
    page_url = f"{SITE_URL}cas/ancien-hostile/"
    html = (hostile_site / "cas" / "ancien-hostile" / "index.html").read_text(encoding="utf-8")
    head = _Head()
    head.feed(html)
    assert head.handlers == [] and len(head.refresh) == 1 and head.jsonld == []
    targets = [head.refresh[0].split("url=", 1)[1], *head.canonical, *re.findall(r'href="([^"]*)"', html)]
    assert len(targets) == 4  # the refresh, the canonical link (twice: it is an href too), the link
    for target in targets:
        assert urljoin(page_url, target) == f"{SITE_URL}cas/hostile-0/", target


@pytest.mark.parametrize("former", ["Complet", "COMPLET", "complet/", "../complet", "//x.fr", "https://x.fr",
                                    "complet%2f", "autre\u0130"])
def test_a_former_id_is_never_another_address_nor_another_case(former):
    problems = _problems({**BASE, "anciens_ids": [former]})
    assert [p.key for p in problems] == ["anciens_ids"], problems
