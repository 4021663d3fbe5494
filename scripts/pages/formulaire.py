"""The web form that writes a case sheet (/contribuer/proposer/), described from the schema.

Every field, label, help, limit and vocabulary of the form comes from `schema.py`;
the browser checks the sheet against the published JSON Schema (`schema.json`)
with `@cfworker/json-schema`, an interpreter (no code generation, so the site's
Content-Security-Policy holds), installed from npm and copied into the site here.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

from scripts.contract import editeur, geo, problems, routes, schema
from scripts.contract.fields import (
    XML_INVALID,
    AxisNumber,
    Boolean,
    Choice,
    Code,
    Contact,
    Date,
    Departement,
    Field,
    Group,
    Identifier,
    List,
    Point,
    Quantity,
    Record,
    Text,
    Url,
    Year,
)
from scripts.contract.settings import Settings
from scripts.pages import carte
from scripts.sheets import body
from scripts.sheets.load import SIZE_MESSAGE

PATH = routes.source(routes.proposer())
VALIDATOR_PACKAGE = Path(__file__).resolve().parents[2] / "node_modules" / "@cfworker" / "json-schema"
VALIDATOR_DIR = "assets/vendor/cfworker-json-schema"  # where the site serves it
# The YAML reader that loads a saved sheet back into the form (« Reprendre une fiche »), from npm too.
YAML_PACKAGE = Path(__file__).resolve().parents[2] / "node_modules" / "js-yaml"
YAML_FILE = "assets/vendor/js-yaml/js-yaml.mjs"  # where the site serves it

# Keys the form does not ask for: the id comes from the title; the status of a
# new sheet is `contribution`; former ids and the update date are the maintainers'.
NOT_ASKED = ("id", "statut", "anciens_ids", "mis_a_jour")
NEW_STATUS = "contribution"

# The form's parts, in the order a contributor thinks of them (the sheet keeps the contract's order);
# on a phone, one step each. Within a part, the required fields come first (`groups`).
# A key asked but not placed here is asked all the same (`groups`).
# A key of GROUPS the schema does not declare (yet) is left out, and so is a part left empty.
SITUATION = "La situation, les résultats et les moyens"
GROUPS = {
    "Le lieu": ("echelle", "commune", "departement", "coordonnees", "qpv"),
    "Le projet": ("titre", "resume", "porteur", "type_porteur", "site_web", "annee"),
    "Le classement selon l'étude": ("categories", "formes", "impact_principal", "impacts", "axes", "essaimage"),
    # The keys of issue 30 (contract §2): where the project stands, what it achieved, with what, how it spreads.
    SITUATION: ("etat", "verifie_le", "resultats", "moyens", "changement_echelle", "essaime_a", "contact"),
    "Les sources": ("sources",),
}
# A porteur updating their case answers these parts first (the rest is the study's, and rarely changes).
FIRST_IN_CORRECTION = (SITUATION,)


def groups() -> dict[str, list[str]]:
    """The form's parts: GROUPS (the keys schema.FIELDS declares), and every other key the form asks
    (all but NOT_ASKED), right after the asked key declared before it in schema.FIELDS (first, if
    none is): a field added to the schema is asked without anyone placing it. Empty parts are left out."""
    out = {group: [key for key in keys if key in schema.FIELDS] for group, keys in GROUPS.items()}
    placed = {key for keys in GROUPS.values() for key in keys}
    previous = None
    for key in schema.FIELDS:
        if key in NOT_ASKED:
            continue
        if key not in placed:
            if previous is None:
                next(iter(out.values())).insert(0, key)
            else:
                keys = next(keys for keys in out.values() if previous in keys)
                keys.insert(keys.index(previous) + 1, key)
        previous = key
    return {group: sorted(keys, key=lambda k: not schema.FIELDS[k].required) for group, keys in out.items() if keys}


def correction_order() -> list[str]:
    """The parts in the order a correction asks them: FIRST_IN_CORRECTION (those that exist), then the others."""
    parts = list(groups())
    return [p for p in parts if p in FIRST_IN_CORRECTION] + [p for p in parts if p not in FIRST_IN_CORRECTION]

# Until the publisher's settings give an address (extra.editeur.courriel); never a real one.
PLACEHOLDER_EMAIL = editeur.EDITEUR["courriel"]


def label(key: str) -> str:
    return schema.FIELDS[key].label


def widget(key: str) -> str:
    """How the form asks for a field, from its kind in the schema."""
    f = schema.FIELDS[key]
    if isinstance(f, Departement):
        return "liste"
    if isinstance(f, Choice):
        return "choix"
    if isinstance(f, List) and isinstance(f.item, AxisNumber):
        return "axes"
    if isinstance(f, List) and isinstance(f.item, Choice):
        return "choix-multiple"
    if isinstance(f, List) and isinstance(f.item, Record):
        return "lignes"
    if isinstance(f, Point):
        return "point"
    if isinstance(f, Group):
        return "groupe"
    if isinstance(f, Date):
        return "date"
    if isinstance(f, Contact):
        return "texte"
    if isinstance(f, Boolean):
        return "case"
    if isinstance(f, Year):
        return "entier"
    if isinstance(f, Date):
        return "date"
    if isinstance(f, Url):
        return "adresse"
    if isinstance(f, Text):
        return "texte-long" if f.max_length > 200 else "texte"
    raise ValueError(f"{key} : aucun champ de formulaire pour {type(f).__name__}")


# The widgets' families, as the form's script reads them (`data-genre`): one way to read and fill each.
_GENRES = {"texte-long": "texte", "adresse": "texte", "date": "texte"}


def genre(key: str) -> str:
    """How the form's script reads and fills a field (its box's `data-genre`), from its widget."""
    w = widget(key)
    return _GENRES.get(w, w)


def writing(f: Field) -> str | dict:
    """How the form writes a field's value in the sheet's YAML, as the template does, from its kind:
    `mot` a plain scalar when it can be, `guillemets` always quoted (a department: 01 is not 1), `brut`
    as it is (a code checked by its pattern), `date`, `point` ({lat, lon}), `texte` quoted, `liste`
    on one line; a list of records on one line, or one key a line when its records have optional
    keys (as `sources`), each key written its own way; `valeur` a number or a boolean."""
    if isinstance(f, Departement):
        return "guillemets"
    if isinstance(f, (Choice, Identifier)):
        return "mot"
    if isinstance(f, Code):
        return "brut"
    if isinstance(f, Date):
        return "date"
    if isinstance(f, Point):
        return "point"
    if isinstance(f, Group):
        return {"forme": "carte", "cles": {k: writing(sub) for k, sub in f.keys.items()}}
    if isinstance(f, List) and isinstance(f.item, Record):
        block = set(f.item.keys) != set(f.item.required_keys)
        return {"forme": "bloc" if block else "ligne", "cles": {k: writing(sub) for k, sub in f.item.keys.items()}}
    if isinstance(f, List):
        return "liste"
    if isinstance(f, (Text, Url, Contact)):
        return "texte"
    return "valeur"


def row_fields(key: str) -> list[dict]:
    """The sub-fields of one row of a list of records (a source, a QPV), from the schema."""
    record = schema.FIELDS[key].item
    return [{"cle": sub, "libelle": f.label, "aide": f.form_help, "type": "url" if isinstance(f, Url) else "text",
             "nombre": isinstance(f, Year), "obligatoire": sub in record.required_keys}
            for sub, f in record.keys.items()]


def group_fields(key: str) -> list[dict]:
    """The sub-fields of a group of keys (the resources), each with how the form asks it: `choix` a list to
    pick from, `nombre` a number, `liste` one text a line."""
    out = []
    for sub, f in schema.FIELDS[key].keys.items():
        genre = "choix" if isinstance(f, Choice) else "nombre" if isinstance(f, Quantity) else "liste"
        out.append({"cle": sub, "libelle": f.label, "aide": f.form_help, "genre": genre,
                    "choix": dict(f.choices) if isinstance(f, Choice) else {}})
    return out


def choices(key: str) -> dict:
    f = schema.FIELDS[key]
    return (f.item if isinstance(f, List) else f).choices


def definitions(vocabulary: str | None) -> dict[str, str]:
    """The study's definition of each value of a vocabulary, where schema.py has one."""
    if vocabulary == "categories":
        return schema.CATEGORY_DEFINITIONS
    if vocabulary == "formes":
        return schema.FORME_DEFINITIONS
    return {}


