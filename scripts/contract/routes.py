"""The router: every URL of the site, spelt here and nowhere else.

A published URL is a promise (tests/urls-publiees.txt, the contract's « Adresses »):
keeping each one in a single place means a page cannot be linked under two spellings,
and a renamed page is one edit here plus a redirect. Every module and every template
asks this one (templates see it as the `route` global, `route.case(case.id)`).

A route is a URL path from the site root, without the leading « / »: `case("wimoov")`
is "cas/wimoov/". A page is linked as `base + route` (HTML, relative to the page), as
`src + source(route)` (Markdown, the source path MkDocs checks), or as
`site_url + route` (absolute: feed, citations, exports). The generated page of a route
is `source(route)`, and `page_url` goes back.

Why not in urls.py: urls.py lists the published URLs by building the whole site, so
everything the build imports could not import it back.
"""

from __future__ import annotations

from urllib.parse import urlencode

from scripts.contract.vocabularies import DEPARTEMENTS

# Sections of the site: the first segment of their pages' URLs.
HOME = ""
CASES = "cas/"
CATEGORIES = "categories/"
FORMES = "formes/"
IMPACTS = "impacts/"
ORIENTATIONS = "orientations/"
TERRITOIRES = "territoires/"
INTERCOMMUNALITES = "intercommunalites/"  # under TERRITOIRES (no region has this slug)
CARTE = "carte/"
DATA = "donnees/"
SEARCH = "recherche/"
SEARCH_INDEX = "pagefind/"  # Pagefind's index and its script, where its own tools put them
SITE_MAP = "plan-du-site/"
LEGAL = "mentions-legales/"
PRIVACY = "donnees-personnelles/"
ACCESSIBILITY = "accessibilite/"
CONTRIBUTE = "contribuer/"
STUDY = "etude/"
# Files at the root of the site.
FEED = "flux.xml"
ROBOTS = "robots.txt"
SITEMAP_XML = "sitemap.xml"  # written by MkDocs itself


def cases() -> str:
    """The list of every case."""
    return CASES


def case(ident: str) -> str:
    """A case page: 'cas/<id>/', for ever (the contract; a renamed case redirects). An empty id has
    no page (it would be the list of cases, 'cas//'): a caller's slip, refused here."""
    if not ident or "/" in ident:
        raise ValueError(f"identifiant de cas vide ou avec « / » : {ident!r}")
    return f"{CASES}{ident}/"


def case_file(ident: str, name: str) -> str:
    """A file served beside a case page (its references: reference.ris, reference.bib)."""
    return case(ident) + name


def case_source(ident: str) -> str:
    """The generated source path of a case page."""
    return source(case(ident))


def _in(section: str, slug: object = None) -> str:
    return section if slug is None else f"{section}{slug}/"


def category(slug: str | None = None) -> str:
    """The categories index, or one category's page."""
    return _in(CATEGORIES, slug)


def forme(slug: str | None = None) -> str:
    return _in(FORMES, slug)


def impact(slug: str | None = None) -> str:
    return _in(IMPACTS, slug)


def orientation(n: int | None = None) -> str:
    """The study's orientations, or one of them (its page holds its axes as anchors #axe-<k>)."""
    return _in(ORIENTATIONS, n)


def territoires() -> str:
    return TERRITOIRES


def region(slug: str) -> str:
    return _in(TERRITOIRES, slug)


def departement(code: str) -> str:
    """'93' -> the page of Seine-Saint-Denis under its region; '2A' is spelt '2a' in its URL."""
    return f"{region(DEPARTEMENTS[code][1])}{code.lower()}/"


def intercommunalite(siren: str | None = None) -> str:
    """The intercommunalities (métropoles, communautés, EPT) that have cases, or one of them by its SIREN."""
    return _in(TERRITOIRES + INTERCOMMUNALITES, siren)


def carte() -> str:
    return CARTE


def data(name: str = "") -> str:
    """The open-data page, or one of its files ('cas.json', 'schema.json', …)."""
    return DATA + name


def search(**filters: str) -> str:
    """The search page, opened on some filters: search(departement="93")."""
    return SEARCH + (f"?{urlencode(filters)}" if filters else "")


def search_file(name: str) -> str:
    """A file the search page's script reads (its facets' labels)."""
    return SEARCH + name


