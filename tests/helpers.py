"""Helpers shared by the tests and the benchmark: the project root, a temporary copy of
the project with its own cases/, and MkDocs run as a subprocess."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
# Without SITE_URL: a test build is a local build (a publication build checks the publisher).
ENV = {**{k: v for k, v in os.environ.items() if k != "SITE_URL"}, "NO_MKDOCS_2_WARNING": "1",
       "SOURCE_DATE_EPOCH": "1485907200"}

if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def mkdocs(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "mkdocs", *args], cwd=cwd, env=ENV,
                          capture_output=True, text=True, timeout=600)


def make_project(tmp: Path, sheets: dict[str, str | bytes] | None = None, from_dir: Path | None = None) -> Path:
    """A copy of the project (config, docs, theme, build code) with its own cases/."""
    project = tmp / "projet"
    project.mkdir()
    for name in ("mkdocs.yml",):
        shutil.copy(ROOT / name, project / name)
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    cases = project / "cases"
    if from_dir is not None:
        shutil.copytree(from_dir, cases)
    else:
        cases.mkdir()
    for name, text in (sheets or {}).items():
        data = text.encode("utf-8") if isinstance(text, str) else text
        (cases / name).write_bytes(data)
    return project


def golden_sheet(name: str) -> str:
    return (GOLDEN / "valid" / f"{name}.md").read_text(encoding="utf-8")
