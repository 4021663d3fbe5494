"""Pull requests a community can trust: hardened workflows (zizmor finds nothing), kept
dependencies (Dependabot), and a preview reviewers open with the Content-Security-Policy kept
(`make apercu`, the pull-request workflow's artifact and its job summary)."""

from __future__ import annotations

import importlib.util
import json
import os
import re
import shutil
import signal
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import yaml
from helpers import ENV, GOLDEN, ROOT, free_port, make_project, wait_for_port
from playwright.sync_api import sync_playwright
from test_browser import ARGS, ARTIFACTS, CHROMIUM, CSP_PROBE

GITHUB = ROOT / ".github"
WORKFLOWS = GITHUB / "workflows"
DEPENDABOT = GITHUB / "dependabot.yml"
SUMMARY_SCRIPT = GITHUB / "scripts" / "resume_apercu.py"
ZIZMOR = Path(sys.executable).parent / "zizmor"
NBSP, NNBSP = "\u00a0", "\u202f"
# `make` run from the tests, free of an outer make's flags (make test, make -n ...).
MAKE_ENV = {k: v for k, v in os.environ.items() if k not in ("MAKEFLAGS", "MFLAGS", "MAKELEVEL")}
PINNED_USE = re.compile(r"^\s*(?:- )?uses: ([\w.-]+/[\w./-]+)@([0-9a-f]{40}) # v\d+\.\d+\.\d+\s*$")


