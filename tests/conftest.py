"""Shared fixtures: the project root, fixture bases, and one build of the real site per session."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOLDEN = ROOT / "tests" / "golden"
SEED = ROOT.parent / "shared" / "seeds" / "cget-2017-innovation-qpv-synthese.txt"
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1485907200"}

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


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (cases/ and docs/ of this repository), built once with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def golden_sheet(name: str) -> str:
    return (GOLDEN / "valid" / f"{name}.md").read_text(encoding="utf-8")


def pytest_collection_modifyitems(items):
    """Mark tests by what they use, so `make test-rapide` can leave them out:
    `browser` (Chromium), `slow` (a whole MkDocs build)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "page", "server"}:
            item.add_marker(pytest.mark.browser)
        if names & {"built_site", "server"} or "mkdocs" in getattr(item.function, "__code__", None).co_names:
            item.add_marker(pytest.mark.slow)
