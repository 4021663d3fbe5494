"""Benchmark the build on synthetic case sheets (a measurement script, not a test).

Usage: python tests/bench.py [--sizes 1000 10000] [--plain-sizes 1000 10000] [--skip-plain]
                               [--preview-sizes 1000] [--skip-preview]
                               [--hostile-sizes 1000] [--skip-hostile]
                               [--throttle-sizes 1000] [--throttle-runs 3] [--skip-throttle] [--throttle-only]
                               [--runs 1] [--seed 2017] [--timeout 900] [--json PATH|-]

For each size N, in a temporary copy of the project holding N valid synthetic sheets:

- floor: read every sheet, split the front matter, parse it with PyYAML's C loader;
- core: `scripts.core.build` in-process (load, validate, render every page in memory),
  cold (what a fresh clone gets; the target is judged on it) and warm (with the memo of a
  previous build of the same sheets in the same process, as a whole rebuild under `mkdocs serve`);
- Markdown: the bodies' conversion alone, the part of a cold core no scheduling removes;
- whole: `mkdocs build` as a subprocess (always cold: nothing is kept on disk), with the peak RSS of
  the Python build and, separately, of its child processes (the search indexer);
- plain: mkdocs-material alone (search plugin, no hooks) on the same case texts;
- least ratios: the whole build's CPU time spread over this machine's cores against plain, and
  (floor + Markdown) / floor: below these no scheduling can go;
- the built site: size, number of files, one case page, bytes downloaded for one search;
- preview: under `mkdocs serve`, the time from saving an edited sheet to the served case
  page showing the change, then from saving an invalid edit to the page showing the
  French problem lines;
- fiche hostile à la limite: the core build (cold, CPU time) of the N sheets with one more sheet
  whose body is a pathological input at the size limit of a sheet (each of `HOSTILE`, the worst
  kept), beside the same N sheets without it and with a normal sheet of that size instead.
- throttled search (issue 29): on the project's own site and at --throttle-sizes, the time from
  opening the search page to its first result drawn, on a 4G connection as DevTools throttles it,
  from an empty cache, the site served gzipped; with the requests and bytes before that result.

Prints one row per metric and one column per N, then every target of issues 17 and 28 with
« atteint » or « non atteint »; `--json PATH` also writes the numbers (`--json -` prints
them after the table). On a shared machine, other processes make every time longer: the
CPU times (core) are steadier than the wall times.
"""

from __future__ import annotations

import argparse
import gzip
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from contextlib import contextmanager
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import yaml
from bench_corps import build_cpu, hostile_sheet
from helpers import ENV, free_port, get, make_project, mkdocs, serve_compressed
from synthetique import write_sheets

from scripts import core
from scripts.contract import routes
from scripts.mkdocs_adapter.memo import Memo
from scripts.pages import case_page
from scripts.sheets.load import load_all, split
from scripts.sheets.model import to_case
from scripts.sheets.validate import validate

# The cores this process may run on: a build's wall time is at least its CPU time divided by them.
CORES = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1

# Targets of issues 17 and 28: metric -> (label, comparison, value, sizes it applies to (None: every size)).
# A metric with comparison None is reported, not judged.
TARGETS = {
    "whole_plain_ratio": ("whole build / plain mkdocs-material (cold)", "<=", 1.0, (1_000, 10_000)),
    "core_floor_ratio": ("core / parse floor (cold, CPU time)", "<=", 1.5, (10_000,)),
    "linearity": ("whole build at 10,000 / at 1,000 (cold)", "<=", 11.0, (10_000,)),
    "whole_plain_bound": ("least whole / plain this machine allows (CPU time / cores / plain)", None, None,
                          (1_000, 10_000)),
    "core_floor_bound": ("least core / floor with the bodies' Markdown in Python", None, None, (10_000,)),
    "whole_python_peak_mb": ("peak RSS of the Python build (MB)", "<=", 1024.0, (10_000,)),
    "whole_children_peak_mb": ("peak RSS of the search indexer (MB)", None, None, (10_000,)),
    # Judged on what crosses the network: web servers (GitHub Pages among them) send HTML, CSS and
    # JS gzipped; Pagefind's files are compressed already. The uncompressed total is reported.
    "search_kb_gzip": ("first search download as transferred, median chunk (KB)", "<=", 300.0, (10_000,)),
    "search_kb": ("first search download uncompressed, median chunk (KB)", None, None, (10_000,)),
    "case_page_kb": ("one case page (KB)", "<=", 60.0, None),
    "preview_s": ("preview under serve: edited sheet shown (s)", "<=", 2.0, (1_000,)),
    # Issue 29: the first result of a search (?q=, as the site's forms send it) on a throttled 4G
    # connection, from an empty cache; also on the project's own site (throttled_report).
    "throttled_first_s": ("first search result, throttled 4G, empty cache (s)", "<=", 1.5, (1_000,)),
    "preview_problem_s": ("preview under serve: invalid edit's problem shown (s)", "<=", 2.0, (1_000,)),
    # Issue 28: « a hostile sheet at the size limit costs at most twice a normal build ».
    "hostile_ratio": ("fiche hostile à la limite: core with it / without (cold, CPU time)", "<=", 2.0, (1_000,)),
    "hostile_normal_ratio": ("fiche hostile à la limite / a normal sheet of that size instead (core, CPU)", None,
                             None, (1_000,)),
}

# The inputs that cost a build the most at the size limit of a sheet (`bench_corps.py --construction`):
# one sheet of each is added to the synthetic sheets in turn, and the worst is kept.
HOSTILE = ("crochets ![[", "crochets et lignes", "crochets [[[", "tableau long", "titres répétés")


