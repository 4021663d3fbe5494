"""The command that checks case sheets: `python -m scripts.validate [--github] [FICHIER ...]`
(all sheets of cases/ when no file is given), every problem in French, with its line.

When every sheet passes, the site is made in memory (nothing written) to check the links between
pages: a body's link to another case or to an anchor.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from scripts import core
from scripts.contract.problems import Problem
from scripts.sheets.load import display_path, load, load_all
from scripts.sheets.validate import validate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.validate",
                                     description="Vérifie les fiches de cas (toutes celles de cases/ par défaut).")
    parser.add_argument("fichiers", nargs="*", type=Path, help="fiches à vérifier")
    parser.add_argument("--github", action="store_true",
                        help="ajoute des annotations GitHub (automatique si GITHUB_ACTIONS est défini)")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches (défaut : cases)")
    args = parser.parse_args(argv)
    root = args.cases.resolve().parent
    # Links between pages (a body's link to another case, an anchor) need every page of the site: the
    # core builds it in memory, as `mkdocs build` does, and nothing is written.
    if args.fichiers:
        # Uniqueness and links need every sheet: the core checks them all once (then builds the site
        # in memory when all pass); only the files asked for are reported.
        wanted = {display_path(f, root) for f in args.fichiers}
        built = core.build(args.cases, root)
        problems = [p for p in built.problems if p.file in wanted]
        inside = {display_path(f, root) for f in args.cases.glob("*.md")}
        outside = [f for f in args.fichiers if display_path(f, root) not in inside]
        outside = [f for f in outside if not f.name.startswith("_") and f.suffix == ".md"]
        problems += [Problem(display_path(f, root), 1, "fichier", "fichier introuvable")
                     for f in outside if not f.exists()]
        if any(f.exists() for f in outside):  # a sheet outside cases/: checked beside every other (ids)
            sheets, _ = load_all(args.cases, root)
            extra = [load(f, root) for f in outside if f.exists()]
            problems += [p for p in validate(sheets + extra) if p.file in {s.rel for s in extra}]
    else:
        # The core loads and checks every sheet itself, then builds the site when all pass: each body
        # is read once (a sheet at the size limit costs seconds per reading).
        built = core.build(args.cases, root)
        problems = built.problems
    problems.sort()
    github = args.github or bool(os.environ.get("GITHUB_ACTIONS"))
    for p in problems:
        print(p)
        if github:
            print(p.github())
    checked = len(args.fichiers) if args.fichiers else built.sheets
    if problems:
        files = len({p.file for p in problems})
        print(f"\n{len(problems)} problème(s) dans {files} fichier(s) ; {checked} fiche(s) vérifiée(s).",
              file=sys.stderr)
        return 1
    print(f"{checked} fiche(s) vérifiée(s) : aucun problème.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
