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

from . import carte, formulaire, rgaa, schema
from .export import DERIVED_HELP
from .model import departement_name, sort_key
from .slug import fold

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


FILTER_KEYS = ("categorie", "forme", "impact", "orientation", "axe", "region", "echelle", "type_porteur", "statut")


def filters(case: dict) -> list[tuple[str, list]]:
    """The search facets of a case: (filter name, values), values being slugs."""
    return [
        ("categorie", case["categories"]),
        ("forme", case.get("formes", [])),
        ("impact", [case["impact_principal"]] + case.get("impacts", [])),
        ("orientation", case["orientations"]),
        ("axe", sorted(case["axes"])),
        ("region", [case["region"]] if "region" in case else []),
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
                       carte_svg=carte.svg, case_items=case_items, carte_group_above=carte.GROUP_ABOVE)
    env.filters["dep_name"] = departement_name
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
    return path, env().get_template(template).render(base=_base(path), src="../" * path.count("/"),
                                                     settings=settings, **context)


DEFAULT_SETTINGS = {
    "site_url": "/",  # absolute URL of the site root, ending with /
    "depot": "https://github.com/base-innovation-qpv/base-de-projets",
    "branche": "main",
    "date": None,  # build date (YYYY-MM-DD), used when a sheet has no mis_a_jour
    "editeur": {},  # the publisher (config.extra.editeur): nom, courriel…; placeholders when absent
}


def pages(cases: list[dict], settings: dict | None = None, other_pages: list[tuple[str, str]] = (),
          audit: rgaa.Audit | None = None) -> list[tuple[str, str]]:
    """Every generated page, as (path under the site, markdown).

    other_pages: (path, title) of the pages the core does not make (hand-written ones), for the
    site map; audit: the RGAA audit the accessibility statement reports (read from the grid when None).
    """
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
                          count=len(index.by_region[slug])))
    audit = audit or rgaa.audit()
    out.append(render("accessibilite.md.j2", "accessibilite/index.md", audit=audit, rgaa=rgaa,
                      editeur=settings.get("editeur") or {}))
    out.append(site_map(out, other_pages, settings))  # last: it lists every page above
    return out


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
        "categorie": ("Catégorie", schema.CATEGORIES),
        "forme": ("Forme transversale", schema.FORMES),
        "impact": ("Impact", schema.IMPACTS),
        "orientation": ("Orientation", {str(n): f"{n}. {t}" for n, t in schema.ORIENTATIONS.items()}),
        "axe": ("Axe opérationnel", {str(k): f"Axe {k} : {a.label}" for k, a in schema.AXES.items()}),
        "region": ("Région", schema.REGIONS),
        "echelle": ("Échelle", schema.ECHELLE),
        "type_porteur": ("Type de porteur", schema.TYPE_PORTEUR),
        "statut": ("Statut", schema.STATUT),
    }
    data = [{"cle": key, "libelle": vocab[key][0], "valeurs": vocab[key][1]} for key in FILTER_KEYS]
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
