"""The case-sheet contract, declared once, as data.

The contract itself is `shared/spec/case-sheet.md`. Everything that knows one of its
rules derives it from here: the validator (`validate.py`), the JSON Schema and the
Table Schema (`schema_json.py`, `export.py`), the exports, the web form, the map
(`geo.py` holds the territory) and the contributor docs (generated from `FIELDS`).
Each field is an instance of a kind from `fields.py`, which owns its check and its
French messages; the rules between fields are `RULES`, below.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from . import geo, routes
from .fields import (
    AxisNumber,
    Boolean,
    Choice,
    Code,
    Date,
    Departement,
    Field,
    Identifier,
    List,
    Number,
    Point,
    Record,
    Text,
    Url,
    Year,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
QPV_PATTERN = r"^QP\d{3}\d{3}$"
ID_MAX = 80
# A complete http(s) address: a scheme, a host name with a dot, no space.
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#@]+\.[^\s/?#@]+(?:[/?#]\S*)?$"
# Ids the site itself uses in the cases' section (its index page): a sheet cannot take their address.
RESERVED_IDS = frozenset({"index"})

# Limits that keep a hostile sheet from exhausting the build.
MAX_SHEET_BYTES = 200_000
MAX_LIST_ITEMS = 50
MAX_STRING = 2_000
MAX_YAML_NODES = 2_000
MAX_YAML_DEPTH = 20

YEAR_MIN = 1900


def current_year() -> int:
    return datetime.date.today().year


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


AXES = {
    1: Axis(1, "Méthodes de conception et de maturation de projets innovants en QPV",
            "Développer des méthodes dédiées à la conception et à la maturation de projets innovants au sein des QPV."),
    2: Axis(1, "Détection et captation des porteurs individuels",
            "Améliorer la détection et la captation des porteurs individuels."),
    3: Axis(2, "Accès aux marchés publics et privés",
            "Faciliter l'accès des porteurs de projets à des marchés concurrentiels, publics ou privés."),
    4: Axis(2, "Mécénat de compétences interentreprises",
            "Appuyer la structuration de démarches de mécénat de compétences interentreprises."),
    5: Axis(2, "Financements collaboratifs",
            "Faciliter l'accès des projets aux modes de financements collaboratifs."),
    6: Axis(3, "Identification et partage des projets innovants",
            "Renforcer l'identification et le partage de projets innovants en développant un travail de capitalisation coordonné entre les différents acteurs en contact avec les innovateurs de terrain."),
    7: Axis(4, "Ancrage territorial des dispositifs d'innovation",
            "Développer l'ancrage territorial des dispositifs dédiés à l'innovation."),
    8: Axis(4, "Appui au parcours des innovateurs",
            "Promouvoir une logique d'appui au parcours des innovateurs."),
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


# Boxes (lat min, lat max, lon min, lon max) of metropolitan France (Corsica included)
# and of each overseas department, from the territory grid of `geo.py`.
FRANCE_BOXES = geo.boxes()

_SOURCE_SHAPE = "chaque source s'écrit {titre: \"…\", url: \"https://…\"} (url facultative)"
_QPV_SHAPE = "chaque quartier s'écrit {code: QP000000, nom: \"…\"}"
_POINT_SHAPE = "doit être {lat: <nombre>, lon: <nombre>} (degrés décimaux)"
_NUMBER = "lat et lon doivent être des nombres décimaux (ex. 43.2965)"


def _url(label: str, help: str, example: str) -> Url:
    return Url(pattern=URL_PATTERN, max_length=MAX_STRING, label=label, help=help, example=example)


def _list(item: Field, **kw) -> List:
    return List(item=item, max_items=MAX_LIST_ITEMS, **kw)


FIELDS: dict[str, Field] = {
    "id": Identifier(placeholder="mon-projet",
        required=True, pattern=ID_PATTERN, max_length=ID_MAX, reserved=RESERVED_IDS, label="Identifiant",
        help="minuscules sans accents, chiffres et tirets simples ; égal au nom du fichier ; forme l'adresse "
             f"/{routes.case('<id>')} pour toujours",
        example="totem-mobi"),
    "titre": Text(required=True, max_length=120, label="Titre",
                  help="le nom du projet, en texte simple sur une ligne (1 à 120 caractères)", example="Totem Mobi",
                  placeholder="À compléter : titre du projet"),
    "resume": Text(required=True, max_length=400, label="Résumé",
                   help="une ou deux phrases, en texte simple sur une ligne (1 à 400 caractères) ; affiché dans "
                        "chaque liste",
                   example="Un service d'autopartage de véhicules électriques à bas coût.",
                   placeholder="À compléter : une ou deux phrases qui disent ce que fait le projet, pour qui et où."),
    "porteur": Text(required=True, max_length=200, label="Porteur",
                    help="l'organisation ou la personne qui porte l'innovation", example="Totem Mobi",
                    placeholder="À compléter : nom de l'organisation ou de la personne"),
    "type_porteur": _list(Choice(vocabulary="type_porteur", choices=TYPE_PORTEUR, label="Type de porteur",
                                 help="un type de porteur"),
                          required=True, min_items=1, label="Type de porteur",
                          help="un ou plusieurs types de porteur", example=["entreprise"]),
    "commune": Text(max_length=100, label="Commune",
                    help="la commune ; obligatoire sauf si echelle vaut nationale (pour une initiative nationale, "
                         "le siège s'il est connu)",
                    example="Marseille", placeholder="À compléter : commune"),
    "departement": Departement(
        vocabulary="departements", choices={code: name for code, (name, _r) in DEPARTEMENTS.items()},
        hint="01 à 95 (sauf 20 : 2A ou 2B pour la Corse), 971, 972, 973, 974, 976", label="Département",
        help="code du département, entre guillemets (01 à 95 sauf 20, 2A, 2B, 971 à 974, 976) ; obligatoire "
             "avec commune",
        example="13"),
    "coordonnees": Point(
        keys={"lat": Number(message=_NUMBER, label="Latitude", help="degrés décimaux"),
              "lon": Number(message=_NUMBER, label="Longitude", help="degrés décimaux")},
        required_keys=("lat", "lon"), shape=_POINT_SHAPE, boxes=FRANCE_BOXES,
        inside=lambda lat, lon: geo.in_france(float(lat), float(lon)), label="Coordonnées",
        help="{lat, lon} en degrés décimaux, en France (métropole ou outre-mer) ; place le cas sur la carte",
        example={"lat": 43.2965, "lon": 5.3698}),
    "qpv": _list(Record(keys={"code": Code(pattern=QPV_PATTERN, label="Code",
                                            message="code QPV « {valeur} » invalide : QP suivi de six chiffres "
                                                    "(ex. QP013001)", help="QP suivi de six chiffres"),
                              "nom": Text(max_length=200, label="Nom", help="nom du quartier")},
                        required_keys=("code", "nom"), shape=_QPV_SHAPE, label="Quartier prioritaire",
                        help="un quartier : {code, nom}"),
                 unique=False, label="Quartiers prioritaires",
                 help="liste de {code, nom} ; code au format QP000000 (identifiant officiel)",
                 example=[{"code": "QP013001", "nom": "Nom du quartier"}]),
    "echelle": Choice(required=True, placeholder="locale", vocabulary="echelle", choices=ECHELLE, label="Échelle",
                      help="le périmètre de déploiement : locale, regionale ou nationale", example="locale"),
    "essaimage": Boolean(label="Potentiel d'essaimage", help="true si l'étude voit un potentiel d'essaimage ailleurs",
                         example=True),
    "categories": _list(Choice(vocabulary="categories", choices=CATEGORIES, label="Catégorie",
                               help="une catégorie"),
                        required=True, min_items=1, label="Catégories d'innovation",
                        help="une ou plusieurs des six catégories d'innovation de l'étude", example=["sociale"]),
    "formes": _list(Choice(vocabulary="formes", choices=FORMES, label="Forme", help="une forme"),
                    label="Formes transversales", help="formes transversales : territoriale, frugale",
                    example=["territoriale"]),
    "impact_principal": Choice(required=True, vocabulary="impacts", choices=IMPACTS, label="Impact prédominant",
                               help="l'impact prédominant sur le quartier et ses habitants", example="mobilite"),
    "impacts": _list(Choice(vocabulary="impacts", choices=IMPACTS, label="Impact", help="un impact"),
                     label="Autres impacts", help="impacts secondaires, sans répéter impact_principal",
                     example=["emploi"]),
    "axes": _list(AxisNumber(axes=list(AXES), label="Axe", help="un axe de 1 à 8"),
                  required=True, min_items=1, label="Axes opérationnels",
                  help="axes opérationnels de l'étude que le cas illustre, entiers de 1 à 8", example=[2, 8]),
    "statut": Choice(required=True, vocabulary="statut", choices=STATUT, label="Origine de la fiche",
                     help="etude-de-cas, experience-citee (cas de l'étude) ou contribution (tout autre cas)",
                     example="contribution"),
    "sources": _list(Record(keys={"titre": Text(max_length=300, label="Titre de la source",
                                                 help="titre, auteur, date"),
                                  "url": _url("Adresse de la source", "http:// ou https://", "https://exemple.fr")},
                            required_keys=("titre",), shape=_SOURCE_SHAPE, label="Source",
                            help="une source : {titre, url}"),
                     required=True, min_items=1, unique=False, label="Sources",
                     help="d'où viennent les faits : liste de {titre, url} ; url facultative, en http:// ou https://",
                     example=[{"titre": "Synthèse de l'étude, CGET, février 2017",
                               "url": "https://www.cget.gouv.fr/etudes"}],
                     placeholder=[{"titre": "À compléter : titre du document, auteur, date"}]),
    "site_web": _url("Site web", "adresse http:// ou https:// du projet", "https://exemple.fr"),
    "annee": Year(minimum=YEAR_MIN, maximum=current_year(), label="Année de démarrage",
                  help=f"année de démarrage, de {YEAR_MIN} à l'année en cours", example=2015),
    "anciens_ids": _list(Identifier(pattern=ID_PATTERN, max_length=ID_MAX, reserved=RESERVED_IDS,
                                    label="Ancien identifiant", help="un ancien identifiant"),
                         label="Anciens identifiants",
                         help=f"anciens identifiants : leurs adresses /{routes.case('<ancien>')} mènent à ce cas",
                         example=["ancien-identifiant"]),
    "mis_a_jour": Date(label="Mise à jour", help="date de la dernière mise à jour de fond, AAAA-MM-JJ, sans guillemets",
                       example=datetime.date(2017, 2, 1)),
}

REQUIRED = [key for key, f in FIELDS.items() if f.required]

# The body's recommended sections (the template and the web form carry them), each
# with what it holds.
BODY_SECTIONS = {
    "L'innovation": "ce que fait le projet, pour qui, où et depuis quand, et ce qu'il a de nouveau.",
    "Impacts": "ses effets sur l'emploi et l'activité dans les quartiers, chiffrés quand une source le permet.",
    "Facteurs de succès": "ce qui a permis au projet de réussir (partenaires, financements, méthode).",
    "Enseignements": "ce que d'autres territoires ou d'autres porteurs peuvent en retenir.",
}


@dataclass(frozen=True)
class Rule:
    """A rule between fields: the key it is reported on, its message, the check, and
    its JSON Schema (None when JSON Schema cannot express it: the validator alone checks)."""

    key: str
    message: str
    broken: Callable[[dict], bool]
    json_schema: dict | None = None
    at: str | None = None  # the key whose line the problem points to (default: line 1)


def _has(meta: dict, key: str) -> bool:
    return key in meta


RULES: list[Rule] = [
    *[Rule("commune", f"obligatoire quand echelle vaut {e} : indiquez la commune",
           lambda m, e=e: m.get("echelle") == e and not _has(m, "commune"),
           {"if": {"properties": {"echelle": {"const": e}}, "required": ["echelle"]},
            "then": {"required": ["commune"]}})
      for e in ("locale", "regionale")],
    Rule("departement", "obligatoire avec commune : indiquez le code du département (ex. \"13\")",
         lambda m: _has(m, "commune") and not _has(m, "departement"),
         {"dependentRequired": {"commune": ["departement"]}}, at="commune"),
    Rule("commune", "un département est indiqué sans commune : ajoutez la commune",
         lambda m: _has(m, "departement") and not _has(m, "commune"),
         {"dependentRequired": {"departement": ["commune"]}}, at="departement"),
    *[Rule("impacts", f"« {slug} » est déjà impact_principal : retirez-le de impacts",
           lambda m, s=slug: m.get("impact_principal") == s and isinstance(m.get("impacts"), list)
           and s in m["impacts"],
           {"if": {"properties": {"impact_principal": {"const": slug}}, "required": ["impact_principal"]},
            "then": {"properties": {"impacts": {"not": {"contains": {"const": slug}}}}}}, at="impacts")
      for slug in IMPACTS],
    Rule("anciens_ids", "ne doit pas contenir l'id actuel de la fiche",
         lambda m: isinstance(m.get("anciens_ids"), list) and m.get("id") in m["anciens_ids"], at="anciens_ids"),
]

# What JSON Schema cannot express, checked by the validator alone (said in schema.json).
VALIDATOR_ONLY = [
    "l'id est égal au nom du fichier",
    "chaque identifiant (id et anciens_ids) n'appartient qu'à une fiche",
    "anciens_ids ne contient pas l'id actuel",
    "mis_a_jour n'est pas dans le futur",
    "les coordonnées sont sur le territoire français (le schéma vérifie les rectangles qui l'entourent)",
    "le texte de la fiche (Markdown sans HTML, liens sûrs)",
]

# Index pages that were renamed: former path -> (new path, title). A published
# URL never disappears: renaming a vocabulary slug adds a line here.
# Example: "impacts/mobility/": ("impacts/mobilite/", "Mobilité").
RENAMED_PAGES: dict[str, tuple[str, str]] = {}

VOCABULARIES: dict[str, dict] = {
    "categories": CATEGORIES,
    "formes": FORMES,
    "impacts": IMPACTS,
    "type_porteur": TYPE_PORTEUR,
    "echelle": ECHELLE,
    "statut": STATUT,
    "departements": {code: name for code, (name, _region) in DEPARTEMENTS.items()},
}


def region_of(departement: str) -> str:
    return DEPARTEMENTS[departement][1]


def orientation_of(axis: int) -> int:
    return AXES[axis].orientation
