"""Standalone writer: the generated pages and data files, written to a folder.

Usage: python -m scripts.build --out DIR [--cases cases]
Another static generator can publish DIR beside docs/.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from .site import build


def write(result, out: Path) -> None:
    """Write into a temporary folder, then swap it in: never a half-written output."""
    out = out.resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(prefix=".build-", dir=out.parent))
    try:
        for path, content in result.pages + result.files:
            target = tmp / path
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(content if isinstance(content, bytes) else content.encode("utf-8"))
        if out.exists():
            shutil.rmtree(out)
        tmp.rename(out)
    finally:
        if tmp.exists():
            shutil.rmtree(tmp)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.build",
                                     description="Écrit les pages générées et les données dans un dossier.")
    parser.add_argument("--out", type=Path, required=True, help="dossier de sortie (remplacé en entier)")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches")
    parser.add_argument("--site-url", default="/", help="adresse absolue du site, terminée par /")
    args = parser.parse_args(argv)
    result = build(args.cases, settings={"site_url": args.site_url})
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
