"""Benchmark the build on synthetic case sheets (a measurement script, not a test).

Usage: python -m scripts.bench [--sizes 1000 10000] [--plain-sizes 1000] [--skip-plain]
                               [--runs 1] [--seed 2017] [--timeout 900] [--json PATH|-]

For each size N, in a temporary copy of the project holding N valid synthetic sheets:

- floor: read every sheet, split the front matter, parse it with PyYAML's C loader;
- core: `scripts.site.build` in-process (load, validate, render every page in memory);
- whole: `mkdocs build` as a subprocess, with the peak RSS of the Python build and,
  separately, of its child processes (the search indexer, if the hooks run one);
- plain: mkdocs-material alone (search plugin, no hooks) on the same case texts;
- the built site: size, number of files, one case page, bytes downloaded for one search.

Prints one row per metric and one column per N; `--json PATH` also writes the numbers
(`--json -` prints them after the table).
"""

from __future__ import annotations

import argparse
import datetime
import gzip
import json
import os
import random
import re
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from contextlib import contextmanager
from pathlib import Path

import yaml

from . import schema
from . import site as core
from .load import load_all
from .validate import validate

ROOT = Path(__file__).resolve().parent.parent
ENV = {**os.environ, "NO_MKDOCS_2_WARNING": "1", "SOURCE_DATE_EPOCH": "1485907200"}

# Targets from the performance brief: (metric, comparison, value, size it applies to).
TARGETS = {
    "core_floor_ratio": ("<=", 1.5, 10_000),
    "whole_plain_ratio": ("<=", 1.2, 1_000),
    "linearity": ("<=", 11.0, 10_000),
    "search_kb": ("<=", 300.0, 10_000),
}

# --------------------------------------------------------------------------------------
# Synthetic sheets
# --------------------------------------------------------------------------------------

# Lorem-like French words: accents and apostrophes included, no Markdown syntax.
WORDS = (
    "quartier habitants emploi projet insertion entreprise réseau formation accompagnement "
    "territoire économie sociale solidaire jeunes femmes créateurs activité commerce service "
    "mobilité numérique atelier coopérative association partenaires collectivité ville métropole "
    "développement compétences accès marché financement épargne local circuit court chantier "
    "école médiation confiance proximité innovation expérimentation essaimage pérennité modèle "
    "recettes subventions bénévoles salariés parcours diagnostic repérage incubateur pépinière "
    "tiers-lieu fabrique numérique logement énergie rénovation recyclage réemploi alimentation "
    "santé culture sport garde enfants famille langue français bureautique permis véhicule "
    "transport horaires décalés bailleur office public agence État région département commune "
    "élus techniciens associations fondations banques mécénat entreprises grandes petites "
    "artisans commerçants indépendants auto-entrepreneurs porteurs idées besoins usages "
    "durable inclusif collectif partagé ouvert gratuit accessible adapté reconnu soutenu "
    "dès avec pour dans sur entre vers chez sans depuis après avant pendant selon grâce "
    "construit propose accompagne forme relie finance développe mesure réunit ouvre crée"
).split()

# ASCII stems for ids (ids are lowercase letters, digits and hyphens).
STEMS = (
    "atelier fabrique reseau maison cite pole ecole garage cuisine jardin boutique labo "
    "incubateur cooperative agence plateforme collectif comptoir ressourcerie navette"
).split()

