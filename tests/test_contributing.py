"""The contributor kit: CONTRIBUTING.md, the template, the scaffold, the /contribuer/ page,
CI workflows and the pre-commit hook. Documentation is tested against schema.py so that
it cannot drift from the contract."""

from __future__ import annotations

import html
import io
import re
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from empreinte import read_fingerprint, windows
from helpers import ENV, GOLDEN, ROOT, make_project, mkdocs

from scripts import core
from scripts.contract import schema
from scripts.sheets.load import load
from scripts.sheets.validate import validate
from scripts.tools import docs, new

CONTRIBUTING = ROOT / "CONTRIBUTING.md"
TEMPLATE = ROOT / "cases" / "_modele.md"
PAGE = ROOT / "docs" / "contribuer" / "index.md"
WORKFLOWS = ROOT / ".github" / "workflows"
VOCABULARIES = ("categories", "formes", "impacts", "type_porteur", "echelle", "statut", "budgets",
                "changement_echelle", "etat")
HEADINGS = ("## L'innovation", "## Impacts", "## Facteurs de succès", "## Enseignements")
VALID = {p.name: p.read_bytes() for p in sorted((GOLDEN / "valid").glob("*.md"))}
DISABLED_KEY = re.compile(r"^#([a-z_]+):", re.MULTILINE)  # the template's commented-out optional keys


def _documented(text: str, slug: str, label: str, backticks: bool) -> bool:
    """A line of `text` names the slug (in backticks, or as a word) and its label."""
    name = re.escape(f"`{slug}`") if backticks else rf"(?<![\w-]){re.escape(slug)}(?![\w-])"
    return any(re.search(name, line) and label in line for line in text.splitlines())


def _sheet_problems(tmp_path: Path, text: str, ident: str) -> list[str]:
    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    (cases / f"{ident}.md").write_text(text, encoding="utf-8")
    return [str(p) for p in validate([load(cases / f"{ident}.md", tmp_path)])]


# --- Documentation covers the contract -------------------------------------------------

@pytest.mark.parametrize("doc", [CONTRIBUTING, PAGE, TEMPLATE], ids=lambda p: p.name)
def test_every_key_is_documented(doc):
    text = doc.read_text(encoding="utf-8")
    form = "{}:" if doc == TEMPLATE else "`{}`"
    missing = [k for k in schema.FIELDS if form.format(k) not in text]
    assert not missing, f"{doc.name} does not document {missing}"


@pytest.mark.parametrize("doc", [CONTRIBUTING, PAGE, TEMPLATE], ids=lambda p: p.name)
def test_every_vocabulary_value_is_documented_with_its_label(doc):
    text = doc.read_text(encoding="utf-8").replace("\u00a0", " ")  # French spaces are spaces
    backticks = doc != TEMPLATE
    missing = [f"{vocabulary}: {slug} ({label})"
               for vocabulary in VOCABULARIES
               for slug, label in schema.VOCABULARIES[vocabulary].items()
               if not _documented(text, slug, label, backticks)]
    missing += [f"axe {n}: {axis.label}" for n, axis in schema.AXES.items() if axis.label not in text]
    assert not missing, f"{doc.name} lacks: {missing}"


def test_contributing_quotes_the_studys_two_filters():
    text = " ".join(CONTRIBUTING.read_text(encoding="utf-8").replace("> ", "").split())
    synthesis = read_fingerprint()
    for quote in ("**Filtre géographique** : qu'ils en émanent, qu'ils s'y appliquent ou encore qu'ils en "
                  "mobilisent les talents, les projets étudiés témoignent de la réalité de l'innovation au sein "
                  "des quartiers prioritaires et apportent des enseignements sur ses processus, ses limites et "
                  "ses facteurs de succès.",
                  "**Filtre relatif à l'impact des innovations** : tous les projets sélectionnés ont des impacts "
                  "en matière d'emploi et de développement économique."):
        assert quote in text
        # word for word: every 20-word window of the quotation is one of the synthesis's
        assert {digest for digest, _ in windows(quote)} <= synthesis, "the quotation must be word for word"


def test_contributing_example_sheet_is_valid(tmp_path):
    text = CONTRIBUTING.read_text(encoding="utf-8")
    block = re.search(r"^```(?:yaml|markdown)\n(---\n.*?)^```$", text, re.MULTILINE | re.DOTALL)
    assert block, "CONTRIBUTING.md shows a complete example sheet"
    sheet = block.group(1)
    ident = yaml.safe_load(sheet.split("---\n")[1])["id"]
    assert _sheet_problems(tmp_path, sheet, ident) == []
    for heading in HEADINGS:
        assert f"\n{heading}\n" in sheet


