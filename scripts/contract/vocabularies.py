"""The study's vocabularies, as data: slugs (what sheets and URLs use) and labels (what readers see).

The contract's §3 (`shared/spec/case-sheet.md`): categories, cross-cutting forms, impacts, holder
types, scales, statuses, budgets, scaling strategies, situations, the eight operational axes in their four orientations, regions and
departments. `schema.py` builds the fields on them; nothing here imports anything of the project.
"""

from __future__ import annotations

from dataclasses import dataclass

# Vocabularies: slug -> label. Slugs are what sheets and URLs use.

CATEGORIES = {
    "organisationnelle": "Innovation organisationnelle",
    "marketing-commerciale": "Innovation marketing et commerciale",
    "modele-affaires": "Innovation de modèle d'affaires",
    "technologique": "Innovation technologique",
    "produit-service": "Innovation de produit ou de service",
    "sociale": "Innovation sociale",
}

# The study's definitions (annex « Les 6 catégories d'innovation analysées »),
# quoted and attributed wherever shown.
CATEGORY_DEFINITIONS = {
    "organisationnelle": "désigne la manière dont une structure modifie l'organisation de son travail et sa chaîne logistique.",
    "marketing-commerciale": "implique un changement dans la relation client ou dans la manière de présenter, tarifier, commercialiser ou distribuer un produit ou un service.",
    "modele-affaires": "engage une nouvelle structure de revenus et de coûts.",
    "technologique": "a trait à la mise au point d'une nouvelle technologie, ou encore à un avancement ou un assemblage inédit de technologies existantes.",
    "produit-service": "améliore les produits/services/usages existants ou en introduit de nouveaux.",
    "sociale": "relève du développement et de la mise en œuvre de nouvelles idées pour répondre à des besoins sociaux et créer de nouvelles relations ou collaborations sociales.",
}

FORMES = {
    "territoriale": "Innovation territoriale",
    "frugale": "Innovation frugale",
}

FORME_DEFINITIONS = {
    "territoriale": "réponse nouvelle à une problématique ou un besoin identifié collectivement sur un territoire, en vue d'apporter une amélioration du bien-être des habitants et un développement local durable.",
    "frugale": "ne relève pas d'une logique low-cost (reproduction de solutions ou modèles d'action existants mais à coûts réduits), mais plutôt d'une intégration par les innovateurs des contraintes de leurs environnements pour créer de nouveaux services et de nouvelles méthodes d'intervention, adaptés au niveau de ressources disponibles pour les projets.",
}

IMPACTS = {
    "emploi": "Accès à l'emploi et insertion professionnelle",
    "entrepreneuriat": "Création et développement d'entreprises",
    "competences": "Formation et montée en compétences",
    "mobilite": "Mobilité",
    "services": "Accès aux services essentiels",
    "filieres": "Structuration de filières et économie locale",
    "financement": "Accès au financement et aux marchés",
    "image": "Image et attractivité des quartiers",
}

TYPE_PORTEUR = {
    "entrepreneur": "Entrepreneur individuel ou social",
    "entreprise": "Entreprise",
    "fondation": "Fondation d'entreprise",
    "acteur-public": "Acteur public",
    "association": "Association",
    "cooperative": "Coopérative (Scop, Scic)",
    "partenariat": "Partenariat d'acteurs",
}

ECHELLE = {
    "locale": "Locale",
    "regionale": "Régionale",
    "nationale": "Nationale",
}

STATUT = {
    "etude-de-cas": "Étude de cas de l'étude",
    "experience-citee": "Expérience citée dans la synthèse",
    "contribution": "Contribution",
}

# Annual budget of an initiative, in euros (`moyens.budget_annuel`).
BUDGETS = {
    "moins-de-50k": "Moins de 50 000 €",
    "50k-200k": "De 50 000 à 200 000 €",
    "200k-1m": "De 200 000 € à 1 million €",
    "plus-de-1m": "Plus de 1 million €",
}

# The strategies of scaling up named by Avise (the agency for the social and solidarity economy).
CHANGEMENT_ECHELLE = {
    "diversification": "Diversification : nouvelles activités ou nouveaux publics",
    "duplication": "Duplication : le porteur ouvre de nouvelles implantations",
    "fertilisation": "Essaimage : d'autres structures reprennent le modèle",
    "cooperation": "Coopération : alliance ou mutualisation avec d'autres structures",
}

# The initiative's situation when last checked (`etat`, with `verifie_le`).
ETAT = {
    "en-activite": "En activité",
    "arretee": "Arrêtée",
}

ORIENTATIONS = {
    1: "Réinventer les modalités d'incitation et de détection des porteurs de projets",
    2: "Accompagner le développement de projets innovants",
    3: "Renforcer les capacités de diffusion, d'expérimentation et d'appropriation locales d'innovation",
    4: "Renforcer la territorialisation, la lisibilité et la continuité des dispositifs d'accompagnement",
}