# Approximate coordinates of a main town of some metropolitan departements.
TOWNS = {
    "06": ("Nice", 43.7102, 7.2620), "13": ("Marseille", 43.2965, 5.3698),
    "14": ("Caen", 49.1829, -0.3707), "21": ("Dijon", 47.3220, 5.0415),
    "25": ("Besançon", 47.2378, 6.0241), "29": ("Brest", 48.3904, -4.4861),
    "2A": ("Ajaccio", 41.9192, 8.7386), "30": ("Nîmes", 43.8367, 4.3601),
    "31": ("Toulouse", 43.6047, 1.4442), "33": ("Bordeaux", 44.8378, -0.5792),
    "34": ("Montpellier", 43.6108, 3.8767), "35": ("Rennes", 48.1173, -1.6778),
    "37": ("Tours", 47.3941, 0.6848), "38": ("Grenoble", 45.1885, 5.7245),
    "42": ("Saint-Étienne", 45.4397, 4.3872), "44": ("Nantes", 47.2184, -1.5536),
    "45": ("Orléans", 47.9030, 1.9093), "49": ("Angers", 47.4784, -0.5632),
    "51": ("Reims", 49.2583, 4.0317), "54": ("Nancy", 48.6921, 6.1844),
    "57": ("Metz", 49.1193, 6.1757), "59": ("Lille", 50.6292, 3.0573),
    "62": ("Arras", 50.2910, 2.7775), "63": ("Clermont-Ferrand", 45.7772, 3.0870),
    "67": ("Strasbourg", 48.5734, 7.7521), "69": ("Lyon", 45.7640, 4.8357),
    "75": ("Paris", 48.8566, 2.3522), "76": ("Rouen", 49.4432, 1.0999),
    "77": ("Melun", 48.5421, 2.6554), "78": ("Versailles", 48.8049, 2.1204),
    "80": ("Amiens", 49.8941, 2.2958), "83": ("Toulon", 43.1242, 5.9280),
    "84": ("Avignon", 43.9493, 4.8055), "86": ("Poitiers", 46.5802, 0.3404),
    "87": ("Limoges", 45.8336, 1.2611), "91": ("Évry-Courcouronnes", 48.6290, 2.4410),
    "92": ("Nanterre", 48.8924, 2.2071), "93": ("Bobigny", 48.9100, 2.4390),
    "94": ("Créteil", 48.7904, 2.4556), "95": ("Cergy", 49.0364, 2.0761),
}
HEADINGS = ("L'innovation", "Impacts", "Facteurs de succès", "Enseignements")


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join([words[0].capitalize(), *words[1:]]) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = rng.randint(8, 16)
        n = left if left - n < 4 else n
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _q(text: str) -> str:
    """A double-quoted YAML scalar."""
    return json.dumps(text, ensure_ascii=False)


def sheet_text(i: int, rng: random.Random) -> tuple[str, str]:
    """(id, text) of one valid synthetic sheet, drawn from the schema's vocabularies."""
    stem = f"{rng.choice(STEMS)}-{_ascii(rng.choice(WORDS)).lower().replace('-', '')}"
    ident = f"{stem}-{i:05d}"
    title = " ".join(w.capitalize() for w in rng.sample(WORDS, 3)) + f" {i}"
    principal = rng.choice(list(schema.IMPACTS))
    others = rng.sample([k for k in schema.IMPACTS if k != principal], rng.randint(0, 2))
    echelle = rng.choices(list(schema.ECHELLE), weights=(6, 3, 1))[0]
    lines = [
        "---",
        f"id: {ident}",
        f"titre: {_q(title)}",
        f"resume: {_q(_paragraph(rng, rng.randint(18, 30)))}",
        f"porteur: {_q(rng.choice(WORDS).capitalize() + ' ' + rng.choice(WORDS))}",
        f"type_porteur: [{', '.join(rng.sample(list(schema.TYPE_PORTEUR), rng.randint(1, 2)))}]",
    ]
    if echelle != "nationale" or rng.random() < 0.5:
        dep = rng.choice(list(TOWNS))
        town, lat, lon = TOWNS[dep]
        lines += [f"commune: {_q(town)}", f'departement: "{dep}"']
        if rng.random() < 0.8:
            lat, lon = lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05)
            lines.append(f"coordonnees: {{lat: {lat:.4f}, lon: {lon:.4f}}}")
        if dep.isdigit() and rng.random() < 0.5:
            lines += ["qpv:", f'  - {{code: QP{int(dep):03d}{rng.randint(1, 60):03d}, '
                              f'nom: {_q("Quartier " + rng.choice(WORDS))}}}']
    lines += [
        f"echelle: {echelle}",
        f"essaimage: {'true' if rng.random() < 0.5 else 'false'}",
        f"categories: [{', '.join(rng.sample(list(schema.CATEGORIES), rng.randint(1, 3)))}]",
    ]
    formes = rng.sample(list(schema.FORMES), rng.randint(0, 2))
    if formes:
        lines.append(f"formes: [{', '.join(formes)}]")
    lines.append(f"impact_principal: {principal}")
    if others:
        lines.append(f"impacts: [{', '.join(others)}]")
    axes = sorted(rng.sample(list(schema.AXES), rng.randint(1, 3)))
    lines += [
        f"axes: [{', '.join(map(str, axes))}]",
        "statut: contribution",
        "sources:",
        f'  - titre: {_q("Fiche de contribution n° " + str(i))}',
        f'    url: "https://exemple.fr/contributions/{ident}"',
        f"annee: {rng.randint(1995, 2016)}",
        f"mis_a_jour: {datetime.date(2017, 2, 1) + datetime.timedelta(days=rng.randint(0, 300))}",
        "---",
        "",
    ]
    for heading in HEADINGS:  # ~150 words in all
        lines += [f"## {heading}", "", _paragraph(rng, rng.randint(30, 45)), ""]
    return ident, "\n".join(lines)


