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

from scripts.contract import communes, geo, routes
from scripts.contract.fields import (
    AxisNumber,
    Body,
    Boolean,
    Choice,
    Code,
    Commune,
    Contact,
    Date,
    Departement,
    DerivedCode,
    Field,
    Group,
    Grouping,
    Identifier,
    List,
    Number,
    PagePath,
    Point,
    Quantity,
    Record,
    SheetDate,
    Text,
    Url,
    Year,
)

# The vocabularies (vocabularies.py), read through this module too: `schema.CATEGORIES` is the contract's.
from scripts.contract.vocabularies import (  # noqa: F401
    AXES,
    BUDGETS,
    CATEGORIES,
    CATEGORY_DEFINITIONS,
    CHANGEMENT_ECHELLE,
    DEPARTEMENTS,
    ECHELLE,
    ETAT,
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
# An organisation's public contact: a complete https:// address, or an e-mail address (one @, a dotted
# domain). Written, like URL_PATTERN, so that no text makes the regex engine backtrack (linear time).
CONTACT_PATTERN = (r"^(?:[hH][tT][tT][pP][sS]://[^\s/?#@][^\s/?#@.]*\.[^\s/?#@]+(?:[/?#]\S*)?"
                   r'|[^\s@<>()\[\],;:"]+@[^\s@<>()\[\],;:"/.]+(?:\.[^\s@<>()\[\],;:"/.]+)+)$')
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

_SOURCE_SHAPE = ("chaque source a un titre (document, auteur, date) et, si elle est en ligne, une adresse "
                 "http:// ou https://, rien d'autre")
_QPV_SHAPE = "chaque quartier a un code (QP suivi de six chiffres, ex. QP013001) et un nom, rien d'autre"
_POINT_SHAPE = "le point a une latitude et une longitude, en degrés décimaux (ex. 43.2965 et 5.3698)"
_MOYENS_SHAPE = ("les moyens se disent par une tranche de budget annuel (ex. 50k-200k), un nombre d'équivalents "
                 "temps plein (ex. 2.5) et une liste de financeurs, chacun facultatif, rien d'autre")
_RESULTAT_SHAPE = ("chaque résultat a un indicateur, une valeur, une source (le titre d'une des sources de la "
                   "fiche) et, si elle est connue, une année, rien d'autre")
_ESSAIME_SHAPE = ("chaque lieu d'essaimage a une commune, un département (ex. 13) et, si elle est connue, une "
                  "année, rien d'autre")
_SOURCE_PLACEHOLDER = "À compléter : titre du document, auteur, date"
_NUMBER = "la latitude et la longitude sont des nombres décimaux (ex. 43.2965)"


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
    "commune": Commune(max_length=100, within="departement", label="Commune",
                       help="la commune du projet, une commune actuelle de son département (majuscules, accents, "
                            "tirets et apostrophes indifférents) ; obligatoire sauf pour une initiative nationale "
                            "(alors celle du siège, si elle est connue)",
                       example="Marseille",
                       sheet_help="la commune, sous son nom officiel"),
    "departement": Departement(
        vocabulary="departements", choices={code: name for code, (name, _r) in DEPARTEMENTS.items()},
        hint="01 à 95 (sauf 20 : 2A ou 2B pour la Corse), 971, 972, 973, 974, 976", label="Département",
        help="code du département, entre guillemets (01 à 95 sauf 20, 2A, 2B, 971 à 974, 976) ; obligatoire "
             "avec commune",
        example="13", sheet_help="code du département", name_column="nom du département",
        form_help="le département de la commune ; obligatoire quand la commune est indiquée"),
    "coordonnees": Point(
        keys={"lat": Number(message=_NUMBER, label="Latitude", help="degrés décimaux"),
              "lon": Number(message=_NUMBER, label="Longitude", help="degrés décimaux")},
        required_keys=("lat", "lon"), shape=_POINT_SHAPE, boxes=FRANCE_BOXES,
        inside=lambda lat, lon: geo.in_france(float(lat), float(lon)), label="Coordonnées",
        help="la latitude et la longitude du projet en degrés décimaux, en France (métropole ou outre-mer) ; "
             "placent le cas sur la carte",
        example={"lat": 43.2965, "lon": 5.3698}),
    "qpv": _list(Record(keys={"code": Code(pattern=QPV_PATTERN, label="Code",
                                            message="code QPV « {valeur} » invalide : QP suivi de six chiffres "
                                                    "(ex. QP013001)", help="QP suivi de six chiffres"),
                              "nom": Text(max_length=200, label="Nom", help="nom du quartier")},
                        required_keys=("code", "nom"), shape=_QPV_SHAPE, label="Quartier prioritaire",
                        help="un quartier : son code et son nom"),
                 unique=False, label="Quartiers prioritaires",
                 help="les quartiers prioritaires concernés, chacun avec son code officiel (QP suivi de six "
                      "chiffres, ex. QP013001) et son nom",
                 example=[{"code": "QP013001", "nom": "Nom du quartier"}],
                 sheet_help="quartiers prioritaires : code et nom, séparés par « | »"),
    "echelle": Choice(required=True, placeholder="locale", vocabulary="echelle", choices=ECHELLE, label="Échelle",
                      help="là où le projet est déployé : une commune ou un quartier (locale), une région "
                           "(régionale) ou toute la France (nationale)", example="locale"),
    "essaimage": Boolean(label="Potentiel d'essaimage", help="true si l'étude voit un potentiel d'essaimage ailleurs",
                         example=True, sheet_help="oui si l'étude voit un potentiel d'essaimage",
                         form_help="cochez si l'étude ou une source voit dans le projet un modèle qui pourrait "
                                   "être repris ailleurs"),
    "categories": _list(Choice(vocabulary="categories", choices=CATEGORIES, label="Catégorie",
                               help="une catégorie"),
                        required=True, min_items=1, label="Catégories d'innovation",
                        help="une ou plusieurs des six catégories d'innovation de l'étude", example=["sociale"]),
    "formes": _list(Choice(vocabulary="formes", choices=FORMES, label="Forme", help="une forme"),
                    label="Formes transversales",
                    help="s'il y a lieu, les formes que prend aussi l'innovation, selon les définitions de l'étude",
                    example=["territoriale"]),
    "impact_principal": Choice(required=True, vocabulary="impacts", choices=IMPACTS, label="Impact prédominant",
                               help="l'impact prédominant sur le quartier et ses habitants", example="mobilite"),
    "impacts": _list(Choice(vocabulary="impacts", choices=IMPACTS, label="Impact", help="un impact"),
                     label="Autres impacts",
                     help="les autres effets du projet, en plus de l'impact prédominant (sans le répéter)",
                     example=["emploi"]),
    "axes": _list(AxisNumber(axes={n: f"Axe {n}\u00a0: {a.label}" for n, a in AXES.items()}, label="Axe",
                             help="un axe de 1 à 8"),
                  required=True, min_items=1, label="Axes opérationnels",
                  help="axes opérationnels de l'étude que le cas illustre, entiers de 1 à 8", example=[2, 8],
                  form_help="les pistes d'action de l'étude que le projet illustre : cochez chaque question à "
                            "laquelle la réponse est oui"),
    "statut": Choice(required=True, vocabulary="statut", choices=STATUT, label="Origine de la fiche",
                     help="etude-de-cas, experience-citee (cas de l'étude) ou contribution (tout autre cas)",
                     example="contribution"),
    "sources": _list(Record(keys={"titre": Text(max_length=300, label="Titre de la source",
                                                 help="titre, auteur, date"),
                                  "url": _url("Adresse de la source", "http:// ou https://", "https://exemple.fr")},
                            required_keys=("titre",), shape=_SOURCE_SHAPE, label="Source",
                            help="une source : son titre et son adresse"),
                     required=True, min_items=1, unique=False, label="Sources",
                     help="d'où viennent les faits : pour chaque source, son titre (document, auteur, date) et, si "
                          "elle est en ligne, son adresse en http:// ou https://",
                     example=[{"titre": "Synthèse de l'étude, CGET, février 2017",
                               "url": "https://www.cget.gouv.fr/etudes"}],
                     placeholder=[{"titre": _SOURCE_PLACEHOLDER}],
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
    # What it takes to reproduce the initiative (issue 30): its contact, resources, results, how it
    # spreads, where it was replicated, and its situation when last checked.
    "contact": Contact(pattern=CONTACT_PATTERN, max_length=MAX_STRING, label="Contact",
                       help="le contact public de l'organisation : une page de contact https://… ou une adresse "
                            "électronique générique (contact@…), jamais l'adresse personnelle de quelqu'un",
                       example="https://exemple.fr/contact"),
    "moyens": Group(keys={
        "budget_annuel": Choice(vocabulary="budgets", choices=BUDGETS, label="Budget annuel",
                                help="budget annuel, en euros, par tranche", example="50k-200k"),
        "etp": Quantity(minimum=0, maximum=100_000, label="Équivalents temps plein",
                        help="salariés en équivalents temps plein, nombre de 0 à 100 000", example=2.5),
        "financeurs": _list(Text(max_length=200, label="Financeur", help="nom d'un financeur, en texte simple"),
                            label="Financeurs", help="les financeurs, en texte simple",
                            example=["Ville de Marseille"])},
        shape=_MOYENS_SHAPE, label="Moyens mobilisés",
        help="{budget_annuel, etp, financeurs} : tranche de budget annuel, équivalents temps plein, financeurs "
             "(chaque clé facultative)",
        form_help="les moyens du projet, chacun facultatif : sa tranche de budget annuel, le nombre d'équivalents "
                  "temps plein, ses financeurs",
        example={"budget_annuel": "50k-200k", "etp": 2.5, "financeurs": ["Ville de Marseille"]}),
    "resultats": _list(Record(keys={
        "indicateur": Text(max_length=200, label="Indicateur", help="ce qui est compté, en texte simple"),
        "valeur": Text(max_length=100, label="Valeur", help="la valeur telle que la source la donne (« plus de 43 000 »)"),
        "annee": Year(minimum=YEAR_MIN, maximum=current_year(), label="Année", help="l'année de la mesure"),
        "source": Text(max_length=300, label="Source", help="le titre exact d'une des sources de la fiche")},
        required_keys=("indicateur", "valeur", "source"), shape=_RESULTAT_SHAPE, label="Résultat",
        help="un résultat : {indicateur, valeur, annee, source}",
        form_help="un résultat : ce qui est compté, sa valeur, sa source et, si elle est connue, son année",
        line=lambda r: f"{r['indicateur']} : {r['valeur']}" + (f" ({r['annee']})" if "annee" in r else "")
        + f" [{r['source']}]"),
        unique=False, label="Résultats",
        help="résultats mesurés : liste de {indicateur, valeur, annee, source} ; valeur telle que la source la "
             "donne, annee facultative, source le titre exact d'une des sources de la fiche",
        form_help="les résultats mesurés : pour chacun, ce qui est compté, la valeur telle que la source la donne, "
                  "l'année si elle est connue et la source (une des sources de la fiche)",
        example=[{"indicateur": "Personnes accompagnées", "valeur": "120", "annee": 2016,
                  "source": "Synthèse de l'étude, CGET, février 2017"}],
        placeholder=[{"indicateur": "À compléter : ce qui est compté", "valeur": "À compléter : la valeur",
                      "annee": 2016, "source": _SOURCE_PLACEHOLDER}],
        sheet_help="résultats : indicateur : valeur (année) [source], séparés par « | »"),
    "changement_echelle": _list(Choice(vocabulary="changement_echelle", choices=CHANGEMENT_ECHELLE,
                                       label="Stratégie", help="une stratégie de changement d'échelle"),
                                label="Changement d'échelle",
                                help="comment l'initiative se diffuse ou grandit, selon les stratégies de l'Avise : "
                                     "diversification, duplication, fertilisation, cooperation",
                                example=["duplication"]),
    "essaime_a": _list(Record(keys={"commune": Commune(max_length=100, within="departement", label="Commune",
                                             help="la commune, une commune actuelle du département"),
        "departement": Departement(vocabulary="departements",
                                   choices={code: name for code, (name, _r) in DEPARTEMENTS.items()},
                                   hint="01 à 95 (sauf 20 : 2A ou 2B pour la Corse), 971, 972, 973, 974, 976",
                                   label="Département", help="code du département, entre guillemets",
                                   form_help="le département de la commune"),
        "annee": Year(minimum=YEAR_MIN, maximum=current_year(), label="Année", help="l'année de l'essaimage")},
        required_keys=("commune", "departement"), shape=_ESSAIME_SHAPE, label="Lieu d'essaimage",
        help="un lieu : {commune, departement, annee}",
        form_help="un lieu : sa commune, son département et, si elle est connue, l'année",
        line=lambda p: f"{p['commune']} ({p['departement']})" + (f" {p['annee']}" if "annee" in p else "")),
        unique=False, label="Essaimé à",
        help="lieux où l'initiative a été reproduite : liste de {commune, departement, annee} ; annee facultative",
        form_help="les lieux où l'initiative a été reproduite : pour chacun, la commune, le département et, si "
                  "elle est connue, l'année",
        example=[{"commune": "Lyon", "departement": "69", "annee": 2016}],
        sheet_help="lieux où l'initiative a été reproduite : commune (département) année, séparés par « | »"),
    "etat": Choice(vocabulary="etat", choices=ETAT, label="Situation",
                   help="la situation de l'initiative à la dernière vérification : en-activite ou arretee ; avec "
                        "verifie_le. Sans etat, la page dit que la situation n'a pas été vérifiée depuis les sources",
                   form_help="la situation de l'initiative quand vous l'avez vérifiée (en activité ou arrêtée), avec "
                             "le jour de la vérification ; sans elle, la page dit que la situation n'a pas été "
                             "vérifiée depuis les sources",
                   example="en-activite"),
    "verifie_le": Date(label="Vérifié le",
                       help="le jour où etat a été vérifié, AAAA-MM-JJ, sans guillemets, jamais dans le futur ; "
                            "obligatoire avec etat",
                       form_help="le jour où vous avez vérifié la situation, jamais dans le futur ; obligatoire "
                                 "quand la situation est indiquée",
                       example=datetime.date(2017, 2, 1)),
}

REQUIRED = [key for key, f in FIELDS.items() if f.required]
# What the validator and the form say of a required field left out or empty (read by people who never saw the file).
MISSING = "champ obligatoire, à remplir"
# What the web form says where the validator speaks of the file: the page address the form derives
# from the title ({adresse}: the page's path), rather than the file and its id.
FORM_MESSAGES = {
    "pris": "un cas de la base a déjà l'adresse que donne ce titre ({adresse}) : changez un peu le titre, ou "
            "corrigez la fiche de ce cas depuis sa page",
    "adresse": "le titre doit contenir au moins une lettre ou un chiffre : il donne l'adresse de la page du cas",
    "reservee": "ce titre donne une adresse que le site utilise déjà ({adresse}) : changez le titre",
}


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
    # The official geography of the commune (communes.py), after the commune in the spreadsheets.
    "code_insee": Derived(DerivedCode(label="Code INSEE", help="code officiel géographique (INSEE) de la commune, "
                                                            "déduit de commune et departement"),
                          after="commune"),
    "epci": Derived(Grouping(types=communes.TYPES, label="Intercommunalité", type_label="Type d'intercommunalité",
                             help="intercommunalité de la commune (métropole, communauté urbaine, d'agglomération ou "
                                  "de communes), déduite de la commune"),
                    after="commune"),
    "ept": Derived(Grouping(types=communes.TYPES, with_type=False, label="Territoire du Grand Paris",
                            help="établissement public territorial (EPT) de la commune, dans la Métropole du Grand "
                                 "Paris, déduit de la commune"),
                   after="commune"),
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
    "Moyens mobilisés": "ce qu'il a fallu pour le mener : équipe, budget, locaux, partenaires et financeurs.",
    "Difficultés rencontrées": "les obstacles rencontrés et la façon dont ils ont été levés, ou non.",
    "Conditions de transfert": "ce qu'il faut réunir pour reproduire le projet ailleurs : acteurs, moyens, délais.",
}


