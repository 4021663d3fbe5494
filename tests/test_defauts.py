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


def test_the_sidebar_title_never_covers_a_link_at_1366_px(browser, server):
    context = browser.new_context(viewport={"width": 1366, "height": 600}, locale="fr-FR")
    page = context.new_page()
    page.goto(server + "etude/")
    page.wait_for_load_state("networkidle")
    overlaps = []
    for scroll in (0, 300, 1500):
        page.evaluate(f"window.scrollTo(0, {scroll}); "
                      f"document.querySelector('.md-sidebar--primary .md-sidebar__scrollwrap').scrollTop = {scroll // 10}")
        page.wait_for_timeout(200)
        overlaps += page.evaluate("""() => {
            const t = document.querySelector('.md-sidebar--primary .md-nav--primary > .md-nav__title').getBoundingClientRect();
            return [...document.querySelectorAll('.md-sidebar--primary .md-nav--primary > .md-nav__list .md-nav__link')]
              .map(a => [a.textContent.trim(), a.getBoundingClientRect()])
              .filter(([_, r]) => r.height > 0 && r.bottom > t.top + 1 && r.top < t.bottom - 1)
              .map(([text]) => text); }""")
    page.screenshot(path=str(ARTIFACTS / "barre-laterale-1366.png"))
    context.close()
    assert not overlaps, overlaps
