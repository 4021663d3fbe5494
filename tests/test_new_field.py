"""A field is declared once, in scripts/contract/schema.py, and every output derives from it: a
copy of the project with ONE new optional field in FIELDS, and a sheet that uses it, publishes
it in cas.json, cas.csv, cas.xlsx, cas-excel.csv, schema.json and schema-csv.json, asks it in
the form (its HTML, and the data the form's script reads to fill a correction and write the
sheet), and documents it for contributors (the fields table and the template)."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys

import openpyxl
import pytest
from helpers import ENV, GOLDEN, free_port, make_project, mkdocs, wait_for_port

from scripts.contract import routes

KEY = "partenaires"
LABEL = "Partenaires du projet"
HELP = "les partenaires du projet, en texte simple sur une ligne"
VALUE = "Ville de Marseille, Pôle emploi"
# The one declaration: an optional plain-text field, after `type_porteur`.
DECLARATION = (f'    "{KEY}": Text(max_length=300, label="{LABEL}", help="{HELP}", example="Ville de Marseille"),\n')
ANCHOR = '    "commune": Commune('

DOCS = """
import json, sys
from scripts.tools import docs
json.dump({"table": docs.fields_table(), "template": docs.template()}, sys.stdout, ensure_ascii=False)
"""


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    """The copy of the project with the new field, and a sheet (golden `complet`) that uses it."""
    tmp = tmp_path_factory.mktemp("champ")
    project = make_project(tmp, from_dir=GOLDEN / "valid")
    schema = project / "scripts" / "contract" / "schema.py"
    text = schema.read_text(encoding="utf-8")
    assert text.count(ANCHOR) == 1
    schema.write_text(text.replace(ANCHOR, DECLARATION + ANCHOR), encoding="utf-8")
    sheet = project / "cases" / "complet.md"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("\nporteur:", f'\n{KEY}: "{VALUE}"\nporteur:', 1),
                     encoding="utf-8")
    return project


@pytest.fixture(scope="module")
def built(project):
    """The pages and files of the copy (python -m scripts.build), and its contributor docs."""
    out = project.parent / "sortie"
    run = subprocess.run([sys.executable, "-m", "scripts.build", "--out", str(out), "--site-url",
                          "https://exemple.fr/"], cwd=project, env=ENV, capture_output=True, text=True, timeout=300)
    assert run.returncode == 0, run.stdout[-3000:] + run.stderr[-3000:]
    docs = subprocess.run([sys.executable, "-c", DOCS], cwd=project, env=ENV, capture_output=True, text=True,
                          timeout=120)
    assert docs.returncode == 0, docs.stderr[-3000:]
    return out, json.loads(docs.stdout)


def _form(out):
    """The form page's Markdown (its HTML inside) and the data its script reads."""
    page = (out / routes.source(routes.proposer())).read_text(encoding="utf-8")
    data = json.loads(re.search(r'<script type="application/json" id="proposer-donnees">(.*?)</script>', page).group(1))
    return page, data


def test_a_field_declared_once_reaches_every_output(built):
    out, docs = built
    data_dir = out / routes.data()

    record = next(c for c in json.loads((data_dir / "cas.json").read_text(encoding="utf-8")) if c["id"] == "complet")
    assert record[KEY] == VALUE, "cas.json"

    rows = list(csv.DictReader(io.StringIO((data_dir / "cas.csv").read_text(encoding="utf-8-sig"), newline="")))
    assert next(r for r in rows if r["id"] == "complet")[KEY] == VALUE, "cas.csv"
    table = json.loads((data_dir / "schema-csv.json").read_text(encoding="utf-8"))
    assert {"name": KEY, "type": "string", "description": HELP, "title": LABEL} in table["fields"], "schema-csv.json"

    book = openpyxl.load_workbook(data_dir / "cas.xlsx")
    header = [cell.value for cell in next(book["Cas"].iter_rows())]
    assert LABEL in header, "cas.xlsx: la colonne manque (en-tête en français : le libellé du champ)"
    line = next(row for row in book["Cas"].iter_rows(values_only=True) if row[0] == "complet")
    assert line[header.index(LABEL)] == VALUE, "cas.xlsx"
    assert ["Cas", LABEL, HELP] in [[c.value for c in row] for row in book["Colonnes"].iter_rows()], \
        "cas.xlsx, « Colonnes »"
    excel = list(csv.reader(io.StringIO((data_dir / "cas-excel.csv").read_text(encoding="utf-8-sig"), newline=""),
                            delimiter=";"))
    assert next(r for r in excel if r[0] == "complet")[excel[0].index(LABEL)] == VALUE, "cas-excel.csv"

    schema = json.loads((data_dir / "schema.json").read_text(encoding="utf-8"))
    assert schema["properties"][KEY]["title"] == LABEL and KEY not in schema["required"], "schema.json"

    page, data = _form(out)
    assert f'id="champ-{KEY}" data-cle="{KEY}" data-genre="texte"' in page and f'id="f-{KEY}"' in page, "formulaire"
    assert LABEL in page
    assert data["champs"][KEY] == "texte", "formulaire : les champs qu'une correction remplit"
    assert data["ecriture"][KEY] == "texte" and KEY in data["ordre"], "formulaire : l'écriture de la fiche"
    # Asked where it is declared, though formulaire.GROUPS does not name it: right after `type_porteur`.
    assert page.index('id="champ-type_porteur"') < page.index(f'id="champ-{KEY}"') < page.index('id="champ-site_web"')

    assert f"| `{KEY}` | {LABEL} | facultatif | texte | {HELP} |" in docs["table"], "CONTRIBUTING.md"
    assert f'\n#{KEY}: "Ville de Marseille"\n' in docs["template"], "cases/_modele.md"


@pytest.mark.slow
@pytest.mark.browser
def test_the_form_fills_the_new_field_of_a_case_to_correct(project, browser):
    """The form's script fills a correction from the data the page carries: the new field too, and
    the sheet it writes back keeps it."""
    site = project.parent / "site"
    result = mkdocs("build", "--site-dir", str(site), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1", "-d", str(site)],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        wait_for_port(port)
        page = browser.new_page()
        page.goto(f"http://127.0.0.1:{port}/{routes.proposer()}?cas=complet")
        page.wait_for_selector("#proposer[data-pret=oui]")
        assert page.input_value(f"#f-{KEY}") == VALUE
        page.click("#proposer button[type=submit]")
        assert page.is_visible("#proposer-envoi"), page.inner_text("#proposer-erreurs")
        assert f'\n{KEY}: "{VALUE}"\n' in page.text_content("#proposer-apercu")
        page.close()
    finally:
        server.terminate()
        server.wait(timeout=10)
