"""Valid synthetic case sheets, drawn from the schema's vocabularies (for the benchmark
and for tests that need many sheets)."""

from __future__ import annotations

import datetime
import random
import unicodedata
from pathlib import Path

import helpers  # noqa: F401 (puts the project root on sys.path)

from scripts.contract import schema
from scripts.tools.docs import yaml_value

WORDS = (
    "quartier habitants emploi projet insertion entreprise réseau formation accompagnement "
    "territoire économie sociale solidaire jeunes femmes créateurs activité commerce service "
    "mobilité numérique atelier coopérative association partenaires collectivité ville métropole "
    "développement compétences accès marché financement épargne local circuit court chantier "
    "école médiation confiance proximité innovation expérimentation essaimage pérennité modèle "
    "recettes subventions bénévoles salariés parcours diagnostic repérage incubateur pépinière "
    "tiers-lieu fabrique numérique logement énergie rénovation recyclage réemploi alimentation "
    "santé culture sport garde enfants famille langue français bureautique permis véhicule "
    "transport horaires décalés bailleur office public agence État région département commune "
    "élus techniciens associations fondations banques mécénat entreprises grandes petites "
    "artisans commerçants indépendants auto-entrepreneurs porteurs idées besoins usages "
    "durable inclusif collectif partagé ouvert gratuit accessible adapté reconnu soutenu "
    "dès avec pour dans sur entre vers chez sans depuis après avant pendant selon grâce "
    "construit propose accompagne forme relie finance développe mesure réunit ouvre crée"
).split()

# ASCII stems for ids (ids are lowercase letters, digits and hyphens).
STEMS = (
    "atelier fabrique reseau maison cite pole ecole garage cuisine jardin boutique labo "
    "incubateur cooperative agence plateforme collectif comptoir ressourcerie navette"
).split()

# Approximate coordinates of a main town of some metropolitan departements.
TOWNS = {
    "06": ("Nice", 43.7102, 7.2620), "13": ("Marseille", 43.2965, 5.3698),
    "14": ("Caen", 49.1829, -0.3707), "21": ("Dijon", 47.3220, 5.0415),
    "25": ("Besançon", 47.2378, 6.0241), "29": ("Brest", 48.3904, -4.4861),
    "2A": ("Ajaccio", 41.9192, 8.7386), "30": ("Nîmes", 43.8367, 4.3601),
    "31": ("Toulouse", 43.6047, 1.4442), "33": ("Bordeaux", 44.8378, -0.5792),
    "34": ("Montpellier", 43.6108, 3.8767), "35": ("Rennes", 48.1173, -1.6778),
    "37": ("Tours", 47.3941, 0.6848), "38": ("Grenoble", 45.1885, 5.7245),
    "42": ("Saint-Étienne", 45.4397, 4.3872), "44": ("Nantes", 47.2184, -1.5536),
    "45": ("Orléans", 47.9030, 1.9093), "49": ("Angers", 47.4784, -0.5632),
    "51": ("Reims", 49.2583, 4.0317), "54": ("Nancy", 48.6921, 6.1844),
    "57": ("Metz", 49.1193, 6.1757), "59": ("Lille", 50.6292, 3.0573),
    "62": ("Arras", 50.2910, 2.7775), "63": ("Clermont-Ferrand", 45.7772, 3.0870),
    "67": ("Strasbourg", 48.5734, 7.7521), "69": ("Lyon", 45.7640, 4.8357),
    "75": ("Paris", 48.8566, 2.3522), "76": ("Rouen", 49.4432, 1.0999),
    "77": ("Melun", 48.5421, 2.6554), "78": ("Versailles", 48.8049, 2.1204),
    "80": ("Amiens", 49.8941, 2.2958), "83": ("Toulon", 43.1242, 5.9280),
    "84": ("Avignon", 43.9493, 4.8055), "86": ("Poitiers", 46.5802, 0.3404),
    "87": ("Limoges", 45.8336, 1.2611), "91": ("Évry-Courcouronnes", 48.6290, 2.4410),
    "92": ("Nanterre", 48.8924, 2.2071), "93": ("Bobigny", 48.9100, 2.4390),
    "94": ("Créteil", 48.7904, 2.4556), "95": ("Cergy", 49.0364, 2.0761),
}
HEADINGS = ("L'innovation", "Impacts", "Facteurs de succès", "Enseignements")