# Whose reading a classification is. The study gives its vocabularies, but classes only a few of its
# cases by name (R3 as territorial innovation, Cystaim and Compte Nickel as frugal): for the study's own
# sheets, these keys are this base's reading of the study's text, and pages say so. The scale follows the
# heading the study gives each case (« national », « régional » or its town).
BASE_READING = ("type_porteur", "categories", "formes", "impact_principal", "impacts", "axes")
BASE_READING_MARK = "classement de la base"
BASE_READING_NOTE = ("le type de porteur, les catégories, les formes, les impacts et les axes d'un cas de l'étude "
                     "sont la lecture que cette base fait du texte de l'étude, pas un classement de l'étude : la "
                     "synthèse ne classe pas ses cas un par un (elle n'en cite que quelques-uns en exemple) ; "
                     "l'échelle reprend l'en-tête que l'étude donne au cas (« national », « régional » ou sa "
                     "commune)")


# A case is « reproductible » when its sheet gives what it achieved or where it was replicated: either key.
REPRODUCIBLE = ("resultats", "essaime_a")
# Without `etat`: not checked since its sources (search filters and counts).
NOT_CHECKED = "Non vérifiée depuis les sources"


def reproducible(case: dict) -> bool:
    return any(case.get(key) for key in REPRODUCIBLE)


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
    *[Rule("commune", f"obligatoire pour un projet à l'échelle {ECHELLE[e].lower()} : indiquez la commune",
           lambda m, e=e: m.get("echelle") == e and not _has(m, "commune"),
           {"if": {"properties": {"echelle": {"const": e}}, "required": ["echelle"]},
            "then": {"required": ["commune"]}})
      for e in ("locale", "regionale")],
    Rule("departement", "obligatoire quand la commune est indiquée : indiquez le département",
         lambda m: _has(m, "commune") and not _has(m, "departement"),
         {"dependentRequired": {"commune": ["departement"]}}, at="commune"),
    Rule("commune", "un département est indiqué sans commune : ajoutez la commune",
         lambda m: _has(m, "departement") and not _has(m, "commune"),
         {"dependentRequired": {"departement": ["commune"]}}, at="departement"),
    *[Rule("impacts", f"« {IMPACTS[slug]} » est déjà l'impact prédominant : retirez-le des autres impacts",
           lambda m, s=slug: m.get("impact_principal") == s and isinstance(m.get("impacts"), list)
           and s in m["impacts"],
           {"if": {"properties": {"impact_principal": {"const": slug}}, "required": ["impact_principal"]},
            "then": {"properties": {"impacts": {"not": {"contains": {"const": slug}}}}}}, at="impacts")
      for slug in IMPACTS],
    Rule("verifie_le", "obligatoire avec etat : indiquez le jour de la vérification (AAAA-MM-JJ)",
         lambda m: _has(m, "etat") and not _has(m, "verifie_le"),
         {"dependentRequired": {"etat": ["verifie_le"]}}, at="etat"),
    Rule("anciens_ids", "ne doit pas contenir l'id actuel de la fiche",
         lambda m: isinstance(m.get("anciens_ids"), list) and m.get("id") in m["anciens_ids"], at="anciens_ids"),
]