# --------------------------------------------------------------------------------------
# Synthetic sheets
# --------------------------------------------------------------------------------------

# Lorem-like French words: accents and apostrophes included, no Markdown syntax.
def check_valid(cases: Path) -> None:
    sheets, problems = load_all(cases, cases.parent)
    problems = problems + validate(sheets)
    if problems:
        shown = "\n".join(str(p) for p in problems[:10])
        raise SystemExit(f"synthetic sheets are invalid ({len(problems)} problems):\n{shown}")


# --------------------------------------------------------------------------------------
# Temporary projects
# --------------------------------------------------------------------------------------

PLAIN_CONFIG = """\
site_name: Plain mkdocs-material
docs_dir: docs
site_dir: site
theme:
  name: material
  language: fr
  font: false
plugins:
  - search
nav:
  - Accueil: index.md
"""


def make_plain_project(tmp: Path, cases: Path) -> Path:
    """mkdocs-material alone: every case as plain Markdown (title + body), no hooks."""
    project = tmp / "plain"
    (project / "docs" / "cas").mkdir(parents=True)
    (project / "mkdocs.yml").write_text(PLAIN_CONFIG, encoding="utf-8")
    (project / "docs" / "index.md").write_text("# Accueil\n\nLes cas.\n", encoding="utf-8")
    for path in cases.glob("*.md"):
        fm, body, _line = split(path.read_text(encoding="utf-8"))
        title = yaml.load(fm, Loader=yaml.CSafeLoader)["titre"]
        (project / "docs" / "cas" / path.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return project


# --------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------

class TimedOut(Exception):
    """A measure ran longer than --timeout: reported as such instead of hanging the benchmark."""


@contextmanager
def time_limit(seconds: float):
    """Interrupt in-process work after `seconds` (SIGALRM, main thread only)."""
    def expire(signum, frame):
        raise TimedOut(seconds)
    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def _cpu() -> float:
    """CPU time of this process and of its children waited for (the core's second process)."""
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


def _best(fn, runs: int, timeout: float) -> tuple[float, float, list[float]]:
    """(best wall time, best CPU time of this process and its children, every wall time)."""
    times, cpu = [], []
    for _ in range(runs):
        start, start_cpu = time.perf_counter(), _cpu()
        with time_limit(timeout):
            fn()
        times.append(time.perf_counter() - start)
        cpu.append(_cpu() - start_cpu)
    return min(times), min(cpu), times


def measure_floor(cases: Path, runs: int, timeout: float) -> dict:
    """The least any build must do: read, split and parse every front matter."""
    def floor():
        for path in sorted(cases.glob("*.md")):
            fm, _body, _line = split(path.read_bytes().decode("utf-8"))
            yaml.load(fm, Loader=yaml.CSafeLoader)
    best, cpu, times = _best(floor, runs, timeout)
    return {"floor_s": best, "floor_cpu_s": cpu, "floor_runs_s": times}


def measure_markdown(cases: Path, runs: int, timeout: float) -> dict:
    """The bodies' Markdown conversion alone (case_page.body, what the core does for every sheet when
    no cache holds it): with the parse floor, the least CPU time a cold core spends in Python."""
    sheets, problems = load_all(cases, cases.parent, None)
    if problems:
        raise SystemExit(f"load_all reported {len(problems)} problems: {problems[0]}")
    found = [to_case(sheet) for sheet in sheets]
    _best_wall, cpu, _times = _best(lambda: [case_page.body(case) for case in found], runs, timeout)
    return {"markdown_cpu_s": cpu}


def warm_up(cases: Path) -> None:
    """One untimed build of a single sheet: what a process does once whatever the number of
    sheets (imports, compiling the templates, reading the map and the RGAA grid) is not counted."""
    with tempfile.TemporaryDirectory(prefix="bench-warm-up-") as tmp:
        one = Path(tmp) / "cases"
        one.mkdir()
        shutil.copy(min(cases.glob("*.md")), one)
        core.build(one, root=cases.parent, docs_dir=cases.parent / "docs")


def measure_core(cases: Path, runs: int, timeout: float) -> dict:
    """core.build in-process: load + validate + render every page in memory; cold (no memo), then
    warm (the memo of a first build gives back each sheet's reading, checks and body)."""
    out = {}

    def build(memo: Memo | None):
        result = core.build(cases, memo=memo)
        if result.problems:
            raise SystemExit(f"core.build reported {len(result.problems)} problems: {result.problems[0]}")
        out["pages"], out["files"] = len(result.pages), len(result.files)
    warm_up(cases)
    best, cpu, times = _best(lambda: build(None), runs, timeout)
    row = {"core_s": best, "core_cpu_s": cpu, "core_runs_s": times,
           "core_pages": out["pages"], "core_files": out["files"]}
    filled = Memo()
    with time_limit(timeout):
        build(filled)  # fills the memo
    best, cpu, times = _best(lambda: build(Memo(filled, pages=False)), runs, timeout)
    return row | {"core_warm_s": best, "core_warm_cpu_s": cpu, "core_warm_runs_s": times}


def measure_hostile(cases: Path, runs: int, timeout: float) -> dict:
    """The core build (cold, CPU time, the best of `runs`) of the sheets alone, with one more sheet at the
    size limit of a sheet holding a normal body (the golden complete body repeated), then holding each
    input of HOSTILE instead; the worst input is kept and judged against the sheets alone."""
    def best() -> float:
        with time_limit(timeout):
            return min(build_cpu(cases) for _ in range(runs))
    warm_up(cases)
    row = {"hostile_base_cpu_s": best()}
    extra = cases / "hostile.md"
    worst: tuple[str, float] | None = None
    try:
        for name in ("normal", *HOSTILE):
            extra.write_text(hostile_sheet(name), encoding="utf-8")
            cpu = best()
            if name == "normal":
                row["hostile_normal_cpu_s"] = cpu
            elif worst is None or cpu > worst[1]:
                worst = (name, cpu)
    finally:
        extra.unlink(missing_ok=True)  # the other measures build the sheets alone
    row["hostile_shape"], row["hostile_cpu_s"] = worst
    row["hostile_ratio"] = row["hostile_cpu_s"] / row["hostile_base_cpu_s"]
    row["hostile_normal_ratio"] = row["hostile_cpu_s"] / row["hostile_normal_cpu_s"]
    return row


# Runs mkdocs' CLI in a child process, then reports the peak RSS of that process (the
# Python build) and of its waited-for children (e.g. the search indexer), the children's
# CPU time, and the wall time spent in subprocess.run calls (how the hooks run the indexer).
WRAPPER = Path(__file__).with_name("bench_mkdocs.py")


def run_mkdocs(project: Path, timeout: float) -> dict:
    """`mkdocs build` in a subprocess: wall time and peak RSS (MB)."""
    report = project / ".bench-rusage.json"
    start = time.perf_counter()
    # Its own session, so that a timeout also ends the indexer it may have started.
    proc = subprocess.Popen([sys.executable, str(WRAPPER), str(report), "build", "--quiet"],
                            cwd=project, env=ENV,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, start_new_session=True)
    try:
        _out, err = proc.communicate(timeout=timeout)
    except BaseException as exc:  # a timeout, Ctrl-C or SIGTERM: end the build and its children
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        if isinstance(exc, subprocess.TimeoutExpired):
            raise TimedOut(timeout) from None
        raise
    elapsed = time.perf_counter() - start
    if proc.returncode != 0:
        raise SystemExit(f"mkdocs build failed in {project} (exit {proc.returncode}):\n{err[-4000:]}")
    usage = json.loads(report.read_text())
    report.unlink()
    return {"s": elapsed, "python_mb": usage["self_kb"] / 1024,
            "children_mb": usage["children_kb"] / 1024 if usage["children_kb"] else None,
            "children_cpu_s": usage["children_cpu_s"], "cpu_s": usage["self_cpu_s"] + usage["children_cpu_s"],
            "subprocess_run_s": usage["subprocess_run_s"]}


def measure_whole(project: Path, runs: int, timeout: float) -> dict:
    results = [run_mkdocs(project, timeout) for _ in range(runs)]
    best = min(results, key=lambda r: r["s"])
    return {
        "whole_s": best["s"],
        "whole_runs_s": [r["s"] for r in results],
        # Wall time inside subprocess.run (an indexer run by on_post_build) and children's CPU time.
        "whole_subprocess_s": best["subprocess_run_s"],
        "whole_children_cpu_s": best["children_cpu_s"],
        "whole_cpu_s": best["cpu_s"],
        "whole_python_peak_mb": max(r["python_mb"] for r in results),
        # None: the build started no child process (no separate indexer).
        "whole_children_peak_mb": max((r["children_mb"] for r in results if r["children_mb"]), default=None),
    }


def measure_plain(tmp: Path, cases: Path, runs: int, timeout: float) -> dict:
    project = make_plain_project(tmp, cases)
    try:
        results = [run_mkdocs(project, timeout) for _ in range(runs)]
        best = min(results, key=lambda r: r["s"])
        return {"plain_s": best["s"], "plain_runs_s": [r["s"] for r in results], "plain_cpu_s": best["cpu_s"],
                "plain_python_peak_mb": max(r["python_mb"] for r in results)}
    finally:
        shutil.rmtree(project, ignore_errors=True)


def measure_site(site_dir: Path, ids: list[str]) -> dict:
    """Size of the built site and of one case page (median over a few)."""
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    sample = [ids[int(k * (len(ids) - 1) / 4)] for k in range(5)]
    pages = [(site_dir / "cas" / ident / "index.html").stat().st_size for ident in sample]
    return {"site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files),
            "case_page_bytes": statistics.median(pages), "case_page_kb": statistics.median(pages) / 1024}


class _Assets(HTMLParser):
    """The URLs a page loads: <script src> and <link rel=stylesheet href>."""

    def __init__(self):
        super().__init__()
        self.urls: list[str] = []

    def handle_starttag(self, tag, attrs):
        values = {k: v or "" for k, v in attrs}
        if tag == "script" and values.get("src"):
            self.urls.append(values["src"])
        elif tag == "link" and "stylesheet" in values.get("rel", "").lower().split() and values.get("href"):
            self.urls.append(values["href"])


def page_assets(site_dir: Path, page: Path) -> set[Path]:
    """Files under site/ that a page loads."""
    parser = _Assets()
    parser.feed(page.read_text(encoding="utf-8"))
    assets = set()
    for url in parser.urls:
        if urlsplit(url).scheme or url.startswith("//"):
            continue  # not served by the site
        url = urlsplit(url).path
        target = (site_dir / url.lstrip("/")) if url.startswith("/") else (page.parent / url)
        target = Path(os.path.normpath(target))
        if target.is_file() and target.is_relative_to(site_dir):
            assets.add(target)
    return assets


def measure_search(site_dir: Path) -> dict:
    """Bytes a browser downloads for one search, from Pagefind's output (n/a without it)."""
    pf = site_dir / "pagefind"
    if not pf.is_dir():
        return {"search_kb": None, "search_kb_largest_chunk": None, "search_kb_gzip": None, "search_parts": None}

    def size(paths):
        return sum(p.stat().st_size for p in paths)

    def gzipped(paths):  # what a server sending Content-Encoding: gzip would transfer
        return sum(len(gzip.compress(p.read_bytes(), 6)) for p in paths)

    wasm = [p for name in ("wasm.fr.pagefind", "wasm.unknown.pagefind") if (p := pf / name).is_file()][:1]
    fixed = {pf / "pagefind.js", pf / "pagefind-entry.json", *wasm, *pf.glob("pagefind.*.pf_meta")}
    fixed = {p for p in fixed if p.is_file()}
    chunks = [p.stat().st_size for p in pf.glob("index/*.pf_index")] or [0]
    fragments = [p.stat().st_size for p in pf.glob("fragment/*.pf_fragment")] or [0]
    page = site_dir / "recherche" / "index.html"
    page_files = ({page} | page_assets(site_dir, page)) - fixed if page.is_file() else set()
    parts = {
        "pagefind_fixed": size(fixed),
        "index_chunk_median": statistics.median(chunks),
        "index_chunk_largest": max(chunks),
        "index_chunks": len(chunks),
        "fragments_5": 5 * statistics.median(fragments),
        "search_page_and_assets": size(page_files),
        "search_page_and_assets_gzip": gzipped(page_files),
        "search_page_files": sorted(p.relative_to(site_dir).as_posix() for p in page_files),
    }
    base = parts["pagefind_fixed"] + parts["fragments_5"] + parts["search_page_and_assets"]
    # Pagefind's own files are already compressed; only the page and its assets shrink with gzip.
    base_gzip = base - parts["search_page_and_assets"] + parts["search_page_and_assets_gzip"]
    return {"search_kb": (base + parts["index_chunk_median"]) / 1024,
            "search_kb_largest_chunk": (base + parts["index_chunk_largest"]) / 1024,
            "search_kb_gzip": (base_gzip + parts["index_chunk_median"]) / 1024,
            "search_parts": parts}


def _poll(url: str, found, timeout: float, every: float = 0.05) -> float:
    """Seconds until the page at `url` satisfies `found(page)`; TimedOut after `timeout`."""
    start = time.perf_counter()
    while time.perf_counter() - start < timeout:
        page = get(url, timeout=5)  # a page of a large site under load
        if page is not None and found(page):
            return time.perf_counter() - start
        time.sleep(every)
    raise TimedOut(timeout)


# An edit that breaks a sheet: a value outside its vocabulary (the synthetic sheets all have it).
INVALID = ("statut: contribution", "statut: inconnu")


def measure_preview(project: Path, ids: list[str], timeout: float) -> dict:
    """Under `mkdocs serve` (as `make serve` runs it): from saving an edited sheet to the served
    case page showing the change; then from saving an invalid edit to the page showing the
    French problem line naming the sheet (the last good site stays served); then the sheet
    is restored. Times are wall times, polling every 50 ms."""
    port = free_port()
    ident = ids[len(ids) // 2]
    sheet = project / "cases" / f"{ident}.md"
    original = sheet.read_text(encoding="utf-8")
    url = f"http://127.0.0.1:{port}/cas/{ident}/"
    log = (project / ".bench-serve.log").open("w")
    server = subprocess.Popen([sys.executable, "-m", "mkdocs", "serve", "-a", f"127.0.0.1:{port}"],
                              cwd=project, env=ENV, stdout=subprocess.DEVNULL, stderr=log, start_new_session=True)
    try:
        row = {"preview_first_build_s": _poll(url, lambda page: "<h1" in page, timeout, every=0.5)}
        time.sleep(2)  # the file watcher is in place
        marker = f"Modification {time.time_ns()} pour la mesure"
        edited = original.rstrip("\n") + f"\n\n{marker}\n"
        sheet.write_text(edited, encoding="utf-8")
        row["preview_s"] = _poll(url, lambda page: marker in page, timeout)
        time.sleep(1)
        assert INVALID[0] in edited, f"{sheet.name}: no « {INVALID[0]} » to break"
        sheet.write_text(edited.replace(*INVALID), encoding="utf-8")
        row["preview_problem_s"] = _poll(url, lambda page: "echec-construction" in page
                                         and f"cases/{ident}.md" in page, timeout)
        sheet.write_text(original, encoding="utf-8")
        row["preview_recovered_s"] = _poll(url, lambda page: "echec-construction" not in page
                                           and marker not in page, timeout)
        return row
    finally:
        sheet.write_text(original, encoding="utf-8")
        os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait()
        log.close()


# --------------------------------------------------------------------------------------
# The first search result on a slow network (issue 29: « Fast on a slow network »)
# --------------------------------------------------------------------------------------

# A 4G connection as DevTools throttles it: 150 ms of latency, 1.6 Mb/s down, 750 kb/s up (bytes/s).
THROTTLED_4G = {"offline": False, "latency": 150, "downloadThroughput": 1.6e6 / 8, "uploadThroughput": 750e3 / 8}
# A word the real cases and the synthetic sheets both hold, typed with its accent.
THROTTLED_QUERY = "mobilité"

# In the page, before its scripts: the time (ms since the epoch) a result of the query is first
# drawn: a result with its excerpt (a query's results have one, the whole base's have a summary),
# seen in an animation frame (frames are drawn once the stylesheets are in). `__first_origin`: when
# the first navigation started (the typed path may reload the page, a form sent before the script ran).
FIRST_RESULT_PROBE = """(() => {
  try { if (!sessionStorage.getItem('__first_origin')) sessionStorage.setItem('__first_origin', String(performance.timeOrigin)); }
  catch (e) {}
  window.__first = null;
  const tick = () => {
    const excerpt = document.querySelector('#recherche-liste > li .recherche-extrait');
    if (excerpt && excerpt.getClientRects().length) { window.__first = performance.timeOrigin + performance.now(); return; }
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
})();"""


def _first_result(browser, base: str, log: list, query: str, typed: bool, timeout: float) -> dict:
    """One search from an empty cache on the throttled connection: the search page opened on the
    query (`?q=`, as the header's and the home page's forms send it), or opened empty and the query
    typed as soon as its field is there (`typed`). Returns the time to the first result, the
    requests served before it and until the page is idle, and their bytes (bodies as sent)."""
    from test_browser import PHONE
    context = browser.new_context(viewport=PHONE, locale="fr-FR")  # a new context: an empty cache
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        cdp.send("Network.emulateNetworkConditions", THROTTLED_4G)
        page.add_init_script(FIRST_RESULT_PROBE)
        del log[:]
        url = base + routes.search()
        if typed:
            page.goto(url, wait_until="commit")
            # The field as soon as it is drawn (fill alone retries on a back-off: up to 0.5 s late).
            page.wait_for_function("() => { const q = document.getElementById('recherche-q');"
                                   " return q && q.getClientRects().length > 0; }", polling="raf",
                                   timeout=timeout * 1000)
            page.locator("#recherche-q").fill(query)
            page.locator("#recherche-q").press("Enter")
        else:
            page.goto(url + "?" + urlencode({"q": query}), wait_until="commit")
        page.wait_for_function("() => window.__first !== null", timeout=timeout * 1000, polling=100)
        first = page.evaluate("window.__first")
        origin = float(page.evaluate("sessionStorage.getItem('__first_origin')"))
        settled = len(log)
        for _ in range(100):  # until no request for a second: what the page loads after the first result
            time.sleep(1)
            if len(log) == settled:
                break
            settled = len(log)
        before = [r for r in log if r.at * 1000 <= first]
        return {"first_s": (first - origin) / 1000, "requests": len(before), "kb": sum(r.bytes for r in before) / 1024,
                "requests_all": len(log), "kb_all": sum(r.bytes for r in log) / 1024,
                "paths": [r.path for r in before], "paths_after": [r.path for r in log if r.at * 1000 > first]}
    finally:
        context.close()


def measure_throttled(site_dir: Path, runs: int, timeout: float, query: str = THROTTLED_QUERY) -> dict:
    """The first result of a search on a throttled 4G connection (THROTTLED_4G) from an empty cache, in
    Debian's Chromium, the built site served gzipped (helpers.serve_compressed): the median of `runs`,
    by the query in the URL and typed."""
    from playwright.sync_api import TimeoutError as PageTimeout
    from playwright.sync_api import sync_playwright
    from test_browser import ARGS, CHROMIUM
    row: dict = {"throttled_query": query}
    with serve_compressed(site_dir) as (base, log), sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        try:
            for kind, typed in (("throttled", False), ("throttled_typed", True)):
                found = [_first_result(browser, base, log, query, typed, timeout) for _ in range(runs)]
                middle = sorted(found, key=lambda r: r["first_s"])[len(found) // 2]
                row |= {f"{kind}_first_s": middle["first_s"], f"{kind}_runs_s": [r["first_s"] for r in found],
                        f"{kind}_requests": middle["requests"], f"{kind}_kb": middle["kb"],
                        f"{kind}_requests_all": middle["requests_all"], f"{kind}_kb_all": middle["kb_all"],
                        f"{kind}_paths": middle["paths"], f"{kind}_paths_after": middle["paths_after"]}
        except PageTimeout:
            raise TimedOut(timeout) from None
        finally:
            browser.close()
    return row


def bench_project(args) -> dict:
    """The throttled search on the project's own site (its cases/ and docs/), built into a temporary folder."""
    with tempfile.TemporaryDirectory(prefix="bench-projet-") as tmp:
        site = Path(tmp) / "site"
        step("project: mkdocs build")
        result = mkdocs("build", "--site-dir", str(site))
        if result.returncode != 0:
            raise SystemExit(f"mkdocs build of the project failed:\n{result.stderr[-4000:]}")
        entry = json.loads((site / routes.search_index("pagefind-entry.json")).read_text(encoding="utf-8"))
        row: dict = {"cases": sum(language["page_count"] for language in entry["languages"].values())}
        step("project: first search result on a throttled connection")
        try:
            row |= measure_throttled(site, args.throttle_runs, args.timeout)
        except TimedOut:
            row["throttled_timeout_s"] = args.timeout
    return row


# --------------------------------------------------------------------------------------
# One size, all measures
# --------------------------------------------------------------------------------------

def bench_size(n: int, args) -> dict:
    row: dict = {"n": n}
    with tempfile.TemporaryDirectory(prefix=f"bench-{n}-") as tmp_name:
        tmp = Path(tmp_name)
        project = make_project(tmp)
        cases = project / "cases"
        step(f"N={n}: writing sheets")
        start = time.perf_counter()
        ids = write_sheets(cases, n, args.seed)
        row["generate_s"] = time.perf_counter() - start
        step(f"N={n}: validating")
        check_valid(cases)

        def attempt(key: str, measure, *params) -> bool:
            """Run one measure into `row`; a timeout is recorded, not raised."""
            step(f"N={n}: {key}")
            try:
                row.update(measure(*params, args.runs, args.timeout))
                return True
            except TimedOut:
                row[f"{key}_timeout_s"] = args.timeout
                step(f"N={n}: {key} timed out after {args.timeout:.0f} s")
                return False

        def throttled() -> None:
            if args.skip_throttle or n not in args.throttle_sizes or "whole_s" not in row:
                return
            step(f"N={n}: first search result on a throttled connection")
            try:
                row.update(measure_throttled(project / "site", args.throttle_runs, args.timeout))
            except TimedOut:
                row["throttled_timeout_s"] = args.timeout

        if args.throttle_only:  # one build, then the throttled search alone
            attempt("whole", measure_whole, project)
            throttled()
            return row
        if attempt("floor", measure_floor, cases) and attempt("core", measure_core, cases):
            row["core_floor_ratio"] = row["core_cpu_s"] / row["floor_cpu_s"]
            row["core_floor_ratio_warm"] = row["core_warm_cpu_s"] / row["floor_cpu_s"]
            row["core_floor_ratio_wall"] = row["core_s"] / row["floor_s"]
            if attempt("markdown", measure_markdown, cases):
                row["core_floor_bound"] = (row["floor_cpu_s"] + row["markdown_cpu_s"]) / row["floor_cpu_s"]
        if not args.skip_hostile and n in args.hostile_sizes and "core_s" in row:
            attempt("hostile", measure_hostile, cases)
        if "core_s" not in row:  # the whole build runs the same core: it would time out too
            row["whole_skipped"] = "core timed out"
        elif attempt("whole", measure_whole, project):
            row |= measure_site(project / "site", ids)
            row |= measure_search(project / "site")
            throttled()
        if not args.skip_plain and n in args.plain_sizes:
            if attempt("plain", measure_plain, tmp, cases) and "whole_s" in row:
                row["whole_plain_ratio"] = row["whole_s"] / row["plain_s"]
                row["whole_plain_cpu_ratio"] = row["whole_cpu_s"] / row["plain_cpu_s"]
                row["whole_plain_bound"] = row["whole_cpu_s"] / CORES / row["plain_s"]
        if not args.skip_preview and n in args.preview_sizes and "whole_s" in row:
            step(f"N={n}: preview under mkdocs serve")
            try:
                with time_limit(args.timeout * 3):
                    row |= measure_preview(project, ids, args.timeout)
            except TimedOut:
                row["preview_timeout_s"] = args.timeout
    return row


def add_linearity(rows: list[dict]) -> None:
    """Whole-build time relative to the smallest size (linear would be N / N0)."""
    timed = [r for r in rows if "whole_s" in r]
    if not timed:
        return
    first = min(timed, key=lambda r: r["n"])
    for row in timed:
        if row is not first:
            row["linearity"] = row["whole_s"] / first["whole_s"]
            row["linearity_base_n"] = first["n"]


# --------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------

METRICS = [  # (key, label, format)
    ("generate_s", "sheets written in (s)", "{:.2f}"),
    ("floor_s", "floor: read + split + CSafeLoader (s)", "{:.3f}"),
    ("floor_cpu_s", "  floor, CPU time (s)", "{:.3f}"),
    ("core_s", "core cold: core.build, no memo (s)", "{:.3f}"),
    ("core_cpu_s", "  core cold, CPU time (s)", "{:.3f}"),
    ("core_warm_s", "core warm: memo of a previous build (s)", "{:.3f}"),
    ("core_warm_cpu_s", "  core warm, CPU time (s)", "{:.3f}"),
    ("core_floor_ratio", "core cold / floor, CPU  [target <= 1.5 at 10k]", "{:.2f}"),
    ("core_floor_ratio_warm", "core warm / floor, CPU (not the target)", "{:.2f}"),
    ("core_floor_ratio_wall", "core cold / floor, wall time", "{:.2f}"),
    ("markdown_cpu_s", "bodies' Markdown alone, CPU time (s)", "{:.3f}"),
    ("core_floor_bound", "least core / floor converting bodies in Python: (floor + Markdown) / floor", "{:.2f}"),
    ("core_pages", "pages rendered by the core", "{:d}"),
    ("whole_s", "whole: mkdocs build (s)", "{:.2f}"),
    ("whole_subprocess_s", "  of which in subprocess.run: indexer (s)", "{:.2f}"),
    ("whole_children_cpu_s", "  child processes CPU time (s)", "{:.2f}"),
    ("whole_cpu_s", "  CPU time, build + child processes (s)", "{:.2f}"),
    ("whole_python_peak_mb", "peak RSS, Python build (MB)", "{:.0f}"),
    ("whole_children_peak_mb", "peak RSS, child processes/indexer (MB)", "{:.0f}"),
    ("plain_s", "plain mkdocs-material + search (s)", "{:.2f}"),
    ("plain_cpu_s", "  plain, CPU time (s)", "{:.2f}"),
    ("plain_python_peak_mb", "peak RSS, plain build (MB)", "{:.0f}"),
    ("whole_plain_ratio", "whole cold / plain  [target <= 1.0]", "{:.2f}"),
    ("whole_plain_cpu_ratio", "whole cold / plain, CPU time (the work each does)", "{:.2f}"),
    ("whole_plain_bound", "least whole / plain on this machine: CPU time / cores / plain", "{:.2f}"),
    ("linearity", "whole cold time / time at smallest N", "{:.2f}"),
    ("site_bytes", "site size (MB)", "mb"),
    ("site_files", "site files", "{:d}"),
    ("case_page_bytes", "one case page HTML (KB, median)", "kb"),
    ("search_kb", "one search download, median chunk (KB)", "{:.0f}"),
    ("search_kb_largest_chunk", "one search download, largest chunk (KB)", "{:.0f}"),
    ("search_kb_gzip", "one search download as transferred: page+assets gzipped (KB)  [target <= 300 at 10k]", "{:.0f}"),
    ("throttled_first_s", "search on throttled 4G: first result, ?q= (s, median)  [target <= 1.5]", "{:.2f}"),
    ("throttled_requests", "  requests before the first result", "{:d}"),
    ("throttled_kb", "  KB sent before the first result", "{:.0f}"),
    ("throttled_typed_first_s", "search on throttled 4G: first result, typed (s, median)", "{:.2f}"),
    ("preview_first_build_s", "serve: first build until the page is served (s)", "{:.2f}"),
    ("preview_s", "serve: save -> edited case page served (s)", "{:.2f}"),
    ("preview_problem_s", "serve: save invalid -> problem shown (s)", "{:.2f}"),
    ("preview_recovered_s", "serve: restore -> good page again (s)", "{:.2f}"),
    ("hostile_base_cpu_s", "fiche hostile à la limite: core without it, CPU (s)", "{:.2f}"),
    ("hostile_normal_cpu_s", "  core with a normal sheet of that size, CPU (s)", "{:.2f}"),
    ("hostile_cpu_s", "  core with the worst hostile sheet, CPU (s)", "{:.2f}"),
    ("hostile_shape", "  worst hostile sheet (bench_corps.PATHOLOGICAL)", "{}"),
    ("hostile_ratio", "  with / without  [target <= 2 at 1k]", "{:.2f}"),
    ("hostile_normal_ratio", "  with / with a normal sheet of that size", "{:.2f}"),
]


def _status(row: dict, key: str) -> str | None:
    """'timeout' or 'skipped' when the measure behind `key` did not complete."""
    measure = key.split("_")[0]  # floor, core, whole, plain
    if key.endswith("_ratio"):
        return None
    if f"{measure}_timeout_s" in row:
        return f"> {row[f'{measure}_timeout_s']:.0f} s (timeout)" if key == f"{measure}_s" else "timeout"
    if measure == "whole" and "whole_skipped" in row:
        return "skipped"
    return None


def _cell(row: dict, key: str, fmt: str) -> str:
    value = row.get(key)
    if value is None:
        return _status(row, key) or "n/a"
    if fmt == "mb":
        return f"{value / 1_048_576:.1f}"
    if fmt == "kb":
        return f"{value / 1024:.1f}"
    if fmt == "{:d}":
        return f"{int(value):d}"
    return fmt.format(value)


def table(rows: list[dict]) -> str:
    header = ["metric"] + [f"N={r['n']:,}".replace(",", " ") for r in rows]
    body = [[label] + [_cell(r, key, fmt) for r in rows] for key, label, fmt in METRICS
            if any(key in r or _status(r, key) for r in rows)]
    widths = [max(len(line[i]) for line in [header] + body) for i in range(len(header))]
    lines = []
    for k, line in enumerate([header] + body):
        lines.append("  ".join(cell.ljust(widths[0]) if i == 0 else cell.rjust(widths[i])
                               for i, cell in enumerate(line)))
        if k == 0:
            lines.append("  ".join("-" * w for w in widths))
    return "\n".join(lines)


def notes(rows: list[dict]) -> str:
    out = ["Peak RSS: ru_maxrss of the mkdocs process (RUSAGE_SELF) and the largest of its waited-for",
           "child processes (RUSAGE_CHILDREN); the tree's peak is the larger of the two, not their sum.",
           "'n/a' child RSS: the build started no child process (no separate search indexer).",
           "Search download: Pagefind's pagefind.js, wasm, entry, pf_meta, one index chunk, 5 fragments,",
           "plus recherche/index.html and the scripts and stylesheets it loads, uncompressed unless stated;",
           "the target is judged as transferred: the page and its assets gzipped (as web servers send them).",
           "Core / floor compares CPU times (steadier than wall times on a shared machine); the core is",
           "timed alone, in one process (the adapter's second process is not given to it).",
           "Cold: no memo, as a fresh clone builds (and as every `mkdocs build`: nothing is kept on disk);",
           "the targets are judged on cold figures. Warm: the memo of a build of the same sheets in the same",
           "process, what a whole rebuild under `mkdocs serve` gets.",
           "Preview: `mkdocs serve` as `make serve` runs it (its first build fills the memo).",
           "Core times follow one untimed build of a single sheet (imports, templates compiled once).",
           "Least ratios: what no scheduling can beat on this machine. A build cannot take less wall time",
           f"than its CPU time (the build and its child processes) spread over the {CORES} core(s) it may use;",
           "a cold core spends at least the floor plus the bodies' Markdown conversion (case_page.body)."]
    if "linearity" in {k for r in rows for k in r}:
        base = next(r["linearity_base_n"] for r in rows if "linearity_base_n" in r)
        ideal = ", ".join(f"N={r['n']}: {r['n'] / base:.1f}" for r in rows if "linearity" in r)
        out.append(f"Linearity is relative to N={base}; strictly linear would be {ideal}.")
    return "\n".join(out)


def verdicts(rows: list[dict]) -> str:
    """Every target of issues 17 and 28 with its figure and « atteint » / « non atteint »."""
    out = ["Targets of issues 17 and 28 (cold figures: what a fresh clone gets):"]
    for key, (label, op, target, sizes) in TARGETS.items():
        run = {row["n"]: row for row in rows}
        for n in sizes or sorted(run):
            where = f"N={n:,}".replace(",", " ")
            if n not in run:
                out.append(f"  {label}, {where}: size not run (--sizes) : non mesuré")
                continue
            row = run[n]
            value = row.get(key)
            if op is None:
                shown = "n/a" if value is None else f"{value:.0f}" if key.endswith("_mb") or "_kb" in key else f"{value:.2f}"
                out.append(f"  {label}, {where}: {shown} (reported, no target)")
                continue
            goal = f"{op} {target:g}"
            if value is None:
                status = _status(row, key) or ("timeout" if f"{key.split('_')[0]}_timeout_s" in row else "not measured")
                out.append(f"  {label}, {where}: {status} (target {goal}) : non mesuré")
                continue
            met = value <= target if op == "<=" else value >= target
            out.append(f"  {label}, {where}: {value:.2f} (target {goal}) : {'atteint' if met else 'non atteint'}")
    return "\n".join(out)


def throttled_report(project: dict | None, rows: list[dict]) -> str:
    """The throttled search's figures, on the project's site and on each size measured, with the
    verdict of issue 29 (first result <= 1.5 s, the query in the URL)."""
    sites = ([(f"project ({project['cases']} cases)", project)] if project else []) + \
        [(f"N={r['n']:,}".replace(",", " "), r) for r in rows if "throttled_first_s" in r or "throttled_timeout_s" in r]
    if not sites:
        return ""
    goal = TARGETS["throttled_first_s"][2]
    out = [f"First search result on a throttled 4G connection ({THROTTLED_4G['latency']} ms latency, "
           f"{THROTTLED_4G['downloadThroughput'] * 8 / 1e6:g} Mb/s down, {THROTTLED_4G['uploadThroughput'] * 8 / 1e3:g} kb/s up),",
           "empty cache, Debian Chromium, the site served gzipped over HTTP/1.1; median of the runs; requests and KB",
           "(bodies as sent) before the first result is drawn, then until the page is idle:"]
    for name, row in sites:
        if "throttled_timeout_s" in row:
            out.append(f"  {name}: > {row['throttled_timeout_s']:.0f} s (timeout) : non mesuré")
            continue
        query = row["throttled_query"]
        for kind, how in (("throttled", f"?q={query}"), ("throttled_typed", f"typed « {query} »")):
            runs = ", ".join(f"{t:.2f}" for t in row[f"{kind}_runs_s"])
            verdict = ""
            if kind == "throttled":
                verdict = f" (target <= {goal:g}) : {'atteint' if row[f'{kind}_first_s'] <= goal else 'non atteint'}"
            out.append(f"  {name}, {how}: first result {row[f'{kind}_first_s']:.2f} s [{runs}]{verdict}; "
                       f"{row[f'{kind}_requests']} requests, {row[f'{kind}_kb']:.0f} KB before it; "
                       f"{row[f'{kind}_requests_all']} requests, {row[f'{kind}_kb_all']:.0f} KB in all")
    return "\n".join(out)


def step(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python tests/bench.py", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of sheets")
    parser.add_argument("--plain-sizes", type=int, nargs="+", default=[1000, 10000],
                        help="sizes at which to build plain mkdocs-material for comparison")
    parser.add_argument("--skip-plain", action="store_true", help="skip the plain mkdocs-material build")
    parser.add_argument("--preview-sizes", type=int, nargs="+", default=[1000],
                        help="sizes at which to time the preview under mkdocs serve")
    parser.add_argument("--skip-preview", action="store_true", help="skip the preview under mkdocs serve")
    parser.add_argument("--hostile-sizes", type=int, nargs="+", default=[1000],
                        help="sizes at which to time a build with a hostile sheet at the size limit")
    parser.add_argument("--skip-hostile", action="store_true", help="skip the builds with a hostile sheet")
    parser.add_argument("--throttle-sizes", type=int, nargs="+", default=[1000],
                        help="sizes at which to time the first search result on a throttled 4G connection")
    parser.add_argument("--throttle-runs", type=int, default=3,
                        help="runs of the throttled search, each from an empty cache (the median is kept)")
    parser.add_argument("--skip-throttle", action="store_true",
                        help="skip the throttled search (on the project's site and at every size)")
    parser.add_argument("--throttle-only", action="store_true",
                        help="only the throttled search: the project's site, then one build at each of --throttle-sizes")
    parser.add_argument("--runs", type=int, default=1, help="runs of each timing (the best is kept)")
    parser.add_argument("--seed", type=int, default=2017, help="seed of the synthetic sheets")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to each measure before it is reported as timed out (default 900)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    # On SIGTERM, unwind normally so that the temporary projects are removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    project = None if args.skip_throttle else bench_project(args)
    sizes = sorted(set(args.throttle_sizes if args.throttle_only else args.sizes))
    rows = [bench_size(n, args) for n in sizes]
    add_linearity(rows)
    if not args.throttle_only:
        print(table(rows))
        print()
        print(notes(rows))
        print()
        print(verdicts(rows))
        print()
    print(throttled_report(project, rows))
    if args.json:
        data = json.dumps({"sizes": rows, "project": project, "targets": TARGETS, "python": sys.version.split()[0]},
                          indent=2, ensure_ascii=False)
        if args.json == "-":
            print(data)
        else:
            Path(args.json).write_text(data + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
