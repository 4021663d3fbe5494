"""Replication-ready sheets (issue 30): a sheet using every key of « Reproduire ce projet » (contact,
moyens, resultats, changement_echelle, essaime_a, etat, verifie_le) is published whole on its page, in
its structured data, in every export, and accepted by schema.json; a sheet without them says plainly
that its situation was not checked since its sources. Each bad value is one named problem line: the
golden sheets tests/golden/invalid/{resultat-source-inconnue,verifie-le-futur,etat-sans-date,
budget-inconnu,strategie-inconnue,contact-invalide,contact-http}.md (test_golden.py)."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import re
import subprocess
import sys

import empreinte
import jsonschema
import openpyxl
import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from helpers import ENV, GOLDEN, ROOT, free_port, make_project, mkdocs, wait_for_port

from scripts.contract import routes, schema
from scripts.exports import open_data
from scripts.sheets.load import Sheet
from scripts.sheets.validate import check_sheet

ARTIFACTS = ROOT / "tests" / "artifacts"
STUDY = "Synthèse de l'étude, CGET, février 2017"
SHEET = f"""---
id: reproductible
titre: "Un projet à reproduire"
resume: "Un projet dont la fiche dit ce qu'il a fallu, ce qu'il a donné et à qui écrire."
porteur: "Association Exemple & Cie"
type_porteur: [association]
commune: "Marseille"
departement: "13"
echelle: locale
categories: [sociale]
impact_principal: emploi
axes: [2]
statut: contribution
sources:
  - titre: "{STUDY}"
  - titre: "Rapport d'activité 2016 <de l'association>"
contact: "contact@exemple.fr"
moyens: {{budget_annuel: 50k-200k, etp: 2.5, financeurs: ["Ville de Marseille", "Fondation *Exemple*"]}}
resultats:
  - indicateur: "Personnes accompagnées"
    valeur: "plus de 43 000"
    annee: 2016
    source: "{STUDY}"
  - indicateur: "Entreprises < 10 salariés"
    valeur: "12"
    source: "Rapport d'activité 2016 <de l'association>"
changement_echelle: [duplication, fertilisation]
essaime_a:
  - {{commune: "Lyon", departement: "69", annee: 2016}}
  - {{commune: "Roubaix", departement: "59"}}
etat: en-activite
verifie_le: 2026-11-30
---

## L'innovation

Un texte.

## Moyens mobilisés

