"""The official geography of the communes: which communes each department has, their INSEE
code, their intercommunality (EPCI) and, in the Métropole du Grand Paris, their territory (EPT).

The table (`data/communes.json`, about 1 MB, read at build time only: nothing of it is served to
readers) is derived from Etalab's npm package `@etalab/decoupage-administratif` (MIT), installed by
the project's own setup (`npm ci`), with the developer command

    python -m scripts.contract.communes   (after npm ci; rewrites scripts/contract/data/communes.json)

and tests/test_communes.py checks that it equals a fresh derivation from the package.

A name matches blind to case, accents, hyphens and apostrophes (« saint denis » is Saint-Denis);
the arrondissements of Paris, Lyon and Marseille count as their commune.
"""

from __future__ import annotations

import difflib
import json
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from scripts.contract.slug import fold
from scripts.contract.vocabularies import DEPARTEMENTS

DATA = Path(__file__).resolve().parent / "data" / "communes.json"
PACKAGE = Path(__file__).resolve().parents[2] / "node_modules" / "@etalab" / "decoupage-administratif"

# The kinds of intercommunality, by the package's code: what pages and spreadsheets say.
TYPES = {
    "MET69": "Métropole",  # the Métropole de Lyon, a territorial authority of its own
    "METRO": "Métropole",
    "CU": "Communauté urbaine",
    "CA": "Communauté d'agglomération",
    "CC": "Communauté de communes",
    "EPT": "Établissement public territorial",
}


@dataclass(frozen=True)
class Group:
    """An intercommunality (EPCI) or a territory of the Grand Paris (EPT)."""

    code: str  # its SIREN
    nom: str
    type: str  # a key of TYPES

    @property
    def type_label(self) -> str:
        return TYPES[self.type]

    def record(self) -> dict:
        """As cas.json publishes it: {code, nom, type}."""
        return {"code": self.code, "nom": self.nom, "type": self.type}


@dataclass(frozen=True)
class Commune:
    code: str  # INSEE code
    nom: str  # the official name
    departement: str
    epci: Group | None
    ept: Group | None


def key(name: str) -> str:
    """What a name is matched on: no case, accent, hyphen, apostrophe or space (any other character counts)."""
    return _IGNORED.sub("", fold(name))


_IGNORED = re.compile(r"[\s\-\u2010\u2011\u2012\u2013'\u2018\u2019\u02bc\u00b4`]")


# --- reading the derived table ------------------------------------------------------------

@lru_cache(maxsize=1)
def _table() -> dict:
    data = json.loads(DATA.read_text(encoding="utf-8"))
    groups = {code: Group(code, nom, kind) for code, (nom, kind) in data["intercommunalites"].items()}
    by_dep: dict[str, dict[str, Commune]] = {}
    names: dict[str, list[Commune]] = {}
    for dep, rows in data["departements"].items():
        mine = by_dep[dep] = {}
        for code, nom, epci, ept in rows:
            commune = Commune(code, nom, dep, groups.get(epci), groups.get(ept))
            mine[key(nom)] = commune
            names.setdefault(key(nom), []).append(commune)
        for nom, code in data["arrondissements"].get(dep, []):
            mine.setdefault(key(nom), next(c for c in mine.values() if c.code == code))
    return {"groups": groups, "departements": by_dep, "names": names, "source": data["source"]}


def source() -> str:
    """The package the table comes from, with its version."""
    return _table()["source"]


def find(name: object, departement: object) -> Commune | None:
    """The commune of that name in that department, or None."""
    if not isinstance(name, str) or not isinstance(departement, str):
        return None
    return _table()["departements"].get(departement, {}).get(key(name))


def closest(name: str, departement: str, n: int = 3) -> list[str]:
    """The official names of the department's communes closest to `name`."""
    communes = _table()["departements"].get(departement, {})
    matches = difflib.get_close_matches(key(name), list(communes), n=n, cutoff=0.75)
    if not matches:
        matches = difflib.get_close_matches(key(name), list(communes), n=n, cutoff=0.6)
    return list(dict.fromkeys(communes[m].nom for m in matches))


def elsewhere(name: str) -> list[Commune]:
    """The communes of that name in other departments (a wrong department, not a wrong name)."""
    return list(_table()["names"].get(key(name), []))


def group(code: str) -> Group | None:
    """An intercommunality or an EPT by its SIREN."""
    return _table()["groups"].get(code)


# --- generation (developer tool, needs node_modules) -------------------------------------

def generate(package: Path = PACKAGE) -> dict:
    """The derived table from the package: current communes of the contract's departments."""
    data = package / "data"
    version = json.loads((package / "package.json").read_text(encoding="utf-8"))["version"]
    communes = json.loads((data / "communes.json").read_text(encoding="utf-8"))
    epcis = json.loads((data / "epci.json").read_text(encoding="utf-8"))
    epts = json.loads((data / "ept.json").read_text(encoding="utf-8"))
    member_of: dict[str, str] = {}
    territory_of: dict[str, str] = {}
    groups = {}
    for epci in sorted(epcis, key=lambda e: e["code"]):
        groups[epci["code"]] = [epci["nom"], epci["type"]]
        for member in epci["membres"]:
            member_of[member["code"]] = epci["code"]
    for ept in sorted(epts, key=lambda e: e["code"]):
        groups[ept["code"]] = [ept["nom"], "EPT"]
        for member in ept["membres"]:
            territory_of[member["code"]] = ept["code"]
    departements: dict[str, list] = {dep: [] for dep in DEPARTEMENTS}
    arrondissements: dict[str, list] = {}
    for commune in sorted(communes, key=lambda c: c["code"]):
        dep = commune.get("departement")
        if dep not in departements:
            continue
        if commune["type"] == "commune-actuelle":
            departements[dep].append([commune["code"], commune["nom"], member_of.get(commune["code"], ""),
                                      territory_of.get(commune["code"], "")])
        elif commune["type"] == "arrondissement-municipal":
            arrondissements.setdefault(dep, []).append([commune["nom"], commune["commune"]])
    used = {code for rows in departements.values() for _, _, epci, ept in rows for code in (epci, ept) if code}
    return {"source": f"@etalab/decoupage-administratif {version} (Etalab, licence MIT)",
            "intercommunalites": {code: value for code, value in groups.items() if code in used},
            "departements": departements, "arrondissements": arrondissements}


def dumps(table: dict) -> str:
    """The table as written in data/communes.json: one department a line, so a new release's diff reads."""
    lines = ["{", f' "source": {json.dumps(table["source"], ensure_ascii=False)},',
             ' "intercommunalites": ' + json.dumps(table["intercommunalites"], ensure_ascii=False,
                                                  separators=(",", ":")) + ",",
             ' "arrondissements": ' + json.dumps(table["arrondissements"], ensure_ascii=False,
                                               separators=(",", ":")) + ",",
             ' "departements": {']
    deps = list(table["departements"].items())
    for i, (dep, rows) in enumerate(deps):
        comma = "," if i < len(deps) - 1 else ""
        lines.append(f"  {json.dumps(dep)}: {json.dumps(rows, ensure_ascii=False, separators=(',', ':'))}{comma}")
    lines += [" }", "}"]
    return "\n".join(lines) + "\n"


def main() -> int:
    if not (PACKAGE / "data" / "communes.json").is_file():
        print(f"Géographie officielle introuvable : {PACKAGE}. Lancez `npm ci` (ou `make install`).", file=sys.stderr)
        return 1
    DATA.parent.mkdir(exist_ok=True)
    DATA.write_text(dumps(generate()), encoding="utf-8")
    print(f"{DATA} écrit.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