# --- The template ----------------------------------------------------------------------

def _template_sheet(enable_optional: bool) -> str:
    text = TEMPLATE.read_text(encoding="utf-8")
    return DISABLED_KEY.sub(r"\1:", text) if enable_optional else text


def test_template_holds_every_key_once_and_only_those():
    text = TEMPLATE.read_text(encoding="utf-8")
    front = text.split("---\n")[1]
    active = list(yaml.safe_load(front))
    disabled = DISABLED_KEY.findall(front)
    assert sorted(active + disabled) == sorted(schema.FIELDS)
    assert set(schema.REQUIRED) <= set(active), "required keys are never commented out"


@pytest.mark.parametrize("enable_optional", [False, True], ids=["as-is", "optional-keys-enabled"])
def test_template_is_a_valid_sheet_under_its_id(tmp_path, enable_optional):
    sheet = _template_sheet(enable_optional)
    meta = yaml.safe_load(sheet.split("---\n")[1])
    if enable_optional:
        assert list(meta) == list(schema.FIELDS), "the template follows the order of FIELDS"
    assert _sheet_problems(tmp_path, sheet, meta["id"]) == []


def test_template_has_the_four_headings_each_with_a_hint():
    body = TEMPLATE.read_text(encoding="utf-8").split("---\n", 2)[2]
    for heading in HEADINGS:
        hint = body.split(f"{heading}\n", 1)[1].strip().splitlines()[0]
        assert hint.startswith("À compléter"), heading


def test_template_is_not_a_case(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_bytes(TEMPLATE.read_bytes())
    result = core.build(cases)
    assert result.problems == [] and result.cases == []


def test_core_publishes_the_template_only_when_it_exists(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "complet.md").write_bytes(VALID["complet.md"])
    assert "contribuer/modele-de-fiche.md.txt" not in dict(core.build(cases).files)
    (cases / "_modele.md").write_bytes(TEMPLATE.read_bytes())
    files = dict(core.build(cases).files)
    assert files["contribuer/modele-de-fiche.md.txt"] == TEMPLATE.read_text(encoding="utf-8")


# --- The scaffold: python -m scripts.new -------------------------------------------------

def _project(tmp_path: Path) -> Path:
    """A project copy with the template and the golden valid sheets (complet has anciens_ids)."""
    return make_project(tmp_path, {**VALID, "_modele.md": TEMPLATE.read_bytes()})


def _new(project: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.new", *args], cwd=project, env=ENV,
                          stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=120)


def _validate(project: Path, *files: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "scripts.validate", *files], cwd=project, env=ENV,
                          capture_output=True, text=True, timeout=120)


def test_scaffold_writes_a_valid_sheet_and_refuses_a_taken_id(tmp_path):
    project = _project(tmp_path)
    first = _new(project, "Réseau de Réemploi des 2 Rives")
    assert first.returncode == 0, first.stderr
    sheet = project / "cases" / "reseau-de-reemploi-des-2-rives.md"
    assert sheet.is_file()
    assert "Étapes suivantes" in first.stdout and "python -m scripts.validate" in first.stdout
    checked = _validate(project, "cases/reseau-de-reemploi-des-2-rives.md")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    meta = load(sheet, project).meta
    assert meta["id"] == "reseau-de-reemploi-des-2-rives"
    assert meta["titre"] == "Réseau de Réemploi des 2 Rives"
    assert meta["statut"] == "contribution"
    before = sheet.read_bytes()
    again = _new(project, "Réseau de Réemploi des 2 Rives")
    assert again.returncode == 2
    assert "déjà pris" in again.stderr and "reseau-de-reemploi-des-2-rives" in again.stderr
    assert sheet.read_bytes() == before


def test_validate_names_a_broken_link_between_cases_before_any_build(tmp_path):
    """`make validate` checks what the build checks: a link to a case that does not exist
    is named with its file and line, and only for the files asked for."""
    project = _project(tmp_path)
    sheet = project / "cases" / "national.md"
    text = sheet.read_text(encoding="utf-8")
    sheet.write_text(text + "\nVoir [ce cas](absent.md) et [celui-ci](outre-mer.md).\n", encoding="utf-8")
    line = len(text.splitlines()) + 2
    everything = _validate(project)
    assert everything.returncode == 1
    assert (f"cases/national.md:{line}: corps: lien « absent.md » : la page cas/absent.md n'existe pas"
            in everything.stdout.replace("\u00a0", " ")), everything.stdout
    assert "outre-mer.md" not in everything.stdout  # an existing case is fine
    assert _validate(project, "cases/national.md").returncode == 1
    other = _validate(project, "cases/outre-mer.md")
    assert other.returncode == 0 and "absent.md" not in other.stdout, other.stdout