@dataclass(frozen=True)
class Axis:
    orientation: int
    label: str
    statement: str  # the study's own wording of the axis, quoted
    question: str = ""  # how the web form asks it, in plain words (the axis is shown as the answer)


AXES = {
    1: Axis(1, "Méthodes de conception et de maturation de projets innovants en QPV",
            "Développer des méthodes dédiées à la conception et à la maturation de projets innovants au sein des QPV.",
            question="Le projet s'appuie-t-il sur une méthode pour concevoir ou faire mûrir des projets innovants dans les quartiers ?"),
    2: Axis(1, "Détection et captation des porteurs individuels",
            "Améliorer la détection et la captation des porteurs individuels.",
            question="Le projet repère-t-il des personnes qui portent un projet, seules, dans les quartiers, pour les accompagner ?"),
    3: Axis(2, "Accès aux marchés publics et privés",
            "Faciliter l'accès des porteurs de projets à des marchés concurrentiels, publics ou privés.",
            question="Le projet aide-t-il des porteurs de projet à décrocher des marchés, publics ou privés ?"),
    4: Axis(2, "Mécénat de compétences interentreprises",
            "Appuyer la structuration de démarches de mécénat de compétences interentreprises.",
            question="Le projet fait-il appel à des entreprises qui prêtent le savoir-faire de leurs salariés (mécénat de compétences) ?"),
    5: Axis(2, "Financements collaboratifs",
            "Faciliter l'accès des projets aux modes de financements collaboratifs.",
            question="Le projet a-t-il recours au financement participatif, ou aide-t-il d'autres projets à y accéder ?"),
    6: Axis(3, "Identification et partage des projets innovants",
            "Renforcer l'identification et le partage de projets innovants en développant un travail de capitalisation coordonné entre les différents acteurs en contact avec les innovateurs de terrain.",
            question="Le projet aide-t-il à repérer et à faire connaître des projets innovants, en partageant ce qu'il sait avec d'autres acteurs ?"),
    7: Axis(4, "Ancrage territorial des dispositifs d'innovation",
            "Développer l'ancrage territorial des dispositifs dédiés à l'innovation.",
            question="Le projet installe-t-il un dispositif d'aide à l'innovation au plus près d'un territoire ?"),
    8: Axis(4, "Appui au parcours des innovateurs",
            "Promouvoir une logique d'appui au parcours des innovateurs.",
            question="Le projet accompagne-t-il les innovateurs pas à pas, tout au long de leur parcours ?"),
}

REGIONS = {
    "auvergne-rhone-alpes": "Auvergne-Rhône-Alpes",
    "bourgogne-franche-comte": "Bourgogne-Franche-Comté",
    "bretagne": "Bretagne",
    "centre-val-de-loire": "Centre-Val de Loire",
    "corse": "Corse",
    "grand-est": "Grand Est",
    "hauts-de-france": "Hauts-de-France",
    "ile-de-france": "Île-de-France",
    "normandie": "Normandie",
    "nouvelle-aquitaine": "Nouvelle-Aquitaine",
    "occitanie": "Occitanie",
    "pays-de-la-loire": "Pays de la Loire",
    "provence-alpes-cote-d-azur": "Provence-Alpes-Côte d'Azur",
    "guadeloupe": "Guadeloupe",
    "martinique": "Martinique",
    "guyane": "Guyane",
    "la-reunion": "La Réunion",
    "mayotte": "Mayotte",
}

