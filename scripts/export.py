"""Open data: /donnees/cas.json, cas.csv, schema.json and schema-csv.json.

cas.json: every front-matter key plus the derived `region`, `orientations`,
`url`, and the body under `texte`; sorted by id.
cas.csv: UTF-8 with a byte-order mark (spreadsheets then read accents right),
comma-separated, RFC 4180 quoting, one row per case, list values joined with
" | "; cells that a spreadsheet would read as a formula are prefixed with '.
"""

from __future__ import annotations

import csv
import datetime
import io
import json

from . import schema
from .schema import FIELDS
from .schema_json import front_matter_schema

LIST_SEPARATOR = " | "
DERIVED = ("region", "orientations", "url", "texte")
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


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


# CSV columns: the contract's keys in order, `coordonnees` split in two so a
# spreadsheet can use them; then the derived values.
def csv_columns() -> list[str]:
    columns = []
    for key in FIELDS:
        columns += ["latitude", "longitude"] if key == "coordonnees" else [key]
    return columns + list(DERIVED)


def _cell(key: str, value) -> str:
    if value is None:
        return ""
    if key == "qpv":
        text = LIST_SEPARATOR.join(f"{q['code']} {q['nom']}" for q in value)
    elif key == "sources":
        text = LIST_SEPARATOR.join(f"{s['titre']} ({s['url']})" if "url" in s else s["titre"] for s in value)
    elif isinstance(value, bool):
        text = "true" if value else "false"
    elif isinstance(value, list):
        text = LIST_SEPARATOR.join(str(v) for v in value)
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def csv_row(case: dict) -> dict:
    row = {}
    for column in csv_columns():
        if column in ("latitude", "longitude"):
            coords = case.get("coordonnees")
            row[column] = "" if coords is None else str(coords["lat" if column == "latitude" else "lon"])
        else:
            row[column] = _cell(column, case.get(column))
    return row


def to_csv(cases: list[dict]) -> str:
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=csv_columns(), lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    writer.writeheader()
    for case in sorted(cases, key=lambda c: c["id"]):
        writer.writerow(csv_row(case))
    return "\ufeff" + buffer.getvalue()


def table_schema() -> dict:
    """Table Schema (frictionless / schema.data.gouv.fr) of cas.csv, derived from schema.FIELDS."""
    fields = []
    for column in csv_columns():
        if column in ("latitude", "longitude"):
            fields.append({"name": column, "type": "number",
                           "description": f"{column} du point du cas (degrés décimaux), tirée de coordonnees"})
            continue
        f = FIELDS.get(column)
        field = {"name": column, "type": f.table_type if f else "string",
                 "description": f.help if f else DERIVED_HELP[column]}
        if f is not None:
            field["title"] = f.label
        if f and f.table_type == "boolean":
            field["trueValues"], field["falseValues"] = ["true"], ["false"]
        constraints = {}
        if f and f.required:
            constraints["required"] = True
        if column == "id":
            constraints["unique"] = True
            constraints["pattern"] = f.pattern.strip("^$")
        if isinstance(getattr(f, "choices", None), dict):
            constraints["enum"] = list(f.choices)
        if column == "region":
            constraints["enum"] = list(schema.REGIONS)
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


DERIVED_HELP = {
    "region": "région, déduite du département",
    "orientations": "orientations de l'étude, déduites des axes",
    "url": "adresse de la page du cas sur le site (chemin absolu)",
    "texte": "le texte de la fiche, en Markdown",
}


def files(cases: list[dict], site_url: str = "/") -> list[tuple[str, str]]:
    """The open-data files, as (path under the site, text)."""
    return [
        ("donnees/cas.json", to_json(cases)),
        ("donnees/cas.csv", to_csv(cases)),
        ("donnees/schema.json", json.dumps(front_matter_schema(site_url), ensure_ascii=False, indent=1) + "\n"),
        ("donnees/schema-csv.json", json.dumps(table_schema(), ensure_ascii=False, indent=1) + "\n"),
    ]