def _workflows() -> dict[str, dict]:
    return {f.name: yaml.safe_load(f.read_text(encoding="utf-8")) for f in sorted(WORKFLOWS.glob("*.y*ml"))}


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` as true


def _steps(workflow: dict):
    for job in workflow["jobs"].values():
        yield from job["steps"]


@pytest.fixture(scope="module")
def chromium():
    """`chromium(fn)` runs `fn(browser)` with Debian's Chromium. Playwright's sync API allows one
    instance per thread and test_browser.py's session instance may still be open: this one lives
    in a thread of its own, where every call to it is made."""
    if not Path(CHROMIUM).exists():
        pytest.fail("Chromium de Debian absent : apt-get install chromium (voir .ci/run)")
    worker = ThreadPoolExecutor(max_workers=1)
    playwright = worker.submit(lambda: sync_playwright().start()).result()
    browser = worker.submit(lambda: playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)).result()
    yield lambda fn: worker.submit(fn, browser).result()
    worker.submit(lambda: (browser.close(), playwright.stop())).result()
    worker.shutdown()


def _zizmor(*paths: Path) -> subprocess.CompletedProcess:
    # --persona=auditor: the strictest level, so that nothing is merely suppressed either.
    env = {k: v for k, v in os.environ.items() if k not in ("GH_TOKEN", "GITHUB_TOKEN")} | {"NO_COLOR": "1"}
    return subprocess.run([str(ZIZMOR), "--offline", "--persona=auditor", *map(str, paths)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)


# --- Hardened workflows -------------------------------------------------------------------

def test_zizmor_finds_nothing_in_the_workflows_and_dependabot():
    result = _zizmor(WORKFLOWS.relative_to(ROOT), DEPENDABOT.relative_to(ROOT))
    # Exit codes (zizmor docs, Usage): 0 = no finding, 1 = error, 10 to 14 = findings by highest severity.
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout.strip() == "No findings to report. Good job!", result.stdout
    audited = set(re.findall(r"completed (\S+)", result.stderr))
    assert {f".github/workflows/{name}" for name in _workflows()} | {".github/dependabot.yml"} <= audited


def test_no_finding_is_silenced():
    """An ignore comment or a zizmor configuration would let a weakened workflow pass quietly."""
    for f in [*WORKFLOWS.glob("*"), DEPENDABOT]:
        assert "zizmor:" not in f.read_text(encoding="utf-8"), f.name
    configs = [p for p in (ROOT / "zizmor.yml", ROOT / ".zizmor.yml", GITHUB / "zizmor.yml", GITHUB / ".zizmor.yml")
               if p.exists()]
    assert configs == []


def test_zizmor_catches_a_weakened_workflow(tmp_path):
    """The check above is live: the old habits (moving tag, token in the working copy, a title
    expanded in a script, permissions for everyone) are each reported."""
    weak = tmp_path / "faible.yml"
    weak.write_text("""name: faible
on:
  pull_request_target:
permissions: write-all
jobs:
  bonjour:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - run: echo "${{ github.event.pull_request.title }}"
""", encoding="utf-8")
    result = _zizmor(weak)
    assert result.returncode >= 10, result.stdout + result.stderr
    for audit in ("unpinned-uses", "artipacked", "template-injection", "dangerous-triggers", "excessive-permissions"):
        assert f"[{audit}]" in result.stdout, audit


def test_every_action_is_pinned_to_a_commit_with_its_version():
    for f in sorted(WORKFLOWS.glob("*.y*ml")):
        uses = [line for line in f.read_text(encoding="utf-8").splitlines() if re.match(r"^\s*(- )?uses:", line)]
        assert uses, f.name
        assert [u for u in uses if not PINNED_USE.match(u)] == [], f.name
    # One version per action across workflows: Dependabot moves them together.
    pins: dict[str, set[str]] = {}
    for f in WORKFLOWS.glob("*.y*ml"):
        for line in f.read_text(encoding="utf-8").splitlines():
            if m := PINNED_USE.match(line):
                pins.setdefault(m.group(1), set()).add(m.group(2))
    assert {action: shas for action, shas in pins.items() if len(shas) > 1} == {}


def test_permissions_are_granted_per_job_and_least():
    expected = {
        "pr.yml": {"fiches": {"contents": "read"}, "site": {"contents": "read"}, "apercu": {"contents": "read"}},
        "deploy.yml": {"build": {"contents": "read", "pages": "read"},
                       "deploy": {"pages": "write", "id-token": "write"}},
    }
    workflows = _workflows()
    assert set(workflows) == set(expected)
    for name, workflow in workflows.items():
        assert workflow["permissions"] == {}, name
        assert {job: spec.get("permissions") for job, spec in workflow["jobs"].items()} == expected[name]


def test_no_dangerous_trigger_no_token_left_no_expression_in_scripts():
    for name, workflow in _workflows().items():
        assert "pull_request_target" not in _triggers(workflow), name
        assert "workflow_run" not in _triggers(workflow), name
        for step in _steps(workflow):
            if step.get("uses", "").startswith("actions/checkout@"):
                assert step["with"]["persist-credentials"] is False, name
            # Untrusted input (branch names, titles, file names) reaches scripts through env only.
            assert "${{" not in step.get("run", ""), (name, step.get("name"))


def test_deploy_publishes_only_main_from_the_full_history():
    workflow = _workflows()["deploy.yml"]
    assert _triggers(workflow)["push"] == {"branches": ["main"]}
    for job in workflow["jobs"].values():
        assert job["if"] == "github.ref == 'refs/heads/main'"  # workflow_dispatch runs on any branch
    build = workflow["jobs"]["build"]
    checkout = next(s for s in build["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    make_site = next(s for s in build["steps"] if s.get("run", "").startswith("make site"))
    assert "steps.pages.outputs.base_url" in make_site["env"]["SITE_URL"]  # publication build: no placeholder
    assert workflow["jobs"]["deploy"]["environment"]["name"] == "github-pages"


def test_pull_request_preview_is_the_production_build_uploaded_with_a_summary():
    job = _workflows()["pr.yml"]["jobs"]["apercu"]
    assert "needs" not in job  # its summary reports invalid sheets too
    steps = job["steps"]
    checkout = steps[0]
    assert checkout["uses"].startswith("actions/checkout@") and checkout["with"]["fetch-depth"] == 0
    build = next(s for s in steps if s.get("id") == "construction")
    assert build["run"].strip() == "make site" and "env" not in build  # mkdocs build, CSP kept, no SITE_URL
    assert "serve" not in "\n".join(s.get("run", "") for s in steps)
    upload = next(s for s in steps if s.get("uses", "").startswith("actions/upload-artifact@"))
    assert upload["with"]["path"] == "site/" and upload["with"]["if-no-files-found"] == "error"
    assert upload["with"]["name"] == "apercu-pr-${{ github.event.pull_request.number }}"
    summary = steps[-1]
    assert summary["if"] == "${{ !cancelled() }}"
    assert summary["run"] == 'python .github/scripts/resume_apercu.py >> "$GITHUB_STEP_SUMMARY"'
    assert summary["env"]["ARTEFACT"] == upload["with"]["name"]
    assert summary["env"]["CONSTRUCTION"] == "${{ steps.construction.outcome }}"


# --- Kept dependencies --------------------------------------------------------------------

def test_dependabot_keeps_pip_npm_and_actions_weekly_in_one_group_each():
    config = yaml.safe_load(DEPENDABOT.read_text(encoding="utf-8"))
    assert config["version"] == 2
    updates = {u["package-ecosystem"]: u for u in config["updates"]}
    assert set(updates) == {"pip", "npm", "github-actions"}
    for ecosystem, update in updates.items():
        assert update["directory"] == "/", ecosystem
        assert update["schedule"]["interval"] == "weekly", ecosystem
        groups = update["groups"]
        assert len(groups) == 1 and next(iter(groups.values()))["patterns"] == ["*"], ecosystem
    assert updates["npm"]["versioning-strategy"] == "increase"
    # Dependabot's pip support reads every *requirements*.txt of the directory: both lists.
    assert {p.name for p in ROOT.glob("*requirements*.txt")} == {"requirements.txt", "requirements-test.txt"}
    assert (ROOT / "package.json").exists() and (ROOT / "package-lock.json").exists()


def _pins(name: str) -> dict[str, tuple[str, list[str]]]:
    """A compiled requirements file: each package with its version and its hashes (the lines a
    backslash continues read as one)."""
    text = (ROOT / name).read_text(encoding="utf-8").replace("\\\n", " ")
    pins = {}
    for line in text.splitlines():
        line = line.split("#", 1)[0].strip()
        if not line:
            continue
        requirement, *options = line.split()
        match = re.fullmatch(r"([A-Za-z0-9_.-]+)==([\w.]+)", requirement)
        assert match, (name, line)
        hashes = [o.removeprefix("--hash=") for o in options if o.startswith("--hash=sha256:")]
        assert len(hashes) == len(options), (name, line)
        pins[match[1].lower()] = (match[2], hashes)
    return pins


def _direct(name: str) -> set[str]:
    lines = [line.split("#")[0].strip() for line in (ROOT / name).read_text(encoding="utf-8").splitlines()]
    return {re.sub(r"\[.*\]", "", line).lower() for line in lines if line and not line.startswith("-")}


def test_dependency_lists_stay_pinned_with_their_hashes():
    site, test = _pins("requirements.txt"), _pins("requirements-test.txt")
    for name, pins in (("requirements.txt", site), ("requirements-test.txt", test)):
        assert pins and [p for p, (_, hashes) in pins.items() if not hashes] == [], name
    # Each package named in a .in file is in the list compiled from it; one version for both lists.
    assert _direct("requirements.in") <= set(site) and "python-frontmatter" in site
    assert _direct("requirements-test.in") <= set(test) and "pytest-xdist" in test
    assert "-c requirements.txt" in (ROOT / "requirements-test.in").read_text(encoding="utf-8")
    assert {p: v for p, (v, _) in test.items() if p in site and site[p][0] != v} == {}
    assert test["zizmor"][0] == "1.32.0"
    # Every installation refuses a file whose hash is not listed.
    assert "--require-hashes" in (ROOT / "Makefile").read_text(encoding="utf-8").split("PIP :=")[1].splitlines()[0]
    for workflow in WORKFLOWS.glob("*.yml"):
        for line in workflow.read_text(encoding="utf-8").splitlines():
            if "pip install" in line:
                assert "--require-hashes" in line, (workflow.name, line)
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    versions = {**package.get("dependencies", {}), **package.get("devDependencies", {})}
    assert versions and [v for v in versions.values() if not re.fullmatch(r"\d+\.\d+\.\d+", v)] == []


# --- The job summary of the preview ------------------------------------------------------

def _summary_module():
    spec = importlib.util.spec_from_file_location("resume_apercu", SUMMARY_SCRIPT)
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up
    spec.loader.exec_module(module)
    return module


def _git(project: Path, *args: str) -> None:
    subprocess.run(["git", "-c", "user.name=test", "-c", "user.email=test@localhost", *args], cwd=project,
                   check=True, capture_output=True)


HOSTILE = "x`|<img src=x onerror=alert(1)>*_[a](b).md"