def _sentence(rng: random.Random, n: int) -> str:
    words = rng.choices(WORDS, k=n)
    return " ".join([words[0].capitalize(), *words[1:]]) + "."


def _paragraph(rng: random.Random, words: int) -> str:
    out, left = [], words
    while left > 0:
        n = rng.randint(8, 16)
        n = left if left - n < 4 else n
        out.append(_sentence(rng, n))
        left -= n
    return " ".join(out)


def _ascii(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _q(text: str) -> str:
    """A quoted YAML scalar, written as the template writes its values."""
    return yaml_value(text)


def sheet_text(i: int, rng: random.Random) -> tuple[str, str]:
    """(id, text) of one valid synthetic sheet, drawn from the schema's vocabularies."""
    stem = f"{rng.choice(STEMS)}-{_ascii(rng.choice(WORDS)).lower().replace('-', '')}"
    ident = f"{stem}-{i:05d}"
    title = " ".join(w.capitalize() for w in rng.sample(WORDS, 3)) + f" {i}"
    principal = rng.choice(list(schema.IMPACTS))
    others = rng.sample([k for k in schema.IMPACTS if k != principal], rng.randint(0, 2))
    echelle = rng.choices(list(schema.ECHELLE), weights=(6, 3, 1))[0]
    lines = [
        "---",
        f"id: {ident}",
        f"titre: {_q(title)}",
        f"resume: {_q(_paragraph(rng, rng.randint(18, 30)))}",
        f"porteur: {_q(rng.choice(WORDS).capitalize() + ' ' + rng.choice(WORDS))}",
        f"type_porteur: [{', '.join(rng.sample(list(schema.TYPE_PORTEUR), rng.randint(1, 2)))}]",
    ]
    if echelle != "nationale" or rng.random() < 0.5:
        dep = rng.choice(list(TOWNS))
        town, lat, lon = TOWNS[dep]
        lines += [f"commune: {_q(town)}", f'departement: "{dep}"']
        if rng.random() < 0.8:
            lat, lon = lat + rng.uniform(-0.05, 0.05), lon + rng.uniform(-0.05, 0.05)
            lines.append(f"coordonnees: {{lat: {lat:.4f}, lon: {lon:.4f}}}")
        if dep.isdigit() and rng.random() < 0.5:
            lines += ["qpv:", f'  - {{code: QP{int(dep):03d}{rng.randint(1, 60):03d}, '
                              f'nom: {_q("Quartier " + rng.choice(WORDS))}}}']
    lines += [
        f"echelle: {echelle}",
        f"essaimage: {'true' if rng.random() < 0.5 else 'false'}",
        f"categories: [{', '.join(rng.sample(list(schema.CATEGORIES), rng.randint(1, 3)))}]",
    ]
    formes = rng.sample(list(schema.FORMES), rng.randint(0, 2))
    if formes:
        lines.append(f"formes: [{', '.join(formes)}]")
    lines.append(f"impact_principal: {principal}")
    if others:
        lines.append(f"impacts: [{', '.join(others)}]")
    axes = sorted(rng.sample(list(schema.AXES), rng.randint(1, 3)))
    lines += [
        f"axes: [{', '.join(map(str, axes))}]",
        "statut: contribution",
        "sources:",
        f'  - titre: {_q("Fiche de contribution n° " + str(i))}',
        f'    url: "https://exemple.fr/contributions/{ident}"',
        f"annee: {rng.randint(1995, 2016)}",
        f"mis_a_jour: {datetime.date(2017, 2, 1) + datetime.timedelta(days=rng.randint(0, 300))}",
        "---",
        "",
    ]
    for heading in HEADINGS:  # ~150 words in all
        lines += [f"## {heading}", "", _paragraph(rng, rng.randint(30, 45)), ""]
    return ident, "\n".join(lines)


def write_sheets(cases: Path, n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    cases.mkdir(parents=True, exist_ok=True)
    ids = []
    for i in range(1, n + 1):
        ident, text = sheet_text(i, rng)
        (cases / f"{ident}.md").write_text(text, encoding="utf-8")
        ids.append(ident)
    return ids


