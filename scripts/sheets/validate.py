"""The checks of a case sheet against the contract: every problem, in French, with its line.

The command `python -m scripts.validate` is `tools/validate.py`.
"""

from __future__ import annotations

from scripts.contract.problems import Problem, shown, suggest
from scripts.contract.schema import FIELDS, ITEM_RULES, MISSING, RULES
from scripts.sheets import body as body_rules
from scripts.sheets.load import Sheet


def check_sheet(sheet: Sheet) -> None:
    """Record on the sheet every problem of its front matter and body."""
    meta = sheet.meta
    if meta is None or sheet.cached is not None:  # unreadable, or checked before (sheet cache)
        return
    for key in meta:
        if key not in FIELDS:
            hint = suggest(key, FIELDS) or " (voir la liste des clés dans CONTRIBUTING.md)"
            sheet.problem(key or "(clé vide)", "clé inconnue" + hint)
    for key, field in FIELDS.items():
        if key not in meta:
            if field.required:
                sheet.problem(key, MISSING, 1)
            continue
        passed = field.check(meta[key], _reporter(sheet, key))
        within = getattr(field, "within", None)  # a commune, checked in its department
        if passed and within in meta and FIELDS[within].check(meta[within], lambda *_: None):
            field.check_within(meta[key], meta[within], _reporter(sheet, key))
    for rule in RULES:
        if rule.broken(meta):
            sheet.problem(rule.key, rule.message, sheet.line(rule.at) if rule.at else 1)
    for item_rule in ITEM_RULES:
        for index, value, choices in item_rule.offending(meta):
            sheet.problem(item_rule.key, item_rule.message.format(valeur=shown(value),
                                                                  suggestion=suggest(value, choices)),
                          sheet.line(item_rule.key, index))
    ident = meta.get("id")
    if isinstance(ident, str) and FIELDS["id"].check(ident, lambda *_: None) and ident != sheet.stem:
        sheet.problem("id", f"« {shown(ident)} » diffère du nom du fichier « {shown(sheet.stem)}.md » : renommez "
                            f"le fichier en {shown(ident)}.md ou corrigez l'id")
    # The case's text, as the render reads it (the same lines: only blank lines are left out)
    for line, message in body_rules.check(sheet.text):
        sheet.problem("corps", message, sheet.text_line + line - 1)


def _reporter(sheet: Sheet, key: str):
    def report(message: str, index: int | None = None) -> None:
        sheet.problem(key, message, sheet.line(key, index))
    return report


def check_unique(sheets: list[Sheet]) -> None:
    """Ids are unique across every `id` and every `anciens_ids`. A clash is reported on
    each sheet involved, naming the other one, so that validating either file finds it."""
    claims: dict[str, list[tuple[Sheet, str, int | None]]] = {}
    for sheet in sheets:
        if sheet.meta is None:
            continue
        if isinstance(sheet.meta.get("id"), str):
            claims.setdefault(sheet.meta["id"], []).append((sheet, "id", None))
        anciens = sheet.meta.get("anciens_ids")
        if isinstance(anciens, list):
            for i, old in enumerate(anciens):
                if isinstance(old, str):
                    claims.setdefault(old, []).append((sheet, "anciens_ids", i))
    for ident, owners in claims.items():
        if len({id(sheet) for sheet, _, _ in owners}) < 2:
            continue
        for sheet, key, index in owners:
            others = sorted({o.rel for o, _, _ in owners if o is not sheet})
            sheet.problem(key, f"l'identifiant « {shown(ident)} » est aussi pris par {', '.join(others)} : "
                               "un identifiant (id ou anciens_ids) n'appartient qu'à une fiche", sheet.line(key, index))


def validate(sheets: list[Sheet]) -> list[Problem]:
    """Check every sheet; return all problems, sorted by file and line."""
    for sheet in sheets:
        check_sheet(sheet)
    check_unique(sheets)
    return sorted(p for sheet in sheets for p in sheet.problems)
