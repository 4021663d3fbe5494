"""Contributor documentation generated from the contract (`schema.py`), never copied:

- the field and vocabulary tables of CONTRIBUTING.md, between `cog` markers
  (`cog -r CONTRIBUTING.md` rewrites them; the tests run `cog --check`);
- the commented template `cases/_modele.md` (`python -m scripts.docs` rewrites it;
  a test checks it is up to date);
- the acceptance criteria and the review steps (`contract/review.py`) on /contribuer/ and in the
  pull-request template, between `cog` markers too
  (`PYTHONPATH=. cog -r docs/contribuer/index.md .github/pull_request_template.md`).
"""

from __future__ import annotations

import datetime
import json
import sys
import textwrap
from pathlib import Path

from scripts.contract import review, schema
from scripts.contract.fields import Choice, Field, Group, List

ROOT = Path(__file__).resolve().parents[2]
TEMPLATE = ROOT / "cases" / "_modele.md"


def _status(key: str, field: Field) -> str:
    if field.required:
        return "obligatoire"
    if any(rule.key == key and "obligatoire" in rule.message for rule in schema.RULES):
        return "selon les cas"
    return "facultatif"


def _on(key: str, seen: frozenset = frozenset()) -> bool:
    """Whether the template writes a key uncommented: a required key, or one a rule requires when a
    key the template writes is there (commune with echelle, departement with commune; not verifie_le,
    required with etat, which the template leaves commented)."""
    field = schema.FIELDS[key]
    if field.required:
        return True
    return any(rule.key == key and "obligatoire" in rule.message
               and (rule.at is None or (rule.at not in seen and rule.at != key and _on(rule.at, seen | {key})))
               for rule in schema.RULES)


def _choices(field: Field) -> dict | None:
    inner = field.item if isinstance(field, List) else field
    return inner.choices if isinstance(inner, Choice) and inner.vocabulary != "departements" else None


def _cell(text: str) -> str:
    return text.replace("|", "\\|").replace("<", "&lt;")


def fields_table(narrow: bool = False) -> str:
    """| Clé | Dans le formulaire | Obligatoire | Type | Règle |, one row per key (the form's label, and its
    own words when the rule must speak of the file), then the rules between keys. `narrow`: only
    | Clé | Obligatoire | Règle |, for the site's page (a phone shows three columns without scrolling)."""
    header = ["Clé", "Obligatoire", "Règle"] if narrow else ["Clé", "Dans le formulaire", "Obligatoire", "Type", "Règle"]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for key, field in schema.FIELDS.items():
        kind = f"liste ({field.item.kind})" if isinstance(field, List) else field.kind
        if isinstance(field, List) and field.min_items:
            kind += f", {field.min_items} ou plus"
        asked = field.label if field.form_help == field.help else f"{field.label} : {field.form_help}"
        cells = ([f"`{key}`", _status(key, field), f"{kind} : {_cell(field.help)}"] if narrow else
                 [f"`{key}`", _cell(asked), _status(key, field), kind, _cell(field.help)])
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "Règles entre les champs :", ""]
    seen = set()
    for rule in schema.RULES:
        text = rule.message if "«" not in rule.message else None
        if text is None:  # one line for the family of « x est déjà impact_principal » rules
            text = "une valeur de `impacts` ne répète pas `impact_principal`"
        if text not in seen:
            seen.add(text)
            lines.append(f"- `{rule.key}` : {_cell(text)}")
    lines += ["", "Vérifié par la validation seule (le schéma JSON ne sait pas l'exprimer) :", ""]
    lines += [f"- {_cell(rule)}" for rule in schema.VALIDATOR_ONLY]
    return "\n".join(lines) + "\n"


def criteria(checklist: bool = False) -> str:
    """The acceptance criteria (contract/review.py), as a list, or as boxes to tick for a reviewer."""
    mark = "- [ ] " if checklist else "- "
    return "".join(f"{mark}**{name}**\u00a0: {text}\n" for name, text in review.CRITERIA)


