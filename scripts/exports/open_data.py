"""Open data: /donnees/cas.json, cas.csv, cas.xlsx, cas-excel.csv, schema.json, schema-csv.json,
and the whole base for reference managers (cas.ris, cas.bib).

cas.json: every front-matter key plus the derived `region`, `orientations`,
`url`, and the body under `texte`; sorted by id.
cas.csv: UTF-8 with a byte-order mark (spreadsheets then read accents right),
comma-separated, RFC 4180 quoting, one row per case, list values joined with
" | "; cells that a spreadsheet would read as a formula are prefixed with '.
cas.xlsx and cas-excel.csv (`;`, UTF-8 with BOM: French Excel opens it on a
double-click) are for people: labels beside codes, absolute URLs, the body as
plain text on one line.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

import xlsxwriter

from scripts.contract import routes, schema
from scripts.contract.fields import LIST_SEPARATOR, Choice, Column, Field, Month  # noqa: F401 (LIST_SEPARATOR: read from here too)
from scripts.contract.schema import FIELDS
from scripts.exports import references
from scripts.exports.schema_json import front_matter_schema
from scripts.sheets import safe_markdown
from scripts.sheets.dates import STUDY_DATE

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# The derived values of cas.json and cas.csv (schema.DERIVED), after the front matter's keys.
DERIVED = tuple(key for key, derived in schema.DERIVED.items() if derived.data)
DERIVED_HELP = {key: schema.DERIVED[key].field.help for key in DERIVED}


def _json_value(value):
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def record(case: dict) -> dict:
    """One case as published in cas.json, keys in the contract's order."""
    out = {key: _json_value(case[key]) for key in FIELDS if key in case}
    for key in DERIVED:
        if key in case:
            out[key] = case[key]
    return out


def to_json(cases: list[dict]) -> str:
    records = [record(c) for c in sorted(cases, key=lambda c: c["id"])]
    return json.dumps(records, ensure_ascii=False, indent=1, sort_keys=False) + "\n"


def _table_columns() -> list[tuple[str, Field, Column]]:
    """cas.csv's columns, each with its key and field: the contract's keys in order, then the
    derived values; each field's kind makes its own (`coordonnees` makes `latitude` and `longitude`)."""
    fields = [*FIELDS.items(), *((key, schema.DERIVED[key].field) for key in DERIVED)]
    return [(key, field, column) for key, field in fields for column in field.table_columns(key)]


def csv_columns() -> list[str]:
    return [column.name for _, _, column in _table_columns()]


def _neutral(text: str) -> str:
    """A cell a spreadsheet would read as a formula, prefixed with '."""
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(case: dict) -> dict:
    row = {}
    for key, _, column in _table_columns():
        value = case.get(key)
        text = "" if value is None else column.cell(value)
        row[column.name] = _neutral(text) if column.type == "string" else text
    return row


