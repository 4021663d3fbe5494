"""Render every generated page as (path, markdown) pairs, through one Jinja environment.

Field values reach the pages only through autoescaped HTML, so what a
contributor typed is what a reader sees (`*`, `[`, `<`, `&` stay literal). The
Markdown body is rendered here, as untrusted input (`safe_markdown`): a case
page is whole HTML, which the site generator publishes without reading it as
Markdown.
"""

from __future__ import annotations

import bisect
import html
import json
import re
from collections import defaultdict
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import carte, editeur, export, fil, formulaire, references, rgaa, safe_markdown, schema, typo
from .dates import french
from .export import DERIVED_HELP
from .feed import XML_INVALID
from .model import departement_name, departement_path, region_path, sort_key
from .slug import fold

TEMPLATES = Path(__file__).parent / "templates"


# What a YAML reader refuses raw, or reads as a line break (YAML 1.1: NEL, LS, PS), in
# a double-quoted scalar: written as a \u escape, which YAML and JSON spell alike.
_YAML_RAW_UNSAFE = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that any YAML 1.1 reader gives back whole.

    Emoji and every other character are written as they are (`ensure_ascii` would
    spell them as surrogate pairs, which YAML readers refuse); only what YAML
    cannot hold raw is escaped.
    """
    dumped = json.dumps(text, ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def _meta(value: object) -> Markup:
    """A YAML-safe, HTML-escaped scalar for a generated page's front matter."""
    return Markup(yaml_string(html.escape(XML_INVALID.sub("", str(value)), quote=True)))


def _meta_json(value: str) -> Markup:
    """A JSON document as a YAML scalar, safe inside <script type="application/ld+json">."""
    return Markup(yaml_string(value))


def _finalize(value: object) -> object:
    """Every value a template prints: plain text stays on its line (a line break in a
    field must not end the HTML block it sits in), and keeps no character HTML forbids."""
    if isinstance(value, str) and not isinstance(value, Markup):
        escaped = str(escape(XML_INVALID.sub("", value)))
        return Markup(escaped.replace("\r", "&#13;").replace("\n", "&#10;"))
    return value


def text(value: object) -> Markup:
    """One field value as HTML text, for HTML assembled in Python."""
    return _finalize(str(value))


def _script_safe_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def jsonld(case: dict, permalink: str) -> str:
    """schema.org description of a case (a CreativeWork about a project)."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": case["titre"],
        "description": case["resume"],
        "url": permalink,
        "inLanguage": "fr",
        "about": {"@type": "Project", "name": case["titre"],
                  "sponsor": {"@type": "Organization", "name": case["porteur"]}},
        "isPartOf": {"@type": "Dataset", "name": "Base de projets innovation et QPV"},
        "citation": [source["titre"] for source in case["sources"]],
    }
    if "commune" in case:
        data["spatialCoverage"] = {"@type": "Place", "name": case["commune"],
                                   "address": {"@type": "PostalAddress", "addressLocality": case["commune"],
                                               "addressCountry": "FR"}}
        if "coordonnees" in case:
            data["spatialCoverage"]["geo"] = {"@type": "GeoCoordinates", "latitude": case["coordonnees"]["lat"],
                                              "longitude": case["coordonnees"]["lon"]}
    if case.get("date") is not None:
        data["dateModified"] = case["date"].iso
    if "annee" in case:
        data["about"]["foundingDate"] = str(case["annee"])
    return _script_safe_json(data)


# In the order the search page shows them: territory first, then the study's ways in.
FILTER_KEYS = ("region", "departement", "categorie", "impact", "orientation", "type_porteur", "echelle", "forme",
               "axe", "statut")


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
        ("echelle", [case["echelle"]]),
        ("type_porteur", case["type_porteur"]),
        ("statut", [case["statut"]]),
    ]


def citation(case: dict, permalink: str) -> Markup:
    """The French reference shown on a case page (see references.py)."""
    return references.citation(case, permalink, html=True)


def issue_query(case: dict) -> str:
    from urllib.parse import urlencode
    return urlencode({"template": "erreur-fiche.md", "title": f"Erreur dans la fiche {case['id']}",
                      "body": f"Fiche : cases/{case['id']}.md\nPage : /cas/{case['id']}/\n\nCe qui est inexact :\n\n"
                              "Source de la correction :\n"})


def report_mailto(case: dict, settings: dict) -> str:
    """« Signaler une erreur » without a GitHub account: an e-mail to the publisher naming the case."""
    from urllib.parse import quote
    permalink = settings["site_url"] + "cas/" + case["id"] + "/"
    body = (f"Fiche : cases/{case['id']}.md\nPage : {permalink}\n\nCe qui est inexact :\n\n"
            "Source de la correction :\n").replace(" :", "\u00a0:").replace("\n", "\r\n")
    return (f"mailto:{formulaire.email(settings)}?subject={quote('Erreur dans la fiche ' + case['id'])}"
            f"&body={quote(body)}")


def correction_url(case: dict, base: str) -> str:
    """« Proposer une modification »: the web form opened on the case."""
    return f"{base}{page_url(formulaire.PATH)}?cas={case['id']}"


def _place(case: dict) -> str:
    if "commune" in case:
        national = ", échelle nationale" if case["echelle"] == "nationale" else ""
        return f"{case['commune']} ({case['departement']}){national}"
    return schema.ECHELLE[case["echelle"]] + (" (France entière)" if case["echelle"] == "nationale" else "")


_ITEMS: dict[tuple[str, str], str] = {}


def case_items(cases: list[dict], base: str) -> Markup:
    """The <li> of each case in a listing. A case appears in many listings: its item is
    escaped and assembled once per link depth, then reused (a plain join, not a macro call)."""
    out = []
    for case in cases:
        key = (case["id"], base)
        item = _ITEMS.get(key)
        if item is None:
            e = text
            item = _ITEMS[key] = (f'<li><a href="{e(base)}cas/{e(case["id"])}/">{e(case["titre"])}</a> '
                                  f'<span class="cas-lieu">— {e(_place(case))}</span><br>'
                                  f'<span class="cas-resume">{e(case["resume"])}</span></li>')
        out.append(item)
    return Markup("\n".join(out))


# Ids the case page gives its own sections (case.md.j2) or the theme's header uses:
# never given to a heading of the body.
CASE_PAGE_IDS = frozenset({"sources", "cas-proches", "citer", "recherche-entete-q"})


def case_source(ident: str) -> str:
    """The generated source path of a case page."""
    return f"cas/{ident}.md"


def body(case: dict) -> safe_markdown.Body:
    """The case's Markdown body as sanitized HTML, its headings and its links inside the site."""
    return safe_markdown.render(case["texte"], case_source(case["id"]), page_url, CASE_PAGE_IDS)