# code: (name, region slug)
DEPARTEMENTS = {
    "01": ("Ain", "auvergne-rhone-alpes"), "02": ("Aisne", "hauts-de-france"),
    "03": ("Allier", "auvergne-rhone-alpes"), "04": ("Alpes-de-Haute-Provence", "provence-alpes-cote-d-azur"),
    "05": ("Hautes-Alpes", "provence-alpes-cote-d-azur"), "06": ("Alpes-Maritimes", "provence-alpes-cote-d-azur"),
    "07": ("Ardèche", "auvergne-rhone-alpes"), "08": ("Ardennes", "grand-est"),
    "09": ("Ariège", "occitanie"), "10": ("Aube", "grand-est"), "11": ("Aude", "occitanie"),
    "12": ("Aveyron", "occitanie"), "13": ("Bouches-du-Rhône", "provence-alpes-cote-d-azur"),
    "14": ("Calvados", "normandie"), "15": ("Cantal", "auvergne-rhone-alpes"),
    "16": ("Charente", "nouvelle-aquitaine"), "17": ("Charente-Maritime", "nouvelle-aquitaine"),
    "18": ("Cher", "centre-val-de-loire"), "19": ("Corrèze", "nouvelle-aquitaine"),
    "2A": ("Corse-du-Sud", "corse"), "2B": ("Haute-Corse", "corse"),
    "21": ("Côte-d'Or", "bourgogne-franche-comte"), "22": ("Côtes-d'Armor", "bretagne"),
    "23": ("Creuse", "nouvelle-aquitaine"), "24": ("Dordogne", "nouvelle-aquitaine"),
    "25": ("Doubs", "bourgogne-franche-comte"), "26": ("Drôme", "auvergne-rhone-alpes"),
    "27": ("Eure", "normandie"), "28": ("Eure-et-Loir", "centre-val-de-loire"),
    "29": ("Finistère", "bretagne"), "30": ("Gard", "occitanie"), "31": ("Haute-Garonne", "occitanie"),
    "32": ("Gers", "occitanie"), "33": ("Gironde", "nouvelle-aquitaine"), "34": ("Hérault", "occitanie"),
    "35": ("Ille-et-Vilaine", "bretagne"), "36": ("Indre", "centre-val-de-loire"),
    "37": ("Indre-et-Loire", "centre-val-de-loire"), "38": ("Isère", "auvergne-rhone-alpes"),
    "39": ("Jura", "bourgogne-franche-comte"), "40": ("Landes", "nouvelle-aquitaine"),
    "41": ("Loir-et-Cher", "centre-val-de-loire"), "42": ("Loire", "auvergne-rhone-alpes"),
    "43": ("Haute-Loire", "auvergne-rhone-alpes"), "44": ("Loire-Atlantique", "pays-de-la-loire"),
    "45": ("Loiret", "centre-val-de-loire"), "46": ("Lot", "occitanie"),
    "47": ("Lot-et-Garonne", "nouvelle-aquitaine"), "48": ("Lozère", "occitanie"),
    "49": ("Maine-et-Loire", "pays-de-la-loire"), "50": ("Manche", "normandie"), "51": ("Marne", "grand-est"),
    "52": ("Haute-Marne", "grand-est"), "53": ("Mayenne", "pays-de-la-loire"),
    "54": ("Meurthe-et-Moselle", "grand-est"), "55": ("Meuse", "grand-est"), "56": ("Morbihan", "bretagne"),
    "57": ("Moselle", "grand-est"), "58": ("Nièvre", "bourgogne-franche-comte"), "59": ("Nord", "hauts-de-france"),
    "60": ("Oise", "hauts-de-france"), "61": ("Orne", "normandie"), "62": ("Pas-de-Calais", "hauts-de-france"),
    "63": ("Puy-de-Dôme", "auvergne-rhone-alpes"), "64": ("Pyrénées-Atlantiques", "nouvelle-aquitaine"),
    "65": ("Hautes-Pyrénées", "occitanie"), "66": ("Pyrénées-Orientales", "occitanie"),
    "67": ("Bas-Rhin", "grand-est"), "68": ("Haut-Rhin", "grand-est"), "69": ("Rhône", "auvergne-rhone-alpes"),
    "70": ("Haute-Saône", "bourgogne-franche-comte"), "71": ("Saône-et-Loire", "bourgogne-franche-comte"),
    "72": ("Sarthe", "pays-de-la-loire"), "73": ("Savoie", "auvergne-rhone-alpes"),
    "74": ("Haute-Savoie", "auvergne-rhone-alpes"), "75": ("Paris", "ile-de-france"),
    "76": ("Seine-Maritime", "normandie"), "77": ("Seine-et-Marne", "ile-de-france"),
    "78": ("Yvelines", "ile-de-france"), "79": ("Deux-Sèvres", "nouvelle-aquitaine"),
    "80": ("Somme", "hauts-de-france"), "81": ("Tarn", "occitanie"), "82": ("Tarn-et-Garonne", "occitanie"),
    "83": ("Var", "provence-alpes-cote-d-azur"), "84": ("Vaucluse", "provence-alpes-cote-d-azur"),
    "85": ("Vendée", "pays-de-la-loire"), "86": ("Vienne", "nouvelle-aquitaine"),
    "87": ("Haute-Vienne", "nouvelle-aquitaine"), "88": ("Vosges", "grand-est"), "89": ("Yonne", "bourgogne-franche-comte"),
    "90": ("Territoire de Belfort", "bourgogne-franche-comte"), "91": ("Essonne", "ile-de-france"),
    "92": ("Hauts-de-Seine", "ile-de-france"), "93": ("Seine-Saint-Denis", "ile-de-france"),
    "94": ("Val-de-Marne", "ile-de-france"), "95": ("Val-d'Oise", "ile-de-france"),
    "971": ("Guadeloupe", "guadeloupe"), "972": ("Martinique", "martinique"), "973": ("Guyane", "guyane"),
    "974": ("La Réunion", "la-reunion"), "976": ("Mayotte", "mayotte"),
}


VOCABULARIES: dict[str, dict] = {
    "categories": CATEGORIES,
    "formes": FORMES,
    "impacts": IMPACTS,
    "type_porteur": TYPE_PORTEUR,
    "echelle": ECHELLE,
    "statut": STATUT,
    "budgets": BUDGETS,
    "changement_echelle": CHANGEMENT_ECHELLE,
    "etat": ETAT,
    "departements": {code: name for code, (name, _region) in DEPARTEMENTS.items()},
}


def region_of(departement: str) -> str:
    return DEPARTEMENTS[departement][1]


def orientation_of(axis: int) -> int:
    return AXES[axis].orientation
