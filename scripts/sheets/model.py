"""From valid sheets to cases: the front matter plus what is derived from it.

Derived, never written by contributors: `region` (from `departement`), `code_insee`, `epci` and
`ept` (from `commune` and `departement`, by the official geography, `communes.py`; `commune` becomes
its official name),
`orientations` (from `axes`), `url` (from `id`); the body becomes `texte`.
Their kinds and their texts, for the open data, are declared in `schema.DERIVED`.
"""

from __future__ import annotations

from scripts.contract import communes, routes
from scripts.contract.schema import DEPARTEMENTS, FIELDS, orientation_of, region_of
from scripts.contract.slug import fold
from scripts.sheets.load import Sheet


def case_url(ident: str) -> str:
    """The case page's URL from the site root, as the open data publish it (with its leading /)."""
    return "/" + routes.case(ident)


def to_case(sheet: Sheet) -> dict:
    meta = sheet.meta or {}
    case = {key: meta[key] for key in FIELDS if key in meta}
    if "departement" in case:
        case["departement"] = str(case["departement"])
        case["region"] = region_of(case["departement"])
    place = communes.find(case.get("commune"), case.get("departement"))
    if place is not None:  # always, for a valid sheet with a commune
        case["commune"] = place.nom
        case["code_insee"] = place.code
        if place.epci is not None:
            case["epci"] = place.epci.record()
        if place.ept is not None:
            case["ept"] = place.ept.record()
    case["orientations"] = sorted({orientation_of(axis) for axis in case["axes"]})
    case["url"] = case_url(case["id"])
    case["texte"] = sheet.text
    case["fichier"] = sheet.rel
    return case


def sort_key(case: dict) -> tuple[str, str]:
    """Listings are sorted by title, accents and case ignored, then by id."""
    return fold(case["titre"]), case["id"]


def departement_name(code: str) -> str:
    return DEPARTEMENTS[code][0]