def search_index(name: str = "") -> str:
    """The search index's folder, or one of its files ('pagefind.js', the script the search page imports)."""
    return SEARCH_INDEX + name


def search_language() -> str:
    """The search index's language: Pagefind names its WebAssembly after it (wasm.fr.pagefind)."""
    return "fr"


def search_facets() -> str:
    """The facets' labels the search page's script reads, beside the page."""
    return search_file("facettes.json")


def search_index_mark() -> str:
    """Where the search page's head names the files of its index named by their hashes (a comment the
    theme writes): once the index is made, the adapter writes after it the preloads of the index's
    entry and metadata, then of a single chunk, or the word ranges of several (recherche.js preloads
    the query's)."""
    return "<!-- index de recherche -->"


def search_preloads() -> list[tuple[str, str]]:
    """What the search page's first search needs whatever its query, fetched with the page instead of
    one after the other (issue 29): (how, path) with how « module » (Pagefind's script, imported) or
    « fetch » (its WebAssembly for the index's language, the facets' labels). The index's entry,
    metadata and chunks are named by hashes the theme cannot know: the adapter names them once the
    index is made (search_index_mark)."""
    return [("module", search_index("pagefind.js")),
            ("fetch", search_index(f"wasm.{search_language()}.pagefind")),
            ("fetch", search_facets())]


def site_map() -> str:
    return SITE_MAP


def legal() -> str:
    return LEGAL


def privacy() -> str:
    return PRIVACY


def accessibility(name: str = "") -> str:
    """The accessibility statement, or a file beside it (the RGAA grid)."""
    return ACCESSIBILITY + name


def contribute(name: str = "") -> str:
    """The contributors' page (hand-written), or a file beside it (the sheet template)."""
    return CONTRIBUTE + name


def proposer() -> str:
    """The web form that writes a sheet."""
    return CONTRIBUTE + "proposer/"


def correction(ident: str) -> str:
    """The web form opened on a case to update it (its current values filled in)."""
    from urllib.parse import quote
    return f"{proposer()}?cas={quote(ident, safe='')}"


def study(page: str | None = None) -> str:
    """The study's pages (hand-written): its presentation, or 'definitions', 'resultats', 'preconisations'."""
    return _in(STUDY, page)


def feed(page: str = HOME) -> str:
    """The site's Atom feed, or the feed of an index page's cases, beside it ('categories/sociale/flux.xml')."""
    return page + FEED


def robots() -> str:
    return ROBOTS


def sitemap_xml() -> str:
    return SITEMAP_XML


# Pages and their source files.

def page_url(path: str) -> str:
    """The URL path of the page made from source `path`: 'a/b.md' -> 'a/b/', 'a/index.md' -> 'a/'."""
    return path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"


def source(url: str) -> str:
    """The source path of the page at `url`: the home and a section are an index.md, a page
    inside a section is a file of its own ('territoires/corse/2a/' -> 'territoires/corse/2a.md')."""
    if url.count("/") <= 1:
        return url + "index.md"
    return url.rstrip("/") + ".md"



def base(path: str) -> str:
    """Relative prefix from the page generated from `path` to the site root."""
    return "../" * page_url(path).count("/")


def absolute(site_url: str, url: str) -> str:
    """A route as an absolute URL, for what is read away from the site (feed, citations, exports)."""
    return site_url + url


# Names no case may take, as its id or a former id (`anciens_ids`): every name the site gives at its
# root, so that a sheet can never overwrite or shadow a generated path, should the cases' section
# ever change, and a case is never confused with a section in a link, a redirect or a message.
# The router's sections and root files (read from the constants above: a section or a file added
# there is reserved at once), what the publisher and its theme write at the root, and the index
# page of the cases' own section.
PUBLISHER_NAMES = ("assets", "404", "search", "index")


def _root_name(route: str) -> str:
    """'donnees/' -> 'donnees', 'flux.xml' -> 'flux', 'sitemap.xml' -> 'sitemap'."""
    return route.split("/", 1)[0].split(".", 1)[0]


RESERVED_NAMES = frozenset(
    {_root_name(value) for name, value in list(globals().items())
     if name.isupper() and isinstance(value, str) and _root_name(value)} | set(PUBLISHER_NAMES))
