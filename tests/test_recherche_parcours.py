"""The search page as a reader goes through it, in Chromium: every result reachable (« Afficher
plus »), counted honestly; on a phone, after a filter changes, one button « Voir les N cas » that
closes the filters and shows the count and the first result; Back returns to the same place with
the same filters; a query the base cannot answer says so and where to look on."""

from __future__ import annotations

import pytest
from test_browser import ARTIFACTS, DESKTOP, PHONE

from scripts.contract import routes


def _open(page, server, query: str = "") -> None:
    page.goto(server + routes.search() + query)
    page.wait_for_function("() => /cas/.test(document.getElementById('recherche-etat').textContent)")
    page.wait_for_selector("#recherche-facettes:not([aria-busy])", state="attached")  # drawn after the results


def _count(page) -> int:
    return page.locator("#recherche-liste > li").count()


@pytest.fixture(params=["telephone", "bureau"])
def screen(request, browser):
    context = browser.new_context(viewport=PHONE if request.param == "telephone" else DESKTOP, locale="fr-FR")
    page = context.new_page()
    page.kind = request.param
    yield page
    context.close()


def test_every_result_is_reachable_and_the_count_says_how_many_are_shown(screen, server):
    _open(screen, server)
    status = screen.locator("#recherche-etat")
    total = int(status.inner_text().split()[0])
    assert total > 20 and _count(screen) == 20
    assert "20 affichés" in status.inner_text()
    more = screen.locator("#recherche-plus")
    assert more.is_visible() and str(total - 20) in more.inner_text()
    more.click()
    screen.wait_for_function(f"() => document.querySelectorAll('#recherche-liste > li').length === {total}")
    assert more.is_hidden() and "affichés" not in status.inner_text()
    # the first result added takes the focus: a keyboard reader goes on from there
    assert screen.evaluate("() => document.activeElement.closest('li') === document.querySelectorAll('#recherche-liste > li')[20]")
    hrefs = screen.locator("#recherche-liste > li h2 a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert len(set(hrefs)) == total


def test_on_a_phone_one_button_shows_the_cases_after_a_filter(browser, server):
    context = browser.new_context(viewport=PHONE, locale="fr-FR")
    page = context.new_page()
    _open(page, server, "?q=emploi")
    page.click("#recherche-filtrer")
    box = page.locator("label[for='f-region-ile-de-france']")
    predicted = int(box.locator(".recherche-compte").inner_text().split()[0])
    box.scroll_into_view_if_needed()
    page.check("#f-region-ile-de-france")
    page.wait_for_function("() => location.search.includes('region=ile-de-france')")
    see = page.locator("#recherche-voir")
    page.wait_for_function(f"() => document.getElementById('recherche-voir').textContent.includes('{predicted}')"
                           if predicted > 1 else "() => /le cas/.test(document.getElementById('recherche-voir').textContent)")
    top = see.bounding_box()
    assert see.is_visible() and 0 <= top["y"] and top["y"] + top["height"] <= PHONE["height"]  # in sight, sticky
    assert top["height"] >= 24 and top["width"] >= 24
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "recherche-filtre-voir-telephone.png"))
    see.click()
    assert page.locator("#recherche-facettes").is_hidden()
    assert page.get_attribute("#recherche-filtrer", "aria-expanded") == "false"
    status = page.locator("#recherche-etat").bounding_box()
    first = page.locator("#recherche-liste > li").first.bounding_box()
    assert -2 < status["y"] < PHONE["height"] and first["y"] + 20 < PHONE["height"]
    assert page.evaluate("() => document.activeElement.id") == "recherche-etat"
    context.close()


def test_back_returns_to_the_same_place_with_the_same_filters(screen, server):
    _open(screen, server, "?statut=etude-de-cas&statut=experience-citee&statut=contribution")
    total = int(screen.locator("#recherche-etat").inner_text().split()[0])
    assert total > 20
    screen.click("#recherche-plus")
    screen.wait_for_function(f"() => document.querySelectorAll('#recherche-liste > li').length === {total}")
    target = screen.locator("#recherche-liste > li h2 a").nth(21)
    target.scroll_into_view_if_needed()
    screen.wait_for_timeout(400)  # the scroll position is kept after 200 ms without scrolling
    url, scrolled, href = screen.url, screen.evaluate("() => window.scrollY"), target.get_attribute("href")
    assert scrolled > 300
    target.click()
    screen.wait_for_url(f"**{href}")
    screen.go_back()
    screen.wait_for_function(f"() => document.querySelectorAll('#recherche-liste > li').length === {total}")
    screen.wait_for_timeout(300)
    assert screen.url == url
    assert screen.is_checked("#f-statut-etude-de-cas")
    assert abs(screen.evaluate("() => window.scrollY") - scrolled) < 40
    assert screen.locator("#recherche-liste > li h2 a").nth(21).get_attribute("href") == href


