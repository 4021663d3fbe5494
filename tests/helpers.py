"""Helpers shared by the tests and the benchmark: the project root, a temporary copy of
the project with its own cases/, and MkDocs run as a subprocess."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import os
import shutil
import socket
import subprocess
import sys
import threading
import time
import typing
import urllib.request
from pathlib import Path
from urllib.parse import urlsplit

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


def golden_cases(tmp_path: Path) -> Path:
    """A cases/ folder holding the valid golden sheets (for the core alone, without a project)."""
    cases = tmp_path / "cases"
    cases.mkdir()
    for sheet in sorted((GOLDEN / "valid").glob("*.md")):
        shutil.copy(sheet, cases / sheet.name)
    return cases


def core_output(result) -> dict:
    """What a core build (`site.build`) produced, to compare two builds: pages and files in their
    order (each path once), tables of contents, cases."""
    assert not result.problems, result.problems[:3]
    paths = [path for path, _ in result.pages + result.files]
    assert len(paths) == len(set(paths))
    return {"pages": result.pages, "files": result.files, "tocs": result.tocs, "cases": repr(result.cases)}


def golden_sheet(name: str) -> str:
    return (GOLDEN / "valid" / f"{name}.md").read_text(encoding="utf-8")


# Serving: a local port, a page fetched without raising, a condition awaited, `mkdocs serve` run
# for the length of a `with` block. Tests of `serve` and of the built site share them.

def free_port() -> int:
    """A TCP port nothing listens on now (the server started next takes it)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_for_port(port: int, tries: int = 100) -> None:
    """Return once something accepts connections on `port` (or after `tries` tenths of a second)."""
    for _ in range(tries):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return
        except OSError:
            time.sleep(0.1)


def get(url: str, timeout: float = 2) -> str | None:
    """The page at `url`, or None while the server is not answering it."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.read().decode("utf-8")
    except OSError:
        return None


def wait_until(condition, seconds: float = 90) -> bool:
    """Whether `condition()` came true within `seconds` (polled twice a second)."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


def wait_for(url: str, text: str, seconds: float = 90) -> bool:
    """Whether the page at `url` showed `text` within `seconds`."""
    return wait_until(lambda: text in (get(url) or ""), seconds)


@contextlib.contextmanager
def mkdocs_serve(project: Path, stderr=subprocess.DEVNULL):
    """`mkdocs serve` of `project` on a free port while the block runs: yields (process, root URL)."""
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                               cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=stderr, text=True)
    try:
        yield process, f"http://127.0.0.1:{port}/"
    finally:
        process.terminate()
        process.wait(timeout=20)


# A static server as a web host sends the site: HTML, CSS, JS, JSON, text and SVG gzipped
# (Content-Encoding: gzip, when the browser accepts it), cached for ten minutes (GitHub Pages'
# Cache-Control), over HTTP/1.1 with keep-alive. Pagefind's own files are compressed already:
# sent as they are. Every request is logged (time, path, bytes sent) for the benchmark and the
# tests that count what a page downloads.

COMPRESSED_TYPES = (".html", ".css", ".js", ".mjs", ".json", ".txt", ".xml", ".svg", ".csv", ".geojson")


class Served(typing.NamedTuple):
    at: float  # time.time() when the response was sent
    path: str  # as requested (query included)
    bytes: int  # body bytes sent (compressed when gzipped)
    gzip: bool


class _Handler(http.server.SimpleHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    log: list[Served]
    cache: dict

    def log_message(self, format, *args) -> None:
        pass

    def end_headers(self) -> None:
        self.send_header("Cache-Control", "max-age=600")
        super().end_headers()

    def do_GET(self) -> None:
        local = Path(self.translate_path(self.path))
        if local.is_dir():
            if not urlsplit(self.path).path.endswith("/"):
                return super().do_GET()  # its redirection to the folder's address
            local = local / "index.html"
        if not local.is_file():
            self.send_error(404)
            return
        zipped = local.suffix in COMPRESSED_TYPES and "gzip" in self.headers.get("Accept-Encoding", "")
        key = (local, zipped)
        if key not in self.cache:
            data = local.read_bytes()
            self.cache[key] = gzip.compress(data, 6, mtime=0) if zipped else data
        body = self.cache[key]
        self.send_response(200)
        self.send_header("Content-Type", self.guess_type(str(local)))
        if zipped:
            self.send_header("Content-Encoding", "gzip")
        self.send_header("Vary", "Accept-Encoding")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)
        self.log.append(Served(time.time(), self.path, len(body), zipped))


class _Server(http.server.ThreadingHTTPServer):
    def handle_error(self, request, client_address) -> None:
        if not isinstance(sys.exc_info()[1], ConnectionError):  # a page closed while loading: nothing to say
            super().handle_error(request, client_address)


@contextlib.contextmanager
def serve_compressed(site: Path):
    """Serve the built site in `site` (as a host would: see above) on a free port while the block
    runs: yields (root URL, the log of requests served)."""
    log: list[Served] = []
    handler = type("Handler", (_Handler,), {"log": log, "cache": {}})
    httpd = _Server(("127.0.0.1", 0), functools.partial(handler, directory=str(site)))
    httpd.daemon_threads = True
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/", log
    finally:
        httpd.shutdown()
        httpd.server_close()
        thread.join(timeout=10)