def to_csv(cases: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for case in sorted(cases, key=lambda c: c["id"]):
        writer.writerow(csv_row(case))
    return "\ufeff" + buffer.getvalue()


def table_schema() -> dict:
    """Table Schema (frictionless / schema.data.gouv.fr) of cas.csv, derived from schema.FIELDS and schema.DERIVED."""
    fields = []
    for key, f, column in _table_columns():
        field = {"name": column.name, "type": column.type, "description": column.help}
        if column.whole and key in FIELDS:
            field["title"] = f.label
        if column.type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        constraints = {}
        if column.whole and f.required:
            constraints["required"] = True
        if key == "id":  # the primary key
            constraints["unique"] = True
            constraints["pattern"] = f.pattern.strip("^$")
        if column.whole and isinstance(f, Choice):
            constraints["enum"] = list(f.choices)
        if constraints:
            field["constraints"] = constraints
        fields.append(field)
    return {
        "$schema": "https://frictionlessdata.io/schemas/table-schema.json",
        "name": "cas",
        "title": "Cas de la base de projets innovation et QPV",
        "description": "Une ligne par cas ; les listes sont jointes par « | » ; une cellule qui commencerait "
                       "par = + - @ est précédée d'une apostrophe.",
        "fields": fields,
        "primaryKey": ["id"],
        "missingValues": [""],
    }


_PLAIN: dict[str, str] = {}  # plain_text's results: each body is read by several files


def plain_text(markdown: str) -> str:
    """« ## Impacts\n\nDes **emplois** » -> « Impacts. Des emplois »: no Markdown syntax, no line break."""
    known = _PLAIN.get(markdown)
    if known is None:
        known = safe_markdown.plain_text(markdown)
        _remember({markdown: known})
    return known


def _remember(plain: dict[str, str]) -> None:
    if len(_PLAIN) + len(plain) > 100_000:  # bounded across the builds of a long `mkdocs serve`
        _PLAIN.clear()
    _PLAIN.update(plain)


def absolute_url(case: dict, site_url: str) -> str:
    """The case page's URL: absolute when the site address is known, else an absolute path."""
    return site_url.rstrip("/") + case["url"]


class _Writer:
    """What the spreadsheets do with a page's path and with the body (fields.SheetWriter)."""

    def __init__(self, site_url: str):
        self.site_url = site_url

    def absolute(self, path: str) -> str:
        return self.site_url.rstrip("/") + path

    def plain_text(self, markdown: str) -> str:
        return plain_text(markdown)


def _sheet_keys() -> list[str]:
    """The keys of the spreadsheets, in order: the contract's, each derived value after the key it
    follows (schema.DERIVED), the others at the end."""
    following: dict[str | None, list[str]] = {}
    for key, derived in schema.DERIVED.items():
        if derived.after is not None and derived.after not in FIELDS:
            raise ValueError(f"schema.DERIVED[{key!r}] suit {derived.after!r}, qui n'est pas une clé de FIELDS")
        following.setdefault(derived.after, []).append(key)
    keys = [k for key in FIELDS for k in (key, *following.get(key, ()))]
    return keys + following.get(None, [])


# The spreadsheet columns (cas.xlsx, cas-excel.csv): each field's kind makes its own (fields.Column): a
# vocabulary its code (on the « Codes » sheet) and its label (on the first sheet, for people), a point its
# latitude and longitude, a list its items joined, a page or a site its clickable address.
def _columns(site_url: str) -> list[tuple[str, Column]]:
    out = _Writer(site_url)
    columns = []
    for key in _sheet_keys():
        field = FIELDS[key] if key in FIELDS else schema.DERIVED[key].field
        if field.in_sheet:
            columns += [(key, column) for column in field.sheet_columns(key, out)]
    return columns


def _getter(key: str, column: Column):
    return lambda case: None if case.get(key) is None else column.cell(case[key])


def _sheet_columns(site_url: str) -> list[tuple[str, str, object]]:
    """(name, description, value of a case) of every column, people's and codes."""
    return [(column.name, column.help, _getter(key, column)) for key, column in _columns(site_url)]


def sheet_columns(site_url: str = "/") -> list[tuple[str, str]]:
    """(name, description) of each column of the spreadsheets, those of the first sheet and the codes."""
    return [(name, help) for name, help, _ in _sheet_columns(site_url)]


def people_columns(site_url: str = "/") -> list[Column]:
    """The columns of the first sheet of cas.xlsx and of cas-excel.csv: plain-French headers, words."""
    return [column for _, column in _columns(site_url) if not column.code]


def code_columns(site_url: str = "/") -> list[Column]:
    """The columns of the « Codes » sheet: the id, then every code the first sheet says in words."""
    columns = _columns(site_url)
    return [column for key, column in columns if key == "id"] + [column for _, column in columns if column.code]


def _rows(cases: list[dict], site_url: str, columns: list[Column]) -> list[list]:
    keyed = {column.name: key for key, column in _columns(site_url)}
    getters = [_getter(keyed[column.name], column) for column in columns]
    return [[get(case) for get in getters] for case in sorted(cases, key=lambda c: c["id"])]


def sheet_rows(cases: list[dict], site_url: str) -> list[list]:
    """The rows of every column of `sheet_columns`."""
    getters = [get for _, _, get in _sheet_columns(site_url)]
    return [[get(case) for get in getters] for case in sorted(cases, key=lambda c: c["id"])]


def people_rows(cases: list[dict], site_url: str) -> list[list]:
    return _rows(cases, site_url, people_columns(site_url))


def _french_number(value: float | int) -> str:
    """« 43,2965 »: French Excel reads a decimal point as text."""
    return repr(value).replace(".", ",") if isinstance(value, float) else str(value)


def _french_cell(value) -> str:
    """A cell of cas-excel.csv as French Excel reads it: dates dd/mm/yyyy (a month mm/yyyy), decimal
    commas, and a text it would read as a formula prefixed with '."""
    if value is None:
        return ""
    if isinstance(value, Month):
        return value.strftime("%m/%Y")
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return _french_number(value)
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_excel_csv(cases: list[dict], site_url: str) -> str:
    """For French Excel: the first sheet of the workbook (plain-French headers, labels), `;` separator,
    decimal commas, UTF-8 with BOM, CRLF, one physical line per case."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([column.header for column in people_columns(site_url)])
    for row in people_rows(cases, site_url):
        writer.writerow([_french_cell(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def newest_date(cases: list[dict]) -> datetime.date | None:
    return max((c["date"].value for c in cases if c.get("date")), default=None)


# Readable widths (characters) by column name; a date, a number or a code is narrow, a link wide.
WIDTHS = {"id": 26, "commune": 18, "titre": 30, "resume": 60, "porteur": 28, "texte": 80, "sources": 50, "url": 52, "site_web": 35,
          "categories_libelles": 34, "axes_libelles": 50, "orientations_libelles": 50, "qpv": 30,
          "impacts_libelles": 34, "impact_principal_libelle": 30, "statut_libelle": 28, "type_porteur_libelles": 26, "epci_nom": 30}
MAX_URL = 2000  # longer addresses stay text (spreadsheets refuse them as links)


def _width(column: Column) -> int:
    if column.name in WIDTHS:
        return WIDTHS[column.name]
    if column.type == "number":
        return 11
    return max(12, min(24, len(column.header) + 2))


def _write(sheet, r: int, col: int, value, formats: dict) -> None:
    if value is None or value == "":
        return
    if isinstance(value, Month):
        sheet.write_datetime(r, col, datetime.datetime(value.year, value.month, 1), formats["month"])
    elif isinstance(value, datetime.date):
        sheet.write_datetime(r, col, datetime.datetime(value.year, value.month, value.day), formats["date"])
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        sheet.write_number(r, col, value)
    else:
        sheet.write_string(r, col, str(value), formats["text"])


def to_xlsx(cases: list[dict], site_url: str) -> bytes:
    """The workbook for a town hall, usable as it is: « Cas » (plain-French headers, labels, dates as
    dates, clickable links, readable widths, frozen header, filters, printable on A4 landscape),
    « Codes » (the codes of the same rows, by id) and « Colonnes » (what each column holds).

    Byte-identical for the same cases: the document's dates are the newest sheet
    date, and XlsxWriter dates the parts of the archive 1 January 1980.
    """
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(buffer, {"in_memory": True, "strings_to_formulas": False,
                                        "strings_to_urls": False, "strings_to_numbers": False})
    stamp = newest_date(cases) or STUDY_DATE
    book.set_properties({"title": f"Cas de la {references.BASE}", "author": references.BASE,
                         "comments": f"D'après l'étude {references.STUDY}. Licence Ouverte 2.0.",
                         "created": datetime.datetime(stamp.year, stamp.month, stamp.day,
                                                      tzinfo=datetime.timezone.utc)})
    head = book.add_format({"bold": True, "bg_color": "#E8EAF6", "border": 1, "text_wrap": True, "valign": "top"})
    formats = {"date": book.add_format({"num_format": "dd/mm/yyyy", "valign": "top", "align": "left"}),
               "month": book.add_format({"num_format": "mmmm yyyy", "valign": "top", "align": "left"}),
               "text": book.add_format({"valign": "top"}),
               "link": book.add_format({"font_color": "#1F4E9E", "underline": 1, "valign": "top"})}
    people = people_columns(site_url)
    sheet = book.add_worksheet("Cas")
    for col, column in enumerate(people):
        sheet.write_string(0, col, column.header, head)
        sheet.set_column(col, col, _width(column))
    rows = people_rows(cases, site_url)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if people[col].link and isinstance(value, str) and value.startswith(("https://", "http://")) \
                    and len(value) <= MAX_URL:
                sheet.write_url(r, col, value, formats["link"], string=value)
            else:
                _write(sheet, r, col, value, formats)
    sheet.set_row(0, 30)
    sheet.freeze_panes(1, 2)  # the header and the id and title stay in view
    sheet.autofilter(0, 0, max(len(rows), 1), len(people) - 1)
    # Printable: A4 landscape, one page wide, the header on every page, page numbers; the long text last
    # and out of the print area (it is on the case's page).
    sheet.set_landscape()
    sheet.set_paper(9)
    sheet.fit_to_pages(1, 0)
    sheet.repeat_rows(0)
    sheet.set_margins(left=0.4, right=0.4, top=0.6, bottom=0.6)
    sheet.set_header(f"&L&\"Calibri,Bold\"Cas de la {references.BASE}")
    sheet.set_footer("&LD'après l'étude du CGET (février 2017)&RPage &P sur &N")
    printed = [i for i, column in enumerate(people) if column.name != "texte"]
    sheet.print_area(0, 0, max(len(rows), 1), max(printed))
    codes = code_columns(site_url)
    code_sheet = book.add_worksheet("Codes")
    for col, column in enumerate(codes):
        code_sheet.write_string(0, col, column.name, head)
        code_sheet.set_column(col, col, max(12, min(30, len(column.name) + 4)))
    for r, row in enumerate(_rows(cases, site_url, codes), start=1):
        for col, value in enumerate(row):
            _write(code_sheet, r, col, value, formats)
    code_sheet.freeze_panes(1, 1)
    code_sheet.autofilter(0, 0, max(len(rows), 1), len(codes) - 1)
    doc = book.add_worksheet("Colonnes")
    for col, title in enumerate(("Onglet", "Colonne", "Contenu")):
        doc.write_string(0, col, title, head)
    doc.set_column(0, 0, 10)
    doc.set_column(1, 1, 30)
    doc.set_column(2, 2, 100)
    documented = [("Cas", column.header, column.help) for column in people]
    documented += [("Codes", column.name, column.help) for column in codes]
    for r, (tab, name, help) in enumerate(documented, start=1):
        doc.write_string(r, 0, tab)
        doc.write_string(r, 1, name)
        doc.write_string(r, 2, help)
    notes = [f"Source : {references.BASE}, d'après l'étude {references.STUDY} ({references.ANCT}).",
             "Licence : Licence Ouverte / Open Licence 2.0 (Etalab) : réutilisation libre, en citant la source.",
             "Listes : les valeurs sont séparées par « | ». L'onglet « Cas » donne les valeurs en toutes lettres ; "
             "l'onglet « Codes » donne, pour chaque identifiant, les codes des fiches (ceux de cas.csv)."]
    for r, note in enumerate(notes, start=len(documented) + 2):
        doc.write_string(r, 0, note)
    doc.freeze_panes(1, 0)
    book.close()
    return buffer.getvalue()


# The open-data files, by name under /donnees/, in the order of the data page and of `files`.
NAMES = ("cas.json", "cas.csv", "cas-excel.csv", "cas.xlsx", "cas.ris", "cas.bib", "schema.json", "schema-csv.json")


def paths() -> list[str]:
    """The open-data files' paths under the site, known before they are made."""
    return [routes.data(name) for name in NAMES]


def files(cases: list[dict], site_url: str = "/",
          reference_entries: tuple[dict[str, str], dict[str, str]] | None = None,
          plain: dict[str, str] | None = None) -> list[tuple[str, str | bytes]]:
    """The open-data files, as (path under the site, text or bytes).

    reference_entries: each case's (RIS, BibTeX) entries when already made (`references.entries`).
    plain: bodies' plain texts by body when already made (`safe_markdown.Body.plain`, from the reading
    that made the page: the body is not read again)."""
    ris, bib = reference_entries or (None, None)
    _remember(plain or {})
    made = {
        "cas.json": to_json(cases),
        "cas.csv": to_csv(cases),
        "cas-excel.csv": to_excel_csv(cases, site_url),
        "cas.xlsx": to_xlsx(cases, site_url),
        "cas.ris": references.to_ris(cases, site_url, ris),
        "cas.bib": references.to_bibtex(cases, site_url, bib),
        "schema.json": json.dumps(front_matter_schema(site_url), ensure_ascii=False, indent=1) + "\n",
        "schema-csv.json": json.dumps(table_schema(), ensure_ascii=False, indent=1) + "\n",
    }
    return [(routes.data(name), made[name]) for name in NAMES]