Une équipe.
"""
NEW_KEYS = ("contact", "moyens", "resultats", "changement_echelle", "essaime_a", "etat", "verifie_le")


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    """The pages and files of a copy of the project with the golden sheets and the full one."""
    tmp = tmp_path_factory.mktemp("reproduire")
    study = (ROOT / "cases" / "citeslab.md").read_text(encoding="utf-8")
    project = make_project(tmp, {"reproductible.md": SHEET, "citeslab.md": study}, from_dir=GOLDEN / "valid")
    out = tmp / "sortie"
    run = subprocess.run([sys.executable, "-m", "scripts.build", "--out", str(out), "--site-url",
                          "https://exemple.fr/"], cwd=project, env=ENV, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    return project, out


def _meta() -> dict:
    return yaml.safe_load(SHEET.split("---")[1])


def _page(out, ident: str) -> str:
    return (out / routes.case_source(ident)).read_text(encoding="utf-8")


def test_the_full_sheet_is_valid_and_schema_json_accepts_it():
    meta = _meta()
    sheet = Sheet(rel="cases/reproductible.md", stem="reproductible", meta=meta)
    check_sheet(sheet)
    assert sheet.problems == []
    from scripts.exports.schema_json import front_matter_schema
    as_json = json.loads(json.dumps(meta, default=lambda v: v.isoformat()))
    assert list(jsonschema.Draft202012Validator(front_matter_schema()).iter_errors(as_json)) == []


def test_the_page_shows_every_fact_of_reproduire(built):
    _, out = built
    page = _page(out, "reproductible")
    part = page[page.index('<h2 id="reproduire">'):page.index('<h2 id="sources"')]
    text = html.unescape(re.sub(r"<[^>]+>", "", part))
    for expected in ("Reproduire ce projet", "De 50 000 à 200 000 €", "2,5 équivalents temps plein",
                     "Ville de Marseille", "Fondation *Exemple*", "Personnes accompagnées", "plus de 43 000",
                     "(2016)", f"source : {STUDY}", "Entreprises < 10 salariés",
                     "Rapport d'activité 2016 <de l'association>",
                     schema.CHANGEMENT_ECHELLE["duplication"], schema.CHANGEMENT_ECHELLE["fertilisation"],
                     "Lyon (Rhône, 69) en 2016", "Roubaix (Nord, 59)", "contact@exemple.fr", "En activité",
                     "vérifiée le 30\u00a0novembre 2026"):
        assert expected in text, expected
    assert 'href="mailto:contact@exemple.fr"' in part
    assert "<de" not in part and "&lt;de l&#39;association&gt;" in part or "&lt;de l'association&gt;" in part
    assert "pas été vérifiée" not in part


def test_the_structured_data_carry_the_new_facts(built):
    _, out = built
    page = _page(out, "reproductible")
    front = yaml.safe_load(page.split("---")[1])
    about = json.loads(front["jsonld"])["about"]
    assert about["sponsor"]["contactPoint"]["email"] == "contact@exemple.fr"
    assert [f["name"] for f in about["funder"]] == ["Ville de Marseille", "Fondation *Exemple*"]
    props = {p["name"]: p for p in about["additionalProperty"]}
    assert props["Budget annuel"]["value"] == "De 50 000 à 200 000 €"
    assert props["Personnes accompagnées"]["value"] == "plus de 43 000"
    assert props["Personnes accompagnées"]["observationDate"] == "2016"
    assert props["Situation"] == {"@type": "PropertyValue", "name": "Situation", "value": "En activité",
                                  "observationDate": "2026-11-30"}
    assert [p["name"] for p in about["location"]] == ["Lyon", "Roubaix"]


def test_a_sheet_without_etat_says_its_situation_was_not_checked(built):
    _, out = built
    page = _page(out, "national")
    part = page[page.index('<h2 id="reproduire">'):page.index('<h2 id="sources"')]
    assert "La situation de cette initiative n'a pas été vérifiée depuis les sources de la fiche" in part
    assert f'href="../../{routes.proposer()}?cas=national"' in part or "?cas=national" in part
    assert "<dl" not in part, "nothing but the situation when the sheet holds none of the facts"


def test_a_study_case_without_etat_dates_its_situation_from_the_study(built):
    project, _ = built
    from scripts import core
    sheet = SHEET.replace("statut: contribution", "statut: etude-de-cas").split("contact:")[0] + "---\n"
    cases = project.parent / "etude" / "cases"
    cases.mkdir(parents=True)
    (cases / "reproductible.md").write_text(sheet, encoding="utf-8")
    result = core.build(cases)
    page = dict(result.pages)[routes.case_source("reproductible")]
    assert "n'a pas été vérifiée depuis l'étude, parue en février\u00a02017" in page or \
        "n'a pas été vérifiée depuis l'étude, parue en février&nbsp;2017" in page


def test_every_export_publishes_the_new_keys(built):
    _, out = built
    data = out / routes.data()
    record = next(c for c in json.loads((data / "cas.json").read_text(encoding="utf-8")) if c["id"] == "reproductible")
    meta = _meta()
    for key in NEW_KEYS:
        expected = meta[key].isoformat() if isinstance(meta[key], datetime.date) else meta[key]
        assert record[key] == expected, key

    rows = list(csv.DictReader(io.StringIO((data / "cas.csv").read_text(encoding="utf-8-sig"), newline="")))
    row = next(r for r in rows if r["id"] == "reproductible")
    assert row["contact"] == "contact@exemple.fr"
    assert (row["moyens_budget_annuel"], row["moyens_etp"]) == ("50k-200k", "2.5")
    assert row["moyens_financeurs"] == "Ville de Marseille | Fondation *Exemple*"
    assert row["resultats"] == (f"Personnes accompagnées : plus de 43 000 (2016) [{STUDY}] | Entreprises < 10 "
                                "salariés : 12 [Rapport d'activité 2016 <de l'association>]")
    assert row["changement_echelle"] == "duplication | fertilisation"
    assert row["essaime_a"] == "Lyon (69) 2016 | Roubaix (59)"
    assert (row["etat"], row["verifie_le"]) == ("en-activite", "2026-11-30")
    table = json.loads((data / "schema-csv.json").read_text(encoding="utf-8"))
    names = {f["name"]: f for f in table["fields"]}
    assert names["moyens_etp"]["type"] == "number" and names["verifie_le"]["type"] == "date"
    assert names["etat"]["constraints"]["enum"] == list(schema.ETAT)
    assert set(row) == set(names)

    # The workbook's first sheet and cas-excel.csv have plain-French headers (each column's header).
    header_of = {column.name: column.header for column in open_data.people_columns()}
    book = openpyxl.load_workbook(data / "cas.xlsx")
    header = [cell.value for cell in next(book["Cas"].iter_rows())]
    line = next(r for r in book["Cas"].iter_rows(values_only=True) if "reproductible" in r)
    cell = {name: dict(zip(header, line))[title] for name, title in header_of.items()}
    assert cell["moyens_budget_annuel_libelle"] == "De 50 000 à 200 000 €"
    assert cell["moyens_etp"] == 2.5
    assert cell["changement_echelle_libelles"].startswith("Duplication")
    assert cell["etat_libelle"] == "En activité"
    assert cell["verifie_le"] == datetime.datetime(2026, 11, 30)
    assert cell["contact"] == "contact@exemple.fr"
    excel = list(csv.reader(io.StringIO((data / "cas-excel.csv").read_text(encoding="utf-8-sig"), newline=""),
                            delimiter=";"))
    assert dict(zip(excel[0], next(r for r in excel if "reproductible" in r)))[header_of["moyens_etp"]] == "2,5"

    published = json.loads((data / "schema.json").read_text(encoding="utf-8"))
    as_json = json.loads(json.dumps(meta, default=lambda v: v.isoformat()))
    assert list(jsonschema.Draft202012Validator(published).iter_errors(as_json)) == []
    assert published["properties"]["moyens"]["properties"]["budget_annuel"]["enum"] == list(schema.BUDGETS)


def test_the_form_asks_the_new_keys(built):
    _, out = built
    page = (out / routes.source(routes.proposer())).read_text(encoding="utf-8")
    for key in NEW_KEYS:
        assert f'id="champ-{key}"' in page, key
    assert 'id="f-moyens-budget_annuel"' in page and 'id="f-moyens-etp"' in page
    assert "jamais l'adresse personnelle de quelqu'un" in html.unescape(page)


@pytest.fixture(scope="module")
def served(built):
    """The copy's site built by MkDocs and served over HTTP."""
    project, _ = built
    site = project.parent / "site"
    result = mkdocs("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        yield f"http://127.0.0.1:{port}/"
    finally:
        server.terminate()
        server.wait(timeout=10)


@pytest.mark.slow
@pytest.mark.browser
def test_screenshots_full_and_bare_case_pages(served, browser):
    """The page of the full sheet, of a bare one and of a study case (its results, its marks), at 390 and
    1366 px, light and dark (tests/artifacts/)."""
    ARTIFACTS.mkdir(exist_ok=True)
    for ident, name in (("reproductible", "complete"), ("national", "nue"), ("citeslab", "etude")):
        for width in (390, 1366):
            for scheme in ("light", "dark"):
                context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR",
                                              color_scheme=scheme)
                page = context.new_page()
                page.goto(served + routes.case(ident))
                assert page.locator("section.cas-reproduire").is_visible()
                page.screenshot(path=str(ARTIFACTS / f"reproduire-{name}-{width}-{scheme}.png"), full_page=True)
                assert not page.evaluate("document.documentElement.scrollWidth > window.innerWidth"), (ident, width)
                violations = Axe().run(page).response["violations"]
                assert [v["id"] for v in violations] == [], (ident, width, scheme, violations[:1])
                context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_writes_the_new_keys_and_a_correction_keeps_them(served, browser, tmp_path):
    """A correction of the full sheet opens with its resources, results and places filled; the sheet the
    form writes back has the same values and passes the validator."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.goto(served + routes.proposer() + "?cas=reproductible")
    page.wait_for_selector("#proposer[data-pret=oui]")
    assert page.input_value("#f-contact") == "contact@exemple.fr"
    assert page.input_value("#f-moyens-budget_annuel") == "50k-200k"
    assert page.input_value("#f-moyens-etp") == "2.5"
    assert page.input_value("#f-moyens-financeurs") == "Ville de Marseille\nFondation *Exemple*"
    assert page.input_value("#f-resultats-0-valeur") == "plus de 43 000"
    assert page.input_value("#f-resultats-0-annee") == "2016"
    assert page.input_value("#f-essaime_a-1-commune") == "Roubaix"
    assert page.input_value("#f-verifie_le") == "2026-11-30"
    assert page.is_checked("#f-etat-en-activite") and page.is_checked("#f-changement_echelle-duplication")
    page.fill("#f-moyens-etp", "3")
    page.click("#proposer button[type=submit]")
    assert page.is_visible("#proposer-envoi"), (page.inner_text("#proposer-erreurs"), errors)
    written = page.text_content("#proposer-apercu")
    context.close()
    meta = yaml.safe_load(written.split("---\n")[1])
    expected = _meta()
    expected["moyens"]["etp"] = 3
    for key in NEW_KEYS:
        assert meta[key] == expected[key], key
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "reproductible.md").write_text(written, encoding="utf-8")
    from scripts.sheets.load import load
    from scripts.sheets.validate import validate
    assert validate([load(cases / "reproductible.md", tmp_path)]) == []


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_refuses_a_bad_staff_number_at_its_field(served, browser):
    """A negative number of full-time equivalents is refused at the resources, before anything is sent."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(served + routes.proposer() + "?cas=reproductible")
    page.wait_for_selector("#proposer[data-pret=oui]")
    page.fill("#f-moyens-etp", "-1")
    page.click("#proposer button[type=submit]")
    assert not page.is_visible("#proposer-envoi")
    assert "hors limites" in page.inner_text("#erreur-moyens")
    context.close()


