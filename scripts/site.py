"""The generator-agnostic core: case sheets in, pages and data files out.

Knows nothing of MkDocs: `hooks.py` adapts it to MkDocs, `build.py` writes
the same output to a folder for any other generator.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import export, feed, formulaire, render, rgaa
from .load import load_all
from .model import to_case
from .problems import Problem
from .validate import validate

TEMPLATE = "_modele.md"


@dataclass
class Result:
    cases: list[dict] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (path.md, markdown)
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, text): data, redirects
    problems: list[Problem] = field(default_factory=list)
    sheets: int = 0


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def hand_written_pages(docs_dir: Path | None) -> list[tuple[str, str]]:
    """(path, title) of the Markdown pages written by hand in docs/, for the site map."""
    if docs_dir is None or not docs_dir.is_dir():
        return []
    return [(p.relative_to(docs_dir).as_posix(), render.page_title(p.read_text(encoding="utf-8")))
            for p in sorted(docs_dir.rglob("*.md"))]


def build(cases_dir: Path, root: Path | None = None, settings: dict | None = None,
          docs_dir: Path | None = None) -> Result:
    """Load and validate every sheet; render everything only when all are valid.

    settings: site_url (absolute, ending with /), depot (repository URL), branche, editeur.
    docs_dir: the hand-written pages, listed in the site map with the generated ones.
    """
    sheets, problems = load_all(cases_dir, root)
    problems = sorted(problems + validate(sheets))
    result = Result(problems=problems, sheets=len(sheets))
    if problems:
        return result
    built = build_date()
    settings = {**render.DEFAULT_SETTINGS, **(settings or {}), "date": built.isoformat()}
    result.cases = [to_case(sheet) for sheet in sheets]
    audit = rgaa.audit()
    result.pages = render.pages(result.cases, settings, other_pages=hand_written_pages(docs_dir), audit=audit)
    result.files = export.files(result.cases, settings["site_url"]) + render.redirects(result.cases, settings) + [
        ("flux.xml", feed.atom(result.cases, settings["site_url"], built)),
        ("robots.txt", feed.robots(settings["site_url"])),
        ("recherche/facettes.json", render.facets()),
        (rgaa.PUBLISHED, rgaa.grid_csv(audit)),
    ] + formulaire.validator_files()
    template = cases_dir / TEMPLATE
    if template.is_file():  # the commented template, downloadable from /contribuer/
        result.files.append(("contribuer/modele-de-fiche.md.txt", template.read_text(encoding="utf-8")))
    return result
