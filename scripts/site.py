"""The generator-agnostic core: case sheets in, pages and data files out.

Knows nothing of MkDocs: `hooks.py` adapts it to MkDocs, `build.py` writes
the same output to a folder for any other generator.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from . import export, render
from .load import load_all
from .model import to_case
from .problems import Problem
from .validate import validate


@dataclass
class Result:
    cases: list[dict] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (path.md, markdown)
    files: list[tuple[str, str]] = field(default_factory=list)  # (path, text): data, redirects
    problems: list[Problem] = field(default_factory=list)
    sheets: int = 0


def build(cases_dir: Path, root: Path | None = None) -> Result:
    """Load and validate every sheet; render everything only when all are valid."""
    sheets, problems = load_all(cases_dir, root)
    problems = sorted(problems + validate(sheets))
    result = Result(problems=problems, sheets=len(sheets))
    if problems:
        return result
    result.cases = [to_case(sheet) for sheet in sheets]
    result.pages = render.pages(result.cases)
    result.files = export.files(result.cases) + render.redirects(result.cases)
    return result
