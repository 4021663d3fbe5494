"""The official geography: communes checked against Etalab's @etalab/decoupage-administratif (npm),
with the real package data, and their INSEE code, intercommunality and EPT derived and published."""

from __future__ import annotations

import csv
import io
import json

import frontmatter
import pytest
from helpers import ROOT

from scripts.contract import communes, schema
from scripts.contract.fields import Commune, Record, Text
from scripts.exports import open_data
from scripts.sheets.load import Sheet
from scripts.sheets.model import to_case
from scripts.sheets.validate import check_sheet

BASE = {
    "id": "exemple", "titre": "Exemple", "resume": "Un résumé.", "porteur": "Association",
    "type_porteur": ["association"], "commune": "Marseille", "departement": "13", "echelle": "locale",
    "categories": ["sociale"], "impact_principal": "emploi", "axes": [2], "statut": "contribution",
    "sources": [{"titre": "Une source"}],
}


def _problems(**meta) -> list[str]:
    sheet = Sheet(rel="cases/exemple.md", stem="exemple", meta={**BASE, **meta})
    check_sheet(sheet)
    return [str(p) for p in sheet.problems]


def _case(**meta) -> dict:
    return to_case(Sheet(rel="cases/exemple.md", stem="exemple", meta={**BASE, **meta}))


def test_the_table_is_derived_from_the_installed_package():
    """scripts/contract/data/communes.json is what `python -m scripts.contract.communes` makes from the
    npm package installed by package-lock.json (6.0.0), byte for byte."""
    assert (communes.PACKAGE / "data" / "communes.json").is_file(), "npm ci first"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@etalab/decoupage-administratif"]["version"] == "6.0.0"
    assert communes.DATA.read_text(encoding="utf-8") == communes.dumps(communes.generate())
    assert "6.0.0" in communes.source()
    # small enough to stay a build-time table (the package's data/ is 13 MB)
    assert communes.DATA.stat().st_size < 2_000_000


LOCATED = sorted(p.name for p in (ROOT / "cases").glob("[!_]*.md") if "commune" in frontmatter.load(p).metadata)


def test_most_landed_sheets_name_a_commune():
    assert len(LOCATED) >= 17


@pytest.mark.parametrize("sheet", LOCATED)
def test_every_landed_commune_resolves(sheet):
    meta = frontmatter.load(ROOT / "cases" / sheet).metadata
    place = communes.find(meta["commune"], meta["departement"])
    assert place is not None, (meta["commune"], meta["departement"])
    assert place.code.startswith(meta["departement"][:2])


@pytest.mark.parametrize("name,dep,insee,siren,epci", [
    ("Vaulx-en-Velin", "69", "69256", "200046977", "Métropole de Lyon"),
    ("Tourcoing", "59", "59599", "200093201", "Métropole Européenne de Lille"),
    ("Roubaix", "59", "59512", "200093201", "Métropole Européenne de Lille"),
    ("Sevran", "93", "93071", "200054781", "Métropole du Grand Paris"),
])
def test_intercommunality_of_real_communes(name, dep, insee, siren, epci):
    case = _case(commune=name, departement=dep)
    assert case["code_insee"] == insee
    assert case["epci"]["code"] == siren and case["epci"]["nom"] == epci


def test_grand_paris_communes_have_their_territory():
    case = _case(commune="Sevran", departement="93")
    assert case["ept"] == {"code": "200058097", "nom": "Paris Terres d'Envol", "type": "EPT"}
    assert "ept" not in _case(commune="Tourcoing", departement="59")


@pytest.mark.parametrize("typed,official,dep", [
    ("vaulx en velin", "Vaulx-en-Velin", "69"), ("VAULX-EN-VÉLIN", "Vaulx-en-Velin", "69"),
    ("Villiers Le Bel", "Villiers-le-Bel", "95"), ("saint denis", "Saint-Denis", "93"),
    ("L Ile d Yeu", "L'Île-d'Yeu", "85"), ("Marseille 3e Arrondissement", "Marseille", "13"),
])
def test_matching_ignores_case_accents_hyphens_apostrophes_and_pages_show_the_official_name(typed, official, dep):
    assert _problems(commune=typed, departement=dep) == []
    assert _case(commune=typed, departement=dep)["commune"] == official


def test_a_typo_is_refused_with_the_closest_communes():
    (line,) = _problems(commune="Tourcoin", departement="59")
    assert line.startswith("cases/exemple.md:1: commune: commune « Tourcoin » inconnue dans le département "
                           "Nord (59)")
    assert "vouliez-vous dire « Tourcoing »" in line


def test_a_commune_of_another_department_names_its_department():
    (line,) = _problems(commune="Tourcoing", departement="93")
    assert "« Tourcoing » est dans le département Nord (59)" in line


def test_an_unknown_name_without_near_miss_says_what_is_expected():
    (line,) = _problems(commune="Qqqqqqqq", departement="13")
    assert "inconnue dans le département Bouches-du-Rhône (13)" in line and "commune actuelle" in line


def test_an_invalid_department_is_reported_once():
    problems = _problems(commune="Marseille", departement="20")
    assert [p.split(": ")[1] for p in problems] == ["departement"]


def test_places_in_a_record_are_checked_too():
    """A list of places ({commune, departement}, like essaime_a) uses the same kind and check."""
    place = Record(keys={"commune": Commune(max_length=100, within="departement", label="Commune", help="x"),
                         "departement": schema.FIELDS["departement"]},
                   required_keys=("commune", "departement"), shape="{commune, departement}", label="Lieu", help="x")
    said = []
    assert place.check({"commune": "Roubaix", "departement": "59"}, lambda m, i=None: said.append(m))
    assert not place.check({"commune": "Roubais", "departement": "59"}, lambda m, i=None: said.append(m))
    assert len(said) == 1 and "Roubaix" in said[0]


def test_derived_values_are_declared_once_and_never_typed():
    for key in ("code_insee", "epci", "ept"):
        assert key in schema.DERIVED and key not in schema.FIELDS
    assert any("commune actuelle" in rule for rule in schema.VALIDATOR_ONLY)
    problems = _problems(code_insee="69256")
    assert len(problems) == 1 and "clé inconnue" in problems[0]
    assert isinstance(schema.FIELDS["commune"], Text)


def test_open_data_publish_the_geography():
    cases = [_case(id="a", commune="Vaulx-en-Velin", departement="69"),
             _case(id="b", commune="Sevran", departement="93")]
    data = json.loads(open_data.to_json(cases))
    assert data[0]["code_insee"] == "69256"
    assert data[0]["epci"] == {"code": "200046977", "nom": "Métropole de Lyon", "type": "MET69"}
    assert data[1]["ept"]["nom"] == "Paris Terres d'Envol"
    rows = list(csv.DictReader(io.StringIO(open_data.to_csv(cases).lstrip("\ufeff"))))
    assert rows[0]["code_insee"] == "69256" and rows[0]["epci_code"] == "200046977"
    assert rows[0]["epci_nom"] == "Métropole de Lyon" and rows[0]["ept_nom"] == ""
    assert rows[1]["ept_code"] == "200058097"
    names = [f["name"] for f in open_data.table_schema()["fields"]]
    assert {"code_insee", "epci_code", "epci_nom", "epci_type", "ept_code"} <= set(names)


@pytest.mark.parametrize("attack", ['<script>alert(1)</script>', "Marseille\u202e", "=HYPERLINK(\"x\")"])
def test_a_hostile_commune_never_reaches_a_page(attack):
    """What was free text is now a name of the official geography: anything else is refused."""
    problems = _problems(commune=attack)
    assert problems and all(": commune: " in p for p in problems)
