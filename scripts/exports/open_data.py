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
from scripts.contract.fields import LIST_SEPARATOR, Choice, Column, Field  # noqa: F401 (LIST_SEPARATOR: read from here too)
from scripts.contract.schema import FIELDS
from scripts.exports import references
from scripts.exports.schema_json import front_matter_schema
from scripts.sheets import plain
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


_PLAIN: dict[str, str] = {}  # plain_text's results: each body is read by 3 files and a page


def plain_text(markdown: str) -> str:
    """« ## Impacts\n\nDes **emplois** » -> « Impacts. Des emplois »: no Markdown syntax, no line break."""
    known = _PLAIN.get(markdown)
    if known is None:
        if len(_PLAIN) > 100_000:  # bounded across the builds of a long `mkdocs serve`
            _PLAIN.clear()
        known = _PLAIN[markdown] = plain.plain_text(markdown)
    return known


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


# The spreadsheet columns (cas.xlsx, cas-excel.csv): (name, description, value of a case), each
# field's kind making its own: a vocabulary has its labels in the column beside its codes
# (`…_libelle(s)`, `…_nom`), a point its latitude and longitude, a list its items joined.
def _sheet_columns(site_url: str) -> list[tuple[str, str, object]]:
    out = _Writer(site_url)
    columns = []
    for key in _sheet_keys():
        field = FIELDS[key] if key in FIELDS else schema.DERIVED[key].field
        if field.in_sheet:
            columns += [(column.name, column.help,
                         lambda case, key=key, cell=column.cell: None if case.get(key) is None else cell(case[key]))
                        for column in field.sheet_columns(key, out)]
    return columns


def sheet_columns(site_url: str = "/") -> list[tuple[str, str]]:
    """(name, description) of each column of cas.xlsx and cas-excel.csv."""
    return [(name, help) for name, help, _ in _sheet_columns(site_url)]


def sheet_rows(cases: list[dict], site_url: str) -> list[list]:
    getters = [get for _, _, get in _sheet_columns(site_url)]
    return [[get(case) for get in getters] for case in sorted(cases, key=lambda c: c["id"])]


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime.date):
        return value.isoformat()
    text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def to_excel_csv(cases: list[dict], site_url: str) -> str:
    """For French Excel: `;` separator, UTF-8 with BOM, CRLF, one physical line per case."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writerow([name for name, _ in sheet_columns(site_url)])
    for row in sheet_rows(cases, site_url):
        writer.writerow([_text(v) for v in row])
    return "\ufeff" + buffer.getvalue()


def newest_date(cases: list[dict]) -> datetime.date | None:
    return max((c["date"].value for c in cases if c.get("date")), default=None)


def to_xlsx(cases: list[dict], site_url: str) -> bytes:
    """The workbook: « Cas » (frozen header, filters) and « Colonnes » (what each column holds).

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
    date_format = book.add_format({"num_format": "dd/mm/yyyy"})
    columns = sheet_columns(site_url)
    sheet = book.add_worksheet("Cas")
    wide = {"titre": 30, "resume": 60, "porteur": 30, "texte": 80, "sources": 50, "url": 45}
    for col, (name, _) in enumerate(columns):
        sheet.write_string(0, col, name, head)
        sheet.set_column(col, col, wide.get(name, 18))
    rows = sheet_rows(cases, site_url)
    for r, row in enumerate(rows, start=1):
        for col, value in enumerate(row):
            if value is None or value == "":
                continue
            if isinstance(value, datetime.date):
                sheet.write_datetime(r, col, datetime.datetime(value.year, value.month, value.day), date_format)
            elif isinstance(value, (int, float)) and not isinstance(value, bool):
                sheet.write_number(r, col, value)
            else:
                sheet.write_string(r, col, str(value))
    sheet.freeze_panes(1, 1)
    sheet.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    doc = book.add_worksheet("Colonnes")
    doc.write_string(0, 0, "Colonne", head)
    doc.write_string(0, 1, "Contenu", head)
    doc.set_column(0, 0, 26)
    doc.set_column(1, 1, 100)
    for r, (name, help) in enumerate(columns, start=1):
        doc.write_string(r, 0, name)
        doc.write_string(r, 1, help)
    notes = [f"Source : {references.BASE}, d'après l'étude {references.STUDY} ({references.ANCT}).",
             "Licence : Licence Ouverte / Open Licence 2.0 (Etalab) : réutilisation libre, en citant la source.",
             "Listes : les valeurs sont séparées par « | ». Les codes sont ceux des fiches ; "
             "les colonnes …_libelle(s) les donnent en toutes lettres."]
    for r, note in enumerate(notes, start=len(columns) + 2):
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
          reference_entries: tuple[dict[str, str], dict[str, str]] | None = None) -> list[tuple[str, str | bytes]]:
    """The open-data files, as (path under the site, text or bytes).

    reference_entries: each case's (RIS, BibTeX) entries when already made (`references.entries`)."""
    ris, bib = reference_entries or (None, None)
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
