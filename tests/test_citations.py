"""Citations that name who publishes and when the facts date from (issue 31): RIS, BibTeX and the copied
reference name the configured publisher (never a placeholder); a case of the study says its facts come
from the February 2017 study, and gives the sheet's review date apart."""

from __future__ import annotations

import datetime
import re

import bibtexparser
import pytest
import rispy
from helpers import ROOT

from scripts import core
from scripts.contract import routes
from scripts.contract.settings import Settings
from scripts.exports import references

SITE = "https://s.example/"
# A test value, not a real publisher (editeur.py holds the placeholders).
PUBLISHER = "Éditeur de démonstration (test)"
REVIEWED = {"wimoov.md": datetime.date(2026, 11, 26)}


def _build(editeur=None):
    settings = Settings(site_url=SITE) if editeur is None else Settings(site_url=SITE).with_(editeur=editeur)
    result = core.build(ROOT / "cases", settings=settings, committed=REVIEWED)
    assert result.problems == []
    return result.cases, dict(result.pages), dict(result.files)


@pytest.fixture(scope="module")
def configured():
    return _build({"nom": PUBLISHER})


@pytest.fixture(scope="module")
def placeholder():
    return _build()


def _reference(pages, ident: str) -> str:
    page = pages[routes.case_source(ident)]
    return re.search(r'<p class="cas-citer-reference" id="cas-reference">(.*?)</p>', page).group(1)


def test_the_copied_reference_names_the_configured_publisher(configured):
    _, pages, _ = configured
    assert f"fiche de la Base de projets innovation et QPV, publiée par {PUBLISHER}" in _reference(pages, "wimoov")


def test_ris_and_bibtex_name_the_configured_publisher(configured):
    cases, _, files = configured
    for path in (routes.data("cas.ris"), routes.case_file("wimoov", "reference.ris")):
        entries = rispy.loads(files[path])
        assert entries and all(e["publisher"] == PUBLISHER for e in entries), path
    for path in (routes.data("cas.bib"), routes.case_file("wimoov", "reference.bib")):
        library = bibtexparser.parse_string(files[path])
        assert library.failed_blocks == [] and library.entries
        assert all(e["publisher"] == PUBLISHER and e["organization"] == PUBLISHER for e in library.entries), path


def test_a_placeholder_publisher_is_never_cited(placeholder):
    _, pages, files = placeholder
    assert "publiée par" not in _reference(pages, "wimoov")
    assert all(e["publisher"] == references.BASE for e in rispy.loads(files[routes.data("cas.ris")]))
    bib = files[routes.data("cas.bib")]
    assert "à renseigner" not in bib and "publisher =" not in bib
    assert "à renseigner" not in files[routes.data("cas.ris")]


def test_a_study_case_dates_its_facts_by_the_study_and_its_review_apart(configured):
    _, pages, files = configured
    reference = _reference(pages, "wimoov")
    assert "faits tirés de l'étude « L'innovation" in reference.replace("\u202f", " ")
    assert "(CGET, février\u00a02017\u202f; le CGET est devenu l'ANCT en 2020)" in reference
    assert ', fiche revue le <time datetime="2026-11-26">26\u00a0novembre 2026</time>. En ligne' in reference
    assert "mise à jour" not in reference
    (ris,) = rispy.loads(files[routes.case_file("wimoov", "reference.ris")])
    assert ris["year"] == "2017" and ris["date"] == "2017/02/"  # the facts' date, not the sheet's last edit
    assert "Fiche revue le 26\u00a0novembre 2026." in ris["notes"][0]
    (bib,) = bibtexparser.parse_string(files[routes.case_file("wimoov", "reference.bib")]).entries
    assert bib["year"] == "2017" and bib["date"] == "2017-02" and "Fiche revue le 26" in bib["note"]


def test_a_study_case_never_reviewed_says_only_the_study(configured):
    _, pages, _ = configured
    reference = _reference(pages, "adive")
    assert "faits tirés de l'étude" in reference and "fiche revue" not in reference


def test_a_contribution_keeps_its_own_date():
    case = {"id": "x", "titre": "X", "porteur": "P", "resume": "R", "categories": ["sociale"],
            "impact_principal": "emploi", "statut": "contribution"}
    from scripts.sheets.dates import SheetDate
    case["date"] = SheetDate(datetime.date(2026, 3, 1), origin="fiche")
    text = references.citation(case, SITE + routes.case("x"), editeur={"nom": PUBLISHER})
    assert f"publiée par {PUBLISHER} mise à jour le 1er\u00a0mars 2026, d'après l'étude" in text
    assert "faits tirés" not in text
    (ris,) = rispy.loads(references.ris_entry(case, SITE + routes.case("x"), {"nom": PUBLISHER}))
    assert ris["year"] == "2026" and ris["publisher"] == PUBLISHER


@pytest.mark.parametrize(("titre", "porteur", "shown"), [
    ("Wimoov", "Wimoov", None),
    ("Adive", "Adive (Agence pour la diversité entrepreneuriale)", "Agence pour la diversité entrepreneuriale"),
    ("Adive", "Réseau (Adive)", "Réseau (Adive)"),
    ("Citéslab", "Bpifrance", "Bpifrance"),
])
def test_a_citation_does_not_repeat_the_title_in_its_porteur(titre, porteur, shown):
    case = {"titre": titre, "porteur": porteur}
    assert references.porteur_shown(case) == shown
