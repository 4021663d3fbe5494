"""The one Jinja environment of the generated pages, and how a page is rendered."""

from __future__ import annotations

import html
import json
from pathlib import Path

import jinja2
from markupsafe import Markup

from scripts.contract import communes, routes, schema
from scripts.contract.routes import base
from scripts.contract.settings import Settings
from scripts.exports import references
from scripts.pages import carte, case_page, facets, fil, listing
from scripts.pages.escaping import finalize, meta, meta_json
from scripts.sheets import quotations
from scripts.sheets.dates import french
from scripts.sheets.model import departement_name

TEMPLATES = Path(__file__).parent / "templates"


def environment() -> jinja2.Environment:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(TEMPLATES),
        autoescape=True,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        undefined=jinja2.StrictUndefined,
        finalize=finalize,
        # Markdown's attribute lists ({#axe-1}) use Jinja's default comment marker.
        comment_start_string="{##",
        comment_end_string="##}",
    )
    env.filters["meta"] = meta
    env.filters["meta_json"] = meta_json
    env.globals.update(jsonld=case_page.jsonld, filters=facets.filters, issue_query=case_page.issue_query,
                       citation=case_page.citation, report_mailto=case_page.report_mailto,
                       correction_url=case_page.correction_url,
                       porteur_shown=references.porteur_shown, references=references,
                       carte_svg=carte.svg, carte_legend=carte.legend, carte_groups=carte.groups,
                       case_items=listing.case_items,
                       carte_group_above=carte.GROUP_ABOVE)
    env.filters["dep_name"] = departement_name
    env.filters["date_fr"] = french
    env.filters["contact_href"] = case_page.contact_href
    env.filters["etp"] = case_page.etp
    # A field's text with its quotations between « » marked <q>, as in the body (RGAA 9.4).
    env.filters["citations"] = lambda value: Markup(quotations.mark(str(finalize(str(value)))))
    env.globals["route"] = routes  # every URL a template writes comes from the router
    env.globals["schema"] = schema
    env.globals["groupe_types"] = communes.TYPES
    # The intercommunalities page's sections: (kinds, heading).
    env.globals["groupe_kinds"] = [(("MET69", "METRO"), "Métropoles"), (("CU",), "Communautés urbaines"),
                                   (("CA",), "Communautés d'agglomération"), (("CC",), "Communautés de communes"),
                                   (("EPT",), "Territoires de la Métropole du Grand Paris")]
    return env


_ENV: jinja2.Environment | None = None


def env() -> jinja2.Environment:
    """Templates are compiled once per process."""
    global _ENV
    if _ENV is None:
        _ENV = environment()
    return _ENV


def render_page(template: str, path: str, settings: Settings, **context) -> tuple[str, str]:
    """`base` leads to the site root from the page's URL (HTML links),
    `src` from its source path (Markdown links, checked by MkDocs)."""
    markdown = env().get_template(template).render(base=base(path), src="../" * path.count("/"),
                                                   settings=settings, **context)
    # A page outside the menu's sections ends its breadcrumb with its own title (read only for those).
    crumbs = fil.trail(path, context, title=lambda: page_title(markdown, routes.page_url(path)))
    return path, fil.with_trail(markdown, crumbs)


def page_title(markdown: str, default: str) -> str:
    """The title of a page: its front matter's `title`, else its first level-1 heading, else `default`."""
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
    return default

