"""Spreadsheets a town hall uses as they are (issue 31, contract §6): cas.xlsx's first sheet in plain
French with labels, the codes on a second sheet, dates as dates, clickable links, readable widths,
printable; cas-excel.csv with the same columns and decimal commas. Read back with openpyxl and csv."""

from __future__ import annotations

import csv
import datetime
import html
import io

import openpyxl
import pytest
from helpers import ROOT

from scripts import core
from scripts.contract import routes, schema
from scripts.contract.settings import Settings
from scripts.exports import open_data

SITE = "https://base.exemple.fr/"
ARTIFACTS = ROOT / "tests" / "artifacts"


@pytest.fixture(scope="module")
def built():
    result = core.build(ROOT / "cases", settings=Settings(site_url=SITE))
    assert result.problems == []
    files = dict(result.files)
    book = openpyxl.load_workbook(io.BytesIO(files[routes.data("cas.xlsx")]))
    text = files[routes.data("cas-excel.csv")]
    return result.cases, book, text


def _records(sheet) -> list[dict]:
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    return [dict(zip(header, row)) for row in rows[1:]]


def test_first_sheet_has_plain_french_headers_and_labels(built):
    _, book, _ = built
    assert book.sheetnames == ["Cas", "Codes", "Colonnes"]
    header = [c.value for c in book["Cas"][1]]
    assert header[:4] == ["Identifiant", "Titre", "Résumé", "Porteur"]
    for french in ("Commune", "Intercommunalité", "Département", "Région", "Impact prédominant",
                   "Catégories d'innovation", "Date de la fiche", "Adresse de la page"):
        assert french in header
    assert not [h for h in header if "_" in h or h.islower()], "en-têtes techniques sur le premier onglet"
    jobs = next(r for r in _records(book["Cas"]) if r["Identifiant"].value == "jobs-et-cite")
    assert jobs["Intercommunalité"].value == "Métropole de Lyon"
    assert jobs["Type d'intercommunalité"].value == "Métropole"
    assert jobs["Département"].value == "Rhône" and jobs["Région"].value == "Auvergne-Rhône-Alpes"
    assert jobs["Échelle"].value == schema.ECHELLE["locale"]
    values = {c.value for r in _records(book["Cas"]) for c in r.values()}
    assert "etude-de-cas" not in values and "locale" not in values  # codes only on « Codes »


def test_codes_are_on_the_second_sheet_by_id(built):
    cases, book, _ = built
    codes = {r["id"].value: r for r in _records(book["Codes"])}
    assert set(codes) == {c["id"] for c in cases}
    jobs = codes["jobs-et-cite"]
    assert jobs["departement"].value == "69" and jobs["code_insee"].value == "69256"
    assert jobs["epci_code"].value == "200046977" and jobs["statut"].value == "etude-de-cas"


def test_dates_are_dates(built):
    _, book, _ = built
    cells = [r["Date de la fiche"] for r in _records(book["Cas"])]
    assert cells and all(c.is_date and isinstance(c.value, datetime.datetime) for c in cells if c.value)
    study = [c for c in cells if c.value == datetime.datetime(2017, 2, 1)]
    assert study and all(c.number_format == "mmmm yyyy" for c in study)  # « février 2017 », no invented day


def test_links_are_clickable_and_absolute(built):
    cases, book, _ = built
    records = _records(book["Cas"])
    for record in records:
        cell = record["Adresse de la page"]
        assert cell.hyperlink is not None and cell.hyperlink.target == SITE + routes.case(record["Identifiant"].value)
    case = {**next(c for c in cases if c["id"] == "totem-mobi"), "site_web": "https://exemple.fr/projet?a=1"}
    sheet = openpyxl.load_workbook(io.BytesIO(open_data.to_xlsx([case], SITE)))["Cas"]
    (site,) = [r["Site web"] for r in _records(sheet)]
    assert site.hyperlink.target == site.value == "https://exemple.fr/projet?a=1"


def test_readable_widths_frozen_header_filters(built):
    _, book, _ = built
    sheet = book["Cas"]
    header = [c.value for c in sheet[1]]
    width = {name: sheet.column_dimensions[openpyxl.utils.get_column_letter(i + 1)].width
             for i, name in enumerate(header)}
    assert width["Résumé"] >= 50 and width["Titre"] >= 25 and width["Adresse de la page"] >= 40
    assert all(w >= 11 for w in width.values())
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")


def test_printable(built):
    _, book, _ = built
    sheet = book["Cas"]
    assert sheet.page_setup.orientation == "landscape" and sheet.page_setup.paperSize == 9  # A4
    assert sheet.sheet_properties.pageSetUpPr.fitToPage and sheet.page_setup.fitToWidth in (None, 1)  # 1: default
    assert sheet.page_setup.fitToHeight == 0  # as many pages down as needed
    assert sheet.print_title_rows in ("1:1", "$1:$1")
    assert "Page &P sur &N" in sheet.oddFooter.right.text
    texte = [c.value for c in sheet[1]].index("Texte")
    last = sheet.print_area.split(":")[-1].split("$")[1]  # 'Cas'!$A$1:$AC$24 -> AC
    assert openpyxl.utils.column_index_from_string(last) == texte  # every column but the long text