@pytest.fixture
def pull_request(tmp_path) -> Path:
    """A project on a pull-request branch, with `origin/main` as its base: one sheet added,
    one broken, one removed, a hostile file name and a change to the build code."""
    project = make_project(tmp_path, from_dir=ROOT / "cases")
    _git(project, "init", "-q", "-b", "main")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "base")
    _git(project, "update-ref", "refs/remotes/origin/main", "HEAD")
    _git(project, "checkout", "-q", "-b", "proposition")
    shutil.copy(GOLDEN / "valid" / "complet.md", project / "cases" / "complet.md")
    adive = project / "cases" / "adive.md"
    adive.write_text(adive.read_text(encoding="utf-8").replace("statut: etude-de-cas", "statut: fini"), "utf-8")
    (project / "cases" / "citeslab.md").unlink()
    (project / "cases" / HOSTILE).write_text("pas de front matter\n", encoding="utf-8")
    (project / "scripts" / "pages" / "render.py").write_text("# changed\n", encoding="utf-8")
    _git(project, "add", "-A")
    _git(project, "commit", "-q", "-m", "proposition")
    return project


def _run_summary(project: Path, construction: str) -> str:
    env = {**ENV, "GITHUB_BASE_REF": "main", "CONSTRUCTION": construction, "ARTEFACT": "apercu-pr-7",
           "ARTEFACT_URL": "https://github.com/o/r/actions/runs/42/artifacts/9", "GITHUB_SERVER_URL": "https://github.com",
           "GITHUB_REPOSITORY": "o/r", "GITHUB_RUN_ID": "42", "GITHUB_ACTIONS": "true"}
    run = subprocess.run([sys.executable, str(SUMMARY_SCRIPT)], cwd=project, env=env, capture_output=True,
                         text=True, timeout=300)
    assert run.returncode == 0, run.stderr
    return run.stdout


