"""Open data agrees with the sheets: cas.json, cas.csv, schema.json, schema-csv.json; territories; feed."""

from __future__ import annotations

import csv
import datetime
import io
import json
import re
import xml.etree.ElementTree as ET

import frictionless
import jsonschema
import pytest
from helpers import ROOT

from scripts.contract import schema
from scripts.exports.open_data import LIST_SEPARATOR, csv_columns
from scripts.exports.schema_json import front_matter_schema
from scripts.sheets.load import load_all


@pytest.fixture(scope="module")
def sheets():
    loaded, problems = load_all(ROOT / "cases", ROOT)
    assert problems == []
    return {s.meta["id"]: s.meta for s in loaded}


def _plain(value):
    return value.isoformat() if isinstance(value, datetime.date) else value


def test_json_has_every_case_with_every_key(built_site, sheets):
    data = json.loads((built_site / "donnees" / "cas.json").read_text(encoding="utf-8"))
    assert [c["id"] for c in data] == sorted(sheets)
    for record in data:
        meta = sheets[record["id"]]
        for key, value in meta.items():
            assert record[key] == (str(value) if key == "departement" else _plain(value)), key
        assert record["url"] == f"/cas/{record['id']}/"
        assert record["orientations"] == sorted({schema.AXES[a].orientation for a in meta["axes"]})
        if "departement" in meta:
            assert record["region"] == schema.DEPARTEMENTS[str(meta["departement"])][1]
        assert record["texte"].startswith("## ")
        assert set(record) <= set(schema.FIELDS) | {"region", "code_insee", "epci", "ept", "orientations", "url", "texte"}


def test_csv_opens_in_a_spreadsheet_and_matches_the_json(built_site):
    raw = (built_site / "donnees" / "cas.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    data = json.loads((built_site / "donnees" / "cas.json").read_text(encoding="utf-8"))
    assert list(rows[0]) == csv_columns()
    assert [r["id"] for r in rows] == [c["id"] for c in data]
    for row, record in zip(rows, data):
        assert row["categories"] == LIST_SEPARATOR.join(record["categories"])
        assert row["texte"] == record["texte"]  # line breaks and commas survive quoting
        if "coordonnees" in record:
            assert float(row["latitude"]) == record["coordonnees"]["lat"]


def test_csv_validates_against_its_table_schema(built_site):
    report = frictionless.validate(
        frictionless.Resource(path="cas.csv", basepath=str(built_site / "donnees"), encoding="utf-8-sig",
                              schema=frictionless.Schema.from_descriptor(
                                  json.loads((built_site / "donnees" / "schema-csv.json").read_text("utf-8")))))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_csv_neutralises_formulas():
    from scripts.exports.open_data import csv_row
    for attack in ("=HYPERLINK(\"http://x\")", "+1", "-2+3", "@SUM(A1)"):
        row = csv_row({"titre": attack, "sources": [{"titre": attack}]})
        assert row["titre"] == row["sources"] == "'" + attack
    # A number column is a number: a western longitude keeps its sign.
    assert csv_row({"coordonnees": {"lat": 47.2, "lon": -1.55}})["longitude"] == "-1.55"


def test_published_schema_is_the_validation_schema(built_site, sheets):
    published = json.loads((built_site / "donnees" / "schema.json").read_text(encoding="utf-8"))
    assert published == json.loads(json.dumps(front_matter_schema("https://base-innovation-qpv.example/")))
    validator = jsonschema.Draft202012Validator(published)
    for meta in sheets.values():
        assert list(validator.iter_errors(json.loads(json.dumps(meta, default=_plain)))) == []


def test_each_region_page_lists_exactly_its_cases(built_site, sheets):
    for region in schema.REGIONS:
        page = (built_site / "territoires" / region / "index.html").read_text(encoding="utf-8")
        listed = set(re.findall(r'href="\.\./\.\./cas/([a-z0-9-]+)/"', page))
        expected = {i for i, m in sheets.items()
                    if "departement" in m and schema.DEPARTEMENTS[str(m["departement"])][1] == region}
        assert listed == expected, region
        for code, (_, r) in schema.DEPARTEMENTS.items():
            if r == region:
                assert f'id="departement-{code}"' in page


def test_national_cases_are_listed_apart(built_site, sheets):
    page = (built_site / "territoires" / "index.html").read_text(encoding="utf-8")
    national = page.split('id="nationale"', 1)[1]
    for ident, meta in sheets.items():
        assert (f"cas/{ident}/" in national) == (meta["echelle"] == "nationale"), ident


def test_sitemap_robots_and_feed(built_site, sheets):
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    locs = re.findall(r"<loc>([^<]+)</loc>", sitemap)
    assert locs and all(loc.startswith("https://") for loc in locs)
    assert any(loc.endswith("/cas/totem-mobi/") for loc in locs)
    assert "Sitemap: https://" in (built_site / "robots.txt").read_text(encoding="utf-8")
    feed = ET.fromstring((built_site / "flux.xml").read_bytes())
    entries = feed.findall("{http://www.w3.org/2005/Atom}entry")
    assert len(entries) == min(len(sheets), 50)
    home = (built_site / "index.html").read_text(encoding="utf-8")
    assert 'type="application/atom+xml"' in home and 'href="flux.xml">Suivre les nouveautés' in home


def test_case_page_has_permalink_citation_and_jsonld(built_site):
    page = (built_site / "cas" / "totem-mobi" / "index.html").read_text(encoding="utf-8")
    assert "https://base-innovation-qpv.example/cas/totem-mobi/" in page
    assert "Base de projets innovation et QPV" in page and "février 2017" in page
    block = re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1)
    data = json.loads(block)
    assert data["name"] == "Totem Mobi" and data["url"].endswith("/cas/totem-mobi/")
    assert "Modifier sur GitHub" in page and "/edit/main/cases/totem-mobi.md" in page
    assert "Proposer une modification" in page and 'href="../../contribuer/proposer/?cas=totem-mobi"' in page
    assert "Signaler une erreur" in page and "mailto:" in page and "subject=Erreur%20dans%20la%20fiche%20totem-mobi" in page


def test_table_schema_rejects_a_broken_row(built_site, tmp_path):
    text = (built_site / "donnees" / "cas.csv").read_text(encoding="utf-8-sig")
    lines = text.split("\r\n")
    broken = lines[0] + "\r\n" + lines[0].replace("id,", "Pas un id,", 1) + "\r\n"
    (tmp_path / "cas.csv").write_text(broken, encoding="utf-8")
    (tmp_path / "schema-csv.json").write_bytes((built_site / "donnees" / "schema-csv.json").read_bytes())
    report = frictionless.validate(frictionless.Resource(
        path="cas.csv", basepath=str(tmp_path),
        schema=frictionless.Schema.from_descriptor(json.loads((tmp_path / "schema-csv.json").read_text("utf-8")))))
    assert not report.valid


def test_data_page_documents_every_column_and_the_licence(built_site):
    page = (built_site / "donnees" / "index.html").read_text(encoding="utf-8")
    for column in set(csv_columns()) - {"latitude", "longitude"}:
        assert f"<code>{column}</code>" in page, column
    assert "latitude" in page and "longitude" in page
    assert "Licence Ouverte / Open Licence 2.0" in page and "BOM" in page