def write_sheets(cases: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    cases.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(1, n + 1):
        ident, text = sheet_text(i, rng)
        (cases / f"{ident}.md").write_text(text, encoding="utf-8")
        ids.append(ident)
    return ids


def check_valid(cases: Path) -> None:
    sheets, problems = load_all(cases, cases.parent)
    problems = problems + validate(sheets)
    if problems:
        shown = "\n".join(str(p) for p in problems[:10])
        raise SystemExit(f"synthetic sheets are invalid ({len(problems)} problems):\n{shown}")


# --------------------------------------------------------------------------------------
# Temporary projects
# --------------------------------------------------------------------------------------

def make_project(tmp: Path) -> Path:
    """A copy of the project (config, docs, theme, build code) with an empty cases/,
    as tests/conftest.make_project does."""
    project = tmp / "projet"
    project.mkdir()
    shutil.copy(ROOT / "mkdocs.yml", project / "mkdocs.yml")
    for name in ("docs", "overrides", "scripts"):
        shutil.copytree(ROOT / name, project / name, ignore=shutil.ignore_patterns("__pycache__"))
    if (ROOT / "node_modules").exists():
        (project / "node_modules").symlink_to(ROOT / "node_modules")
    return project


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
        fm, body = _split(path.read_text(encoding="utf-8"))
        title = yaml.load(fm, Loader=yaml.CSafeLoader)["titre"]
        (project / "docs" / "cas" / path.name).write_text(f"# {title}\n\n{body}", encoding="utf-8")
    return project


# --------------------------------------------------------------------------------------
# Measures
# --------------------------------------------------------------------------------------

def _split(text: str) -> tuple[str, str]:
    end = text.index("\n---\n", 3)
    return text[4:end + 1], text[end + 5:]


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


def _best(fn, runs: int, timeout: float) -> tuple[float, list[float]]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        with time_limit(timeout):
            fn()
        times.append(time.perf_counter() - start)
    return min(times), times


def measure_floor(cases: Path, runs: int, timeout: float) -> dict:
    """The least any build must do: read, split and parse every front matter."""
    def floor():
        for path in sorted(cases.glob("*.md")):
            fm, _body = _split(path.read_bytes().decode("utf-8"))
            yaml.load(fm, Loader=yaml.CSafeLoader)
    best, times = _best(floor, runs, timeout)
    return {"floor_s": best, "floor_runs_s": times}


def measure_core(cases: Path, runs: int, timeout: float) -> dict:
    """site.build in-process: load + validate + render every page in memory."""
    out = {}

    def build():
        result = core.build(cases)
        if result.problems:
            raise SystemExit(f"site.build reported {len(result.problems)} problems: {result.problems[0]}")
        out["pages"], out["files"] = len(result.pages), len(result.files)
    best, times = _best(build, runs, timeout)
    return {"core_s": best, "core_runs_s": times, "core_pages": out["pages"], "core_files": out["files"]}


# Runs mkdocs' CLI in a child process, then reports the peak RSS of that process (the
# Python build) and of its waited-for children (e.g. the search indexer), the children's
# CPU time, and the wall time spent in subprocess.run calls (how the hooks run the indexer).
_MKDOCS_WRAPPER = r"""
import json, resource, subprocess, sys, time
from mkdocs.__main__ import cli
report, args = sys.argv[1], sys.argv[2:]
spent = [0.0]
_run = subprocess.run
def run(*a, **k):
    start = time.perf_counter()
    try:
        return _run(*a, **k)
    finally:
        spent[0] += time.perf_counter() - start
subprocess.run = run
try:
    cli.main(args=args, prog_name="mkdocs")
    code = 0
except SystemExit as exc:
    code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
me = resource.getrusage(resource.RUSAGE_SELF)
kids = resource.getrusage(resource.RUSAGE_CHILDREN)
with open(report, "w") as f:
    json.dump({"self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss,
               "children_cpu_s": kids.ru_utime + kids.ru_stime, "subprocess_run_s": spent[0]}, f)
sys.exit(code)
"""


def run_mkdocs(project: Path, timeout: float) -> dict:
    """`mkdocs build` in a subprocess: wall time and peak RSS (MB)."""
    report = project / ".bench-rusage.json"
    start = time.perf_counter()
    # Its own session, so that a timeout also ends the indexer it may have started.
    proc = subprocess.Popen([sys.executable, "-c", _MKDOCS_WRAPPER, str(report), "build", "--quiet"],
                            cwd=project, env=ENV, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
                            start_new_session=True)
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
            "children_cpu_s": usage["children_cpu_s"], "subprocess_run_s": usage["subprocess_run_s"]}


