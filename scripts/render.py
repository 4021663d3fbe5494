"""Render every generated page as (path, markdown) pairs, through one Jinja environment.

Field values reach the pages only through autoescaped HTML, so what a
contributor typed is what a reader sees (`*`, `[`, `<`, `&` stay literal). The
Markdown body, checked by `body.py`, is the one thing rendered as Markdown.
"""

from __future__ import annotations

import bisect
import html
import json
from collections import defaultdict
from pathlib import Path

import jinja2
from markupsafe import Markup, escape

from . import carte, fil, formulaire, schema, typo
from .export import DERIVED_HELP
from .model import departement_name, departement_path, region_path, sort_key

TEMPLATES = Path(__file__).parent / "templates"


def _meta(value: object) -> Markup:
    """A YAML-safe, HTML-escaped scalar for a generated page's front matter."""
    return Markup(json.dumps(html.escape(str(value), quote=True)))


def _meta_json(value: str) -> Markup:
    """A JSON document as a YAML scalar, safe inside <script type="application/ld+json">."""
    return Markup(json.dumps(value))


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
    if "mis_a_jour" in case:
        data["dateModified"] = case["mis_a_jour"].isoformat()
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


STUDY = ("« L'innovation, moteur de développement économique et d'emploi dans les quartiers prioritaires "
         "de la politique de la ville », CGET, février 2017")


def citation(case: dict, permalink: str, built: str | None = None) -> str:
    date = case["mis_a_jour"].isoformat() if "mis_a_jour" in case else built
    when = f", fiche mise à jour le {date}" if date else ""
    return (f"{case['titre']} (porteur : {case['porteur']}). Base de projets innovation et QPV, "
            f"d'après l'étude {STUDY}{when}. {permalink}")


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
            e = escape
            item = _ITEMS[key] = (f'<li><a href="{e(base)}cas/{e(case["id"])}/">{e(case["titre"])}</a> '
                                  f'<span class="cas-lieu">— {e(_place(case))}</span><br>'
                                  f'<span class="cas-resume">{e(case["resume"])}</span></li>')
        out.append(item)
    return Markup("\n".join(out))


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
        # Markdown's attribute lists ({#axe-1}) use Jinja's default comment marker.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["meta"] = _meta
    env.filters["meta_json"] = _meta_json
    env.globals.update(jsonld=jsonld, filters=filters, issue_query=issue_query, citation=citation,
                       report_mailto=report_mailto, correction_url=correction_url,
                       carte_svg=carte.svg, carte_legend=carte.legend, case_items=case_items,
                       carte_group_above=carte.GROUP_ABOVE)
    env.filters["dep_name"] = departement_name
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
    "date": None,  # build date (YYYY-MM-DD), used when a sheet has no mis_a_jour
    "editeur": {},  # the publisher: {"courriel": …} (mkdocs.yml extra.editeur)
}


def pages(cases: list[dict], settings: dict | None = None) -> list[tuple[str, str]]:
    """Every generated page, as (path under the site, markdown)."""
    settings = {**DEFAULT_SETTINGS, **(settings or {})}
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
               derived=DERIVED_HELP),
        render("recherche.md.j2", "recherche/index.md", index=index),
        render("proposer.md.j2", formulaire.PATH, **formulaire.context(settings, _base(formulaire.PATH))),
    ]
    for case in index.cases:
        out.append(render("case.md.j2", f"cas/{case['id']}.md", case=case, related=index.related(case)))
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
    return out


# Search labels in the words the public uses (the sheets' vocabulary stays in schema.py).
ORIGINE = {"etude-de-cas": "Étude de cas du CGET (2017)", "experience-citee": "Expérience citée par l'étude",
           "contribution": "Contribution"}


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
