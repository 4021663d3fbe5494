"""A publication local authorities can trust, cite and reuse: publisher, dates, citation,
link previews, spreadsheets and reference-manager files."""

from __future__ import annotations

import csv
import datetime
import html
import io
import json
import os
import re
import shutil
import struct
import subprocess
import sys
from pathlib import Path

import bibtexparser
import openpyxl
import pytest
import rispy
from helpers import ENV, GOLDEN, ROOT, make_project, mkdocs

from scripts import core
from scripts.contract import editeur
from scripts.contract.settings import Settings
from scripts.exports import open_data, references
from scripts.sheets import dates
from scripts.tools import history

VALID = {p.name: p.read_bytes() for p in sorted((GOLDEN / "valid").glob("*.md"))}
STUDY_SHEET = VALID["national.md"].replace(b"statut: contribution", b"statut: etude-de-cas")


def _cases(built) -> int:
    return len(json.loads((built / "donnees" / "cas.json").read_text(encoding="utf-8")))


# --- Dates ---------------------------------------------------------------------------------------

def _git(repo: Path, *args: str, when: str | None = None) -> None:
    env = {**os.environ, "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org", "GIT_COMMITTER_NAME": "t",
           "GIT_COMMITTER_EMAIL": "t@example.org", "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    if when:
        env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
    subprocess.run(["git", *args], cwd=repo, env=env, check=True, capture_output=True)


def _case_date(result, ident: str) -> str:
    page = dict(result.pages)[f"cas/{ident}.md"]
    return re.search(r'<dd[^>]*class="cas-date"[^>]*><time datetime="([^"]+)">([^<]+)</time>', page).groups()


def test_french_dates():
    assert dates.french(datetime.date(2026, 11, 26)) == "26\u00a0novembre 2026"
    assert dates.french(datetime.date(2025, 3, 1)) == "1er\u00a0mars 2025"
    assert dates.french(datetime.date(2017, 2, 1), month_only=True) == "février 2017"


def test_two_builds_of_the_same_commit_give_the_same_dates(monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1485907200")
    first = core.build(ROOT / "cases", committed=history.git_dates(ROOT / "cases"))
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1900000000")  # another build day
    second = core.build(ROOT / "cases", committed=history.git_dates(ROOT / "cases"))
    assert {c["id"]: c["date"] for c in first.cases} == {c["id"]: c["date"] for c in second.cases}
    assert all(c["date"] is not None for c in first.cases)
    pages = [dict(r.pages) for r in (first, second)]
    assert {p: t for p, t in pages[0].items() if p.startswith("cas/")} == \
        {p: t for p, t in pages[1].items() if p.startswith("cas/")}
    files = [dict(r.files) for r in (first, second)]
    for name in ("flux.xml", "donnees/cas.xlsx", "donnees/cas-excel.csv", "donnees/cas.ris", "donnees/cas.bib"):
        assert files[0][name] == files[1][name], name  # byte-identical, whatever the build day
    assert "2033" not in files[1]["flux.xml"] and "2033" not in pages[1]["cas/wimoov.md"]


def test_a_sheet_edited_in_a_new_commit_gets_that_commit_date(tmp_path):
    if shutil.which("git") is None:
        pytest.fail("git absent : apt-get install git")
    project = make_project(tmp_path, {**VALID, "etude-cget.md": STUDY_SHEET.replace(b"id: national", b"id: etude-cget")})
    _git(project, "init", "-q")
    _git(project, "add", "cases")
    _git(project, "commit", "-q", "-m", "first", when="2025-03-01T10:00:00+00:00")
    sheet = project / "cases" / "national.md"
    sheet.write_text(sheet.read_text(encoding="utf-8").replace("Un réseau", "Un réseau national"), encoding="utf-8")
    _git(project, "commit", "-q", "-am", "edit", when="2026-06-02T23:30:00+00:00")
    result = core.build(project / "cases", committed=history.git_dates(project / "cases"))
    assert _case_date(result, "national") == ("2026-06-02", "2\u00a0juin 2026")
    assert _case_date(result, "outre-mer") == ("2025-03-01", "1er\u00a0mars 2025")
    assert _case_date(result, "etude-cget") == ("2025-03-01", "1er\u00a0mars 2025")  # git beats the study's date
    assert _case_date(result, "complet") == ("2017-02-01", "1er\u00a0février 2017")  # mis_a_jour beats git
    feed = dict(result.files)["flux.xml"]
    assert "<updated>2026-06-02T00:00:00Z</updated>" in feed.split("<entry>")[1]  # the feed agrees


def test_a_shallow_clone_dates_only_what_its_history_shows(tmp_path):
    origin = make_project(tmp_path, VALID)
    _git(origin, "init", "-q")
    _git(origin, "add", "cases")
    _git(origin, "commit", "-q", "-m", "first", when="2025-03-01T10:00:00+00:00")
    sheet = origin / "cases" / "national.md"
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\nTexte.\n", encoding="utf-8")
    _git(origin, "commit", "-q", "-am", "edit", when="2026-06-02T10:00:00+00:00")
    clone = tmp_path / "clone"
    _git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    assert history.git_dates(clone / "cases") == {}  # the cut commit stands for unknown history
    assert history.git_dates(origin / "cases")["national.md"] == datetime.date(2026, 6, 2)


def test_a_study_sheet_without_mis_a_jour_nor_git_shows_february_2017(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "national.md").write_bytes(STUDY_SHEET)
    result = core.build(cases, tmp_path)
    assert result.problems == []
    page = dict(result.pages)["cas/national.md"]
    assert '<time datetime="2017-02">février 2017</time> (date de l\'étude)' in page
    assert "contenu tiré de l'étude du CGET de février" in page
    assert "faits tirés de l'étude" in page and "fiche revue" not in page  # the citation: the study's date only
    contribution = core.build(_only(tmp_path, "outre-mer.md"), tmp_path)
    assert 'class="cas-date"' not in dict(contribution.pages)["cas/outre-mer.md"]  # no date, never the build's


def _only(tmp_path: Path, name: str) -> Path:
    folder = tmp_path / "seul"
    folder.mkdir()
    (folder / name).write_bytes(VALID[name])
    return folder


# --- Publisher -----------------------------------------------------------------------------------

def test_placeholders_are_detected():
    people = editeur.settings({})
    found = editeur.problems(people, "https://base-innovation-qpv.example/")
    assert len(found) == 1 + len(editeur.EDITEUR) + len(editeur.HEBERGEUR)
    ready = editeur.settings({"editeur": {"nom": "Ville de Test", "adresse_ou_site": "https://ville.fr",
                                          "courriel": "contact@ville.fr", "directeur_publication": "Le maire"},
                              "hebergeur": {"nom": "Hébergeur", "adresse": "1 rue de la Paix, Paris"}})
    assert editeur.problems(ready, "https://base.ville.fr/") == []
    assert editeur.problems(ready, "https://base-innovation-qpv.example/") != []
    assert editeur.is_placeholder("contact@base-innovation-qpv.example") and not editeur.is_placeholder("contact@ville.fr")


def test_publication_build_refuses_placeholders_and_local_build_warns_once(tmp_path):
    project = make_project(tmp_path, VALID)
    local = mkdocs("build", "--strict", cwd=project)
    assert local.returncode == 0, local.stderr[-2000:]
    assert local.stderr.count("Attention : construction locale") == 1
    env = {**ENV, "SITE_URL": "https://base.ville-de-test.fr/"}

    def publish():
        return subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict"], cwd=project, env=env,
                              capture_output=True, text=True, timeout=600)

    refused = publish()
    said = refused.stdout + refused.stderr
    assert refused.returncode != 0
    assert "Publication refusée : l'éditeur ou l'adresse du site sont encore des exemples." in said
    assert "extra.editeur.nom (nom de l'éditeur)" in said
    assert "Traceback" not in said
    config = (project / "mkdocs.yml").read_text(encoding="utf-8")
    for placeholder, real in (("[Nom de l'éditeur à renseigner]", "Ville de Test"),
                              ("[Adresse postale ou site web de l'éditeur à renseigner]", "https://ville-de-test.fr"),
                              ("contact@base-innovation-qpv.example", "base@ville-de-test.fr"),
                              ("[Directeur ou directrice de la publication à renseigner]", "Le maire"),
                              ("[Nom de l'hébergeur à renseigner]", "Hébergeur Test"),
                              ("[Adresse et téléphone de l'hébergeur à renseigner]", "1 rue de Test, 75000 Paris")):
        assert placeholder in config
        config = config.replace(placeholder, real)
    (project / "mkdocs.yml").write_text(config, encoding="utf-8")
    published = publish()
    assert published.returncode == 0, published.stderr[-2000:]
    assert "Attention" not in published.stderr
    page = (project / "site" / "cas" / "national" / "index.html").read_text(encoding="utf-8")
    assert '<meta property="og:url" content="https://base.ville-de-test.fr/cas/national/">' in page
    assert "Ville de Test" in page and "base@ville-de-test.fr" in page  # the footer
    legal = (project / "site" / "mentions-legales" / "index.html").read_text(encoding="utf-8")
    assert "Le maire" in legal and "Hébergeur Test" in legal


# --- Pages ---------------------------------------------------------------------------------------

PAGE_KINDS = ["", "cas/", "cas/totem-mobi/", "categories/", "categories/sociale/", "formes/territoriale/",
              "impacts/", "impacts/mobilite/", "orientations/1/", "territoires/", "territoires/ile-de-france/",
              "carte/", "donnees/", "etude/", "etude/preconisations/", "contribuer/", "accessibilite/",
              "recherche/", "mentions-legales/", "donnees-personnelles/"]


def _meta(page: str) -> dict[str, str]:
    return dict(re.findall(r'<meta (?:property|name)="((?:og|twitter):[a-z:_]+)" content="([^"]*)"', page))


@pytest.mark.parametrize("path", PAGE_KINDS)
def test_link_preview_tags_are_present_and_absolute(built_site, path):
    page = (built_site / path / "index.html").read_text(encoding="utf-8")
    meta = _meta(page)
    for key in ("og:title", "og:description", "og:url", "og:image", "og:site_name", "og:type", "twitter:card",
                "twitter:title", "twitter:description", "twitter:image"):
        assert meta.get(key, "").strip(), key
    assert meta["og:locale"] == "fr_FR"
    assert meta["og:url"] == "https://base-innovation-qpv.example/" + path
    assert meta["og:image"] == meta["twitter:image"] == "https://base-innovation-qpv.example/assets/partage.png"


def test_the_preview_image_is_served_by_the_site(built_site):
    image = (built_site / "assets" / "partage.png").read_bytes()
    assert image[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", image[16:24]) == (1200, 630)


def test_case_citation_is_clean_french_and_downloadable(built_site):
    page = (built_site / "cas" / "wimoov" / "index.html").read_text(encoding="utf-8")
    block = page.split('id="citer"', 1)[1].split('class="cas-actions"', 1)[0]
    assert "<code>" not in block
    reference = re.search(r'<p class="cas-citer-reference" id="cas-reference">(.*?)</p>', block).group(1)
    assert reference.startswith("« Wimoov », fiche de la Base de projets innovation et QPV : faits tirés de")
    assert "porteur" not in reference  # Wimoov's porteur is Wimoov
    assert "CGET, février\u00a02017\u202f; le CGET est devenu l'ANCT en 2020" in reference
    assert "En ligne\u00a0: https://base-innovation-qpv.example/cas/wimoov/" in reference
    assert '(consulté le <span class="cas-citer-consulte">[date de consultation]</span>)' in reference
    assert re.search(r'<button type="button" class="[^"]*cas-citer-copier" data-cible="cas-reference" hidden>', block)
    assert 'src="../../assets/js/citer.js"' in page
    assert 'href="reference.ris"' in block and 'href="reference.bib"' in block
    other = (built_site / "cas" / "banlieue-et-connect" / "index.html").read_text(encoding="utf-8")
    assert "« Banlieue et Connect » (BNP Paribas), fiche de la" in other


def test_reference_files_parse_with_reference_manager_libraries(built_site):
    count = _cases(built_site)
    entries = rispy.loads((built_site / "donnees" / "cas.ris").read_text(encoding="utf-8"))
    assert len(entries) == count
    wimoov = next(e for e in entries if e["title"] == "Wimoov")
    assert wimoov["type_of_reference"] == "ELEC" and wimoov["urls"] == ["https://base-innovation-qpv.example/cas/wimoov/"]
    assert "Mobilité" in wimoov["keywords"]
    library = bibtexparser.parse_string((built_site / "donnees" / "cas.bib").read_text(encoding="utf-8"))
    assert library.failed_blocks == [] and len(library.entries) == count
    entry = library.entries_dict["baseqpv-wimoov"]
    assert entry["title"] == "{Wimoov}" and entry["url"] == "https://base-innovation-qpv.example/cas/wimoov/"
    one = rispy.loads((built_site / "cas" / "wimoov" / "reference.ris").read_text(encoding="utf-8"))
    assert [e["title"] for e in one] == ["Wimoov"]
    single = bibtexparser.parse_string((built_site / "cas" / "wimoov" / "reference.bib").read_text(encoding="utf-8"))
    assert [e.key for e in single.entries] == ["baseqpv-wimoov"] and single.failed_blocks == []


def test_bibtex_escapes_special_characters():
    case = {"id": "x", "titre": "A & B 100 % {x} #1 ~ ^ _ \\", "porteur": "P", "resume": "R", "categories": [],
            "impact_principal": "emploi", "statut": "contribution"}
    library = bibtexparser.parse_string(references.bibtex_entry(case, "https://s/cas/x/"))
    assert library.failed_blocks == []
    assert library.entries[0]["title"].startswith(r"{A \& B 100 \% \{x\} \#1")


# --- Spreadsheets --------------------------------------------------------------------------------

def test_plain_text_drops_markdown_and_line_breaks():
    markdown = ("## L'innovation\n\nDes **emplois** et une *école*\u00a0: [le site](https://a.fr)\u202f;\n\n"
                "- un `outil`\n- deux \\* étoiles\n\n> citation\n\n## Et ensuite\u202f?\n\nFin.\n")
    assert open_data.plain_text(markdown) == ("L'innovation. Des emplois et une école\u00a0: le site (https://a.fr)\u202f; "
                                           "– un outil – deux * étoiles citation Et ensuite\u202f? Fin.")


def test_xlsx_opens_with_openpyxl_with_labels_and_absolute_urls(built_site):
    data = json.loads((built_site / "donnees" / "cas.json").read_text(encoding="utf-8"))
    book = openpyxl.load_workbook(built_site / "donnees" / "cas.xlsx")
    sheet = book["Cas"]
    rows = list(sheet.iter_rows(values_only=True))
    header, rows = rows[0], rows[1:]
    assert list(header) == [column.header for column in open_data.people_columns()]
    assert len(rows) == len(data)
    records = [dict(zip(header, row)) for row in rows]
    assert [r["Identifiant"] for r in records] == [c["id"] for c in data]
    totem = next(r for r in records if r["Identifiant"] == "totem-mobi")
    assert totem["Impact prédominant"] == "Mobilité"
    assert totem["Région"] and totem["Catégories d'innovation"]
    assert all(r["Adresse de la page"] == f"https://base-innovation-qpv.example/cas/{r['Identifiant']}/"
               for r in records)
    assert all("\n" not in r["Texte"] and "## " not in r["Texte"] and "**" not in r["Texte"] for r in records)
    assert sheet.freeze_panes == "C2" and sheet.auto_filter.ref.startswith("A1:")
    documented = [row[1] for row in book["Colonnes"].iter_rows(min_row=2, values_only=True) if row[0] == "Cas"]
    assert documented == list(header)


def test_excel_csv_round_trips_with_semicolons_and_one_line_per_case(built_site):
    raw = (built_site / "donnees" / "cas-excel.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text, newline=""), delimiter=";"))
    count = _cases(built_site)
    assert len(rows) == count and list(rows[0]) == [column.header for column in open_data.people_columns()]
    assert len(text.split("\r\n")) == count + 2  # header, one physical line per case, final newline
    assert all(r["Adresse de la page"].startswith("https://") and r["Origine de la fiche"] for r in rows)


def test_xlsx_is_byte_identical_across_builds():
    cases = core.build(ROOT / "cases").cases
    assert open_data.to_xlsx(cases, "https://s/") == open_data.to_xlsx(cases, "https://s/")


def test_comma_csv_keeps_its_contract(built_site):
    raw = (built_site / "donnees" / "cas.csv").read_bytes().decode("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(raw, newline="")))
    assert list(rows[0]) == open_data.csv_columns()
    assert rows[0]["url"].startswith("/cas/") and rows[0]["texte"].startswith("## ")  # unchanged meaning


# --- Generated pages -----------------------------------------------------------------------------

def test_data_page_shows_resource_cards(built_site):
    page = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    cards = re.findall(r'<section class="donnees-carte".*?</section>', page, re.S)
    assert len(cards) == 6
    count = _cases(built_site)
    for card, name in zip(cards, ("cas.xlsx", "cas-excel.csv", "cas.csv", "cas.json", "cas.ris", "cas.bib")):
        assert f'href="{name}" download' in card
        size = (built_site / "donnees" / name).stat().st_size
        assert re.search(r"\d+,\d\u00a0ko|\d+\u00a0octets", card), name
        assert f"{size / 1000:.1f}".replace(".", ",") in card or size < 1000
        unit = {"cas.json": "objets", "cas.ris": "références", "cas.bib": "références"}.get(name, "lignes")
        assert f"{count} {unit}" in card, name
        assert '<time datetime="' in card and "Licence Ouverte 2.0" in card
    assert "Table Schema" not in page.split('id="pour-les-developpeurs"')[0].split("donnees-cartes")[0]
    assert re.search(r'<table class="donnees-apercu-table">\s*<caption id="apercu-legende">Les 3 premières lignes', page)
    assert "le classement propre à cette base" in page and "ne rattache aucun cas à un axe" in page


def test_legal_pages_and_footer(built_site):
    legal = html.unescape((built_site / "mentions-legales" / "index.html").read_text(encoding="utf-8"))
    assert "[Nom de l'éditeur à renseigner]" in legal and "contact@base-innovation-qpv.example" in legal
    assert "Agence nationale de la cohésion des territoires (ANCT) en 2020" in legal
    private = (built_site / "donnees-personnelles" / "index.html").read_text(encoding="utf-8")
    assert "Aucun cookie" in private and "localStorage" in private and "Aucun service tiers" in private
    statement = html.unescape((built_site / "accessibilite" / "index.html").read_text(encoding="utf-8"))
    assert "<strong>non conforme</strong>" in statement and "partiellement" not in statement
    assert "contact@base-innovation-qpv.example" in statement and "Défenseur des droits" in statement
    assert "schéma pluriannuel" in statement and "Cette déclaration a été établie le" in statement
    for page in (legal, statement, html.unescape((built_site / "cas" / "wimoov" / "index.html").read_text("utf-8"))):
        footer = page.split('class="md-copyright"', 1)[1]
        assert "Accessibilité\u00a0: non conforme" in footer
        assert "Mentions légales</a>" in footer and "Données personnelles</a>" in footer
        assert "[Nom de l'éditeur à renseigner]" in footer and "devenu l'ANCT en 2020" in footer
    assert 'href="../../mentions-legales/"' in (built_site / "cas" / "wimoov" / "index.html").read_text("utf-8")


def test_hostile_titles_survive_every_reuse_format(tmp_path):
    from test_hostile import ATTACKS, _sheet
    cases = tmp_path / "cases"
    cases.mkdir()
    for i, attack in enumerate(ATTACKS):
        (cases / f"hostile-{i}.md").write_text(_sheet(i, attack), encoding="utf-8")
    result = core.build(cases, tmp_path, settings=Settings(site_url="https://s.example/"))
    assert result.problems == []
    files = dict(result.files)
    expected = {f"hostile-{i}": attack for i, attack in enumerate(ATTACKS)}
    book = openpyxl.load_workbook(io.BytesIO(files["donnees/cas.xlsx"]))
    for row in book["Cas"].iter_rows(min_row=2):
        assert row[1].data_type == "s" and row[1].value == expected[row[0].value]  # text, never a formula
    rows = list(csv.DictReader(io.StringIO(files["donnees/cas-excel.csv"].lstrip("\ufeff"), newline=""), delimiter=";"))
    for row in rows:
        attack = expected[row["Identifiant"]]
        assert row["Titre"] == ("'" + attack if attack[0] in "=+-@" else attack)
    assert sorted(e["title"] for e in rispy.loads(files["donnees/cas.ris"])) == sorted(ATTACKS)
    library = bibtexparser.parse_string(files["donnees/cas.bib"])
    assert library.failed_blocks == [] and len(library.entries) == len(ATTACKS)
    for case in result.cases:
        reference = references.citation(case, "https://s.example/", html=True)
        assert "<script" not in reference and "<img" not in reference and "<svg" not in reference
