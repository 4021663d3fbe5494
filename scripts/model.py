"""From valid sheets to cases: the front matter plus what is derived from it.

Derived, never written by contributors: `region` (from `departement`),
`orientations` (from `axes`), `url` (from `id`); the body becomes `texte`.
"""

from __future__ import annotations

from .load import Sheet
from .schema import DEPARTEMENTS, FIELDS, orientation_of, region_of
from .slug import fold


def case_url(ident: str) -> str:
    return f"/cas/{ident}/"


# Territory pages, as paths from the site root (templates prefix them with `base`). The one
# place where their URLs are spelt: /territoires/<region>/ and /territoires/<region>/<code>/.
def region_path(slug: str) -> str:
    return f"territoires/{slug}/"


def departement_path(code: str) -> str:
    """'93' -> 'territoires/ile-de-france/93/'; '2A' -> 'territoires/corse/2a/'."""
    return f"{region_path(DEPARTEMENTS[code][1])}{code.lower()}/"


def to_case(sheet: Sheet) -> dict:
    meta = sheet.meta or {}
    case = {key: meta[key] for key in FIELDS if key in meta}
    if "departement" in case:
        case["departement"] = str(case["departement"])
        case["region"] = region_of(case["departement"])
    case["orientations"] = sorted({orientation_of(axis) for axis in case["axes"]})
    case["url"] = case_url(case["id"])
    case["texte"] = sheet.body.strip("\n") + "\n" if sheet.body.strip() else ""
    case["fichier"] = sheet.rel
    return case


def sort_key(case: dict) -> tuple[str, str]:
    """Listings are sorted by title, accents and case ignored, then by id."""
    return fold(case["titre"]), case["id"]


def departement_name(code: str) -> str:
    return DEPARTEMENTS[code][0]
