"""The study's content: 17 case studies and 6 cited experiences, facts only from the study."""

from __future__ import annotations

import re

import pytest
from conftest import ROOT, SEED

from scripts.load import load_all

# Every number written in the synthesis (« 1 296 », « 43 000 »…), kept here so the
# test does not depend on the synthesis file; test_study_numbers_match_the_synthesis
# checks this list against it when it is reachable.
STUDY_NUMBERS = {
    "1", "2", "3", "4", "5", "6", "7", "8", "9", "10", "12", "13", "14", "17", "19", "20", "21", "25", "60",
    "71", "100", "150", "265", "300", "500", "550", "1997", "2000", "2005", "2006", "2009", "2010", "2014",
    "2015", "2016", "2017", "2020", "1 296", "43 000", "390 000",
}
NUMBER = re.compile(r"\d+(?:[ \u00a0\u202f]\d{3})*(?:,\d+)?")
SYNTHESIS_TITLE = "L'innovation, moteur de développement économique et d'emploi"
HEADINGS = ["## L'innovation", "## Impacts", "## Facteurs de succès", "## Enseignements"]

CASE_STUDIES = {
    "totem-mobi", "impact-partenaires", "jobs-et-cite", "labo-societal-centrale", "novaedia", "adive",
    "business-open-space", "la-maison-pour-rebondir", "agence-nouvelle-cour", "coursive-boutaric", "wimoov",
    "reseau-de-reemploi-des-2-rives", "studiobjet", "dynamique-emploi-dans-les-quartiers",
    "plaine-image-shiness", "simplon-co", "creche-les-lucioles",
}
CITED = {"citeslab", "cystaim", "banlieue-et-connect", "la-fabrique-a-entreprendre", "euratechnologies",
         "compte-nickel"}


@pytest.fixture(scope="module")
def sheets():
    loaded, problems = load_all(ROOT / "cases", ROOT)
    assert problems == []
    return {s.meta["id"]: s for s in loaded}


def test_the_study_cases_are_all_there(sheets):
    assert {i for i, s in sheets.items() if s.meta["statut"] == "etude-de-cas"} == CASE_STUDIES
    assert {i for i, s in sheets.items() if s.meta["statut"] == "experience-citee"} == CITED


@pytest.mark.parametrize("ident", sorted(CASE_STUDIES | CITED))
def test_study_case_body_is_substantial_and_sourced(sheets, ident):
    sheet = sheets[ident]
    positions = [sheet.body.find(h + "\n") for h in HEADINGS]
    assert all(p >= 0 for p in positions) and positions == sorted(positions), "the template's four headings"
    assert len(re.findall(r"\w+", sheet.body)) >= 120
    assert any(SYNTHESIS_TITLE in s["titre"] for s in sheet.meta["sources"])


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def test_numbers_in_case_sheets_come_from_the_study(sheets):
    unknown = {}
    for ident, sheet in sheets.items():
        if any(SYNTHESIS_TITLE not in s["titre"] for s in sheet.meta["sources"]):
            continue  # another source is named: the reviewer checks it
        text = " ".join([sheet.body, sheet.meta["titre"], sheet.meta["resume"], sheet.meta["porteur"]])
        if _numbers(text) - STUDY_NUMBERS:
            unknown[ident] = sorted(_numbers(text) - STUDY_NUMBERS)
    assert unknown == {}


def test_numbers_in_study_pages_come_from_the_study():
    pages = sorted((ROOT / "docs" / "etude").glob("*.md"))
    assert len(pages) >= 4
    unknown = {p.name: sorted(_numbers(p.read_text(encoding="utf-8")) - STUDY_NUMBERS) for p in pages}
    assert {k: v for k, v in unknown.items() if v} == {}


def test_a_planted_number_is_caught():
    assert _numbers("plus de 4 200 emplois en 2019") - STUDY_NUMBERS == {"4 200", "2019"}


def test_study_numbers_match_the_synthesis():
    if not SEED.exists():
        pytest.skip("la synthèse (../shared) n'est pas à côté du dépôt")
    assert STUDY_NUMBERS == _numbers(SEED.read_text(encoding="utf-8"))


def test_study_pages_cover_every_section(built_site):
    text = " ".join((built_site / "etude" / page / "index.html").read_text(encoding="utf-8")
                    for page in ("", "definitions", "resultats", "preconisations"))
    for expected in ("1 296", "filtre géographique", "filtre d'impact", "Oslo", "Bpifrance", "Oural", "septembre 2015", "soixantaine",
                     "six vidéos", "Algoé", "Innovation organisationnelle", "Innovation territoriale",
                     "Innovation frugale", "connecteurs", "Agence France Entrepreneur", "creusets",
                     'id="orientation-4"', 'id="axe-8"', "Thornary"):
        assert expected in text, expected
    for k in range(1, 9):
        assert f'id="axe-{k}"' in text
