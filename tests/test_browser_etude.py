"""The pages issue 16 corrected, as a reader sees them: the study's index of its cases, an
orientation with an axis no case illustrates, a corrected case; phone, desktop and dark mode."""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, browser, server  # noqa: F401  (fixtures shared with test_browser)

VIEWPORTS = {"telephone": {"width": 390, "height": 844}, "bureau": {"width": 1366, "height": 900}}
PAGES = {"etude": "etude/", "orientation-2": "orientations/2/", "cas-plaine-image": "cas/plaine-image-shiness/"}


def _shoot(browser, server, path, name, viewport, scheme):  # noqa: F811
    context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)
    page = context.new_page()
    page.goto(server + path)
    page.wait_for_load_state("networkidle")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(target), full_page=True)
    return context, page, target


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", VIEWPORTS)
@pytest.mark.parametrize("kind", PAGES)
def test_corrected_pages_screenshots(browser, server, kind, size, scheme):  # noqa: F811
    context, page, target = _shoot(browser, server, PAGES[kind], f"contenu-{kind}-{size}-{scheme}",
                                   VIEWPORTS[size], scheme)
    try:
        assert target.stat().st_size > 10_000
        assert page.locator("article h1").is_visible()
        if scheme == "dark":
            assert page.evaluate("document.body.getAttribute('data-md-color-scheme')") == "slate"
    finally:
        context.close()


def test_study_index_links_every_case_and_the_links_work(browser, server):  # noqa: F811
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(server + "etude/")
    hrefs = page.locator("article a[href*='cas/']").evaluate_all(
        "links => [...new Set(links.map(a => a.href).filter(h => /cas\\/[a-z0-9-]+\\/$/.test(h)))]")
    assert len(hrefs) == 23
    for href in hrefs:
        assert page.request.get(href).status == 200, href
    context.close()


def test_an_axis_without_case_says_so(browser, server):  # noqa: F811
    context = browser.new_context(locale="fr-FR")
    page = context.new_page()
    page.goto(server + "orientations/2/")
    empty = page.locator("#axe-5 ~ p.cas-vide").first
    assert empty.is_visible()
    assert "Aucun cas de la base n'illustre encore cet axe" in empty.inner_text()
    context.close()
