"""Whole builds: mkdocs build --strict of a fixture base, failures, and the standalone writer."""

from __future__ import annotations

import html
import json
import subprocess
import sys

from helpers import ENV, GOLDEN, ROOT, make_project, mkdocs

from scripts import core
from scripts.pages import typo
from scripts.tools.build import MARKER

VALID = {p.name: p.read_bytes() for p in sorted((GOLDEN / "valid").glob("*.md"))}


def test_fixture_base_builds_strict_and_every_case_is_everywhere(tmp_path):
    project = make_project(tmp_path, VALID)
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode == 0, result.stderr
    out = project / "site"
    for ident in ("complet", "national", "outre-mer"):
        assert (out / "cas" / ident / "index.html").is_file()
        link = f'cas/{ident}/"'
        assert link in (out / "cas" / "index.html").read_text(encoding="utf-8")
    # complet: sociale, produit-service, territoriale, mobilite (+ emploi, competences), axes 2 and 8, 13.
    for page in ("categories/sociale", "categories/produit-service", "formes/territoriale", "impacts/mobilite",
                 "impacts/emploi", "impacts/competences", "orientations/1", "orientations/4",
                 "territoires/provence-alpes-cote-d-azur"):
        assert 'cas/complet/"' in (out / page / "index.html").read_text(encoding="utf-8"), page
    for page in ("categories/sociale", "impacts/mobilite", "orientations/2", "territoires/ile-de-france"):
        assert "cas/national/" not in (out / page / "index.html").read_text(encoding="utf-8"), page
    assert 'cas/outre-mer/"' in (out / "territoires" / "la-reunion" / "index.html").read_text(encoding="utf-8")
    # Nothing is written into docs/.
    assert not (project / "docs" / "cas").exists()


def test_plain_text_stays_literal_in_pages(tmp_path):
    project = make_project(tmp_path, VALID)
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    page = (project / "site" / "cas" / "complet" / "index.html").read_text(encoding="utf-8")
    # What the contributor typed, with French typographic spaces (scripts/pages/typo.py) and nothing else.
    title = typo.text("Un cas complet : *toutes* les clés [sans exception] & <plus>")
    assert f"<h1>{html.escape(title, quote=False)}</h1>" in page
    assert "<plus>" not in page and "<em>toutes</em>" not in page
    assert f"<title>{html.escape(title)} - " in page
    assert "avec &lt; 25 ans" in page
    listing = (project / "site" / "cas" / "index.html").read_text(encoding="utf-8")
    assert html.escape(title, quote=False) in listing


def test_invalid_sheet_stops_build_and_keeps_previous_site(tmp_path):
    project = make_project(tmp_path, VALID)
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    before = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    bad = (GOLDEN / "invalid" / "plusieurs-problemes.md").read_bytes()
    (project / "cases" / "plusieurs-problemes.md").write_bytes(bad)
    (project / "cases" / "valeur-proche.md").write_bytes((GOLDEN / "invalid" / "valeur-proche.md").read_bytes())
    result = mkdocs("build", "--strict", cwd=project)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr + result.stdout
    expected = (GOLDEN / "invalid" / "plusieurs-problemes.expected").read_text(encoding="utf-8").splitlines() + \
        (GOLDEN / "invalid" / "valeur-proche.expected").read_text(encoding="utf-8").splitlines()
    for line in expected:
        assert line in result.stderr
    after = {p: p.read_bytes() for p in (project / "site").rglob("*") if p.is_file()}
    assert after == before


def test_dropping_a_valid_sheet_publishes_it_with_no_other_change(tmp_path):
    project = make_project(tmp_path, {"national.md": VALID["national.md"]})
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert not (project / "site" / "cas" / "outre-mer").exists()
    (project / "cases" / "outre-mer.md").write_bytes(VALID["outre-mer.md"])
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert (project / "site" / "cas" / "outre-mer" / "index.html").is_file()
    assert "cas/outre-mer/" in (project / "site" / "categories" / "sociale" / "index.html").read_text("utf-8")


def test_renamed_case_redirects_from_its_old_url(tmp_path):
    project = make_project(tmp_path, VALID)
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    page = (project / "site" / "cas" / "ancien-complet" / "index.html").read_text(encoding="utf-8")
    assert 'http-equiv="refresh"' in page and "cas/complet/" in page and 'rel="canonical"' in page


def test_standalone_writer_writes_the_same_pages(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", ENV["SOURCE_DATE_EPOCH"])
    project = make_project(tmp_path, VALID)
    out = tmp_path / "sortie"
    run = subprocess.run([sys.executable, "-m", "scripts.build", "--out", str(out)], cwd=project, env=ENV,
                         capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    result = core.build(project / "cases")
    assert sorted(str(p.relative_to(out)) for p in out.rglob("*") if p.is_file()) == \
        sorted([path for path, _ in result.pages + result.files] + [MARKER])
    for path, text in result.pages:
        assert (out / path).read_text(encoding="utf-8") == text
    data = json.loads((out / "donnees" / "cas.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data] == ["complet", "national", "outre-mer"]


def test_standalone_writer_writes_nothing_on_error(tmp_path):
    project = make_project(tmp_path, {"vide.md": b""})
    out = tmp_path / "sortie"
    out.mkdir()
    (out / MARKER).write_text("", encoding="utf-8")  # an output of an earlier build: replaceable
    (out / "ancien.txt").write_text("garde", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scripts.build", "--out", str(out)], cwd=project, env=ENV,
                         capture_output=True, text=True)
    assert run.returncode == 1
    assert "cases/vide.md:1: fichier: fichier vide" in run.stdout
    assert sorted(p.name for p in out.iterdir()) == sorted([MARKER, "ancien.txt"])


def test_real_site_builds(built_site):
    cases = sorted(p.stem for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_"))
    assert len(cases) >= 23
    for ident in cases:
        assert (built_site / "cas" / ident / "index.html").is_file()
    for page in ("index.html", "cas/index.html", "categories/index.html", "impacts/index.html",
                 "orientations/index.html", "territoires/index.html", "carte/index.html", "donnees/index.html",
                 "etude/index.html", "contribuer/index.html", "donnees/cas.json", "donnees/cas.csv",
                 "donnees/schema.json"):
        assert (built_site / page).is_file(), page


def test_the_real_build_prints_a_few_lines_and_no_warning(built_site):
    """make site stays quiet: the count of cases and pages, MkDocs's three lines, the local build's
    reminder; no warning, no line per link or per page."""
    log = (built_site.parent / f"{built_site.name}.log").read_text(encoding="utf-8").splitlines()
    assert [line for line in log if "WARNING" in line or "Doc file" in line] == [], log
    assert any("cas validés" in line for line in log), log
    assert len(log) <= 6, log


def test_related_cases_share_something_best_first():
    from scripts.pages.grouping import Index
    from scripts.pages.related import Related
    result = core.build(ROOT / "cases")
    index = Index(result.cases)
    finder = Related(index)
    for case in index.cases:
        related = finder.of(case)
        assert case not in related and len(related) <= 5
        for other in related:
            shares = set(case["categories"]) & set(other["categories"]) \
                or case["impact_principal"] == other["impact_principal"] \
                or ("region" in case and case.get("region") == other.get("region"))
            assert shares, (case["id"], other["id"])
        scores = [finder._affinity(case, o) for o in related]
        assert scores == sorted(scores, reverse=True)
    page = dict(result.pages)["cas/wimoov.md"]
    assert "Cas proches" in page and "cas/totem-mobi/" in page.split("Cas proches", 1)[1]
