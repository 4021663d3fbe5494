"""Golden files: every valid fixture passes; every invalid one gives exactly its expected lines."""

from __future__ import annotations

import datetime
import json
from pathlib import Path

import jsonschema
import pytest
from helpers import GOLDEN

from scripts.exports.schema_json import front_matter_schema
from scripts.sheets.load import load
from scripts.sheets.validate import validate
from scripts.tools.validate import main

INVALID = sorted((GOLDEN / "invalid").glob("*.md"))
VALID = sorted((GOLDEN / "valid").glob("*.md"))

# Rules JSON Schema cannot express: the file name, the body, the map of France,
# dates in the future, impacts repeating impact_principal; and sheets whose YAML
# does not load at all.
SCHEMA_BLIND = {"id-nom-de-fichier", "html-brut", "lien-javascript", "attributs", "coordonnees-hors-france",
                "impact-repete", "pas-utf8", "vide", "sans-entete", "entete-non-fermee", "yaml-illisible",
                "yaml-alias", "yaml-etiquette", "cle-double", "entete-liste",
                "resultat-source-inconnue", "verifie-le-futur"}


def _validate_copy(tmp_path: Path, fixture: Path) -> list[str]:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / fixture.name).write_bytes(fixture.read_bytes())
    sheet = load(cases / fixture.name, tmp_path)
    return [str(p) for p in validate([sheet])]


@pytest.mark.parametrize("fixture", INVALID, ids=[f.stem for f in INVALID])
def test_invalid_sheet_reports_expected_lines(tmp_path, fixture):
    expected = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
    assert expected, "a golden file lists at least one problem"
    assert _validate_copy(tmp_path, fixture) == expected


@pytest.mark.parametrize("fixture", VALID, ids=[f.stem for f in VALID])
def test_valid_sheet_has_no_problem(tmp_path, fixture):
    assert _validate_copy(tmp_path, fixture) == []


def _as_json(meta: dict) -> dict:
    """What an editor's YAML plugin hands to the JSON Schema: dates as strings."""
    return json.loads(json.dumps(meta, default=lambda v: v.isoformat() if isinstance(v, datetime.date) else str(v)))


@pytest.mark.parametrize("fixture", VALID + INVALID, ids=[f.stem for f in VALID + INVALID])
def test_json_schema_agrees_with_validator(tmp_path, fixture):
    problems = _validate_copy(tmp_path, fixture)
    sheet = load(tmp_path / "cases" / fixture.name, tmp_path)
    if sheet.meta is None:
        assert fixture.stem in SCHEMA_BLIND
        return
    errors = list(jsonschema.Draft202012Validator(front_matter_schema()).iter_errors(_as_json(sheet.meta)))
    if not problems:
        assert errors == []
    elif fixture.stem not in SCHEMA_BLIND:
        assert errors, f"the JSON Schema accepts {fixture.name}, the validator does not"


def test_crlf_and_bom_are_tolerated(tmp_path):
    text = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "national.md").write_bytes(b"\xef\xbb\xbf" + text.replace("\n", "\r\n").encode("utf-8"))
    sheet = load(cases / "national.md", tmp_path)
    assert validate([sheet]) == []
    assert sheet.meta["titre"] == "Un dispositif national"


def test_line_numbers_survive_crlf(tmp_path):
    text = (GOLDEN / "invalid" / "valeur-proche.md").read_text(encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "valeur-proche.md").write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    assert [str(p) for p in validate([load(cases / "valeur-proche.md", tmp_path)])] == \
        (GOLDEN / "invalid" / "valeur-proche.expected").read_text(encoding="utf-8").splitlines()


def test_ids_are_unique_across_id_and_anciens_ids(tmp_path):
    complet = (GOLDEN / "valid" / "complet.md").read_text(encoding="utf-8")
    national = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "complet.md").write_text(complet, encoding="utf-8")
    (cases / "ancien-complet.md").write_text(national.replace("id: national", "id: ancien-complet"),
                                             encoding="utf-8")
    problems = validate([load(cases / n, tmp_path) for n in ("ancien-complet.md", "complet.md")])
    assert [str(p) for p in problems] == [
        "cases/ancien-complet.md:2: id: l'identifiant « ancien-complet » est aussi pris par cases/complet.md : "
        "un identifiant (id ou anciens_ids) n'appartient qu'à une fiche",
        "cases/complet.md:27: anciens_ids: l'identifiant « ancien-complet » est aussi pris par "
        "cases/ancien-complet.md : un identifiant (id ou anciens_ids) n'appartient qu'à une fiche"]


def test_id_clash_is_found_when_validating_either_file_alone(tmp_path, capsys):
    """CI and the pre-commit hook validate only the changed file: the clash must show there too."""
    complet = (GOLDEN / "valid" / "complet.md").read_text(encoding="utf-8")
    national = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "complet.md").write_text(complet, encoding="utf-8")
    (cases / "ancien-complet.md").write_text(national.replace("id: national", "id: ancien-complet"),
                                             encoding="utf-8")
    for name in ("complet.md", "ancien-complet.md"):
        assert main(["--cases", str(cases), str(cases / name)]) == 1
        out = capsys.readouterr().out
        assert f"cases/{name}:" in out and "est aussi pris par" in out


def test_all_problems_of_all_sheets_in_one_run(tmp_path, capsys):
    cases = tmp_path / "cases"
    cases.mkdir()
    chosen = ["valeur-proche", "html-brut", "pas-utf8", "plusieurs-problemes"]
    for name in chosen:
        (cases / f"{name}.md").write_bytes((GOLDEN / "invalid" / f"{name}.md").read_bytes())
    (cases / "notes.txt").write_text("brouillon", encoding="utf-8")
    assert main(["--cases", str(cases)]) == 1
    out = capsys.readouterr().out.splitlines()
    expected = [line for name in sorted(chosen)
                for line in (GOLDEN / "invalid" / f"{name}.expected").read_text(encoding="utf-8").splitlines()]
    assert [line for line in out if not line.startswith("cases/notes.txt")] == expected
    assert any(line.startswith("cases/notes.txt:1: fichier: ce fichier n'est pas une fiche") for line in out)


def test_github_annotations(tmp_path, capsys):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "valeur-proche.md").write_bytes((GOLDEN / "invalid" / "valeur-proche.md").read_bytes())
    assert main(["--cases", str(cases), "--github", str(cases / "valeur-proche.md")]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[1].startswith("::error file=cases/valeur-proche.md,line=9,title=impact_principal::")
    assert "mobilite" in out[1]


def test_template_and_hidden_files_are_not_cases(tmp_path):
    from scripts.sheets.load import discover
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_text("pas une fiche", encoding="utf-8")
    (cases / ".gitkeep").write_text("", encoding="utf-8")
    assert discover(cases, tmp_path) == ([], [])


def test_validating_named_files_checks_each_sheet_once(tmp_path, monkeypatch, capsys):
    """`python -m scripts.validate FILES` (the pull-request check) reads and checks every sheet once:
    a sheet at the size limit costs seconds per reading."""
    from scripts.sheets import validate as checker
    cases = tmp_path / "cases"
    cases.mkdir()
    for name in ("complet", "national"):
        (cases / f"{name}.md").write_bytes((GOLDEN / "valid" / f"{name}.md").read_bytes())
    seen = []
    real = checker.check_sheet
    monkeypatch.setattr(checker, "check_sheet", lambda sheet: seen.append(sheet.rel) or real(sheet))
    assert main(["--cases", str(cases), str(cases / "complet.md")]) == 0
    assert sorted(seen) == ["cases/complet.md", "cases/national.md"]
