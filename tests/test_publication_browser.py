"""The citation block and /donnees/ in headless Chromium: copy button, no-JS reading, layout,
contrast, and screenshots (390 px and 1366 px, light and dark) for people to look at."""

from __future__ import annotations

import datetime

import pytest
from axe_playwright_python.sync_playwright import Axe
from test_browser import ARTIFACTS, CSP_PROBE, browser, server  # noqa: F401  (fixtures)

from scripts.dates import french

SIZES = {"390": {"width": 390, "height": 844}, "1366": {"width": 1366, "height": 900}}


def _context(browser, size="1366", dark=False, **options):  # noqa: F811
    context = browser.new_context(viewport=SIZES[size], locale="fr-FR", color_scheme="dark" if dark else "light",
                                  **options)
    context.add_init_script(CSP_PROBE)
    return context


def _right(page, selector: str) -> float:
    """The right edge of the widest element inside `selector` (the block itself included)."""
    return page.evaluate(f"Math.max(...[document.querySelector('{selector}'), "
                         f"...document.querySelectorAll('{selector} *')].map(e => e.getBoundingClientRect().right))")


def test_copy_button_copies_the_reference_with_todays_date(browser, server):  # noqa: F811
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


def test_without_javascript_the_reference_is_plain_selectable_text(browser, server):  # noqa: F811
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
def test_citation_block_screenshots(browser, server, size, dark):  # noqa: F811
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
def test_data_page_cards_and_screenshots(browser, server, size, dark):  # noqa: F811
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
def test_legal_pages_screenshots(browser, server, size):  # noqa: F811
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