def map_panels() -> list[dict]:
    """How to turn a point of the map (SVG units) back into (lat, lon), panel by panel.

    The map's projection is affine within a panel: two corners projected by
    `carte` give its inverse.
    """
    out = []
    for panel in carte.PANELS:
        lon0, lon1, lat0, lat1 = panel.box
        ax, ay = carte._project(panel, lon0, lat1)
        bx, by = carte._project(panel, lon1, lat0)
        x, y, w, h = panel.frame
        out.append({"cadre": [x, y + panel.head, w, h - panel.head], "x": [ax, bx], "y": [ay, by],
                    "lon": [lon0, lon1], "lat": [lat1, lat0]})
    return out


def map_svg(base: str) -> str:
    """The site's outline map of France, empty, relabelled for picking a point."""
    svg = carte.svg([], base)
    title = "Carte de France pour placer le cas : cliquez à l'endroit du projet"
    old = carte._text(carte.LABEL)
    return svg.replace(f'aria-label="{old}"', f'aria-label="{title}"').replace(
        f"<title>{old}</title>", f"<title>{title}</title>").replace('class="carte-cas"', 'class="proposer-carte"')


def email(settings: Settings) -> str:
    """The publisher's contact address (extra.editeur.courriel), or its placeholder when left empty."""
    return settings.editeur.get("courriel") or PLACEHOLDER_EMAIL


