"""The list of published URLs: a promise to every site that links here.

tests/urls-publiees.txt holds every URL ever published. `python -m scripts.urls
--update` (make urls) adds the URLs of the current base and keeps the old ones,
so a removed or renamed page is caught by the tests until it redirects.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from scripts.contract import routes
from scripts.contract.routes import page_url
from scripts.core import build

ROOT = Path(__file__).resolve().parents[2]
LIST = ROOT / "tests" / "urls-publiees.txt"
PUBLISHED_FILES = (routes.data(), routes.feed(), routes.robots())


def url_of(path: str) -> str:
    """A page's source path -> its URL ('index.md' -> '/'); a file's path -> its URL (with a leading /)."""
    if path.endswith(".md"):
        return "/" + page_url(path)
    if path.endswith("/index.html"):
        return "/" + path[:-len("index.html")]
    return "/" + path


def current_urls(cases_dir: Path = ROOT / "cases", docs_dir: Path = ROOT / "docs") -> set[str]:
    result = build(cases_dir)
    if result.problems:
        raise SystemExit("\n".join(map(str, result.problems)))
    urls = {url_of(path) for path, _ in result.pages}
    urls |= {url_of(path) for path, _ in result.files if path.startswith(PUBLISHED_FILES) or path.endswith(".html")
             or path.endswith(routes.feed())}  # the feeds beside the index pages too
    urls |= {url_of(p.relative_to(docs_dir).as_posix()) for p in docs_dir.rglob("*.md")}
    return urls


def read_list(path: Path = LIST) -> list[str]:
    if not path.exists():
        return []
    return [line.strip() for line in path.read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.urls",
                                     description="Liste des adresses publiées (tests/urls-publiees.txt).")
    parser.add_argument("--update", action="store_true", help="ajoute les adresses actuelles à la liste")
    args = parser.parse_args(argv)
    known = read_list()
    current = current_urls()
    new = sorted(current - set(known))
    if args.update:
        header = ("# Adresses publiées : chacune doit rester servie (page ou redirection).\n"
                  "# Mise à jour : make urls (ajoute, ne retire jamais).\n")
        LIST.write_text(header + "\n".join(sorted(set(known) | current)) + "\n", encoding="utf-8")
        print(f"{len(new)} adresse(s) ajoutée(s) à {LIST.relative_to(ROOT)}.")
    else:
        for url in new:
            print(url)
    return 0


def missing(site_dir: Path, urls: list[str]) -> list[str]:
    """The URLs of the list that a built site no longer serves (a redirect page counts)."""
    gone = []
    for url in urls:
        target = site_dir / url.lstrip("/")
        if url.endswith("/"):
            target = target / "index.html"
        if not target.is_file():
            gone.append(url)
    return gone


FIX = ("si le cas a été renommé, ajoutez l'ancien identifiant à anciens_ids dans sa fiche (l'ancienne adresse "
       "redirigera) ; une adresse publiée ne doit jamais disparaître")


if __name__ == "__main__":
    sys.exit(main())