def measure_whole(project: Path, runs: int, timeout: float) -> dict:
    results = [run_mkdocs(project, timeout) for _ in range(runs)]
    best = min(results, key=lambda r: r["s"])
    return {
        "whole_s": best["s"],
        "whole_runs_s": [r["s"] for r in results],
        # Wall time inside subprocess.run (the indexer run by on_post_build) and its CPU time.
        "whole_subprocess_s": best["subprocess_run_s"],
        "whole_children_cpu_s": best["children_cpu_s"],
        "whole_python_peak_mb": max(r["python_mb"] for r in results),
        # None: the build started no child process (no separate indexer).
        "whole_children_peak_mb": max((r["children_mb"] for r in results if r["children_mb"]), default=None),
    }


def measure_plain(tmp: Path, cases: Path, runs: int, timeout: float) -> dict:
    project = make_plain_project(tmp, cases)
    try:
        results = [run_mkdocs(project, timeout) for _ in range(runs)]
        return {"plain_s": min(r["s"] for r in results), "plain_runs_s": [r["s"] for r in results],
                "plain_python_peak_mb": max(r["python_mb"] for r in results)}
    finally:
        shutil.rmtree(project, ignore_errors=True)


def measure_site(site_dir: Path, ids: list[str]) -> dict:
    """Size of the built site and of one case page (median over a few)."""
    files = [p for p in site_dir.rglob("*") if p.is_file()]
    sample = [ids[int(k * (len(ids) - 1) / 4)] for k in range(5)]
    pages = [(site_dir / "cas" / ident / "index.html").stat().st_size for ident in sample]
    return {"site_bytes": sum(p.stat().st_size for p in files), "site_files": len(files),
            "case_page_bytes": statistics.median(pages)}


_TAG = re.compile(r"<(script|link)\b([^>]*)>", re.IGNORECASE)
_ATTR = re.compile(r"""\b(src|href|rel)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))""", re.IGNORECASE)