def test_summary_lists_changed_sheets_with_their_validation_and_how_to_open_the_preview(pull_request):
    text = _run_summary(pull_request, "success")
    (ARTIFACTS / "resume-apercu.md").parent.mkdir(parents=True, exist_ok=True)
    (ARTIFACTS / "resume-apercu.md").write_text(text, encoding="utf-8")
    assert f"**Fiches ajoutées ou modifiées{NBSP}:** 3 fiches." in text
    rows = {line.split(" | ")[0].removeprefix("| "): line for line in text.splitlines() if line.startswith("| <code>")}
    assert "ajoutée | ✅ aucun problème" in rows["<code>cases&#47;complet&#46;md</code>"]
    assert "modifiée | ❌ 1 problème |" in rows["<code>cases&#47;adive&#46;md</code>"]
    assert "cases/adive.md:12: statut: valeur « fini » inconnue" in text  # the validator's own words
    assert "::error" not in text  # annotations are the other job's
    assert f"**Fiches supprimées{NBSP}:** <code>cases&#47;citeslab&#46;md</code>." in text
    assert "<code>scripts&#47;pages&#47;render&#46;py</code>" in text and "relisez ce code avant d'ouvrir l'aperçu" in text
    assert "make apercu DOSSIER=chemin/vers/apercu-pr-7" in text and "http://127.0.0.1:8001/" in text
    assert "[apercu-pr-7](https://github.com/o/r/actions/runs/42/artifacts/9)" in text
    assert "gh run download 42 -n apercu-pr-7" in text
    assert f"N'utilisez pas `make serve` pour relire{NNBSP};" in text
    # The hostile file name is listed, as inert text.
    hostile = [line for line in text.splitlines() if "onerror" in line and line.startswith("| ")]
    assert len(hostile) == 1 and "❌" in hostile[0]
    for raw in ("<img", "`|", "*_", "[a](b)"):
        assert raw not in hostile[0]


def test_summary_says_when_the_preview_could_not_be_built(pull_request):
    text = _run_summary(pull_request, "failure")
    assert f"L'aperçu n'a pas pu être construit{NBSP}:" in text
    assert f"«{NNBSP}Construire l'aperçu{NNBSP}»" in text
    assert "make apercu" not in text


def test_summary_counts_in_french():
    module = _summary_module()
    assert module.count(0, "fiche", "fiches", "aucune") == "aucune"
    assert module.count(1, "problème", "problèmes", "aucun") == "1 problème"
    assert module.count(2, "problème", "problèmes", "aucun") == "2 problèmes"
    empty = module.render(module.Changes(), {}, built=True, artefact="apercu-pr-1", url="", run_url="u")
    assert f"**Fiches ajoutées ou modifiées{NBSP}:** aucune." in empty and "| Fiche |" not in empty


def test_code_blocks_cannot_be_closed_by_their_content():
    module = _summary_module()
    block = module.code_block("a ``` b ```` c")
    fence = block.split("text", 1)[0]
    assert fence == "`" * 5 and block.endswith("\n" + fence)


# --- make apercu: the production build, served as static files ---------------------------

def test_make_apercu_builds_like_production_and_serves_the_built_folder():
    plan = subprocess.run(["make", "-n", "--no-print-directory", "apercu"], cwd=ROOT, env=MAKE_ENV,
                          capture_output=True, text=True, timeout=60).stdout
    assert "mkdocs build" in plan and "mkdocs serve" not in plan
    assert '-m http.server 8001 --bind 127.0.0.1 --directory "site"' in plan
    downloaded = subprocess.run(["make", "-n", "--no-print-directory", "apercu", "DOSSIER=/tmp/apercu-pr-7"],
                                cwd=ROOT, env=MAKE_ENV, capture_output=True, text=True, timeout=60).stdout
    assert "mkdocs" not in downloaded  # a downloaded preview is served, not rebuilt
    assert '--directory "/tmp/apercu-pr-7"' in downloaded