def page_data(settings: Settings, base: str) -> str:
    """What the form's script needs, as JSON for a <script type="application/json"> block."""
    data = {
        "ordre": list(schema.FIELDS),
        # The fields the form asks and how it reads and fills each (a correction fills them from the case).
        "champs": {key: genre(key) for keys in groups().values() for key in keys},
        # What a correction keeps from the case as it is: the keys the form does not ask.
        "gardes": list(NOT_ASKED),
        # A correction shows the parts in this order (their ids: partie-<n>, in the order of groups()).
        "ordreCorrection": [f"partie-{list(groups()).index(p) + 1}" for p in correction_order()],
        "libelles": {key: f.label for key, f in schema.FIELDS.items()},
        "ecriture": {key: writing(f) for key, f in schema.FIELDS.items()},
        "statut": NEW_STATUS,
        "messages": schema.FORM_MESSAGES,
        "invisibles": problems.INVISIBLE.pattern,  # how a value is shown in a message (problems.shown)
        "idMax": schema.ID_MAX,
        "sections": list(schema.BODY_SECTIONS),
        # The rules between a list's items and the rest of the sheet (schema.ITEM_RULES), which schema.json
        # cannot say: checked by the form as by the validator.
        "elements": [{"cle": r.key, "sousCle": r.sub, "parmi": list(r.among), "message": r.message}
                     for r in schema.ITEM_RULES],
        "lignes": {key: {"libelle": schema.FIELDS[key].item.label, "champs": row_fields(key)}
                   for key in schema.FIELDS if key not in NOT_ASKED and widget(key) == "lignes"},
        "territoire": json.loads(geo.DATA.read_text(encoding="utf-8")),
        "depot": settings.depot,
        "branche": settings.branche,
        "courriel": email(settings),
        "site": settings.site_url,
        "schema": base + routes.data("schema.json"),
        "cas": base + routes.data("cas.json"),
        "carte": map_panels(),
        "corps": {"html": body.HTML.pattern, "autolien": body.AUTOLINK.pattern, "attributs": body.ATTRS.pattern,
                  "messageHtml": body.HTML_MESSAGE, "messageAttributs": body.ATTRS_MESSAGE,
                  # Link and image targets, and the sheet's size limit: the checker's rules (body.py, load.py).
                  "cibles": {"lien": body.INLINE_TARGET, "imbrique": body.NESTED_TARGET, "definition": body.DEFINITION_TARGET,
                             "autolien": body.ANY_AUTOLINK},
                  "echappements": body.UNESCAPE, "invalides": XML_INVALID.pattern,
                  "schemas": sorted(body.LINK_SCHEMES), "messagesCibles": body.TARGET_MESSAGES,
                  "limite": schema.MAX_SHEET_BYTES, "messageLimite": SIZE_MESSAGE},
    }
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    text = text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")
    # Characters an HTML page must not hold (the patterns' bounds: U+FFFE, U+10FFFF…) written as escapes.
    return _UNWRITABLE.sub(lambda m: json.dumps(m.group(0))[1:-1], text)


_UNWRITABLE = re.compile("[^\t\n\r\x20-\x7e\xa0-\ufdcf\ufdf0-\ufffd]")


def context(settings: Settings, base: str) -> dict:
    return {"groups": groups(), "fields": schema.FIELDS, "label": label, "widget": widget, "genre": genre,
            "choices": choices, "group_fields": group_fields,
            "definitions": definitions, "sections": schema.BODY_SECTIONS,
            "map_svg": map_svg(base), "data": page_data(settings, base), "new_status": NEW_STATUS,
            "not_asked": NOT_ASKED, "courriel": email(settings)}


def validator_files() -> list[tuple[str, str]]:
    """The browser-side JSON Schema validator and YAML reader, copied from node_modules into the site."""
    esm = VALIDATOR_PACKAGE / "dist" / "esm"
    yaml = YAML_PACKAGE / "dist" / "js-yaml.mjs"
    for path in (esm, yaml):
        if not path.exists():
            raise FileNotFoundError(f"Module du formulaire introuvable : {path}. Lancez `npm ci` (ou `make install`).")
    return [*[(f"{VALIDATOR_DIR}/{path.name}", path.read_text(encoding="utf-8")) for path in sorted(esm.glob("*.js"))],
            (YAML_FILE, yaml.read_text(encoding="utf-8"))]
