"""The case-sheet contract, declared once, as data.

The contract itself is `shared/spec/case-sheet.md`. Everything that knows one of its
rules derives it from here: the validator (`validate.py`), the JSON Schema and the
Table Schema (`schema_json.py`, `open_data.py`), the exports and their columns, the web
form, the map (`geo.py` holds the territory) and the contributor docs (generated from
`FIELDS`). Each field is an instance of a kind from `fields.py`, which owns its check,
its French messages and its columns in the open data; the rules between fields are
`RULES`, and the values derived from the front matter `DERIVED`, below.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass

from scripts.contract import geo, routes
from scripts.contract.fields import (
    AxisNumber,
    Body,
    Boolean,
    Choice,
    Code,
    Date,
    Departement,
    Field,
    Identifier,
    List,
    Number,
    PagePath,
    Point,
    Record,
    SheetDate,
    Text,
    Url,
    Year,
)

# The vocabularies (vocabularies.py), read through this module too: `schema.CATEGORIES` is the contract's.
from scripts.contract.vocabularies import (  # noqa: F401
    AXES,
    CATEGORIES,
    CATEGORY_DEFINITIONS,
    DEPARTEMENTS,
    ECHELLE,
    FORME_DEFINITIONS,
    FORMES,
    IMPACTS,
    ORIENTATIONS,
    REGIONS,
    STATUT,
    TYPE_PORTEUR,
    VOCABULARIES,
    Axis,
    orientation_of,
    region_of,
)

ID_PATTERN = r"^[a-z0-9]+(-[a-z0-9]+)*$"
QPV_PATTERN = r"^QP\d{3}\d{3}$"
ID_MAX = 80
# A complete http(s) address: a scheme, a host name with a dot, no space.
URL_PATTERN = r"^[hH][tT][tT][pP][sS]?://[^\s/?#@][^\s/?#@.]*\.[^\s/?#@]+(?:[/?#]\S*)?$"
# Names the site itself gives (its sections, root files, the cases' index page; routes.py): a sheet's
# id or former id cannot take them.
RESERVED_IDS = routes.RESERVED_NAMES

# Limits that keep a hostile sheet from exhausting the build.
MAX_SHEET_BYTES = 200_000
MAX_LIST_ITEMS = 50
MAX_STRING = 2_000
MAX_YAML_NODES = 2_000
MAX_YAML_DEPTH = 20

YEAR_MIN = 1900


def current_year() -> int:
    return datetime.date.today().year


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
        example="13", sheet_help="code du département", name_column="nom du département"),
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
                 example=[{"code": "QP013001", "nom": "Nom du quartier"}],
                 sheet_help="quartiers prioritaires : code et nom, séparés par « | »"),
    "echelle": Choice(required=True, placeholder="locale", vocabulary="echelle", choices=ECHELLE, label="Échelle",
                      help="le périmètre de déploiement : locale, regionale ou nationale", example="locale"),
    "essaimage": Boolean(label="Potentiel d'essaimage", help="true si l'étude voit un potentiel d'essaimage ailleurs",
                         example=True, sheet_help="oui si l'étude voit un potentiel d'essaimage"),
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
    "axes": _list(AxisNumber(axes={n: f"Axe {n}\u00a0: {a.label}" for n, a in AXES.items()}, label="Axe",
                             help="un axe de 1 à 8"),
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
                     placeholder=[{"titre": "À compléter : titre du document, auteur, date"}],
                     sheet_help="sources : titre (adresse), séparées par « | »"),
    "site_web": _url("Site web", "adresse http:// ou https:// du projet", "https://exemple.fr"),
    "annee": Year(minimum=YEAR_MIN, maximum=current_year(), label="Année de démarrage",
                  help=f"année de démarrage, de {YEAR_MIN} à l'année en cours", example=2015),
    "anciens_ids": _list(Identifier(pattern=ID_PATTERN, max_length=ID_MAX, reserved=RESERVED_IDS,
                                    label="Ancien identifiant", help="un ancien identifiant"),
                         label="Anciens identifiants",
                         help=f"anciens identifiants : leurs adresses /{routes.case('<ancien>')} mènent à ce cas",
                         example=["ancien-identifiant"], sheet=False),
    "mis_a_jour": Date(label="Mise à jour", help="date de la dernière mise à jour de fond, AAAA-MM-JJ, sans guillemets",
                       example=datetime.date(2017, 2, 1)),
}

REQUIRED = [key for key, f in FIELDS.items() if f.required]


@dataclass(frozen=True)
class Derived:
    """A value derived from the front matter (`sheets/model.py` computes it), never written by
    contributors: its kind gives its columns in the open data."""

    field: Field
    after: str | None = None  # in the spreadsheets, its columns follow this key's (None: at the end)
    data: bool = True  # in cas.json and cas.csv too (else in the spreadsheets only)


# In the order of cas.json and cas.csv, after the front matter's keys.
DERIVED: dict[str, Derived] = {
    "region": Derived(Choice(vocabulary="regions", choices=REGIONS, label="Région",
                             help="région, déduite du département", name_column="nom de la région"),
                      after="departement"),
    "orientations": Derived(List(item=Choice(vocabulary="orientations",
                                             choices={n: f"{n}. {title}" for n, title in ORIENTATIONS.items()},
                                             label="Orientation", help="une orientation"),
                                 max_items=len(ORIENTATIONS), label="Orientations",
                                 help="orientations de l'étude, déduites des axes"),
                            after="axes"),
    "date": Derived(SheetDate(column="date_fiche", label="Date de la fiche",
                              help="date de la dernière mise à jour de la fiche : mis_a_jour, sinon la date de la "
                                   "dernière modification enregistrée, sinon février 2017 (AAAA-MM) pour les cas de "
                                   "l'étude"),
                    after="mis_a_jour", data=False),
    "url": Derived(PagePath(label="Adresse de la page", help="adresse de la page du cas sur le site (chemin absolu)",
                            sheet_help="adresse de la page du cas sur le site")),
    "texte": Derived(Body(label="Texte", help="le texte de la fiche, en Markdown",
                          sheet_help="le texte de la fiche, en texte brut sur une ligne (le Markdown est dans "
                                     "cas.json)")),
}

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