@pytest.fixture
def apercu(built_site, tmp_path):
    """`make apercu DOSSIER=...` serving a copy of the production build in which two pages carry
    an injected inline script: the home page as built, and a copy stripped of its policy."""
    folder = tmp_path / "apercu"
    shutil.copytree(built_site, folder)
    injected = "<script>window.__inline_ran = true</script>"
    home = folder / "index.html"
    page = home.read_text(encoding="utf-8")
    assert 'http-equiv="Content-Security-Policy"' in page
    home.write_text(page.replace("</body>", injected + "</body>"), encoding="utf-8")
    stripped = re.sub(r'<meta http-equiv="Content-Security-Policy"[^>]*>', "", page)
    (folder / "sans-csp.html").write_text(stripped.replace("</body>", injected + "</body>"), encoding="utf-8")
    port = free_port()
    process = subprocess.Popen(["make", "--no-print-directory", "apercu", f"DOSSIER={folder}", f"APERCU_PORT={port}"],
                               cwd=ROOT, env=MAKE_ENV, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True)
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}/"
    os.killpg(process.pid, signal.SIGTERM)  # make and the http.server it started
    process.wait(timeout=10)


@pytest.mark.browser
def test_make_apercu_keeps_the_policy_that_blocks_an_inline_script(chromium, apercu):
    def visit(browser):
        context = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
        context.add_init_script(CSP_PROBE)
        page = context.new_page()
        try:
            page.goto(apercu)
            page.wait_for_load_state("networkidle")
            blocked = (page.evaluate("window.__inline_ran"), page.evaluate("window.__csp"),
                       page.locator("h1").first.is_visible())
            # Control: the same page without its policy runs the script, so the probe is real.
            page.goto(apercu + "sans-csp.html")
            page.wait_for_load_state("networkidle")
            return blocked, page.evaluate("window.__inline_ran")
        finally:
            context.close()

    (ran, violations, works), control = chromium(visit)
    assert ran is None
    assert any(v.startswith("script-src") and v.endswith("inline") for v in violations), violations
    assert works  # the page itself still shows
    assert control is True

SUMMARY_PAGE = """<!doctype html><html lang="fr"><meta charset="utf-8"><title>Résumé</title><style>
:root {{ color-scheme: light dark; font: 16px/1.5 system-ui, sans-serif; }}
body {{ max-width: 60rem; margin: 1rem auto; padding: 0 1rem; }}
table {{ border-collapse: collapse; }} td, th {{ border: 1px solid #8888; padding: .3rem .6rem; }}
pre {{ white-space: pre-wrap; background: #8882; padding: .5rem; }}
</style><body>{}</body></html>"""


@pytest.mark.browser
def test_summary_renders_as_inert_readable_markdown(chromium, pull_request):
    """The summary through a Markdown renderer (python-markdown, as GitHub's own is not at hand):
    the hostile file name stays text (no image, no script), the table has one row per sheet."""
    import markdown

    body = markdown.markdown(_run_summary(pull_request, "success"), extensions=["tables", "fenced_code"])
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    def render(browser):
        seen = []
        for width, scheme in ((390, "light"), (1366, "light"), (1366, "dark")):
            context = browser.new_context(viewport={"width": width, "height": 900}, locale="fr-FR",
                                          color_scheme=scheme)
            page = context.new_page()
            try:
                page.set_content(SUMMARY_PAGE.format(body))
                seen.append((page.locator("img, script").count(), page.locator("tbody tr").count(),
                             page.locator("tbody").inner_text()))
                page.screenshot(path=ARTIFACTS / f"resume-apercu-{width}-{scheme}.png", full_page=True)
            finally:
                context.close()
        return seen

    for elements, rows, table in chromium(render):
        assert elements == 0 and rows == 3
        assert "<img src=x onerror=alert(1)>" in table


def test_summary_shows_reviewers_the_published_acceptance_criteria():
    from scripts.contract import review
    module = _summary_module()
    found = module.Changes(added=["cases/un-cas.md"])
    text = module.render(found, {"cases/un-cas.md": module.Result(0, 0, "")}, built=True, artefact="apercu", url="",
                         run_url="https://github.com/o/r/actions/runs/1")
    for name, criterion in review.CRITERIA:
        assert f"- [ ] **{name}**\u00a0: {criterion}" in text
    none = module.render(module.Changes(others=["README.md"]), {}, built=True, artefact="apercu", url="", run_url="u")
    assert "Critères d'acceptation" not in none, "only when the pull request holds sheets"