_HEADING = re.compile(r'<h([1-6]) id="([^"<>]+)"[^<>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")


def headings(page: str) -> list[tuple[int, str, str]]:
    """(level, id, title as HTML) of every heading with an id of a generated HTML page,
    for the table of contents."""
    return [(int(m.group(1)), m.group(2), _TAG.sub("", m.group(3)).strip()) for m in _HEADING.finditer(page)]


def page_url(path: str) -> str:
    """The URL path of the page made from `path`: 'cas/x.md' -> 'cas/x/', 'cas/index.md' -> 'cas/'."""
    return path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"


def page_path(url: str) -> str:
    """The source path of the page at `url`: 'territoires/corse/2a/' -> 'territoires/corse/2a.md'."""
    return url.rstrip("/") + ".md" if url else "index.md"


def _base(path: str) -> str:
    """Relative prefix from the page generated from `path` to the site root."""
    return "../" * page_url(path).count("/")


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=_finalize,
        # Markdown's attribute lists ({#axe-1}) use Jinja's default comment marker.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["meta"] = _meta
    env.filters["meta_json"] = _meta_json
    env.globals.update(jsonld=jsonld, filters=filters, issue_query=issue_query, citation=citation,
                       report_mailto=report_mailto, correction_url=correction_url,
                       porteur_shown=references.porteur_shown, references=references,
                       carte_svg=carte.svg, carte_legend=carte.legend, case_items=case_items,
                       carte_group_above=carte.GROUP_ABOVE)
    env.filters["dep_name"] = departement_name
    env.filters["date_fr"] = french
    env.globals.update(departement_path=departement_path, region_path=region_path)
    env.globals["schema"] = schema
    return env


_ENV: jinja2.Environment | None = None


def env() -> jinja2.Environment:
    """Templates are compiled once per process."""
    global _ENV
    if _ENV is None:
        _ENV = environment()
    return _ENV


class Index:
    """Every grouping the index pages need, built in one pass over the cases."""

    def __init__(self, cases: list[dict]):
        self.rank = {c["id"]: sort_key(c) for c in cases}  # computed once: folding accents is not free
        self.cases = sorted(cases, key=lambda c: self.rank[c["id"]])
        # (categories, impacts) of each case as sets, built once for « Cas proches ».
        self.traits = {c["id"]: (set(c["categories"]), {c["impact_principal"], *c.get("impacts", [])})
                       for c in cases}
        self.by_category = defaultdict(list)
        self.by_forme = defaultdict(list)
        self.by_impact_principal = defaultdict(list)
        self.by_impact_other = defaultdict(list)
        self.by_axis = defaultdict(list)
        self.by_orientation = defaultdict(list)
        self.by_departement = defaultdict(list)
        self.by_region = defaultdict(list)
        self.nationale = []
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
            if case["echelle"] == "nationale":
                self.nationale.append(case)
            if "coordonnees" in case:
                self.located.append(case)

    def related(self, case: dict, limit: int = 5, window: int = 8) -> list[dict]:
        """« Cas proches »: cases sharing category, impact or territory, best matches first.

        Candidates are the neighbours of the case in each of its buckets (a window
        around its place in title order), so the work per case stays constant
        however large the base grows, and each case gets its own neighbours.
        """
        buckets = [self.by_category[c] for c in case["categories"]]
        buckets.append(self.by_impact_principal[case["impact_principal"]])
        if "departement" in case:
            buckets.append(self.by_departement[case["departement"]])
            buckets.append(self.by_region[case["region"]])
        rank = self.rank
        here = rank[case["id"]]
        scores: dict[str, tuple[int, dict]] = {}
        for bucket in buckets:
            position = bisect.bisect_left(bucket, here, key=lambda c: rank[c["id"]])
            for other in bucket[max(0, position - window):position + window + 1]:
                if other["id"] != case["id"] and other["id"] not in scores:
                    scores[other["id"]] = (self._affinity(case, other), other)
        ranked = sorted(scores.values(), key=lambda pair: (-pair[0], rank[pair[1]["id"]]))
        return [other for _, other in ranked[:limit]]

    def _affinity(self, case: dict, other: dict) -> int:
        mine, theirs = self.traits[case["id"]], self.traits[other["id"]]
        score = 2 * len(mine[0] & theirs[0]) + len(mine[1] & theirs[1])
        score += 3 * (other["impact_principal"] == case["impact_principal"])
        if "departement" in case and case.get("departement") == other.get("departement"):
            score += 3
        elif "region" in case and case.get("region") == other.get("region"):
            score += 2
        return score

    def counts(self) -> dict:
        return {statut: sum(1 for c in self.cases if c["statut"] == statut) for statut in schema.STATUT}


def _render(template: str, path: str, settings: dict, **context) -> tuple[str, str]:
    """`base` leads to the site root from the page's URL (HTML links),
    `src` from its source path (Markdown links, checked by MkDocs)."""
    markdown = env().get_template(template).render(base=_base(path), src="../" * path.count("/"),
                                                   settings=settings, **context)
    return path, fil.with_trail(markdown, fil.trail(path, context))


DEFAULT_SETTINGS = {
    "site_url": "/",  # absolute URL of the site root, ending with /
    "depot": "https://github.com/base-innovation-qpv/base-de-projets",
    "branche": "main",
    "date": None,  # build date (YYYY-MM-DD): never shown as a sheet's date
    **editeur.settings({}),  # editeur, hebergeur: placeholders until mkdocs.yml names them
}


def _size(content: str | bytes) -> str:
    """« 812 octets », « 48,2 ko », « 1,3 Mo » (decimal units, French decimal comma)."""
    n = len(content.encode("utf-8") if isinstance(content, str) else content)
    if n < 1000:
        return f"{n}\u00a0octets"
    value, unit = (n / 1000, "ko") if n < 1_000_000 else (n / 1_000_000, "Mo")
    return f"{value:.1f}".replace(".", ",") + f"\u00a0{unit}"


# The resource cards of /donnees/: file, title, format, what a row is called, who it is for.
RESOURCES = (
    ("cas.xlsx", "Classeur Excel", "XLSX", "lignes", "Pour Excel ou LibreOffice Calc : libellés en toutes lettres à côté "
     "des codes, en-tête figé, filtres, et un onglet « Colonnes » qui explique chaque colonne."),
    ("cas-excel.csv", "CSV pour Excel", "CSV (point-virgule)", "lignes", "S'ouvre d'un double clic dans Excel en français : "
     "séparateur point-virgule, UTF-8 avec BOM ; mêmes colonnes que le classeur."),
    ("cas.csv", "CSV standard", "CSV (virgule)", "lignes", "Le format d'échange : séparateur virgule, UTF-8, une ligne par "
     "cas, le texte en Markdown ; décrit par un schéma Table Schema (voir « Pour les développeurs »)."),
    ("cas.json", "JSON", "JSON", "objets", "Pour les programmes : toutes les clés des fiches, le texte en Markdown."),
    ("cas.ris", "Références RIS", "RIS", "références", "Toutes les fiches pour un logiciel de références "
     "(Zotero, EndNote, Mendeley)."),
    ("cas.bib", "Références BibTeX", "BibTeX", "références", "Toutes les fiches pour LaTeX, JabRef ou Zotero."),
)
PREVIEW_COLUMNS = ("titre", "porteur", "echelle_libelle", "commune", "impact_principal_libelle")


def data_context(cases: list[dict], data: list[tuple[str, str | bytes]], site_url: str) -> dict:
    """What /donnees/ shows: one card per file (size, date, rows), and the first rows."""
    content = {path.removeprefix("donnees/"): body for path, body in data}
    newest = max((c["date"] for c in cases if c.get("date")), key=lambda d: d.value, default=None)
    cards = [{"fichier": name, "titre": title, "format": fmt, "unite": unit, "usage": usage,
              "taille": _size(content[name])}
             for name, title, fmt, unit, usage in RESOURCES if name in content]
    names = [name for name, _ in export.sheet_columns(site_url)]
    columns = [(name, help) for name, help in export.sheet_columns(site_url) if name in PREVIEW_COLUMNS]
    rows = [[row[names.index(name)] or "" for name, _ in columns]
            for row in export.sheet_rows(cases, site_url)[:3]]
    return {"cartes": cards, "date": newest, "apercu": {"colonnes": columns, "lignes": rows},
            "tailles": {name: _size(body) for name, body in content.items()}}


def pages(cases: list[dict], settings: dict | None = None,
          bodies: dict[str, safe_markdown.Body] | None = None,
          data: list[tuple[str, str | bytes]] | None = None, other_pages: list[tuple[str, str]] = (),
          audit: rgaa.Audit | None = None) -> list[tuple[str, str]]:
    """Every generated page, as (path under the site, markdown; whole HTML for a case page).

    bodies: each case's rendered body by id (rendered here when not given);
    data: the open-data files, for /donnees/;
    other_pages: (path, title) of the pages the core does not make (hand-written ones), for the
    site map; audit: the RGAA audit the accessibility statement reports (read from the grid when None).
    """
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    settings.update(editeur.settings(settings))  # a partial publisher keeps its other placeholders
    if bodies is None:
        bodies = {case["id"]: body(case) for case in cases}
    data = data if data is not None else export.files(cases, settings["site_url"])
    _ITEMS.clear()  # one build's cases only
    index = Index(cases)

    def render(template: str, path: str, **context) -> tuple[str, str]:
        return _render(template, path, settings, **context)

    out = [
        render("home.md.j2", "index.md", index=index),
        render("cases.md.j2", "cas/index.md", index=index),
        render("categories.md.j2", "categories/index.md", index=index),
        render("formes.md.j2", "formes/index.md", index=index),
        render("impacts.md.j2", "impacts/index.md", index=index),
        render("orientations.md.j2", "orientations/index.md", index=index),
        render("territoires.md.j2", "territoires/index.md", index=index),
        render("carte.md.j2", "carte/index.md", index=index),
        render("donnees.md.j2", "donnees/index.md", count=len(cases), fields=schema.FIELDS,
               derived=DERIVED_HELP, sheet_columns=export.sheet_columns(settings["site_url"]),
               **data_context(cases, data, settings["site_url"])),
        render("mentions-legales.md.j2", "mentions-legales/index.md"),
        render("donnees-personnelles.md.j2", "donnees-personnelles/index.md"),
        render("recherche.md.j2", "recherche/index.md", index=index),
        render("proposer.md.j2", formulaire.PATH, **formulaire.context(settings, _base(formulaire.PATH))),
    ]
    for case in index.cases:
        out.append(render("case.md.j2", case_source(case["id"]), case=case, related=index.related(case),
                          body=Markup(bodies[case["id"]].html)))
    for slug, label in schema.CATEGORIES.items():
        out.append(render("category.md.j2", f"categories/{slug}.md", slug=slug, label=label,
                          definition=schema.CATEGORY_DEFINITIONS[slug], cases=index.by_category[slug]))
    for slug, label in schema.FORMES.items():
        out.append(render("category.md.j2", f"formes/{slug}.md", slug=slug, label=label,
                          definition=schema.FORME_DEFINITIONS[slug], cases=index.by_forme[slug]))
    for slug, label in schema.IMPACTS.items():
        out.append(render("impact.md.j2", f"impacts/{slug}.md", slug=slug, label=label,
                          principal=index.by_impact_principal[slug], others=index.by_impact_other[slug]))
    for n, title in schema.ORIENTATIONS.items():
        axes = {k: a for k, a in schema.AXES.items() if a.orientation == n}
        out.append(render("orientation.md.j2", f"orientations/{n}.md", n=n, title=title, axes=axes,
                          by_axis=index.by_axis))
    for slug, name in schema.REGIONS.items():
        departements = [code for code, (_, region) in schema.DEPARTEMENTS.items() if region == slug]
        out.append(render("region.md.j2", f"territoires/{slug}.md", slug=slug, name=name,
                          departements=departements, by_departement=index.by_departement,
                          with_cases=[code for code in departements if index.by_departement.get(code)],
                          count=len(index.by_region[slug])))
        for code in departements:  # a page per department that has cases
            if index.by_departement[code]:
                out.append(render("departement.md.j2", page_path(departement_path(code)), slug=slug, name=name,
                                  code=code, cases=index.by_departement[code]))
    audit = audit or rgaa.audit()
    out.append(render("accessibilite.md.j2", "accessibilite/index.md", audit=audit, rgaa=rgaa,
                      editeur=settings.get("editeur") or {}))
    out.append(site_map(out, other_pages, settings))  # last: it lists every page above
    return out


# Search labels in the words the public uses (the sheets' vocabulary stays in schema.py).
ORIGINE = {"etude-de-cas": "Étude de cas du CGET (2017)", "experience-citee": "Expérience citée par l'étude",
           "contribution": "Contribution"}


SITE_MAP = "plan-du-site/index.md"


def page_title(markdown: str) -> str:
    """The title of a page: its front matter's `title`, else its first level-1 heading."""
    head = markdown.lstrip("\n")
    if head.startswith("---\n"):
        for line in head[4:head.find("\n---", 4)].splitlines():
            if line.startswith("title:"):
                value = line[len("title:"):].strip()
                return html.unescape(json.loads(value)) if value.startswith('"') else value
    for line in head.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
        if line.startswith("<h1>"):
            return html.unescape(line[4:line.find("</h1>")])
    return page_url(SITE_MAP)


def site_map(out: list[tuple[str, str]], other_pages, settings: dict) -> tuple[str, str]:
    """« Plan du site »: every page, grouped by the first segment of its URL (RGAA 12.3)."""
    entries = [(path, page_title(markdown)) for path, markdown in out]
    made = {path for path, _ in out}  # a generated page replaces a hand-written one of the same path
    entries += [(path, title) for path, title in other_pages if path not in made]
    entries.append((SITE_MAP, "Plan du site"))
    sections: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, title in entries:
        sections[page_url(path).split("/")[0]].append((page_url(path), title))
    main, groups = [], []  # pages alone in their section are listed together, the home page first
    for key, items in sections.items():
        if len(items) == 1:
            main += items
            continue
        items.sort(key=lambda item: (item[0] != f"{key}/", fold(item[1])))  # the section's index first
        groups.append((items[0][1], items))
    groups.sort(key=lambda group: fold(group[0]))
    main.sort(key=lambda item: (item[0] != "", fold(item[1])))
    groups.insert(0, ("Pages principales", main))
    return _render("plan.md.j2", SITE_MAP, settings, groups=groups, count=len(entries))


def facets() -> str:
    """Labels of the search facets, for the search page's script."""
    vocab = {
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
    }
    data = [{"cle": key, "libelle": vocab[key][0], "valeurs": {k: typo.text(v) for k, v in vocab[key][1].items()}}
            for key in FILTER_KEYS]
    return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


def redirect(old: str, target: str, title: str, settings: dict) -> tuple[str, str]:
    """An HTML page at the former URL `old` ('cas/x/') leading to `target` ('cas/y/')."""
    page = env().get_template("redirect.html.j2").render(target=target, title=title, settings=settings,
                                                         base="../" * old.count("/"))
    return f"{old}index.html", page


def redirects(cases: list[dict], settings: dict | None = None) -> list[tuple[str, str]]:
    """A redirect at every former URL: renamed cases (anciens_ids), renamed index pages."""
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
    out = [redirect(f"cas/{old}/", f"cas/{case['id']}/", case["titre"], settings)
           for case in cases for old in case.get("anciens_ids", [])]
    out += [redirect(old, new, title, settings) for old, (new, title) in schema.RENAMED_PAGES.items()]
    return out
