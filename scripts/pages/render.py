"""Render every generated page as (path, markdown) pairs: one call per build.

A case page is whole HTML (its body rendered as untrusted Markdown by `case_page`), which
the site generator publishes without reading it as Markdown; the other pages are Markdown.
"""

from __future__ import annotations

from collections.abc import Callable

from markupsafe import Markup

from scripts.contract import routes, schema
from scripts.contract.routes import base
from scripts.contract.settings import Settings
from scripts.exports import open_data
from scripts.exports.open_data import DERIVED_HELP
from scripts.pages import case_page, formulaire, listing, rgaa, vocabulary
from scripts.pages.case_page import body
from scripts.pages.data_page import data_context
from scripts.pages.escaping import meta
from scripts.pages.grouping import Index
from scripts.pages.related import Related
from scripts.pages.sitemap import site_map
from scripts.pages.templating import render_page
from scripts.sheets import safe_markdown


def pages(cases: list[dict], settings: Settings | None = None,
          bodies: dict[str, safe_markdown.Body] | None = None,
          data: list[tuple[str, str | bytes]] | Callable[[], list] | None = None,
          other_pages: list[tuple[str, str]] = (),
          audit: rgaa.Audit | None = None, memo=None) -> list[tuple[str, str]]:
    """Every generated page, as (path under the site, markdown; whole HTML for a case page).

    bodies: each case's rendered body by id (rendered here when not given);
    data: the open-data files, for /donnees/, or a function giving them (called once the other
    pages are rendered: the files may be made meanwhile in another process);
    other_pages: (path, title) of the pages the core does not make (hand-written ones), for the
    site map; audit: the RGAA audit the accessibility statement reports (read from the grid when None);
    memo: the case pages of the previous build, given back when their inputs are unchanged (`memo.page`,
    keyed by `memo.fingerprint` of what the page shows: mkdocs_adapter/memo.py).
    """
    settings = settings or Settings()
    if bodies is None:
        bodies = {case["id"]: body(case) for case in cases}
    if data is None:
        data = open_data.files(cases, settings.site_url)
    index = Index(cases)
    token = listing.CURRENT.set(listing.Listing())  # one build's cases only
    try:
        return _pages(cases, settings, bodies, data, other_pages, audit, index, memo)
    finally:
        listing.CURRENT.reset(token)


def feeds(index: Index) -> list[tuple[str, str, list[dict]]]:
    """(route, title, cases) of each index page that has a feed of its cases beside it
    (`routes.feed(route)`): each category, form, impact, orientation, region, department with
    cases and intercommunality; the feed holds exactly the cases the page lists."""
    out = [(routes.category(slug), label, index.by_category[slug]) for slug, label in schema.CATEGORIES.items()]
    out += [(routes.forme(slug), label, index.by_forme[slug]) for slug, label in schema.FORMES.items()]
    out += [(routes.impact(slug), label, index.by_impact_principal[slug] + index.by_impact_other[slug])
            for slug, label in schema.IMPACTS.items()]
    out += [(routes.orientation(n), f"Orientation {n} : {title}", index.by_orientation[n])
            for n, title in schema.ORIENTATIONS.items()]
    out += [(routes.region(slug), name, index.by_region[slug]) for slug, name in schema.REGIONS.items()]
    out += [(routes.departement(code), f"{name} ({code})", index.by_departement[code])
            for code, (name, _) in schema.DEPARTEMENTS.items() if index.by_departement[code]]
    out += [(routes.intercommunalite(g["code"]), g["nom"], index.by_groupe[g["code"]]) for g in index.groupes_sorted()]
    return out


def _with_feed(page: tuple[str, str], route: str, title: str) -> tuple[str, str]:
    """The page with its feed in its front matter (`flux`, `flux_titre`: the theme announces it in the head)."""
    path, markdown = page
    if not markdown.startswith("---\n"):
        return page
    lines = f"flux: {meta(routes.feed(route))}\nflux_titre: {meta('Flux Atom : ' + title)}\n"
    return path, "---\n" + lines + markdown[4:]


def data_page(cases: list[dict], files: list[tuple[str, str | bytes]], settings: Settings) -> tuple[str, str]:
    """The data page (/donnees/): what the open-data `files` hold, their sizes and first rows."""
    return render_page("donnees.md.j2", routes.source(routes.data()), settings, count=len(cases), fields=schema.FIELDS,
                       derived={key: (help, [c.name for c in schema.DERIVED[key].field.table_columns(key)])
                                for key, help in DERIVED_HELP.items()},
                       sheet_columns=[(c.header, c.help) for c in open_data.people_columns(settings.site_url)],
                       code_columns=[(c.name, c.help) for c in open_data.code_columns(settings.site_url)],
                       **data_context(cases, files, settings.site_url))