def test_scaffold_refuses_an_id_listed_in_anciens_ids(tmp_path):
    project = _project(tmp_path)
    refused = _new(project, "Ancien complet")  # complet.md has anciens_ids: [ancien-complet]
    assert refused.returncode == 2
    assert "déjà pris" in refused.stderr and "cases/complet.md" in refused.stderr
    assert not (project / "cases" / "ancien-complet.md").exists()


def test_scaffold_without_a_title_and_no_terminal_is_an_error(tmp_path):
    project = _project(tmp_path)
    for args in ((), ("",)):  # `make nouveau` without TITRE passes ""
        result = _new(project, *args)
        assert result.returncode == 2
        assert "indiquez le titre" in result.stderr
    assert sorted(p.name for p in (project / "cases").iterdir()) == sorted([*VALID, "_modele.md"])


def test_scaffold_asks_for_the_title_on_a_terminal(tmp_path, monkeypatch, capsys):
    class Terminal(io.StringIO):
        def isatty(self):
            return True

    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_bytes(TEMPLATE.read_bytes())
    monkeypatch.setattr(sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda prompt: "Atelier des 4 Vents")
    assert new.main(["--cases", str(cases)]) == 0
    assert (cases / "atelier-des-4-vents.md").is_file()


@pytest.mark.parametrize("options", [
    (),
    ("--echelle", "nationale"),
    ("--commune", "Ajaccio", "--departement", "2A", "--porteur", 'Association "Les 4 Vents"',
     "--echelle", "regionale", "--statut", "experience-citee"),
], ids=["defaults", "nationale", "all-options"])
def test_scaffold_options_give_valid_sheets(tmp_path, options, capsys):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_bytes(TEMPLATE.read_bytes())
    assert new.main(["Atelier des 4 Vents", *options, "--cases", str(cases)]) == 0
    sheet = load(cases / "atelier-des-4-vents.md", tmp_path)
    assert validate([sheet]) == []
    given = dict(zip(options[::2], options[1::2]))
    for option, key in (("--commune", "commune"), ("--departement", "departement"), ("--porteur", "porteur"),
                        ("--echelle", "echelle"), ("--statut", "statut")):
        if option in given:
            assert sheet.meta[key] == given[option]
    if given.get("--echelle") == "nationale":
        assert "commune" not in sheet.meta and "departement" not in sheet.meta


@pytest.mark.parametrize("options, message", [
    (("--echelle", "locle"), "locale"),
    (("--departement", "20", "--commune", "Bastia"), "2A"),
    (("--commune", "Lyon"), "--departement"),
    (("--statut", "brouillon"), "contribution"),
])
def test_scaffold_refuses_bad_options_in_french(tmp_path, options, message, capsys):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_bytes(TEMPLATE.read_bytes())
    assert new.main(["Atelier des 4 Vents", *options, "--cases", str(cases)]) == 2
    err = capsys.readouterr().err
    assert err.startswith("Erreur : ") and message in err
    assert not (cases / "atelier-des-4-vents.md").exists()


# --- The five-minute path ----------------------------------------------------------------

