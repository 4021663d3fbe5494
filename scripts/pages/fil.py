"""Where am I: the breadcrumb (« fil d'Ariane ») of each generated page, and its menu section.

`trail(path, context)` gives the crumbs of the page generated from `path` as
(label, path from the site root) pairs, the last one being the page itself.
`templating.render_page` writes them in the page's front matter (`fil`), and the theme
partial `overrides/partials/fil.html` draws them above the title.

The menu (mkdocs-material) highlights only pages that are in `nav`; a generated page
such as a case or a region is not: the adapter lights the entry of its section, the
second crumb (mkdocs_adapter/pages.py).
"""

from __future__ import annotations

from scripts.contract import routes, schema

HOME = ("Accueil", "")
INTERCOMMUNALITES = "Intercommunalités"

# The section of a generated page (its URL's first segment) -> (label of its index page, its route).
SECTIONS = {route: (label, route) for label, route in (
    ("Tous les cas", routes.CASES),
    ("Catégories", routes.CATEGORIES),
    ("Formes transversales", routes.FORMES),
    ("Impacts", routes.IMPACTS),
    ("Orientations", routes.ORIENTATIONS),
    ("Territoires", routes.TERRITOIRES),
    ("Carte", routes.CARTE),
    ("Données ouvertes", routes.DATA),
    ("Rechercher", routes.SEARCH),
)}


def _case_trail(case: dict) -> list[tuple[str, str]]:
    """A located case sits in its department; a national one in the list of all cases."""
    if "departement" in case:
        code = case["departement"]
        crumbs = [SECTIONS[routes.TERRITOIRES], (schema.REGIONS[case["region"]], routes.region(case["region"])),
                  (schema.DEPARTEMENTS[code][0], routes.departement(code))]
        if "epci" in case:  # then its intercommunality
            crumbs.append((case["epci"]["nom"], routes.intercommunalite(case["epci"]["code"])))
        return crumbs
    return [SECTIONS[routes.CASES]]


def trail(path: str, context: dict, title=None) -> list[tuple[str, str]]:
    """The crumbs of the page generated from source `path` (a case's, say), home first, the page last.

    title: called for the title of a page outside the menu's sections (its breadcrumb ends with it)."""
    here = routes.page_url(path)
    if here == routes.HOME:
        return []
    section = here.split("/")[0] + "/"
    crumbs = [HOME]
    if section not in SECTIONS:
        return crumbs + [(context.get("title") or (title() if title else here), here)]
    if here == section:
        return crumbs + [SECTIONS[section]]
    if section == routes.CASES:
        case = context["case"]
        return crumbs + _case_trail(case) + [(case["titre"], here)]
    crumbs.append(SECTIONS[section])
    if section == routes.TERRITOIRES:
        if context.get("intercommunalites"):  # the index of the intercommunalities
            return crumbs + [(INTERCOMMUNALITES, here)]
        if "groupe" in context:  # one intercommunality
            return crumbs + [(INTERCOMMUNALITES, routes.intercommunalite()), (context["groupe"]["nom"], here)]
        if "code" in context:  # a department page
            crumbs.append((context["name"], routes.region(context["slug"])))
            return crumbs + [(f"{schema.DEPARTEMENTS[context['code']][0]} ({context['code']})", here)]
        return crumbs + [(context["name"], here)]
    if section == routes.ORIENTATIONS:
        return crumbs + [(f"Orientation {context['n']}", here)]
    return crumbs + [(context.get("label", here), here)]


def front_matter(crumbs: list[tuple[str, str]]) -> str:
    """The `fil:` line of a page's front matter (a YAML flow list of [title, path] pairs)."""
    from scripts.pages.escaping import yaml_string  # emoji stay whole: json's ASCII escapes are surrogates YAML refuses
    return "fil: [" + ", ".join("[" + ", ".join(yaml_string(str(part)) for part in c) + "]" for c in crumbs) + "]\n"


def with_trail(markdown: str, crumbs: list[tuple[str, str]]) -> str:
    """The page's Markdown with its breadcrumb added to its front matter."""
    if not crumbs or not markdown.startswith("---\n"):
        return markdown
    return "---\n" + front_matter(crumbs) + markdown[4:]