def _pages(cases, settings, bodies, data, other_pages, audit, index, memo) -> list[tuple[str, str]]:
    related = Related(index)
    with_feeds = {route: title for route, title, _ in feeds(index)}

    def render(template: str, route: str, **context) -> tuple[str, str]:
        """The page at `route` (routes.py), made from its template (with its feed, if it has one)."""
        if route not in with_feeds:
            return render_page(template, routes.source(route), settings, flux=None, **context)
        page = render_page(template, routes.source(route), settings, flux=routes.feed(route), **context)
        return _with_feed(page, route, with_feeds[route])

    out = [
        render("home.md.j2", routes.HOME, index=index),
        render("cases.md.j2", routes.CASES, index=index),
        render("categories.md.j2", routes.category(), index=index),
        render("formes.md.j2", routes.forme(), index=index),
        render("impacts.md.j2", routes.impact(), index=index),
        render("orientations.md.j2", routes.orientation(), index=index),
        render("territoires.md.j2", routes.territoires(), index=index),
        render("carte.md.j2", routes.carte(), index=index),
        None,  # the data page: rendered last, when the data files it describes are made
        render("mentions-legales.md.j2", routes.legal()),
        render("donnees-personnelles.md.j2", routes.privacy()),
        render("recherche.md.j2", routes.search(), index=index, mots=vocabulary.PATH),
        render("proposer.md.j2", routes.proposer(), **formulaire.context(settings, base(formulaire.PATH))),
    ]
    prints = {case["id"]: memo.fingerprint(case) for case in index.cases} if memo is not None else {}
    same_settings = memo.fingerprint(settings) if memo is not None else b""
    for case in index.cases:
        near, html = related.of(case), case_page.searchable(bodies[case["id"]].html)

        def page(case=case, near=near, html=html) -> tuple[str, str]:
            return render("case.md.j2", routes.case(case["id"]), case=case, related=near, body=Markup(html))
        if memo is None:
            out.append(page())
            continue
        key = (prints[case["id"]], tuple(prints[other["id"]] for other in near), html, same_settings)
        out.append(memo.page(key, page))
    for slug, label in schema.CATEGORIES.items():
        out.append(render("category.md.j2", routes.category(slug), slug=slug, label=label,
                          definition=schema.CATEGORY_DEFINITIONS[slug], cases=index.by_category[slug]))
    for slug, label in schema.FORMES.items():
        out.append(render("category.md.j2", routes.forme(slug), slug=slug, label=label,
                          definition=schema.FORME_DEFINITIONS[slug], cases=index.by_forme[slug]))
    for slug, label in schema.IMPACTS.items():
        out.append(render("impact.md.j2", routes.impact(slug), slug=slug, label=label,
                          principal=index.by_impact_principal[slug], others=index.by_impact_other[slug]))
    for n, title in schema.ORIENTATIONS.items():
        axes = {k: a for k, a in schema.AXES.items() if a.orientation == n}
        out.append(render("orientation.md.j2", routes.orientation(n), n=n, title=title, axes=axes,
                          by_axis=index.by_axis))
    for slug, name in schema.REGIONS.items():
        departements = [code for code, (_, region) in schema.DEPARTEMENTS.items() if region == slug]
        out.append(render("region.md.j2", routes.region(slug), slug=slug, name=name,
                          departements=departements, by_departement=index.by_departement,
                          with_cases=[code for code in departements if index.by_departement.get(code)],
                          count=len(index.by_region[slug])))
        for code in departements:  # a page per department that has cases
            if index.by_departement[code]:
                out.append(render("departement.md.j2", routes.departement(code), slug=slug, name=name,
                                  code=code, cases=index.by_departement[code],
                                  groupes=index.groupes_sorted(index.by_departement[code])))
    out.append(render("intercommunalites.md.j2", routes.intercommunalite(), index=index, intercommunalites=True))
    for groupe in index.groupes_sorted():
        out.append(render("intercommunalite.md.j2", routes.intercommunalite(groupe["code"]), groupe=groupe,
                          cases=index.by_groupe[groupe["code"]], index=index))
    files = data() if callable(data) else data
    out[out.index(None)] = data_page(cases, files, settings)
    audit = audit or rgaa.audit()
    out.append(render("accessibilite.md.j2", routes.accessibility(), audit=audit, rgaa=rgaa,
                      editeur=settings.editeur))
    out.append(site_map(out, other_pages, settings))  # last: it lists every page above
    return out