def test_the_columns_sheet_explains_both_sheets(built):
    _, book, _ = built
    rows = list(book["Colonnes"].iter_rows(min_row=2, values_only=True))
    assert ("Cas", "Intercommunalité", "intercommunalité : nom officiel") in rows
    assert ("Codes", "epci_code", "intercommunalité : numéro SIREN") in rows


def test_excel_csv_has_the_same_french_columns_and_decimal_commas(built):
    cases, book, text = built
    assert text.startswith("\ufeff")
    rows = list(csv.DictReader(io.StringIO(text.lstrip("\ufeff"), newline=""), delimiter=";"))
    assert list(rows[0]) == [c.value for c in book["Cas"][1]]
    located = [r for r in rows if r["Latitude"]]
    assert located and all("," in r["Latitude"] and "." not in r["Latitude"] for r in located)
    lat = next(c["coordonnees"]["lat"] for c in cases if c["id"] == located[0]["Identifiant"])
    assert float(located[0]["Latitude"].replace(",", ".")) == lat
    assert {r["Date de la fiche"] for r in rows} >= {"02/2017"}
    assert all(r["Adresse de la page"].startswith(SITE) for r in rows)


def test_new_declared_fields_reach_the_spreadsheets():
    """Every field of schema.FIELDS (the replication fields too, once declared) has its columns, by label."""
    names = {c.name for c in open_data.people_columns() + open_data.code_columns()}
    writer = open_data._Writer(SITE)
    for key, field in schema.FIELDS.items():
        if field.in_sheet:
            mine = field.sheet_columns(key, writer)
            assert mine and {c.name for c in mine} <= names, key
            assert [c for c in mine if not c.code], f"{key}: rien sur le premier onglet"


def _html_rendering(sheet) -> str:
    """The first sheet as a spreadsheet shows it: widths, header, dates in French, links."""
    months = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre"]
    letters = [openpyxl.utils.get_column_letter(i + 1) for i in range(sheet.max_column)]
    widths = [8.43] * len(letters)  # a spreadsheet's default width
    for dim in sheet.column_dimensions.values():  # a width may stand for a run of columns (min..max)
        for i in range(dim.min or 1, (dim.max or dim.min or 1) + 1):
            if i <= len(widths) and dim.width:
                widths[i - 1] = dim.width
    pixels = [round(w * 7 + 5) for w in widths]
    cols = "".join(f'<col style="width:{px}px">' for px in pixels)
    out = [f"<table style='width:{36 + sum(pixels)}px'><colgroup><col style='width:36px'>{cols}</colgroup><tr><th></th>"
           + "".join(f"<th class=l>{x}</th>" for x in letters) + "</tr>"]
    for r, row in enumerate(sheet.iter_rows(max_row=12), start=1):
        cells = []
        for cell in row:
            value = cell.value
            if cell.is_date and value is not None:
                text = (f"{months[value.month - 1]} {value.year}" if cell.number_format == "mmmm yyyy"
                        else value.strftime("%d/%m/%Y"))
            else:
                text = "" if value is None else str(value)
            body = html.escape(text)
            if cell.hyperlink is not None:
                body = f'<a href="#">{body}</a>'
            cls = "h" if r == 1 else ("n" if isinstance(value, (int, float)) or cell.is_date else "")
            cells.append(f'<td class="{cls}">{body}</td>')
        out.append(f"<tr><th>{r}</th>{''.join(cells)}</tr>")
    style = ("body{margin:0;font:13px Calibri,Carlito,'DejaVu Sans',sans-serif}table{border-collapse:collapse;"
             "table-layout:fixed}td,th{border:1px solid #d0d0d0;padding:2px 4px;white-space:nowrap;overflow:hidden;"
             "text-overflow:clip;height:18px;vertical-align:top}th{background:#f3f3f3;font-weight:normal;color:#555}"
             "td.h{background:#E8EAF6;font-weight:bold;white-space:normal;height:38px}td.n{text-align:left}"
             "a{color:#1F4E9E}tr:first-child th{position:sticky;top:0}")
    return f"<!doctype html><meta charset=utf-8><title>cas.xlsx</title><style>{style}</style>{''.join(out)}"


def test_screenshot_of_the_workbook_as_opened(built, browser):
    """No LibreOffice here: the first sheet rendered from what openpyxl reads (widths, types, links)."""
    _, book, _ = built
    ARTIFACTS.mkdir(exist_ok=True)
    page = browser.new_page(viewport={"width": 1366, "height": 520})
    page.set_content(_html_rendering(book["Cas"]))
    page.screenshot(path=str(ARTIFACTS / "cas-xlsx-1366.png"))
    # further right: the codes said in words, the dates and the links
    page.evaluate("[...document.querySelectorAll('td.h')].find(td => td.textContent == 'Sources')"
                  ".scrollIntoView({inline: 'start'})")
    page.screenshot(path=str(ARTIFACTS / "cas-xlsx-1366-droite.png"))
    page.close()
