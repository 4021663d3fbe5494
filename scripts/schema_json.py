"""The JSON Schema (draft 2020-12) of a sheet's front matter and the Table Schema
of the CSV export, both derived from `schema.FIELDS`.

Published at /donnees/schema.json and /donnees/schema-csv.json.
"""

from __future__ import annotations

from . import schema
from .schema import FIELDS, Field

SCHEMA_ID = "https://base-innovation-qpv.example/donnees/schema.json"

_URL = {"type": "string", "pattern": "^[hH][tT][tT][pP][sS]?://\\S+$", "maxLength": schema.MAX_STRING}


def _text(f: Field) -> dict:
    return {"type": "string", "minLength": f.min_length, "maxLength": f.max_length or schema.MAX_STRING,
            "pattern": "\\S"}


def _enum(f: Field) -> dict:
    return {"enum": list(schema.VOCABULARIES[f.vocabulary])}


def _list(item: dict, f: Field, unique: bool = True) -> dict:
    out = {"type": "array", "items": item, "maxItems": schema.MAX_LIST_ITEMS}
    if f.min_items:
        out["minItems"] = f.min_items
    if unique:
        out["uniqueItems"] = True
    return out


def _property(f: Field) -> dict:
    kind = f.kind
    if kind == "text":
        return _text(f)
    if kind == "slug":
        return {"type": "string", "pattern": schema.ID_PATTERN, "maxLength": f.max_length}
    if kind == "vocab":
        return _enum(f)
    if kind == "vocab_list":
        return _list(_enum(f), f)
    if kind == "axes":
        return _list({"type": "integer", "enum": list(schema.AXES)}, f)
    if kind == "bool":
        return {"type": "boolean"}
    if kind == "year":
        return {"type": "integer", "minimum": schema.YEAR_MIN, "maximum": schema.current_year()}
    if kind == "date":
        return {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}
    if kind == "url":
        return dict(_URL)
    if kind == "coords":
        number = {"type": "number"}
        return {"type": "object", "properties": {"lat": number, "lon": number},
                "required": ["lat", "lon"], "additionalProperties": False}
    if kind == "qpv":
        return _list({"type": "object",
                      "properties": {"code": {"type": "string", "pattern": schema.QPV_PATTERN},
                                     "nom": {"type": "string", "minLength": 1, "maxLength": 200, "pattern": "\\S"}},
                      "required": ["code", "nom"], "additionalProperties": False}, f, unique=False)
    if kind == "sources":
        return _list({"type": "object",
                      "properties": {"titre": {"type": "string", "minLength": 1, "maxLength": 300, "pattern": "\\S"},
                                     "url": dict(_URL)},
                      "required": ["titre"], "additionalProperties": False}, f, unique=False)
    if kind == "id_list":
        return _list({"type": "string", "pattern": schema.ID_PATTERN, "maxLength": schema.ID_MAX}, f)
    raise ValueError(kind)


def front_matter_schema() -> dict:
    """What an editor can check a sheet's front matter against while it is typed.

    Cross-field rules are expressed where JSON Schema can (commune with a
    non-national échelle, département with commune); the others (impacts not
    repeating impact_principal, id = file name, unique ids, body rules) need
    the validator.
    """
    properties = {}
    for key, f in FIELDS.items():
        prop = _property(f)
        prop["description"] = f.help
        properties[key] = prop
    return {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "$id": SCHEMA_ID,
        "title": "Fiche de cas de la base de projets innovation et QPV",
        "description": "En-tête YAML d'une fiche cases/<id>.md. Contrat : CONTRIBUTING.md.",
        "type": "object",
        "properties": properties,
        "required": schema.REQUIRED,
        "additionalProperties": False,
        "allOf": [
            {"if": {"properties": {"echelle": {"enum": ["locale", "regionale"]}}, "required": ["echelle"]},
             "then": {"required": ["commune"]}},
            {"dependentRequired": {"commune": ["departement"], "departement": ["commune"]}},
        ],
    }
