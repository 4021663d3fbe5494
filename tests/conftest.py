"""Shared fixtures: the project root, fixture bases, one build of the real site per session,
served over HTTP, and one Chromium (a thread holds one sync Playwright: every module shares it)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from helpers import free_port, mkdocs, wait_for_port


@pytest.fixture(scope="session")
def built_site(tmp_path_factory) -> Path:
    """The real site (cases/ and docs/ of this repository), built once with --strict; what the build
    printed is kept beside it (BUILD_LOG)."""
    out = tmp_path_factory.mktemp("site")
    result = mkdocs("build", "--strict", "--site-dir", str(out))
    assert result.returncode == 0, result.stderr[-4000:]
    (out.parent / f"{out.name}.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    return out


@pytest.fixture(scope="session")
def server(built_site):
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "-d", str(built_site)], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}/"
    wait_for_port(port)
    yield base
    process.terminate()
    process.wait(timeout=10)


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium de Debian absent : apt-get install chromium (voir .ci/run)")
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield b
        b.close()


def pytest_collection_modifyitems(items):
    """Mark tests by what they use, so `make test-rapide` can leave them out:
    `browser` (Chromium), `slow` (a whole MkDocs build)."""
    for item in items:
        names = set(getattr(item, "fixturenames", ()))
        if names & {"browser", "page", "server"}:
            item.add_marker(pytest.mark.browser)
        if names & {"built_site", "server"} or "mkdocs" in getattr(item.function, "__code__", None).co_names:
            item.add_marker(pytest.mark.slow)
