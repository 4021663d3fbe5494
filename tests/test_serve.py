"""`mkdocs serve` rebuilds the site when a sheet changes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time
import urllib.request

from conftest import ENV, GOLDEN, make_project


def _get(url: str) -> str | None:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def _wait_for(url: str, text: str, seconds: float = 60) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        page = _get(url)
        if page is not None and text in page:
            return True
        time.sleep(0.5)
    return False


def test_editing_a_sheet_under_serve_updates_the_page(tmp_path):
    sheet = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    project = make_project(tmp_path, {"national.md": sheet})
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    port = sock.getsockname()[1]
    sock.close()
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    try:
        url = f"http://127.0.0.1:{port}/cas/national/"
        assert _wait_for(url, "Un dispositif national"), "le serveur n'a pas servi la fiche"
        assert "livereload" in _get(url) and "Content-Security-Policy" not in _get(url)
        (project / "cases" / "national.md").write_text(sheet.replace("Un dispositif national", "Un titre corrigé"),
                                                       encoding="utf-8")
        assert _wait_for(url, "Un titre corrigé"), "la modification de la fiche n'a pas été prise en compte"
        (project / "cases" / "nouveau.md").write_text(sheet.replace("id: national", "id: nouveau"), encoding="utf-8")
        assert _wait_for(f"http://127.0.0.1:{port}/cas/nouveau/", "Un dispositif national")
    finally:
        server.terminate()
        server.wait(timeout=20)