# --- Whose reading it is (item 3) and the study's figures as results (item 5) -------------------



def _real_build():
    from scripts import core
    return dict(core.build(ROOT / "cases").pages)


@pytest.fixture(scope="module")
def real_pages():
    return _real_build()


def test_a_study_case_marks_the_bases_own_classifications(real_pages):
    page = real_pages[routes.case_source("citeslab")]
    box = page[page.index('<dl class="cas-fiche">'):page.index("</dl>")]
    mark = f'<span class="cas-lecture">({schema.BASE_READING_MARK})</span>'
    rows = re.findall(r"<dt[^>]*>(.*?)</dt>\s*<dd[^>]*>(.*?)</dd>", box, re.DOTALL)
    marked = [title for title, value in rows if mark in value]
    # citeslab has no formes nor impacts: porteur (its type), categories, impact and axes are marked
    assert marked == ["Porteur", "Catégories d'innovation", "Impact prédominant", "Axes opérationnels"]
    assert "Échelle" not in marked, "the scale is the heading the study gives the case"
    assert schema.BASE_READING_NOTE in html.unescape(box)


def test_a_contribution_has_no_mark(built):
    _, out = built
    assert schema.BASE_READING_MARK not in _page(out, "reproductible")


def test_the_data_page_says_whose_reading_it_is(real_pages):
    page = real_pages[routes.source(routes.data())]
    assert schema.BASE_READING_NOTE in html.unescape(page)
    for key in schema.BASE_READING:
        assert f"`{key}`" in page


