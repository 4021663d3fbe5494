"""The JSON Schema (draft 2020-12) of a sheet's front matter, derived from `schema.py`.

Published at /donnees/schema.json. Each property carries its French label, help and
`x-messages` (the validator's own message templates, keyed by JSON Schema keyword),
so an editor or the web form reports exactly what the validator would. The rules
between fields are in `allOf`, each with its `x-message`; what JSON Schema cannot
express is listed under `x-regles-du-validateur`.
"""

from __future__ import annotations

from scripts.contract import routes, schema

SCHEMA_PATH = routes.data("schema.json")


def front_matter_schema(site_url: str = "/") -> dict:
    """What an editor or the web form can check a sheet's front matter against."""
    rules = []
    for rule in schema.RULES:
        if rule.json_schema is not None:
            rules.append({**rule.json_schema, "x-cle": rule.key, "x-message": rule.message})
    out = {
        "$schema": "https://json-schema.org/draft/2020-12/schema",
        "title": "Fiche de cas de la base de projets innovation et QPV",
        "description": "En-tête YAML d'une fiche cases/<id>.md. Contrat : CONTRIBUTING.md.",
        "type": "object",
        "properties": {key: field.json_schema() for key, field in schema.FIELDS.items()},
        "required": schema.REQUIRED,
        "additionalProperties": False,
        "allOf": rules,
        "x-messages": {"required": schema.MISSING,
                       "additionalProperties": "clé inconnue (voir la liste des clés dans CONTRIBUTING.md)"},
        "x-regles-du-validateur": schema.VALIDATOR_ONLY,
    }
    if site_url.startswith(("http://", "https://")):
        out = {"$id": routes.absolute(site_url, SCHEMA_PATH), **out}
    return out
