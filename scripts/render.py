"""Render every generated page as (path, markdown) pairs, through one Jinja environment.

Field values reach the pages only through autoescaped HTML, so what a
contributor typed is what a reader sees (`*`, `[`, `<`, `&` stay literal). The
Markdown body, checked by `body.py`, is the one thing rendered as Markdown.
"""

from __future__ import annotations

import html
import json
from collections import defaultdict
from pathlib import Path

import jinja2
from markupsafe import Markup

from . import schema
from .export import DERIVED_HELP
from .model import departement_name, sort_key

TEMPLATES = Path(__file__).parent / "templates"


def _meta(value: object) -> Markup:
    """A YAML-safe, HTML-escaped scalar for a generated page's front matter."""
    return Markup(json.dumps(html.escape(str(value), quote=True)))


def _base(path: str) -> str:
    """Relative prefix from the page generated from `path` to the site root."""
    url = path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"
    return "../" * url.count("/")


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
        self.cases = sorted(cases, key=sort_key)
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

    def counts(self) -> dict:
        return {statut: sum(1 for c in self.cases if c["statut"] == statut) for statut in schema.STATUT}


def render(template: str, path: str, **context) -> tuple[str, str]:
    """`base` leads to the site root from the page's URL (HTML links),
    `src` from its source path (Markdown links, checked by MkDocs)."""
    return path, env().get_template(template).render(base=_base(path), src="../" * path.count("/"), **context)


def pages(cases: list[dict]) -> list[tuple[str, str]]:
    """Every generated page, as (path under the site, markdown)."""
    index = Index(cases)
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
    ]
    for case in index.cases:
        out.append(render("case.md.j2", f"cas/{case['id']}.md", case=case))
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
    return out


def redirects(cases: list[dict]) -> list[tuple[str, str]]:
    """An HTML page at every former URL of a renamed case."""
    out = []
    for case in cases:
        for old in case.get("anciens_ids", []):
            out.append((f"cas/{old}/index.html",
                        env().get_template("redirect.html.j2").render(case=case, base="../../")))
    return out