def test_five_minute_path(tmp_path):
    """Scaffold, fill the placeholders, validate, build --strict: the page is there."""
    project = _project(tmp_path)
    titre = "Réseau de Réemploi des 2 Rives"
    created = _new(project, titre, "--commune", "Bordeaux", "--departement", "33",
                   "--porteur", "Réseau de Réemploi des 2 Rives (R3)")
    assert created.returncode == 0, created.stderr
    path = project / "cases" / "reseau-de-reemploi-des-2-rives.md"
    text = path.read_text(encoding="utf-8")
    filled = {
        r'^resume: .*$': 'resume: "Un réseau qui développe le réemploi dans les quartiers de la métropole '
                         'bordelaise (< 1 km des habitants)."',
        r'^  - titre: .*$': '  - titre: "Synthèse de l\'étude, CGET, février 2017"\n'
                            '    url: "https://www.cget.gouv.fr/etudes"',
        r'^categories: .*$': "categories: [organisationnelle, sociale]",
        r'^impact_principal: .*$': "impact_principal: filieres",
        r'^axes: .*$': "axes: [1, 7]",
        r'^#formes: .*$': "formes: [territoriale]",
        r'^#coordonnees: .*$': "coordonnees: {lat: 44.8378, lon: -0.5792}",
        r"^À compléter : ce que fait.*$": "Collecte, tri et sensibilisation, avec [un autre cas](complet.md).",
        r"^À compléter : ses effets.*$": "Une filière d'économie circulaire dans les quartiers.",
        r"^À compléter : ce qui a permis.*$": "- des bailleurs sociaux\n- des associations",
        r"^À compléter : ce que d'autres.*$": "L'hybridation des partenariats.",
        r"^À compléter : ce qu'il a fallu.*$": "Deux salariés et des bénévoles.",
        r"^À compléter : les obstacles.*$": "Trouver des locaux.",
        r"^À compléter : ce qu'il faut réunir.*$": "Un bailleur social partenaire.",
    }
    for pattern, value in filled.items():
        text, count = re.subn(pattern, lambda _, v=value: v, text, count=1, flags=re.MULTILINE)
        assert count == 1, pattern
    assert not [line for line in text.splitlines() if "À compléter" in line and not line.startswith("#")]
    path.write_text(text, encoding="utf-8")

    checked = _validate(project, "cases/reseau-de-reemploi-des-2-rives.md")
    assert checked.returncode == 0, checked.stdout + checked.stderr
    built = mkdocs("build", "--strict", cwd=project)
    assert built.returncode == 0, built.stderr[-4000:]
    page = (project / "site" / "cas" / "reseau-de-reemploi-des-2-rives" / "index.html").read_text(encoding="utf-8")
    assert f"<h1>{html.escape(titre, quote=False)}</h1>" in page
    assert "&lt; 1 km" in page
    # The /contribuer/ page offers the template for download.
    published = project / "site" / "contribuer" / "modele-de-fiche.md.txt"
    assert published.read_text(encoding="utf-8") == TEMPLATE.read_text(encoding="utf-8")
    assert 'href="modele-de-fiche.md.txt"' in (project / "site" / "contribuer" / "index.html").read_text("utf-8")


# --- CI and pre-commit -------------------------------------------------------------------

def _workflow(name: str) -> dict:
    return yaml.safe_load((WORKFLOWS / name).read_text(encoding="utf-8"))


def _triggers(workflow: dict) -> dict:
    return workflow.get("on", workflow.get(True))  # PyYAML reads a bare `on` as true


def _runs(workflow: dict) -> str:
    return "\n".join(step.get("run", "") for job in workflow["jobs"].values() for step in job["steps"])


def _uses(workflow: dict) -> list[dict]:
    return [step for job in workflow["jobs"].values() for step in job["steps"] if "uses" in step]


def test_every_workflow_parses():
    files = sorted(WORKFLOWS.glob("*.y*ml"))
    assert {f.name for f in files} >= {"pr.yml", "deploy.yml"}
    for f in files:
        workflow = yaml.safe_load(f.read_text(encoding="utf-8"))
        assert isinstance(workflow, dict) and workflow["jobs"] and _triggers(workflow), f.name


def test_pull_request_workflow_validates_changed_sheets_then_tests_and_builds():
    workflow = _workflow("pr.yml")
    assert "pull_request" in _triggers(workflow)
    fiches, site_job = workflow["jobs"]["fiches"], workflow["jobs"]["site"]
    assert fiches["name"] == "valider les fiches"
    checkout = next(s for s in fiches["steps"] if s.get("uses", "").startswith("actions/checkout@"))
    assert checkout["with"]["fetch-depth"] == 0
    fiches_run = "\n".join(s.get("run", "") for s in fiches["steps"])
    assert "git diff" in fiches_run and "cases/*.md" in fiches_run
    assert "python -m scripts.validate --github" in fiches_run
    assert site_job["needs"] == "fiches"
    site_run = "\n".join(s.get("run", "") for s in site_job["steps"])
    assert "bash .ci/run" in site_run and "apt-get install" in site_run and "chromium" in site_run
    assert "make site" in site_run


def test_deploy_workflow_builds_and_publishes_on_pages():
    workflow = _workflow("deploy.yml")
    assert _triggers(workflow)["push"]["branches"] == ["main"]
    assert "make site" in _runs(workflow)
    actions = {step["uses"].split("@")[0] for step in _uses(workflow)}
    assert {"actions/configure-pages", "actions/upload-pages-artifact", "actions/deploy-pages"} <= actions
    make_site = next(s for j in workflow["jobs"].values() for s in j["steps"] if "make site" in s.get("run", ""))
    assert "steps.pages.outputs.base_url" in make_site["env"]["SITE_URL"]