@dataclass(frozen=True)
class ItemRule:
    """A rule on each item of a list key against the rest of the sheet: the item's `sub` must be one of
    the values `among` names (a key of the sheet, a list of maps, and the key of those maps). Reported at
    that item's line, the closest value suggested. JSON Schema cannot express it: the validator checks it,
    and the web form too (it reads the rule from the page)."""

    key: str
    sub: str
    among: tuple[str, str]
    message: str  # {valeur}: the offending value; {suggestion}: a near-miss hint

    def allowed(self, meta: dict) -> list[str]:
        values = meta.get(self.among[0])
        return [v[self.among[1]] for v in values if isinstance(v, dict) and isinstance(v.get(self.among[1]), str)] \
            if isinstance(values, list) else []

    def offending(self, meta: dict) -> list[tuple[int, str, list[str]]]:
        """(index, value, allowed values) of each item that breaks the rule."""
        items = meta.get(self.key)
        if not isinstance(items, list):
            return []
        allowed = self.allowed(meta)
        return [(i, item[self.sub], allowed) for i, item in enumerate(items)
                if isinstance(item, dict) and isinstance(item.get(self.sub), str) and item[self.sub] not in allowed]


ITEM_RULES: list[ItemRule] = [
    # A result's source is the title of one of the sheet's sources.
    ItemRule("resultats", "source", ("sources", "titre"),
             "la source « {valeur} » n'est pas une des sources de la fiche{suggestion} : écrivez le titre exact "
             "d'une source de « sources »"),
]

# What JSON Schema cannot express, checked by the validator alone (said in schema.json).
VALIDATOR_ONLY = [
    "l'id est égal au nom du fichier",
    "chaque identifiant (id et anciens_ids) n'appartient qu'à une fiche",
    "anciens_ids ne contient pas l'id actuel",
    "mis_a_jour et verifie_le ne sont pas dans le futur",
    "la source de chaque résultat (resultats) est le titre d'une des sources de la fiche",
    "les coordonnées sont sur le territoire français (le schéma vérifie les rectangles qui l'entourent)",
    "la commune est une commune actuelle de son département (géographie officielle d'Etalab)",
    "le texte de la fiche (Markdown sans HTML, liens sûrs)",
]

# Index pages that were renamed: former path -> (new path, title). A published
# URL never disappears: renaming a vocabulary slug adds a line here.
# Example: "impacts/mobility/": ("impacts/mobilite/", "Mobilité").
RENAMED_PAGES: dict[str, tuple[str, str]] = {}
