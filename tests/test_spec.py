"""The schema declared in scripts/contract/schema.py says exactly what the contract says: keys,
vocabularies, labels, axes, orientations, URLs. The contract is ../shared/spec/case-sheet.md;
tests/data/contrat-fiche.md is its copy in the repository, so these tests need nothing
outside it (refresh it when the contract changes: cp ../shared/spec/case-sheet.md
tests/data/contrat-fiche.md)."""

from __future__ import annotations

import re

import pytest
from helpers import ROOT

from scripts.contract import schema

SPEC = ROOT / "tests" / "data" / "contrat-fiche.md"


@pytest.fixture(scope="module")
def spec() -> str:
    return SPEC.read_text(encoding="utf-8")


def test_keys_and_requirements(spec):
    rows = dict(re.findall(r"^\| `([a-z_]+)` \| (yes|no|if [^|]+|when [^|]+) \|", spec, re.M))
    assert set(rows) == set(schema.FIELDS)
    assert {k for k, r in rows.items() if r == "yes"} == set(schema.REQUIRED)


def test_vocabulary_slugs_and_labels(spec):
    rows = dict(re.findall(r"^\| `([a-z0-9-]+)` \| ([^|`]+?) \|$", spec, re.M))
    ours = {**schema.CATEGORIES, **schema.FORMES, **schema.IMPACTS, **schema.TYPE_PORTEUR, **schema.BUDGETS,
            **schema.CHANGEMENT_ECHELLE}
    assert rows == ours


def test_axes_and_orientations(spec):
    axes = {int(a): (int(o), label) for a, o, label in re.findall(r"^\| (\d) \| (\d) \| (.+?) \|$", spec, re.M)}
    assert axes == {k: (a.orientation, a.label) for k, a in schema.AXES.items()}
    flat = " ".join(spec.split())
    for title in schema.ORIENTATIONS.values():
        assert f"« {title} »" in flat


def test_regions_and_departments(spec):
    assert len(schema.REGIONS) == 18
    for slug in ("ile-de-france", "provence-alpes-cote-d-azur", "hauts-de-france", "guadeloupe", "martinique",
                 "guyane", "la-reunion", "mayotte"):
        assert slug in schema.REGIONS and f"`{slug}`" in spec
    expected = {f"{n:02d}" for n in range(1, 96) if n != 20} | {"2A", "2B", "971", "972", "973", "974", "976"}
    assert set(schema.DEPARTEMENTS) == expected
    assert set(region for _, region in schema.DEPARTEMENTS.values()) == set(schema.REGIONS)
