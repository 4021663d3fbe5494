"""Standalone writer: the generated pages and data files, written to a folder.

Usage: python -m scripts.build --out DIR [--cases cases] [--docs docs]
Another static generator can publish DIR beside docs/.

DIR is replaced whole, so it must be a folder this command made (it leaves a
marker file in it), an empty folder or a new one: never the sources.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

from scripts.contract.settings import Settings
from scripts.core import build
from scripts.tools.history import git_dates

MARKER = ".sortie-scripts-build"  # written in every output folder: « this one may be replaced »


def refusal(out: Path, sources: list[Path], roots: list[Path]) -> str | None:
    """Why `out` may not be replaced, or None. It may be neither inside nor above a
    source folder (`sources`), nor the project itself or above it (`roots`)."""
    out = out.resolve()
    sources = [folder.resolve() for folder in sources]
    for folder in sources + [folder.resolve() for folder in roots]:
        inside = folder in out.parents and folder in sources
        if out == folder or out in folder.parents or inside:
            return (f"le dossier de sortie {out} contient ou est contenu dans {folder}, qui ne doit pas être "
                    "remplacé : choisissez un dossier à part (par exemple sortie/)")
    if out.exists() and not out.is_dir():
        return f"{out} existe et n'est pas un dossier"
    if out.is_dir() and not (out / MARKER).is_file() and any(out.iterdir()):
        return (f"le dossier {out} n'est pas vide et n'a pas été créé par cette commande : "
                "choisissez un dossier absent ou vide")
    return None


def write(result, out: Path) -> None:
    """Write into a temporary folder, then swap it in: never a half-written output."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    old = None
    try:
        for path, content in result.pages + result.files:
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        (tmp / MARKER).write_text("Dossier écrit par python -m scripts.build, remplacé à chaque construction.\n",
                                  encoding="utf-8")
        if out.exists():
            old = Path(tempfile.mkdtemp(prefix=".build-ancien-", dir=out.parent))
            os.replace(out, old / out.name)
        os.replace(tmp, out)
    finally:
        for leftover in (tmp, old):
            if leftover is not None and leftover.exists():
                shutil.rmtree(leftover)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build",
                                     description="Écrit les pages générées et les données dans un dossier.")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie (remplacé en entier)")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches")
    parser.add_argument("--docs", type=Path, default=Path("docs"),
                        help="dossier des pages écrites à la main, vers lesquelles une fiche peut faire un lien")
    parser.add_argument("--site-url", default="/", help="adresse absolue du site, terminée par /")
    args = parser.parse_args(argv)
    root = args.cases.resolve().parent
    reason = refusal(args.out, [args.cases, args.docs, root / ".git", root / "scripts", root / "overrides"],
                     [root, Path.cwd()])
    if reason:
        print(f"Sortie refusée : {reason}. Rien n'a été écrit.", file=sys.stderr)
        return 2
    result = build(args.cases, settings=Settings(site_url=args.site_url), docs_dir=args.docs,
                   committed=git_dates(args.cases))
    for problem in result.problems:
        print(problem)
    if result.problems:
        print(f"\n{len(result.problems)} problème(s) : rien n'a été écrit.", file=sys.stderr)
        return 1
    write(result, args.out)
    print(f"{len(result.cases)} cas, {len(result.pages)} pages écrites dans {args.out}.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
