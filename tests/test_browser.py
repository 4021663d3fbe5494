"""The built site in headless Chromium (Debian's, driven by Playwright): search, facets,
map, keyboard path, accessibility (axe-core), no third-party request, no CSP violation."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from helpers import ROOT

from scripts.sheets.dates import french

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--no-first-run", "--disable-features=AutofillServerCommunication"]
ARTIFACTS = ROOT / "tests" / "artifacts"

PAGE_KINDS = {
    "accueil": "",
    "tous-les-cas": "cas/",
    "cas": "cas/totem-mobi/",
    "categories": "categories/",
    "categorie": "categories/sociale/",
    "formes": "formes/",
    "forme": "formes/territoriale/",
    "impacts": "impacts/",
    "impact": "impacts/mobilite/",
    "orientations": "orientations/",
    "orientation": "orientations/1/",
    "territoires": "territoires/",
    "region": "territoires/ile-de-france/",
    "region-sans-cas": "territoires/bretagne/",
    "departement": "territoires/ile-de-france/93/",
    "carte": "carte/",
    "donnees": "donnees/",
    "etude": "etude/",
    "preconisations": "etude/preconisations/",
    "contribuer": "contribuer/",
    "accessibilite": "accessibilite/",
    "mentions-legales": "mentions-legales/",
    "donnees-personnelles": "donnees-personnelles/",
    "recherche": "recherche/?q=mobilite",
    "recherche-filtree": "recherche/?region=hauts-de-france&region=ile-de-france",
    "recherche-vide": "recherche/?q=zzqqxx&region=hauts-de-france",
    "introuvable": "404.html",
}
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1366, "height": 900}

# Reports every CSP violation into window.__csp before any page script runs.
CSP_PROBE = ("window.__csp = []; document.addEventListener('securitypolicyviolation', "
             "e => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));")


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="fr-FR")
    context.add_init_script(CSP_PROBE)
    p = context.new_page()
    p.requests = []
    p.on("request", lambda r: p.requests.append(r.url))
    yield p
    context.close()


def _open(page, server, path):
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    if path.startswith("recherche/"):
        page.wait_for_function("() => /cas/.test(document.getElementById('recherche-etat').textContent)")
        page.wait_for_selector("#recherche-facettes:not([aria-busy])", state="attached")  # drawn after the results


@pytest.mark.parametrize("width", [1366, 390])
@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_is_accessible_private_and_csp_clean(page, server, kind, width):
    page.set_viewport_size({"width": width, "height": 900})
    _open(page, server, PAGE_KINDS[kind])
    host = urlparse(server).netloc
    outside = [u for u in page.requests if urlparse(u).scheme in ("http", "https") and urlparse(u).netloc != host]
    assert outside == [], f"requêtes vers un autre hôte : {outside}"
    assert page.evaluate("window.__csp") == []
    assert page.get_attribute("html", "lang") == "fr"
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], v["impact"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []


def _results(page, server, query):
    _open(page, server, "recherche/?" + query)
    return page.locator("#recherche-liste li a").evaluate_all("links => links.map(a => a.getAttribute('href'))")


def test_search_ignores_accents_and_case(page, server):
    found = [_results(page, server, f"q={q}") for q in ("mobilite", "Mobilité", "MOBILITE", "mobilité")]
    assert found[0] and all(f == found[0] for f in found)
    assert any("totem-mobi" in href for href in found[0])
    economie = [_results(page, server, f"q={q}") for q in ("economie", "économie", "ECONOMIE")]
    assert economie[0] and all(f == economie[0] for f in economie)


def test_result_shows_title_place_categories_and_highlighted_excerpt(page, server):
    _results(page, server, "q=creche")
    first = page.locator("#recherche-liste li").first
    assert "Lucioles" in first.locator("a").inner_text()
    place = first.locator(".recherche-lieu").inner_text()
    assert "(95)" in place and "Innovation" in place  # commune, department (code), categories
    assert first.locator(".recherche-extrait mark").count() >= 1
    _results(page, server, "region=hauts-de-france")  # filters only: the summary stands in for an excerpt
    assert page.locator("#recherche-liste li .recherche-resume").first.inner_text().strip()


def test_facets_live_in_the_url_and_reopen(page, server, browser):
    _open(page, server, "recherche/?q=emploi")
    total = page.locator("#recherche-liste li").count()
    page.check("#f-impact-mobilite")
    page.wait_for_function("() => location.search.includes('impact=mobilite')")
    page.wait_for_timeout(300)
    filtered = page.locator("#recherche-liste li a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert 0 < len(filtered) < total
    url = page.url
    assert "q=emploi" in url and "impact=mobilite" in url
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recherche-filtree.png"))
    other = browser.new_page()
    other.goto(url)
    other.wait_for_function("() => document.querySelectorAll('#recherche-liste li').length > 0")
    reopened = other.locator("#recherche-liste li a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert reopened == filtered
    assert other.is_checked("#f-impact-mobilite")
    other.close()


def test_facets_alone_and_combined(page, server):
    both = _results(page, server, "impact=mobilite&region=hauts-de-france")
    assert both and all("wimoov" in h for h in both)
    label = page.locator("label[for='f-region-hauts-de-france']").inner_text()
    assert "Hauts-de-France" in label and label.split()[-2].isdigit()  # « Hauts-de-France 1 cas »


def test_header_search_box_on_every_page(page, server):
    _open(page, server, "cas/wimoov/")
    box = page.locator("header input[type=search]")
    assert box.count() == 1
    assert page.locator("label[for='recherche-entete-q']").inner_text() == "Rechercher un cas"
    box.fill("insertion professionnelle")  # every word in one case's own text (not in its fact box)
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=insertion+professionnelle")
    page.wait_for_function("() => document.querySelectorAll('#recherche-liste li').length > 0")


def test_map_places_cases_and_lists_them(page, server):
    _open(page, server, "carte/")
    markers = page.locator("svg.carte-cas a")
    assert markers.count() >= 15
    assert page.locator("svg.carte-cas a[href$='cas/studiobjet/']").count() == 1
    group = page.locator("svg.carte-cas a[aria-label*='Totem Mobi']")  # with the other case of Marseille
    assert group.count() == 1 and group.locator('text').text_content() == "2"
    assert page.locator("#liste ~ ul a[href$='cas/totem-mobi/']").count() == 1
    national = page.locator("#nationale + p + ul a, #nationale + ul a").evaluate_all("ls => ls.map(a => a.href)")
    assert any("citeslab" in h for h in national)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "carte.png"), full_page=True)
    group.click()
    page.wait_for_url("**/carte/#carte-groupe-*")
    page.locator(":target + ul a[href$='cas/totem-mobi/']").click()
    page.wait_for_url("**/cas/totem-mobi/")


def test_keyboard_path_from_home_to_a_case(page, server):
    _open(page, server, "")
    assert page.locator("a.md-skip").count() == 1

    def tab_to(predicate_js, limit=80):
        for _ in range(limit):
            page.keyboard.press("Tab")
            if page.evaluate(predicate_js):
                return True
        return False

    assert tab_to("document.activeElement.textContent.trim().toLowerCase() === 'tous les cas' "
                  "&& document.activeElement.closest('article') !== null", limit=120)
    ring = page.evaluate("getComputedStyle(document.activeElement).outlineStyle")
    assert ring not in ("none", ""), "the focused link shows a visible focus ring"
    page.keyboard.press("Enter")
    page.wait_for_url("**/cas/")
    assert tab_to("(document.activeElement.getAttribute('href') || '').endsWith('cas/adive/')")
    page.keyboard.press("Enter")
    page.wait_for_url("**/cas/adive/")
    assert page.locator("h1").inner_text() == "Adive"


def test_screenshots_for_people(page, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for name, path in (("accueil", ""), ("cas", "cas/totem-mobi/")):
        _open(page, server, path)
        page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
        assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_dark_mode_page_kind_is_accessible(browser, server, kind):
    context = browser.new_context(color_scheme="dark", viewport=DESKTOP)
    p = context.new_page()
    _open(p, server, PAGE_KINDS[kind])
    assert p.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    violations = Axe().run(p).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    context.close()


def test_each_case_prints_on_one_page(page, server):
    import re as _re
    cases = sorted(p.stem for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_"))
    too_long = {}
    for ident in cases:
        page.goto(server + f"cas/{ident}/")
        page.wait_for_load_state("networkidle")
        pages = len(_re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
        # One sheet of paper, printed on both sides: since « Reproduire ce projet » and the marks of the
        # base's own classification, a case takes one or two pages.
        if pages > 2:
            too_long[ident] = pages
    assert too_long == {}
    page.emulate_media(media="print")
    assert not page.locator("header.md-header").is_visible()
    assert not page.locator(".md-sidebar--primary").is_visible()
    assert page.locator("h1").is_visible()


# --- The pages corrected by issue 16, as a reader sees them ------------------------------

CORRECTED_PAGES = {"etude": "etude/", "orientation-2": "orientations/2/", "cas-plaine-image": "cas/plaine-image-shiness/"}
VIEWPORTS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1366, "height": 900}}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("kind", CORRECTED_PAGES)
def test_corrected_pages_screenshots(browser, server, kind, size, scheme):
    context = browser.new_context(viewport=VIEWPORTS[size], locale="fr-FR", color_scheme=scheme)
    p = context.new_page()
    _open(p, server, CORRECTED_PAGES[kind])
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"contenu-{kind}-{size}-{scheme}.png"
    p.screenshot(path=str(target), full_page=True)
    assert target.stat().st_size > 10_000
    assert p.locator("article h1").is_visible()
    assert p.evaluate("document.body.getAttribute('data-md-color-scheme')") == ("slate" if scheme == "dark" else "default")
    context.close()


def test_study_pages_link_every_case_and_the_links_work(page, server):
    _open(page, server, "etude/")
    hrefs = page.locator("article a[href*='cas/']").evaluate_all(
        "links => [...new Set(links.map(a => a.href).filter(h => /cas\\/[a-z0-9-]+\\/$/.test(h)))]")
    assert len(hrefs) == 23
    _open(page, server, "etude/resultats/")
    hrefs += page.locator("article a[href$='cas/adive/']").evaluate_all("links => links.map(a => a.href)")
    assert hrefs[-1] == server + "cas/adive/"
    for href in hrefs:
        assert page.request.get(href).status == 200, href


def test_an_axis_without_case_says_so(page, server):
    _open(page, server, "orientations/2/")
    empty = page.locator("#axe-5 ~ p.cas-vide").first
    assert empty.is_visible()
    assert "Aucun cas de la base n'illustre encore cet axe" in empty.inner_text()


# --- Publication (issue 14): the citation block, /donnees/, the legal pages ---------------------------

SIZES = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}


def _context(browser, size="1366", dark=False, **options):
    context = browser.new_context(viewport=SIZES[size], locale="fr-FR", color_scheme="dark" if dark else "light",
                                  **options)
    context.add_init_script(CSP_PROBE)
    return context


def _right(page, selector: str) -> float:
    """The right edge of the widest element inside `selector` (the block itself included)."""
    return page.evaluate(f"Math.max(...[document.querySelector('{selector}'), "
                         f"...document.querySelectorAll('{selector} *')].map(e => e.getBoundingClientRect().right))")


def test_copy_button_copies_the_reference_with_todays_date(browser, server):
    context = _context(browser, permissions=["clipboard-read", "clipboard-write"])
    page = context.new_page()
    page.goto(server + "cas/wimoov/")
    page.wait_for_load_state("networkidle")
    button = page.locator("button.cas-citer-copier")
    assert button.is_visible() and button.inner_text() == "Copier la référence"
    today = french(datetime.date.today())
    reference = page.locator("#cas-reference").inner_text()
    assert f"(consulté le {today})" in reference and "[date de consultation]" not in reference
    button.click()
    page.wait_for_function("() => document.querySelector('.cas-citer-etat').textContent !== ''")
    assert page.locator(".cas-citer-etat").inner_text() == "Référence copiée dans le presse-papiers."
    copied = page.evaluate("navigator.clipboard.readText()")
    assert copied.startswith("«\u202fWimoov\u202f», fiche de la Base de projets innovation et QPV")
    assert copied.endswith(f"(consulté le {today}).") and "\n" not in copied
    assert page.evaluate("window.__csp") == []
    context.close()


def test_without_javascript_the_reference_is_plain_selectable_text(browser, server):
    context = _context(browser, java_script_enabled=False)
    page = context.new_page()
    page.goto(server + "cas/wimoov/")
    assert not page.locator("button.cas-citer-copier").is_visible()
    reference = page.locator("#cas-reference")
    assert reference.is_visible() and "(consulté le [date de consultation])" in reference.inner_text()
    assert page.evaluate("getComputedStyle(document.getElementById('cas-reference')).userSelect") in ("all", "auto")
    assert page.locator(".cas-citer a[href='reference.ris']").is_visible()
    context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["clair", "sombre"])
@pytest.mark.parametrize("size", SIZES)
def test_citation_block_screenshots(browser, server, size, dark):
    context = _context(browser, size, dark)
    page = context.new_page()
    page.goto(server + "cas/totem-mobi/")
    page.wait_for_load_state("networkidle")
    block = page.locator(".cas-citer")
    block.scroll_into_view_if_needed()
    assert _right(page, ".cas-citer") <= SIZES[size]["width"]
    violations = Axe().run(page, options={"runOnly": ["color-contrast"]}).response["violations"]
    assert violations == [], [n["target"] for v in violations for n in v["nodes"]][:5]
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"citation-{size}{'-sombre' if dark else ''}.png"
    page.evaluate("window.scrollTo(0, document.getElementById('citer').getBoundingClientRect().top + scrollY - 70)")
    page.wait_for_timeout(300)  # the header's title animation
    page.screenshot(path=str(ARTIFACTS / name))
    assert (ARTIFACTS / name).stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("dark", [False, True], ids=["clair", "sombre"])
@pytest.mark.parametrize("size", SIZES)
def test_data_page_cards_and_screenshots(browser, server, size, dark):
    context = _context(browser, size, dark)
    page = context.new_page()
    page.goto(server + "donnees/")
    page.wait_for_load_state("networkidle")
    cards = page.locator(".donnees-carte")
    assert cards.count() == 6
    tops = [round(cards.nth(i).bounding_box()["y"]) for i in range(2)]
    if size == "1366":
        assert tops[0] == tops[1], "cards side by side on a desktop screen"
    else:
        assert tops[0] < tops[1], "one card a row on a phone"
    assert _right(page, ".donnees-cartes") <= SIZES[size]["width"]
    box = page.locator(".donnees-apercu").bounding_box()  # the preview table scrolls inside this box
    assert box["x"] + box["width"] <= SIZES[size]["width"]
    assert page.locator(".donnees-carte a.md-button[download]").count() == 6
    violations = Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations] == []
    ARTIFACTS.mkdir(exist_ok=True)
    name = f"donnees-{size}{'-sombre' if dark else ''}"
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))
    page.evaluate("window.scrollTo(0, document.getElementById('apercu').getBoundingClientRect().top + scrollY - 70)")
    page.wait_for_timeout(300)  # the header's title animation
    page.screenshot(path=str(ARTIFACTS / f"{name}-apercu.png"))
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 10_000
    context.close()


@pytest.mark.parametrize("size", SIZES)
def test_legal_pages_screenshots(browser, server, size):
    context = _context(browser, size)
    page = context.new_page()
    ARTIFACTS.mkdir(exist_ok=True)
    for path in ("mentions-legales/", "donnees-personnelles/", "accessibilite/"):
        page.goto(server + path)
        page.wait_for_load_state("networkidle")
        assert page.locator("h1").is_visible()
        page.screenshot(path=str(ARTIFACTS / f"{path.strip('/')}-{size}.png"))
    footer = page.locator(".md-copyright")
    footer.scroll_into_view_if_needed()
    assert "Accessibilité\u00a0: non conforme" in footer.inner_text()
    footer.screenshot(path=str(ARTIFACTS / f"pied-de-page-{size}.png"))
    context.close()


# ---- Readers' way in (issue 13): each point at 1366 px and at 390 px. ----

@pytest.fixture(params=["bureau", "telephone"])
def screen(request, browser):
    """A page at desktop (1366 px) or phone (390 px) size, light colour scheme."""
    context = browser.new_context(viewport=DESKTOP if request.param == "bureau" else PHONE, locale="fr-FR")
    p = context.new_page()
    p.kind = request.param
    yield p
    context.close()


def _shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"))


def test_search_count_and_first_results_on_the_first_screen(screen, server):
    _open(screen, server, "recherche/?q=emploi")
    height = screen.viewport_size["height"]
    assert screen.locator("#recherche-etat").bounding_box()["y"] + 20 < height
    assert screen.locator("#recherche-liste li").first.bounding_box()["y"] < height
    facets = screen.locator("#recherche-facettes")
    toggle = screen.locator("#recherche-filtrer")
    if screen.kind == "telephone":
        assert not facets.is_visible() and toggle.get_attribute("aria-expanded") == "false"
        toggle.focus()
        screen.keyboard.press("Enter")  # a real button: keyboard and screen readers open it
        assert facets.is_visible() and toggle.get_attribute("aria-expanded") == "true"
    else:
        assert facets.is_visible() and not toggle.is_visible()
        results, filters = screen.locator(".recherche-resultats").bounding_box(), facets.bounding_box()
        assert results["width"] > 1.5 * filters["width"]  # results get the main column


def test_ticking_a_second_region_adds_its_cases(screen, server):
    _open(screen, server, "recherche/?region=hauts-de-france")
    if screen.kind == "telephone":
        screen.click("#recherche-filtrer")
    first = screen.locator("#recherche-liste li").count()
    predicted = int(screen.locator("label[for='f-region-ile-de-france'] .recherche-compte").inner_text().split()[0])
    screen.check("#f-region-ile-de-france")
    screen.wait_for_function("() => location.search.includes('region=ile-de-france')")
    screen.wait_for_function(f"() => document.querySelectorAll('#recherche-liste li').length === {first + predicted}")
    assert "region=hauts-de-france" in screen.url
    chips = screen.locator("#recherche-puces button")
    assert chips.count() == 2 and "Île-de-France" in chips.nth(1).inner_text()
    _shot(screen, f"recherche-filtres-{screen.kind}")
    chips.nth(1).click()
    screen.wait_for_function(f"() => document.querySelectorAll('#recherche-liste li').length === {first}")
    screen.click("#recherche-effacer")
    screen.wait_for_function("() => location.search === ''")
    screen.wait_for_function("() => document.querySelectorAll('#recherche-puces button').length === 0")
    assert screen.locator("#recherche-actifs").is_hidden()


def test_empty_result_suggests_and_keeps_the_filters(page, server):
    _open(page, server, "recherche/?q=zzqqxx&region=hauts-de-france")
    assert "Aucun cas" in page.locator("#recherche-etat").inner_text()
    assert "retirez un filtre" in page.locator("#recherche-etat").inner_text()
    assert page.is_checked("#f-region-hauts-de-france")
    assert page.locator("#recherche-facettes fieldset").count() >= 5
    assert page.locator("#recherche-puces button").count() == 1


def test_department_filter_and_public_labels(page, server):
    _open(page, server, "recherche/?departement=93")
    hrefs = page.locator("#recherche-liste li a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert len(hrefs) == 3 and any("novaedia" in h for h in hrefs)
    legends = page.locator("#recherche-facettes legend").all_inner_texts()
    assert "Département" in legends and "Origine de la fiche" in legends and "Statut" not in legends


def test_department_page_linked_from_region_page_and_map(screen, server):
    _open(screen, server, "territoires/ile-de-france/")
    hrefs = screen.locator("article a").evaluate_all("ls => ls.map(a => a.href)")
    assert any(h.endswith("/territoires/ile-de-france/93/") for h in hrefs)
    _open(screen, server, "carte/")
    assert screen.locator("svg.carte-cas a.carte-departement[href$='territoires/ile-de-france/93/']").count() >= 1
    _open(screen, server, "territoires/ile-de-france/93/")
    assert screen.locator("h1").inner_text() == "Seine-Saint-Denis (93)"
    assert screen.locator("article a[href$='cas/novaedia/']").count() >= 1
    _shot(screen, f"departement-{screen.kind}")
    _open(screen, server, "territoires/ile-de-france/#departement-95")  # published anchors still lead somewhere
    assert screen.locator("#departement-95").count() == 1 and screen.locator("#departement-77").count() == 1


def test_regions_without_cases_are_not_linked_from_territories(page, server):
    _open(page, server, "territoires/")
    assert page.locator("article a[href$='territoires/bretagne/']").count() == 0
    assert "Bretagne" in page.locator(".territoires-sans-cas").inner_text()
    _open(page, server, "territoires/bretagne/")
    assert "Aucun cas" in page.locator("article").inner_text()


def test_map_markers_never_overlap_and_are_big_enough(screen, server):
    _open(screen, server, "carte/")
    boxes = screen.locator("svg.carte-cas g.carte-marqueur a").evaluate_all(
        "ls => ls.map(a => { const r = a.querySelector('.carte-cible').getBoundingClientRect();"
        " return [r.x, r.y, r.width, r.height]; })")
    assert len(boxes) >= 8
    for _x, _y, w, h in boxes:  # WCAG 2.5.8: targets of at least 24 × 24 CSS px
        assert min(w, h) >= 24 - 0.01, (w, h)
    for i, (x, y, w, h) in enumerate(boxes):
        for x2, y2, w2, h2 in boxes[i + 1:]:
            assert x + w <= x2 or x2 + w2 <= x or y + h <= y2 or y2 + h2 <= y, ((x, y), (x2, y2))
    screen.locator("svg.carte-cas").screenshot(path=str(ARTIFACTS / f"carte-{screen.kind}.png"))


def test_breadcrumb_and_menu_section(screen, server):
    _open(screen, server, "cas/wimoov/")
    crumbs = screen.locator("nav.fil li").all_inner_texts()
    assert [c.strip() for c in crumbs] == ["Accueil", "Territoires", "Hauts-de-France", "Nord", "CA Valenciennes Métropole", "Wimoov"]
    assert screen.locator("nav.fil [aria-current=page]").inner_text() == "Wimoov"
    if screen.kind == "bureau":  # the menu entry of the section is highlighted
        active = screen.locator(".md-sidebar--primary .md-nav__item--active > a.md-nav__link[href$='territoires/']")
        assert active.count() == 1 and active.evaluate("a => getComputedStyle(a).fontWeight") == "700"
    home = screen.locator("header a.entete-accueil")
    assert home.is_visible()  # the site name leads home, phone included
    home.click()
    screen.wait_for_url(server)
    for path in ("categories/sociale/", "orientations/1/", "territoires/hauts-de-france/59/", "carte/"):
        _open(screen, server, path)
        assert screen.locator("nav.fil a").first.inner_text() == "Accueil", path


def test_menu_has_no_duplicated_labels(page, server):
    _open(page, server, "etude/definitions/")
    labels = page.locator(".md-sidebar--primary .md-nav__link:not(.md-nav__container)").evaluate_all(
        "ls => ls.filter(l => l.offsetParent !== null).map(l => l.textContent.trim())")
    assert labels.count("L'étude") == 1 and "Présentation de l'étude" in labels


@pytest.mark.parametrize("width", [320, 390])
def test_no_horizontal_scroll_on_a_phone(browser, server, width):
    context = browser.new_context(viewport={"width": width, "height": 800})
    p = context.new_page()
    wide = {}
    for kind, path in PAGE_KINDS.items():
        _open(p, server, path)
        if p.evaluate("document.documentElement.scrollWidth") != width:
            wide[kind] = p.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert wide == {}


def test_404_page_is_french_with_search_and_ways_back(page, server):
    _open(page, server, "404.html")
    assert page.get_attribute("html", "lang") == "fr"
    assert page.locator("h1").inner_text() == "Page introuvable"
    assert page.locator("article form[role=search] input[name=q]").count() == 1
    assert page.locator("article a[href$='cas/']").count() >= 1
    assert "Not found" not in page.content()


def test_home_orients(screen, server):
    _open(screen, server, "")
    text = screen.locator("article").inner_text()
    assert "quartiers prioritaires de la politique de la ville (QPV)" in text
    assert "0 contribution" not in text
    box = screen.locator("article form[role=search] input[type=search]")
    assert box.bounding_box()["y"] < screen.viewport_size["height"]  # a search box on the first screen
    for ways in ("#par-categorie", "#par-impact", "#par-territoire", "#par-orientation"):
        assert screen.locator(f"section:has({ways}) li").count() >= 4, ways
        assert "cas" in screen.locator(f"section:has({ways}) .accueil-compte").first.inner_text()
    assert screen.locator("ul.accueil-cas li").count() >= 3
    assert screen.locator("a.accueil-carte svg").count() == 1


def test_screenshots_light_and_dark(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    shots = {"accueil": "", "cas": "cas/wimoov/", "carte": "carte/", "departement": "territoires/ile-de-france/93/",
             "recherche": "recherche/?q=emploi&region=hauts-de-france&region=ile-de-france"}
    for scheme in ("light", "dark"):
        for size, viewport in (("bureau", DESKTOP), ("telephone", PHONE)):
            context = browser.new_context(viewport=viewport, color_scheme=scheme, locale="fr-FR")
            p = context.new_page()
            for name, path in shots.items():
                _open(p, server, path)
                target = ARTIFACTS / f"{name}-{size}-{'sombre' if scheme == 'dark' else 'clair'}.png"
                p.screenshot(path=str(target))
                assert target.stat().st_size > 10_000
            context.close()
