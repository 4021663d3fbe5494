"""Smaller defects, each with the test that would catch its return: a case printed in dark mode
prints black on white (the fact box without its dark background)."""

from __future__ import annotations

from test_browser import ARTIFACTS, DESKTOP, PHONE

from scripts.contract import routes


def _luminance(css: str) -> float:
    parts = [float(x) for x in css[css.index("(") + 1:css.index(")")].split(",")[:3]]
    return sum(parts) / 3


def test_a_case_printed_in_dark_mode_prints_black_on_white(browser, server):
    ARTIFACTS.mkdir(exist_ok=True)
    for size, viewport in (("390", PHONE), ("1366", DESKTOP)):
        for scheme in ("light", "dark"):
            context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)
            page = context.new_page()
            page.goto(server + routes.case("totem-mobi"))
            page.wait_for_load_state("networkidle")
            page.emulate_media(media="print")
            box = page.locator("dl.cas-fiche")
            background = box.evaluate("e => getComputedStyle(e).backgroundColor")
            text = box.locator("dd").first.evaluate("e => getComputedStyle(e).color")
            body = page.evaluate("() => getComputedStyle(document.body).backgroundColor")
            title = page.locator("h1").evaluate("e => getComputedStyle(e).color")
            assert background in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), (scheme, background)
            link = box.locator("a").first.evaluate("e => getComputedStyle(e).color")
            assert _luminance(text) < 90 and _luminance(title) < 90 and _luminance(link) < 90, (scheme, text, title, link)
            assert body in ("rgba(0, 0, 0, 0)", "rgb(255, 255, 255)"), (scheme, body)
            page.screenshot(path=str(ARTIFACTS / f"cas-imprime-{size}-{scheme}.png"))
            context.close()


def test_tab_in_the_phone_menu_reaches_only_links_the_reader_sees(browser, server):
    """On a case page the phone menu shows the section « Les cas » above the top level: Tab used
    to walk through the top level's links hidden under it."""
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    page.goto(server + routes.case("totem-mobi"))
    page.wait_for_load_state("networkidle")
    page.click("button.menu-bouton")
    page.wait_for_timeout(500)
    hidden, seen = [], 0
    for _ in range(40):
        page.keyboard.press("Tab")
        inside = page.evaluate("""() => { const a = document.activeElement, d = document.querySelector('.md-sidebar--primary');
            if (!d.contains(a)) return null;
            const r = a.getBoundingClientRect(), hit = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
            return {text: a.textContent.trim(), drawn: Boolean(hit && a.contains(hit))}; }""")
        if inside is None:
            break
        seen += 1
        if not inside["drawn"]:
            hidden.append(inside["text"])
    page.screenshot(path=str(ARTIFACTS / "menu-telephone.png"))
    context.close()
    assert seen > 0 and not hidden, hidden
