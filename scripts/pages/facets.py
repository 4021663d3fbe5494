"""The search facets: which values of a case are filters, and their labels."""

from __future__ import annotations

import json

from scripts.contract import routes, schema
from scripts.contract.slug import fold
from scripts.pages import typo

# The labels of the facets, a file the search page's script reads.
PATH = routes.search_facets()

# In the order the search page shows them: territory first, then the study's ways in.
FILTER_KEYS = ("region", "departement", "intercommunalite", "categorie", "impact", "orientation", "type_porteur",
               "echelle", "forme", "axe", "statut", "reproductible", "situation", "budget", "changement_echelle")
# The situation filter's value for a case without `etat`.
NOT_CHECKED = "non-verifiee"


def filters(case: dict) -> list[tuple[str, list]]:
    """The search facets of a case: (filter name, values), values being slugs."""
    return [
        ("categorie", case["categories"]),
        ("forme", case.get("formes", [])),
        ("impact", [case["impact_principal"]] + case.get("impacts", [])),
        ("orientation", case["orientations"]),
        ("axe", sorted(case["axes"])),
        ("region", [case["region"]] if "region" in case else []),
        ("departement", [case["departement"]] if "departement" in case else []),
        ("intercommunalite", [case[k]["code"] for k in ("epci", "ept") if k in case]),
        ("echelle", [case["echelle"]]),
        ("type_porteur", case["type_porteur"]),
        ("statut", [case["statut"]]),
        ("reproductible", ["oui"] if schema.reproducible(case) else []),
        ("situation", [case.get("etat", NOT_CHECKED)]),
        ("budget", [case["moyens"]["budget_annuel"]] if "budget_annuel" in case.get("moyens", {}) else []),
        ("changement_echelle", case.get("changement_echelle", [])),
    ]


# Search labels in the words the public uses (the sheets' vocabulary stays in schema.py).
ORIGINE = {"etude-de-cas": "Étude de cas du CGET (2017)", "experience-citee": "Expérience citée par l'étude",
           "contribution": "Contribution"}


def labels(cases: list[dict] = ()) -> str:
    """Labels of the search facets, for the search page's script (the intercommunalities: those of `cases`)."""
    groupes = {c[k]["code"]: c[k]["nom"] for c in cases for k in ("epci", "ept") if k in c}
    vocab = {
        "intercommunalite": ("Intercommunalité", dict(sorted(groupes.items(), key=lambda g: fold(g[1])))),
        "categorie": ("Type d'innovation", schema.CATEGORIES),
        "forme": ("Forme d'innovation", schema.FORMES),
        "impact": ("Impact sur le quartier", schema.IMPACTS),
        "orientation": ("Recommandation de l'étude", {str(n): f"{n}. {t}" for n, t in schema.ORIENTATIONS.items()}),
        "axe": ("Axe de l'étude", {str(k): f"Axe {k} : {a.label}" for k, a in schema.AXES.items()}),
        "region": ("Région", schema.REGIONS),
        "departement": ("Département", {code: f"{name} ({code})" for code, (name, _) in schema.DEPARTEMENTS.items()}),
        "echelle": ("Échelle du projet", schema.ECHELLE),
        "type_porteur": ("Porté par", schema.TYPE_PORTEUR),
        "statut": ("Origine de la fiche", ORIGINE),
        "reproductible": ("Pour reproduire", {"oui": "Avec des résultats ou des lieux d'essaimage"}),
        "situation": ("Situation", {**schema.ETAT, NOT_CHECKED: schema.NOT_CHECKED}),
        "budget": ("Budget annuel", schema.BUDGETS),
        "changement_echelle": ("Changement d'échelle", schema.CHANGEMENT_ECHELLE),
    }
    data = [{"cle": key, "libelle": vocab[key][0], "valeurs": {k: typo.text(v) for k, v in vocab[key][1].items()}}
            for key in FILTER_KEYS]
    # The intercommunalities' pages too: a query naming one is a place (recherche.js), which the page
    # links to.
    for group in data:
        if group["cle"] == "intercommunalite":
            group["pages"] = {code: routes.intercommunalite(code) for code in group["valeurs"]}
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"

