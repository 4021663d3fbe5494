"""Validate case sheets against the contract; report every problem, in French.

Usage: python -m scripts.validate [--github] [FICHIER ...]
(all sheets of cases/ when no file is given).
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import body as body_rules
from .load import Sheet, display_path, load, load_all
from .problems import Problem, shown, suggest
from .schema import FIELDS, RULES


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
                sheet.problem(key, "clé obligatoire absente : ajoutez-la à l'en-tête", 1)
            continue
        field.check(meta[key], _reporter(sheet, key))
    for rule in RULES:
        if rule.broken(meta):
            sheet.problem(rule.key, rule.message, sheet.line(rule.at) if rule.at else 1)
    ident = meta.get("id")
    if isinstance(ident, str) and FIELDS["id"].check(ident, lambda *_: None) and ident != sheet.stem:
        sheet.problem("id", f"« {shown(ident)} » diffère du nom du fichier « {shown(sheet.stem)}.md » : renommez "
                            f"le fichier en {shown(ident)}.md ou corrigez l'id")
    for line, message in body_rules.check(sheet.body):
        sheet.problem("corps", message, sheet.body_line + line - 1)


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


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.validate",
                                     description="Vérifie les fiches de cas (toutes celles de cases/ par défaut).")
    parser.add_argument("fichiers", nargs="*", type=Path, help="fiches à vérifier")
    parser.add_argument("--github", action="store_true",
                        help="ajoute des annotations GitHub (automatique si GITHUB_ACTIONS est défini)")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches (défaut : cases)")
    args = parser.parse_args(argv)
    root = args.cases.resolve().parent
    sheets, problems = load_all(args.cases, root)
    if args.fichiers:
        # Uniqueness needs every sheet; report only the files asked for.
        wanted = {display_path(f, root) for f in args.fichiers}
        problems = [p for p in problems if p.file in wanted]
        missing = [f for f in args.fichiers if display_path(f, root) not in {s.rel for s in sheets}]
        for f in missing:
            if f.exists() and f.suffix == ".md" and not f.name.startswith("_"):
                sheets.append(load(f, root))
            elif not f.name.startswith("_") and f.suffix == ".md":
                problems.append(Problem(display_path(f, root), 1, "fichier", "fichier introuvable"))
        problems += [p for p in validate(sheets) if p.file in wanted]
    else:
        problems += validate(sheets)
    if not problems:
        # Links between pages (a body's link to another case, an anchor) need every page of the
        # site: the core builds it in memory, as `mkdocs build` does, and nothing is written.
        from . import site
        built = site.build(args.cases, root)
        problems = [p for p in built.problems if not args.fichiers or p.file in wanted]
    problems.sort()
    github = args.github or bool(os.environ.get("GITHUB_ACTIONS"))
    for p in problems:
        print(p)
        if github:
            print(p.github())
    checked = len(args.fichiers) if args.fichiers else len(sheets)
    if problems:
        files = len({p.file for p in problems})
        print(f"\n{len(problems)} problème(s) dans {files} fichier(s) ; {checked} fiche(s) vérifiée(s).",
              file=sys.stderr)
        return 1
    print(f"{checked} fiche(s) vérifiée(s) : aucun problème.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