def page_assets(site_dir: Path, page: Path) -> set[Path]:
    """Files under site/ that a page loads: <script src> and <link rel=stylesheet href>."""
    assets = set()
    for tag, attrs in _TAG.findall(page.read_text(encoding="utf-8")):
        values = {m[0].lower(): m[1] or m[2] or m[3] for m in _ATTR.findall(attrs)}
        if tag.lower() == "script":
            url = values.get("src")
        else:
            url = values.get("href") if "stylesheet" in values.get("rel", "").lower().split() else None
        if not url or re.match(r"^[a-z][a-z0-9+.-]*:|^//", url, re.IGNORECASE):
            continue  # none, or not served by the site
        url = url.split("#")[0].split("?")[0]
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

        if attempt("floor", measure_floor, cases) and attempt("core", measure_core, cases):
            row["core_floor_ratio"] = row["core_s"] / row["floor_s"]
        if "core_s" not in row:  # the whole build runs the same core: it would time out too
            row["whole_skipped"] = "core timed out"
        elif attempt("whole", measure_whole, project):
            row |= measure_site(project / "site", ids)
            row |= measure_search(project / "site")
        if not args.skip_plain and n in args.plain_sizes:
            if attempt("plain", measure_plain, tmp, cases) and "whole_s" in row:
                row["whole_plain_ratio"] = row["whole_s"] / row["plain_s"]
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
    ("core_s", "core: site.build in-process (s)", "{:.3f}"),
    ("core_floor_ratio", "core / floor  [target <= 1.5 at 10k]", "{:.2f}"),
    ("core_pages", "pages rendered by the core", "{:d}"),
    ("whole_s", "whole: mkdocs build subprocess (s)", "{:.2f}"),
    ("whole_subprocess_s", "  of which in subprocess.run: indexer (s)", "{:.2f}"),
    ("whole_children_cpu_s", "  child processes CPU time (s)", "{:.2f}"),
    ("whole_python_peak_mb", "peak RSS, Python build (MB)", "{:.0f}"),
    ("whole_children_peak_mb", "peak RSS, child processes/indexer (MB)", "{:.0f}"),
    ("plain_s", "plain mkdocs-material + search (s)", "{:.2f}"),
    ("plain_python_peak_mb", "peak RSS, plain build (MB)", "{:.0f}"),
    ("whole_plain_ratio", "whole / plain  [target <= 1.2 at 1k]", "{:.2f}"),
    ("linearity", "whole time / time at smallest N", "{:.2f}"),
    ("site_bytes", "site size (MB)", "mb"),
    ("site_files", "site files", "{:d}"),
    ("case_page_bytes", "one case page HTML (KB, median)", "kb"),
    ("search_kb", "one search download, median chunk (KB)", "{:.0f}"),
    ("search_kb_largest_chunk", "one search download, largest chunk (KB)", "{:.0f}"),
    ("search_kb_gzip", "one search download, page+assets gzipped (KB)", "{:.0f}"),
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
           "plus recherche/index.html and the scripts and stylesheets it loads, uncompressed unless stated."]
    if "linearity" in {k for r in rows for k in r}:
        base = next(r["linearity_base_n"] for r in rows if "linearity_base_n" in r)
        ideal = ", ".join(f"N={r['n']}: {r['n'] / base:.1f}" for r in rows if "linearity" in r)
        out.append(f"Linearity is relative to N={base}; strictly linear would be {ideal}.")
    return "\n".join(out)


def step(message: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.bench", description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000], help="numbers of sheets")
    parser.add_argument("--plain-sizes", type=int, nargs="+", default=[1000],
                        help="sizes at which to build plain mkdocs-material for comparison")
    parser.add_argument("--skip-plain", action="store_true", help="skip the plain mkdocs-material build")
    parser.add_argument("--runs", type=int, default=1, help="runs of each timing (the best is kept)")
    parser.add_argument("--seed", type=int, default=2017, help="seed of the synthetic sheets")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds allowed to each measure before it is reported as timed out (default 900)")
    parser.add_argument("--json", metavar="PATH", help="also write the results as JSON ('-': stdout)")
    args = parser.parse_args(argv)
    # On SIGTERM, unwind normally so that the temporary projects are removed.
    signal.signal(signal.SIGTERM, lambda signum, frame: sys.exit(128 + signum))
    rows = [bench_size(n, args) for n in sorted(set(args.sizes))]
    add_linearity(rows)
    print(table(rows))
    print()
    print(notes(rows))
    if args.json:
        data = json.dumps({"sizes": rows, "targets": TARGETS, "python": sys.version.split()[0]},
                          indent=2, ensure_ascii=False)
        if args.json == "-":
            print(data)
        else:
            Path(args.json).write_text(data + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