def _study_sheets():
    from scripts.sheets.load import load_all
    sheets, _ = load_all(ROOT / "cases", ROOT)
    return [s for s in sheets if s.meta["statut"] in ("etude-de-cas", "experience-citee")]


def test_every_result_of_a_study_sheet_is_quoted_from_the_synthesis():
    """Never invented: each value is the study's own words, its source the sheet's study source, and its
    line of the synthesis quoted in the sheet (a comment « … » just above it)."""
    # The synthesis is not in the repository: its fingerprint and its numbers are (tests/empreinte.py).
    study_windows, study_numbers = empreinte.read_fingerprint(), empreinte.read_numbers()
    counted = {}
    for sheet in _study_sheets():
        raw = (ROOT / sheet.rel).read_text(encoding="utf-8")
        for r in sheet.meta.get("resultats", []):
            assert r["source"] in [s["titre"] for s in sheet.meta["sources"]] and "synthèse, CGET" in r["source"]
            quote = re.search(r"# « (.*) »\n  - indicateur: " + re.escape(json.dumps(r["indicateur"],
                                                                                       ensure_ascii=False)), raw)
            assert quote, (sheet.rel, r["indicateur"])
            line = quote.group(1)
            assert empreinte.numbers(line) <= study_numbers, (sheet.rel, line)
            assert {h for h, _ in empreinte.windows(line)} <= study_windows, (sheet.rel, line)
            assert r["valeur"] in line or r["valeur"] == "la troisième", (sheet.rel, r["valeur"])
            if "annee" in r:
                assert str(r["annee"]) in line
            counted[sheet.stem] = counted.get(sheet.stem, 0) + 1
    assert counted == {"citeslab": 3, "euratechnologies": 5, "compte-nickel": 2, "dynamique-emploi-dans-les-quartiers": 1,
                       "studiobjet": 1, "coursive-boutaric": 1, "creche-les-lucioles": 1, "banlieue-et-connect": 1}


def test_no_study_sheet_has_a_fact_the_study_does_not_give():
    """No website, contact, budget, situation or replication place for the study's cases: the synthesis gives none."""
    for sheet in _study_sheets():
        for key in ("site_web", "contact", "moyens", "etat", "verifie_le", "essaime_a", "changement_echelle"):
            assert key not in sheet.meta, (sheet.rel, key)