def test_a_place_the_base_does_not_hold_answers_none_with_ways_on(screen, server):
    _open(screen, server, "?q=Metz")
    status = screen.locator("#recherche-etat").inner_text()
    assert "Aucun cas" in status and "«\u00a0Metz\u00a0»" in status  # the word as the reader typed it
    assert screen.locator("article").inner_text().count("Aucun cas") == 1  # said once, not again below
    assert _count(screen) == 0 and screen.locator("#recherche-plus").is_hidden()
    help = screen.locator("#recherche-aide")
    links = help.locator("a").evaluate_all("ls => ls.map(a => a.getAttribute('href'))")
    assert any(routes.territoires() in link for link in links) and any(routes.carte() in link for link in links)
    _open(screen, server, "?q=mobilte")
    assert "«\u00a0mobilte\u00a0»" in screen.locator("#recherche-aide").inner_text()  # the correction is said
    assert _count(screen) == 2


def test_an_intercommunality_named_in_the_query_is_its_filter_ticked_with_its_page(screen, server):
    """« Métropole de Lyon » sent from the header's form: the filter of that intercommunality ticked (in
    the address too), the field emptied of its name, the help naming it with a link to its page; the
    filter removed, the whole base (the name is not sent again). « Lyon » alone, no case: its page
    offered."""
    _open(screen, server, "?q=M%C3%A9tropole+de+Lyon")
    code = "200046977"  # the Métropole de Lyon's SIREN (official geography)
    assert _count(screen) == 1 and "Jobs et Cité" in screen.locator("#recherche-liste").inner_text()
    assert screen.evaluate("location.search") == f"?intercommunalite={code}"
    assert screen.locator("#recherche-q").input_value() == ""
    help = screen.locator("#recherche-aide")
    assert "«\u00a0Métropole de Lyon\u00a0» est une intercommunalité" in help.inner_text()
    assert help.locator("a").get_attribute("href").endswith("/" + routes.intercommunalite(code))
    assert help.locator("a").inner_text() == "la page de Métropole de Lyon"  # says where it goes, alone too
    chip = screen.locator(f"#recherche-puces button[data-valeur='{code}']")
    assert chip.count() == 1
    assert screen.locator(f"#f-intercommunalite-{code}").is_checked()
    chip.click()
    screen.wait_for_function("() => /dans la base/.test(document.getElementById('recherche-etat').textContent)")
    assert screen.evaluate("location.search") == ""
    _open(screen, server, "?q=Lyon")
    assert _count(screen) == 0
    links = screen.locator("#recherche-aide a").evaluate_all("ls => ls.map(a => [a.textContent, a.getAttribute('href')])")
    assert [text for text, href in links if href.endswith("/" + routes.intercommunalite(code))] == ["Métropole de Lyon"]


def test_with_a_query_and_no_filter_clear_all_starts_at_the_left_edge(screen, server):
    """« Tout effacer » alone (a query, no filter) lines up with the count above it: the empty list of
    active filters takes no room; with a filter, its chip comes first at that edge."""
    _open(screen, server, "?q=Metz")
    edge = screen.locator("#recherche-etat").bounding_box()["x"]
    assert screen.locator("#recherche-effacer").bounding_box()["x"] == pytest.approx(edge, abs=1)
    _open(screen, server, "?q=mobilit%C3%A9&region=hauts-de-france")
    assert screen.locator("#recherche-puces").bounding_box()["x"] == pytest.approx(edge, abs=1)


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", ["390", "1366"])
def test_search_screenshots(browser, server, scheme, size):
    viewport = PHONE if size == "390" else DESKTOP
    context = browser.new_context(viewport=viewport, locale="fr-FR", color_scheme=scheme)
    page = context.new_page()
    page.add_init_script(f"localStorage.setItem('theme', '{'sombre' if scheme == 'dark' else 'clair'}')")
    _open(page, server, "?q=emploi")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"recherche-{size}-{scheme}.png"))
    _open(page, server, "?q=Metz")
    page.screenshot(path=str(ARTIFACTS / f"recherche-aucun-{size}-{scheme}.png"))
    _open(page, server, "?q=M%C3%A9tropole+de+Lyon")
    page.screenshot(path=str(ARTIFACTS / f"recherche-intercommunalite-{size}-{scheme}.png"))
    _open(page, server, "?q=Lyon")
    page.screenshot(path=str(ARTIFACTS / f"recherche-intercommunalite-aucun-{size}-{scheme}.png"))
    context.close()