@pytest.mark.parametrize("name", ["pr.yml", "deploy.yml"])
def test_workflows_pin_python_and_node(name):
    for step in _uses(_workflow(name)):
        if step["uses"].startswith("actions/setup-python@"):
            assert str(step["with"]["python-version"]) == "3.11"
        if step["uses"].startswith("actions/setup-node@"):
            assert str(step["with"]["node-version"]) == "20"
    assert any(s["uses"].startswith("actions/setup-python@") for s in _uses(_workflow(name)))


def test_pre_commit_hook_validates_changed_sheets():
    config = yaml.safe_load((ROOT / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    (repo,) = config["repos"]
    assert repo["repo"] == "local"
    (hook,) = repo["hooks"]
    assert "scripts.validate" in hook["entry"]
    assert hook["language"] == "system" and hook["pass_filenames"] is True
    pattern = re.compile(hook["files"])
    assert pattern.search("cases/totem-mobi.md")
    assert not pattern.search("cases/_modele.md")
    assert not pattern.search("docs/contribuer/index.md")


def test_github_templates_exist():
    checklist = (ROOT / ".github" / "pull_request_template.md").read_text(encoding="utf-8")
    assert checklist.count("- [ ]") >= 8
    for family in ("Clés", "Vocabulaires", "Lieux", "Axes", "Sources", "Titres du texte", "Pas de HTML",
                   "Faits sourcés"):
        assert f"**{family}**" in checklist, family
    issue = (ROOT / ".github" / "ISSUE_TEMPLATE" / "erreur-fiche.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(issue.split("---\n")[1])
    assert meta["name"] == "Signaler une erreur"


# --- Generated from the contract ------------------------------------------------------

def test_contributing_tables_are_generated_from_the_schema():
    """The field and vocabulary tables are cog blocks: `cog -r CONTRIBUTING.md` rewrites them."""
    from cogapp import Cog
    assert Cog().main(["cog", "--check", str(CONTRIBUTING)]) == 0, "lancez : cog -r CONTRIBUTING.md"
    text = CONTRIBUTING.read_text(encoding="utf-8")
    for key, field in schema.FIELDS.items():
        assert f"| `{key}` | {field.label}" in text
        assert docs._cell(field.form_help) in text, "the form's words for the field, as the form says them"


def test_contributor_page_tables_are_generated_from_the_schema():
    """/contribuer/ shows the same field and vocabulary tables as CONTRIBUTING.md, as cog blocks: a
    hand-written copy would fall behind the contract (it had missed the scaling strategies once)."""
    from cogapp import Cog
    assert Cog().main(["cog", "--check", str(PAGE)]) == 0, "lancez : PYTHONPATH=. cog -r docs/contribuer/index.md"
    page = PAGE.read_text(encoding="utf-8")
    assert docs.fields_table(narrow=True) in page
    for name in schema.VOCABULARIES:
        if f"docs.vocabulary_table('{name}')" in CONTRIBUTING.read_text(encoding="utf-8"):
            assert f"docs.vocabulary_table('{name}')" in page, name
    assert "docs.axes_table()" in page


def test_template_is_generated_from_the_schema():
    from scripts.tools import docs
    assert TEMPLATE.read_text(encoding="utf-8") == docs.template(), "lancez : python -m scripts.docs"


def test_acceptance_criteria_and_review_are_published_once_for_contributors_and_reviewers():
    """/contribuer/ and the pull-request template show the criteria of contract/review.py (cog blocks),
    and the page says how a proposal is reviewed and how long it takes."""
    from cogapp import Cog

    from scripts.contract import review
    template = ROOT / ".github" / "pull_request_template.md"
    for path in (PAGE, template):
        assert Cog().main(["cog", "--check", str(path)]) == 0, f"lancez : cog -r {path.relative_to(ROOT)}"
    page, pr = PAGE.read_text(encoding="utf-8"), template.read_text(encoding="utf-8")
    assert len(review.CRITERIA) == 4
    for name, text in review.CRITERIA:
        assert f"- **{name}**\u00a0: {text}" in page
        assert f"- [ ] **{name}**\u00a0: {text}" in pr
    for name, text in review.REVIEW:
        assert f"**{name}**\u00a0: {text}" in page
    assert review.DELAY in page
    words = " ".join(text for _, text in review.CRITERIA)
    for needed in ("source", "publicité", "quartier prioritaire", "contact public"):
        assert needed in words.lower() or needed in " ".join(n.lower() for n, _ in review.CRITERIA), needed
