"""The generator-agnostic core: case sheets in, pages and data files out.

Knows nothing of MkDocs: `hooks.py` adapts it to MkDocs, `build.py` writes
the same output to a folder for any other generator.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from pathlib import Path

from . import dates, export, feed, formulaire, references, render
from .load import load_all
from .model import to_case
from .problems import Problem
from .validate import validate

TEMPLATE = "_modele.md"


@dataclass
class Result:
    cases: list[dict] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (path.md, markdown)
    files: list[tuple[str, str | bytes]] = field(default_factory=list)  # (path, content): data, redirects
    problems: list[Problem] = field(default_factory=list)
    sheets: int = 0


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def build(cases_dir: Path, root: Path | None = None, settings: dict | None = None) -> Result:
    """Load and validate every sheet; render everything only when all are valid.

    settings: site_url (absolute, ending with /), depot (repository URL), branche,
    editeur and hebergeur (see editeur.py).
    """
    sheets, problems = load_all(cases_dir, root)
    problems = sorted(problems + validate(sheets))
    result = Result(problems=problems, sheets=len(sheets))
    if problems:
        return result
    built = build_date()
    settings = {**render.DEFAULT_SETTINGS, **(settings or {}), "date": built.isoformat()}
    site_url = settings["site_url"]
    result.cases = [to_case(sheet) for sheet in sheets]
    committed = dates.git_dates(cases_dir)  # one `git log` for every sheet
    for case in result.cases:
        case["date"] = dates.sheet_date(case, committed)
    data = export.files(result.cases, site_url)
    result.pages = render.pages(result.cases, settings, data=data)
    result.files = data + render.redirects(result.cases, settings) + [
        ("flux.xml", feed.atom(result.cases, site_url, built)),
        ("robots.txt", feed.robots(site_url)),
        ("recherche/facettes.json", render.facets()),
    ] + formulaire.validator_files()
    for case in result.cases:  # the reference of each case, for reference managers
        permalink = f"{site_url}cas/{case['id']}/"
        result.files.append((f"cas/{case['id']}/reference.ris", references.ris_entry(case, permalink)))
        result.files.append((f"cas/{case['id']}/reference.bib", references.bibtex_entry(case, permalink)))
    template = cases_dir / TEMPLATE
    if template.is_file():  # the commented template, downloadable from /contribuer/
        result.files.append(("contribuer/modele-de-fiche.md.txt", template.read_text(encoding="utf-8")))
    return result
