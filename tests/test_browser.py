"""The built site in headless Chromium (Debian's, driven by Playwright): search, facets,
map, keyboard path, accessibility (axe-core), no third-party request, no CSP violation."""

from __future__ import annotations

import datetime
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from conftest import ROOT

from scripts.dates import french

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
    "carte": "carte/",
    "donnees": "donnees/",
    "etude": "etude/",
    "preconisations": "etude/preconisations/",
    "contribuer": "contribuer/",
    "accessibilite": "accessibilite/",
    "mentions-legales": "mentions-legales/",
    "donnees-personnelles": "donnees-personnelles/",
    "recherche": "recherche/?q=mobilite",
}

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
        page.wait_for_function("() => document.getElementById('recherche-etat').textContent.includes('cas')")


@pytest.mark.parametrize("kind", PAGE_KINDS)
def test_page_kind_is_accessible_private_and_csp_clean(page, server, kind):
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


def test_result_shows_title_and_summary(page, server):
    _results(page, server, "q=creche")
    first = page.locator("#recherche-liste li").first
    assert "Lucioles" in first.locator("a").inner_text()
    assert first.locator(".recherche-resume").inner_text().strip()


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
    assert "Hauts-de-France" in label and "(" in label


def test_header_search_box_on_every_page(page, server):
    _open(page, server, "cas/wimoov/")
    box = page.locator("header input[type=search]")
    assert box.count() == 1
    assert page.locator("label[for='recherche-entete-q']").inner_text() == "Rechercher un cas"
    box.fill("insertion des jeunes")
    box.press("Enter")
    page.wait_for_url("**/recherche/?q=insertion+des+jeunes")
    page.wait_for_function("() => document.querySelectorAll('#recherche-liste li').length > 0")


def test_map_places_cases_and_lists_them(page, server):
    _open(page, server, "carte/")
    markers = page.locator("svg.carte-cas a")
    assert markers.count() >= 15
    href = page.locator("svg.carte-cas a[href$='cas/totem-mobi/']")
    assert href.count() == 1
    assert page.locator("#liste + ul a[href$='cas/totem-mobi/']").count() == 1
    national = page.locator("#nationale + p + ul a, #nationale + ul a").evaluate_all("ls => ls.map(a => a.href)")
    assert any("citeslab" in h for h in national)
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "carte.png"), full_page=True)
    href.click()
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

    assert tab_to("document.activeElement.textContent.trim() === 'Tous les cas' "
                  "&& document.activeElement.closest('article') !== null")
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


def test_dark_mode_passes_contrast(browser, server):
    context = browser.new_context(color_scheme="dark")
    p = context.new_page()
    for path in ("", "cas/totem-mobi/"):
        p.goto(server + path)
        p.wait_for_load_state("networkidle")
        assert p.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
        violations = Axe().run(p, options={"runOnly": ["color-contrast"]}).response["violations"]
        assert violations == [], [n["target"] for v in violations for n in v["nodes"]][:5]
    context.close()


def test_each_case_prints_on_one_page(page, server):
    import re as _re
    cases = sorted(p.stem for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_"))
    too_long = {}
    for ident in cases:
        page.goto(server + f"cas/{ident}/")
        page.wait_for_load_state("networkidle")
        pages = len(_re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))
        if pages != 1:
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