def review_steps() -> str:
    """How a proposal is reviewed, step by step, and how long it takes (contract/review.py)."""
    lines = [f"{n}. **{name}**\u00a0: {text}" for n, (name, text) in enumerate(review.REVIEW, 1)]
    return "\n".join(lines) + "\n\n" + review.DELAY + "\n"


def vocabulary_table(name: str) -> str:
    lines = ["| Valeur | Libellé |", "|---|---|"]
    lines += [f"| `{slug}` | {label} |" for slug, label in schema.VOCABULARIES[name].items()]
    return "\n".join(lines) + "\n"


def axes_table() -> str:
    lines = ["| Axe | Orientation | Libellé court |", "|---|---|---|"]
    lines += [f"| {n} | {a.orientation} | {a.label} |" for n, a in schema.AXES.items()]
    return "\n".join(lines) + "\n"


# --- the template ------------------------------------------------------------------------

HEADER = """\
# Modèle de fiche de cas : base de projets innovation et QPV.
# (Fichier produit à partir du contrat, scripts/contract/schema.py : python -m scripts.docs)
#
# Mode d'emploi
# - Copiez ce fichier sous le nom cases/<id>.md, ou lancez depuis le dépôt :
#   make nouveau TITRE="Titre du projet"
# - Remplacez chaque valeur d'exemple et chaque « À compléter ».
# - Les lignes qui commencent par « # » suivi d'une espace sont des commentaires.
# - Une clé facultative est désactivée par un « # » collé à son nom
#   (#annee: 2015) : retirez ce « # » pour l'utiliser, ou laissez la ligne telle quelle.
# - Écrivez les textes entre guillemets droits "…", sur une seule ligne ; un guillemet
#   dans un texte s'écrit \\". Indentez avec des espaces, jamais avec des tabulations.
# - Chaque fait de la fiche doit venir des sources citées dans « sources ».
# - Vérifiez la fiche : python -m scripts.validate cases/<id>.md
# - Toutes les règles : CONTRIBUTING.md, ou la page « Contribuer » du site.
"""


def yaml_value(value) -> str:
    """A value as the template and the scaffold write it (flow style, strings double-quoted)."""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, str):
        if value in schema.VOCABULARIES["departements"]:
            return json.dumps(value)
        plain = value.replace("-", "").isalnum() and value.isascii() and not value[0].isdigit()
        return value if plain else json.dumps(value, ensure_ascii=False)
    if isinstance(value, list):
        return "[" + ", ".join(yaml_value(v) for v in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {yaml_value(v)}" for k, v in value.items()) + "}"
    raise TypeError(type(value))


def _comment(text: str) -> list[str]:
    return ["# " + line for line in textwrap.wrap(text, width=86)]


def template() -> str:
    lines = ["---", HEADER.rstrip("\n")]
    for key, field in schema.FIELDS.items():
        lines.append("")
        lines += _comment(f"{key} ({_status(key, field)}) : {field.help}.")
        choices = _choices(field)
        if choices:
            width = max(map(len, choices)) + 3
            lines += [f"#   {slug:<{width}}{label}" for slug, label in choices.items()]
        if isinstance(field, Group):
            for sub, inner in field.keys.items():
                if isinstance(inner, Choice):
                    width = max(map(len, inner.choices)) + 3
                    lines.append(f"#   {sub} :")
                    lines += [f"#     {slug:<{width}}{label}" for slug, label in inner.choices.items()]
        if key == "axes":
            lines += [f"#   {n}  {a.label}" for n, a in schema.AXES.items()]
        on = "" if _on(key) else "#"
        value = field.placeholder
        if key == "sources":
            lines.append("sources:")
            for source in value:
                lines.append(f"  - titre: {yaml_value(source['titre'])}")
                lines.append('    # url: "https://…"')
        else:
            lines.append(f"{on}{key}: {yaml_value(value)}")
    lines += ["---", ""]
    for heading, hint in schema.BODY_SECTIONS.items():
        lines += [f"## {heading}", "", f"À compléter : {hint}", ""]
    return "\n".join(lines)


def main() -> int:
    TEMPLATE.write_text(template(), encoding="utf-8")
    print(f"{TEMPLATE.relative_to(ROOT)} écrit à partir de scripts/contract/schema.py.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
