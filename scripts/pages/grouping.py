"""Every grouping the index pages need, built in one pass over the cases."""

from __future__ import annotations

from collections import defaultdict

from scripts.contract import schema
from scripts.contract.slug import fold
from scripts.sheets.model import sort_key


class Index:
    """Every grouping the index pages need, built in one pass over the cases."""

    def __init__(self, cases: list[dict]):
        self.rank = {c["id"]: sort_key(c) for c in cases}  # computed once: folding accents is not free
        self.cases = sorted(cases, key=lambda c: self.rank[c["id"]])
        self.by_category = defaultdict(list)
        self.by_forme = defaultdict(list)
        self.by_impact_principal = defaultdict(list)
        self.by_impact_other = defaultdict(list)
        self.by_axis = defaultdict(list)
        self.by_orientation = defaultdict(list)
        self.by_departement = defaultdict(list)
        self.by_region = defaultdict(list)
        self.by_groupe = defaultdict(list)  # intercommunality or EPT (SIREN) -> its cases
        self.groupes: dict[str, dict] = {}  # SIREN -> {code, nom, type}
        self.nationale = []
        self.reproducible = []  # with results or places of replication (schema.REPRODUCIBLE)
        self.checked = []  # with a situation checked (etat)
        self.located = []
        for case in self.cases:
            for slug in case["categories"]:
                self.by_category[slug].append(case)
            for slug in case.get("formes", []):
                self.by_forme[slug].append(case)
            self.by_impact_principal[case["impact_principal"]].append(case)
            for slug in case.get("impacts", []):
                self.by_impact_other[slug].append(case)
            for axis in case["axes"]:
                self.by_axis[axis].append(case)
            for n in case["orientations"]:
                self.by_orientation[n].append(case)
            if "departement" in case:
                self.by_departement[case["departement"]].append(case)
                self.by_region[case["region"]].append(case)
            for key in ("epci", "ept"):
                if key in case:
                    self.groupes[case[key]["code"]] = case[key]
                    self.by_groupe[case[key]["code"]].append(case)
            if case["echelle"] == "nationale":
                self.nationale.append(case)
            if "coordonnees" in case:
                self.located.append(case)
            if schema.reproducible(case):
                self.reproducible.append(case)
            if "etat" in case:
                self.checked.append(case)

    def groupes_sorted(self, cases: list[dict] | None = None) -> list[dict]:
        """The intercommunalities and EPT (of these cases, or of all), by name: métropoles and
        communautés first, then the territories of the Grand Paris."""
        codes = self.groupes if cases is None else {c[k]["code"] for c in cases for k in ("epci", "ept") if k in c}
        return sorted((self.groupes[code] for code in codes),
                      key=lambda g: (g["type"] == "EPT", fold(g["nom"]), g["code"]))

    def counts(self) -> dict:
        return {statut: sum(1 for c in self.cases if c["statut"] == statut) for statut in schema.STATUT}
