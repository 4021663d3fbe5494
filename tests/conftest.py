"""Shared fixtures: the project root, fixture bases, and one build of the real site per session."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import ENV, GOLDEN, ROOT, golden_sheet, make_project, mkdocs  # noqa: F401 (re-exported)

SEED = ROOT.parent / "shared" / "seeds" / "cget-2017-innovation-qpv-synthese.txt"


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (cases/ and docs/ of this repository), built once with --strict."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    return out


def pytest_collection_modifyitems(items):
    """Mark tests by what they use, so `make test-rapide` can leave them out:
    `browser` (Chromium), `slow` (a whole MkDocs build)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "page", "server"}:
            item.add_marker(pytest.mark.browser)
        if names & {"built_site", "server"} or "mkdocs" in getattr(item.function, "__code__", None).co_names:
            item.add_marker(pytest.mark.slow)