def test_the_personal_data_page_says_what_a_sheet_publishes(real_pages):
    """contact is an organisation's public contact: the form says so where it asks it (its help), and the
    personal-data page says what is published."""
    page = html.unescape(re.sub(r"<[^>]+>", "", real_pages[routes.source(routes.privacy())]))
    assert "Ce que les fiches publient" in page
    assert "jamais l'adresse électronique, le téléphone ou l'adresse postale personnels de quelqu'un" in page
    assert "jamais l'adresse personnelle de quelqu'un" in schema.FIELDS["contact"].help


# --- New ways in (item 4) --------------------------------------------------------------------

def test_the_home_page_counts_the_reproducible_cases(built):
    _, out = built
    home = (out / "index.md").read_text(encoding="utf-8")
    part = home[home.index('id="pour-reproduire"'):home.index("</section>", home.index('id="pour-reproduire"'))]
    # reproductible (results, places) and citeslab (results) of the five sheets; one situation checked
    assert f'href="{routes.search()}?reproductible=oui">Avec des résultats ou des lieux d\'essaimage</a> ' \
           '<span class="accueil-compte">2 cas</span>' in part
    assert 'Situation vérifiée</a> <span class="accueil-compte">1 cas</span>' in part
    assert f"{schema.NOT_CHECKED}</a> <span class=\"accueil-compte\">4 cas</span>" in part


def test_the_case_page_carries_the_new_search_filters(built):
    _, out = built
    page = _page(out, "reproductible")
    for facet in ("reproductible:oui", "situation:en-activite", "budget:50k-200k", "changement_echelle:duplication",
                  "changement_echelle:fertilisation"):
        assert f'data-pagefind-filter="{facet}"' in page, facet
    bare = _page(out, "national")
    assert 'data-pagefind-filter="situation:non-verifiee"' in bare and "reproductible:" not in bare


@pytest.mark.slow
@pytest.mark.browser
def test_the_search_lists_the_reproducible_cases_and_filters_by_situation(served, browser):
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(served + routes.search() + "?reproductible=oui")
    from playwright.sync_api import expect
    expect(page.locator("#recherche-liste li a")).to_have_count(2)
    page.wait_for_selector("#recherche-facettes:not([aria-busy])", state="attached")  # drawn after the results
    hrefs = page.locator("#recherche-liste li a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert sorted(h.rstrip("/").rsplit("/", 1)[-1] for h in hrefs) == ["citeslab", "reproductible"]
    legends = page.locator("#recherche-facettes legend").all_inner_texts()
    assert {"Pour reproduire", "Situation", "Budget annuel", "Changement d'échelle"} <= set(legends)
    page.goto(served + routes.search() + "?situation=non-verifiee")
    expect(page.locator("#recherche-liste li a")).to_have_count(4)
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_refuses_a_result_whose_source_is_not_a_source_of_the_sheet(served, browser):
    """The rule schema.json cannot say (schema.ITEM_RULES) is checked by the form too, at the result's row."""
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(served + routes.proposer() + "?cas=reproductible")
    page.wait_for_selector("#proposer[data-pret=oui]")
    page.fill("#f-resultats-1-source", "Un rapport que la fiche ne cite pas")
    page.click("#proposer button[type=submit]")
    assert not page.is_visible("#proposer-envoi")
    assert "« Un rapport que la fiche ne cite pas » n'est pas une des sources de la fiche" in \
        page.inner_text("#erreur-resultats-1")
    assert page.inner_text("#erreur-resultats-0") == ""
    context.close()


@pytest.mark.slow
@pytest.mark.browser
def test_the_print_sheet_carries_reproduire_and_the_marks(served, browser):
    """Printed, a case page keeps « Reproduire ce projet » and the base's marks (tests/artifacts/)."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 794, "height": 1123})
    page = context.new_page()
    for ident in ("reproductible", "citeslab"):
        page.goto(served + routes.case(ident))
        page.emulate_media(media="print")
        assert page.locator("section.cas-reproduire").is_visible()
        assert page.locator("section.cas-reproduire").inner_text().startswith("Reproduire ce projet")
        if ident == "citeslab":
            assert page.locator(".cas-lecture").first.is_visible()
            assert "plus de 43 000" in page.locator("section.cas-reproduire").inner_text()
        else:
            assert "De 50 000 à 200 000 €" in page.locator("section.cas-reproduire").inner_text()
        page.screenshot(path=str(ARTIFACTS / f"reproduire-impression-{ident}.png"), full_page=True)
    context.close()
