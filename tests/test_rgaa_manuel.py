"""The RGAA 4.1 procedures usually done by hand, turned into tests where a browser can decide them:
keyboard path, single-key shortcuts, zoom 200 %, text spacing (WCAG 1.4.12), motion, orientation,
landmarks, and the map and the search read through Chromium's accessibility tree. Each test names
the criteria it decides; the grid (scripts/pages/data/grille-rgaa.csv) names the test. What still needs a
person (a real screen reader, the relevance of a text) is written as such in the grid."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Error as PlaywrightError
from test_browser import ARTIFACTS
from test_rgaa import SIZES, _context, _goto, _sample, html_pages

from scripts.pages import rgaa

# The element that has the focus, where it is on screen, and whether it can be seen (once fades and
# slides have ended): an element of no size counts as seen when it is one of the theme's colour
# switches, whose shown label carries the ring. One frame first, so that what the page does when it
# scrolls (its scroll events and observers run at the next frame) has been done; then every fade and
# slide running is ended at once (finish(): its final state, without waiting out its duration).
FOCUSED = """async () => {
  await new Promise(done => requestAnimationFrame(() => done()));
  for (const a of document.getAnimations()) a.finish();  // fades, slides
  const e = document.activeElement;
  if (!e || e === document.body || e === document.documentElement) return null;
  const shown = e.matches('.md-option') ? e.form.querySelector('label:not([hidden])') : e;
  const r = shown.getBoundingClientRect(), s = getComputedStyle(shown);
  let hidden = null;
  for (let n = shown; n && n !== document.body; n = n.parentElement) {
    const c = getComputedStyle(n);
    if (c.visibility === 'hidden' || c.display === 'none' || c.opacity === '0' || n.hidden) { hidden = n.className || n.tagName; break; }
  }
  const same = e === window.__rgaaLast;  // Tab left the focus where it was: a trap
  window.__rgaaLast = e;
  return {same, skip: e.matches('.md-skip'), html: e.outerHTML.slice(0, 90).replace(/\\s+/g, ' '), left: r.left, right: r.right, top: r.top,
          bottom: r.bottom, width: r.width, height: r.height, hidden, vw: innerWidth, vh: innerHeight};
}"""


def _tab_through(page, limit: int = 400) -> list[dict]:
    """Press Tab until the focus leaves the page (back to the browser) or comes back to the first stop."""
    stops = []
    for _ in range(limit):
        page.keyboard.press("Tab")
        here = page.evaluate(FOCUSED)
        if here is None or (stops and here["html"] == stops[0]["html"]):
            return stops
        stops.append(here)
    raise AssertionError(f"le focus ne quitte pas la page après {limit} tabulations : {stops[-1]['html']}")


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
def test_keyboard_path_visits_only_visible_elements_and_is_never_trapped(browser, server, built_site, support):
    """RGAA 12.8 (Tab order), 12.9 (no keyboard trap), 10.7 (the focused element can be seen, the
    colour switch's ring included) and 12.7 (the skip link is the first stop): on every page of the sample, Tab goes from the skip link
    through every control and leaves the page; each stop is on screen, at full size, not hidden."""
    context = _context(browser, support)
    bad, total = {}, 0
    for name, path in _sample(built_site).items():
        page = context.new_page()  # a fresh tab: Chromium keeps where the last Tab started from
        _goto(page, server, path)
        stops = _tab_through(page)
        page.close()
        total += len(stops)
        assert stops[0]["skip"], (name, stops[0]["html"])  # the 404 page's too (the theme wrote none)
        wrong = [s["html"] for s in stops if s["hidden"] or s["width"] < 1 or s["height"] < 1
                 or s["right"] <= 0 or s["left"] >= s["vw"] or s["bottom"] <= 0 or s["top"] >= s["vh"]]
        repeated = [s["html"] for s in stops if s["same"]]
        if wrong or repeated:
            bad[name] = (wrong[:3], repeated[:3])
    context.close()
    assert total > 500 and bad == {}


def test_a_hidden_focus_stop_is_caught(browser, server):
    """The keyboard test above sees a stop that is off screen or hidden: the closed phone menu,
    made visible to the Tab order again, is reported."""
    context = _context(browser, "mobile")
    page = context.new_page()
    _goto(page, server, "")
    page.evaluate("document.querySelector('.md-sidebar--primary').style.visibility = 'visible'")
    stops = _tab_through(page)
    off = [s for s in stops if s["right"] <= 0]
    context.close()
    assert len(off) > 5 and all("md-nav" in s["html"] for s in off)


@pytest.mark.parametrize("path", ["cas/totem-mobi/", "404.html"])
def test_skip_link_takes_the_focus_to_the_content(browser, server, path):
    """RGAA 12.7: the skip link, activated from the keyboard, moves to the main content (on the 404
    page too, whose table of contents is empty: the theme wrote no skip link there)."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    _goto(page, server, path)
    page.keyboard.press("Tab")
    page.keyboard.press("Enter")
    page.keyboard.press("Tab")
    inside = page.evaluate("() => !!document.activeElement.closest('.md-content')")
    context.close()
    assert inside


SHORTCUT_KEYS = ("n", ".", "p", ",", "f", "s", "/")
# All a key could change on a page: the address, the focus, the document (a reload drops the mark),
# the markup, the state of the form controls, the scroll position.
PAGE_STATE = """() => {
  const hash = s => { let h = 0; for (let i = 0; i < s.length; i++) h = (h * 31 + s.charCodeAt(i)) | 0; return h; };
  const controls = [...document.querySelectorAll('input, select, textarea')].map(c => `${c.checked} ${c.value}`);
  return [location.href, document.activeElement === document.body, window.__rgaaMark === true, scrollX, scrollY,
          hash(document.documentElement.outerHTML), hash(controls.join('|'))];
}"""


def _keys_that_move(page, server, path) -> dict[str, str]:
    """Each key pressed on a fresh load of the page and given 100 ms: those that changed the address
    or took the focus from the body."""
    moved = {}
    for key in SHORTCUT_KEYS:
        _goto(page, server, path)
        start = page.url
        page.keyboard.press(key)
        page.wait_for_timeout(100)
        focus = page.evaluate("document.activeElement === document.body")
        if page.url != start or not focus:
            moved[key] = page.url
    return moved


def _state(page):
    try:
        return page.evaluate(PAGE_STATE)
    except PlaywrightError:  # a key navigated: the page being read went away
        return None


def test_single_key_shortcuts_do_nothing(browser, server, built_site):
    """RGAA 12.10: no shortcut of a single key. The theme binds p , n . to the previous and next page
    (through <link rel=prev/next>, removed in overrides/main.html) and f s / to its own search.
    The keys are pressed one after the other on one load of each page while the page stays exactly as
    loaded (address, focus, markup, form state, scroll), the last one given 100 ms; a page where
    anything changed is done again in a fresh tab, key by key, each on a fresh load (_keys_that_move)."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    moved = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        page.evaluate("window.__rgaaMark = true")
        loaded = _state(page)
        same = True
        for key in SHORTCUT_KEYS:
            page.keyboard.press(key)
            if _state(page) != loaded:
                same = False
                break
        if same:
            page.wait_for_timeout(100)  # the last key's 100 ms; the others have had longer
            same = _state(page) == loaded
        if not same:
            page.close()  # a fresh tab, where no navigation a key started is still under way
            page = context.new_page()
            moved.update({(name, key): url for key, url in _keys_that_move(page, server, path).items()})
    context.close()
    assert moved == {}


def _clipped(page) -> list[str]:
    """Text cut off by its box (overflow hidden or clip), except the header's one-line titles, which
    repeat the page's h1 in full and end with an ellipsis on purpose."""
    return page.evaluate("""() => {
      const out = [];
      for (const el of document.querySelectorAll('body *')) {
        if (!el.textContent.trim() || el.matches('.visuellement-cache, .md-skip, .md-header .md-ellipsis')) continue;
        if (innerWidth < 1220 && el.closest('.md-sidebar--primary')) continue;
        const s = getComputedStyle(el), cut = v => v === 'hidden' || v === 'clip';
        if ((cut(s.overflowX) && el.scrollWidth > el.clientWidth + 1) || (cut(s.overflowY) && el.scrollHeight > el.clientHeight + 1))
          out.push(el.tagName + '.' + el.className + ' ' + el.textContent.trim().slice(0, 40));
      }
      return out;
    }""")


def test_zoom_200_percent_loses_nothing(browser, server, built_site):
    """RGAA 10.4: at 200 % (1366 px screen: a 683 px viewport at device scale 2), no page scrolls
    sideways, no text is cut off, the page's title and the search stay available."""
    context = browser.new_context(viewport={"width": 683, "height": 450}, device_scale_factor=2, locale="fr-FR")
    page = context.new_page()
    bad = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        search = page.locator(".recherche-entete-lien, #recherche-entete-q").first.is_visible()
        found = _clipped(page)
        if width > 683 or found or not search or not page.locator("h1").is_visible():
            bad[name] = (width, found[:3], search)
    context.close()
    assert bad == {}


SPACING = ("* { line-height: 1.5 !important; letter-spacing: .12em !important; word-spacing: .16em !important; }"
           " p { margin-bottom: 2em !important; }")


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
def test_text_spacing_cuts_no_text(browser, server, built_site, support):
    """RGAA 10.12 (WCAG 1.4.12): with line height 1.5, paragraph spacing 2em, letters 0.12em and
    words 0.16em, no text is cut off and no page scrolls sideways. (bypass_csp: the site's CSP forbids
    the injected style, as it should.)"""
    context = browser.new_context(viewport=SIZES[support], locale="fr-FR", bypass_csp=True)
    page = context.new_page()
    bad = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        page.add_style_tag(content=SPACING)
        assert page.evaluate("getComputedStyle(document.querySelector('h1')).letterSpacing") != "normal"
        found = _clipped(page)
        width = page.evaluate("document.documentElement.scrollWidth")
        if found or width > SIZES[support]["width"]:
            bad[name] = (width, found[:3])
    context.close()
    assert bad == {}


def test_nothing_moves_blinks_or_plays_by_itself(browser, server, built_site):
    """RGAA 13.7 and 13.8: after load, no animation runs (Web Animations API: CSS animations and
    transitions), no marquee, blink, video, audio or autoplay, no automatic reload; so there is no
    moving or flashing content to control (the grid marks them NA, decided here)."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    moving = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        page.wait_for_timeout(400)
        found = page.evaluate("""() => [document.getAnimations().length,
            document.querySelectorAll('marquee, blink, video, audio, [autoplay], img[src$=".gif"], meta[http-equiv=refresh]').length]""")
        if found != [0, 0]:
            moving[name] = found
    context.close()
    assert moving == {}


def test_landscape_phone_shows_everything(browser, server, built_site):
    """RGAA 13.9: the pages are not locked to one orientation; a phone held sideways (844 x 390) shows
    the page without sideways scrolling, with its title and its search."""
    context = browser.new_context(viewport={"width": 844, "height": 390}, is_mobile=True, has_touch=True,
                                  locale="fr-FR")
    page = context.new_page()
    bad = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 844 or not page.locator("h1").is_visible():
            bad[name] = width
    context.close()
    assert bad == {}


def test_landmarks_header_navigation_main_footer(built_site):
    """RGAA 9.2 and 12.6: every page has one banner (header), one main, one contentinfo (footer),
    a named navigation menu and a search landmark; the content is in main."""
    for url, path in html_pages(built_site).items():
        html = path.read_text(encoding="utf-8")
        assert html.count("<main") == 1, url
        assert len(re.findall(r"<header[\s>]", html)) >= 1 and len(re.findall(r"<footer[\s>]", html)) >= 1, url
        assert re.search(r'<nav [^>]*aria-label="[^"]+"', html), url
        assert 'role="search"' in html, url
        assert html.index("<main") < html.index("<article") < html.index("</main>"), url


PRESENTATIONAL = re.compile(r"<(font|center|big|strike|tt|marquee|blink)\b|\s(align|bgcolor|valign|hspace|vspace)=",
                            re.IGNORECASE)


def test_no_presentational_markup_and_well_formed_lists(built_site):
    """RGAA 10.1 (presentation only in CSS: no font, center, align=, bgcolor=…), 8.9 (no empty
    paragraph or run of <br> for spacing) and 9.3 (a list item is always inside ul, ol or menu)."""
    for url, path in html_pages(built_site).items():
        html = path.read_text(encoding="utf-8")
        body = re.sub(r"<(svg|script|style)\b.*?</\1>", "", html, flags=re.S)
        assert not PRESENTATIONAL.search(body), (url, PRESENTATIONAL.search(body).group(0))
        assert not re.search(r"<p>\s*</p>|<br\s*/?>\s*<br", body), url
        depth, stack = 0, []
        for tag in re.finditer(r"<(/?)(ul|ol|menu|li|dl|dt|dd)\b", body):
            closing, name = tag.groups()
            if not closing:
                if name == "li":
                    assert stack and stack[-1] in ("ul", "ol", "menu"), (url, body[tag.start() - 80:tag.start() + 40])
                if name in ("dt", "dd"):
                    assert stack and stack[-1] in ("dl", "div"), url
                stack.append(name)
            elif name in stack:
                while stack.pop() != name:
                    pass
            depth = max(depth, len(stack))
        assert depth < 20, url


def test_map_read_through_the_accessibility_tree(browser, server):
    """RGAA 1.1, 1.6 and 7.1, read through Chromium's accessibility tree (aria_snapshot: the roles and
    names a screen reader is given; no screen reader was run). The map is a named group whose every
    point is a link named after its place and count; its text equivalent (list by département) is
    linked from the sentence above it and lists every located case."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    _goto(page, server, "carte/")
    tree = page.locator("svg.carte-cas").aria_snapshot()
    points = page.locator("svg.carte-cas a").count()
    named = re.findall(r'- \'?link "(.+)"', tree)
    article = page.locator("article").aria_snapshot()
    listed = page.locator("#liste ~ * a[href*='/cas/'], #liste a[href*='/cas/']").count()
    context.close()
    assert tree.startswith('- group "Carte des cas')
    assert points > 10 and len(named) == points
    assert all(re.search(r"\(\d+[AB]?\) : \d+ cas$|\(.+\)$", name) for name in named), named
    assert 'link "liste par département"' in article
    assert listed >= 16


def test_search_read_through_the_accessibility_tree(browser, server):
    """RGAA 7.1, 7.5, 11.1 and 11.5, through the accessibility tree: the search is a search landmark
    with a named search box; the count of results is a status message (read without moving the
    focus) and changes with a filter; the filters are named groups of named checkboxes."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    _goto(page, server, "recherche/?q=mobilite")
    tree = page.locator("article").aria_snapshot()
    before = page.get_by_role("status").inner_text()
    page.get_by_role("checkbox", name=re.compile("^Hauts-de-France")).check()
    page.wait_for_function(f"() => document.getElementById('recherche-etat').textContent !== {before!r}")
    after = page.get_by_role("status").inner_text()
    context.close()
    assert '- searchbox "Mots à rechercher": mobilite' in tree
    assert re.search(r"- status: \d+ cas correspondent? à cette recherche", tree), tree[:600]
    assert after != before and re.match(r"1 cas correspond", after), after
    assert '- group "Région"' in tree and '- group "Département"' in tree
    assert re.search(r'- checkbox "Hauts-de-France \d+ cas"', tree)


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
def test_screenshot_keyboard_focus_on_a_phone_and_a_desktop(browser, server, support):
    """What the keyboard fix looks like: the third stop on the home page (after the skip link and the
    site name) is visible and ringed, on a phone where the closed menu used to take the focus."""
    ARTIFACTS.mkdir(exist_ok=True)
    for scheme in ("light", "dark"):
        context = _context(browser, support, scheme)
        page = context.new_page()
        _goto(page, server, "")
        for _ in range(4):
            page.keyboard.press("Tab")
        here = page.evaluate(FOCUSED)
        shot = ARTIFACTS / f"rgaa-clavier-{SIZES[support]['width']}-{'sombre' if scheme == 'dark' else 'clair'}.png"
        page.screenshot(path=str(shot))
        context.close()
        assert here and here["left"] >= 0 and not here["hidden"] and shot.stat().st_size > 10_000


def test_a_row_awaiting_a_screen_reader_keeps_the_audit_incomplete():
    """Rows assessed through the accessibility tree only say so (rgaa.SCREEN_READER): their status
    counts in the rate, but the statement stays « non conforme » and lists them until a person has
    heard them; with none left and no NC, the site would be « totalement conforme »."""
    criteria = rgaa.read_criteria()
    rows = rgaa.read_grid()
    audit = rgaa.compute(rows, criteria)
    assert audit.to_confirm() and not audit.complet
    assert audit.etat == rgaa.ETAT_NON and audit.taux > 50
    done = [r if not r["note"].startswith(rgaa.NOT_ASSESSED) else {**r, "statut": "C", "note": "", "verification": "x"}
            for r in rows]
    assert not rgaa.compute(done, criteria).complet
    heard = [{**r, "note": r["note"].replace(rgaa.SCREEN_READER, "écouté")} for r in done]
    nc = any(r["statut"] == "NC" for r in heard)
    assert rgaa.compute(heard, criteria).complet
    assert rgaa.compute(heard, criteria).etat == (rgaa.ETAT_PARTIEL if nc else rgaa.ETAT_TOTAL)
    one_nc = [dict(r) for r in heard]
    first = next(r for r in one_nc if r["statut"] == "C")
    first.update(statut="NC", note="une erreur, à corriger avant le 31 décembre 2027")
    assert rgaa.compute(one_nc, criteria).etat == rgaa.ETAT_PARTIEL
    for number in audit.to_confirm():
        assert any(rgaa.SCREEN_READER in r["note"] and r["critere"] == number for r in rows)


def test_every_known_non_conformity_has_a_fix_date():
    """Each NC row of the grid (other than « non évalué ») says what fails and by when it is to be fixed."""
    for row in rgaa.read_grid():
        if row["statut"] == "NC" and not row["note"].startswith(rgaa.NOT_ASSESSED):
            assert re.search(r"avant le \d{1,2} \w+ \d{4}", row["note"]), row


def test_phone_menu_opens_and_closes_from_the_keyboard(browser, server):
    """RGAA 7.3 (a script's control is reachable and operable by keyboard) and 12.8: on a phone,
    Tab reaches a « Menu » button; Enter opens the menu and moves the focus into it; Escape closes
    it and gives the focus back to the button."""
    context = _context(browser, "mobile")
    page = context.new_page()
    _goto(page, server, "cas/totem-mobi/")
    for _ in range(6):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.menu-bouton')"):
            break
    menu = page.locator(".menu-bouton")
    assert page.evaluate("document.activeElement.matches('.menu-bouton')")
    assert menu.get_attribute("aria-expanded") == "false" and menu.get_attribute("aria-label") == "Menu"
    page.keyboard.press("Enter")
    page.wait_for_timeout(400)  # the slide-in
    assert menu.get_attribute("aria-expanded") == "true"
    focused = page.evaluate("(() => { const e = document.activeElement, r = e.getBoundingClientRect();"
                            " return {inside: !!e.closest('.md-sidebar--primary'), w: r.width, x: r.left, text: e.textContent}; })()")
    assert focused["inside"] and focused["w"] > 0 and focused["x"] >= 0 and focused["text"].strip(), focused
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).visibility") == "visible"
    page.screenshot(path=str(ARTIFACTS / "menu-clavier-390.png"))
    page.keyboard.press("Escape")
    page.wait_for_timeout(400)
    assert menu.get_attribute("aria-expanded") == "false"
    assert page.evaluate("document.activeElement.matches('.menu-bouton')")
    assert page.locator(".md-sidebar--primary").evaluate("e => getComputedStyle(e).visibility") == "hidden"
    context.close()


def test_the_menu_button_is_only_where_the_theme_had_its_label(browser, server):
    """On a wide screen the menu is always shown beside the page: no Menu button in the header."""
    context = _context(browser, "ordinateur")
    page = context.new_page()
    _goto(page, server, "plan-du-site/")
    shown = page.locator(".menu-bouton").evaluate("e => getComputedStyle(e).display")
    page.screenshot(path=str(ARTIFACTS / "menu-absent-1366.png"))
    context.close()
    assert shown == "none"


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_colour_switch_is_named_after_what_it_does(browser, server, scheme):
    """RGAA 7.1: Tab lands on the colour-scheme switch of the scheme shown, whose name says what it
    does (« Passer en mode clair » in dark mode), and Enter does it. The theme checked no radio when
    the scheme follows the system's: Tab landed on « Passer en mode sombre » in dark mode too."""
    context = _context(browser, "ordinateur", scheme)
    page = context.new_page()
    _goto(page, server, "cas/")
    for _ in range(30):
        page.keyboard.press("Tab")
        if page.evaluate("document.activeElement.matches('.md-option')"):
            break
    name = page.evaluate("document.activeElement.getAttribute('aria-label')")
    shown = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    page.keyboard.press("Enter")
    page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {shown!r}")
    after = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
    context.close()
    assert (shown, name, after) == (("slate", "Passer en mode clair", "default") if scheme == "dark"
                                    else ("default", "Passer en mode sombre", "slate"))


def _luminance(rgb: str) -> float:
    channels = [int(v) / 255 for v in re.findall(r"\d+", rgb)[:3]]
    r, g, b = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def ratio(a: str, b: str) -> float:
    """WCAG contrast ratio of two computed colours (« rgb(r, g, b) »)."""
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


# The computed colours of each kind of shape of a page's map (null where the map has none).
MAP_COLOURS = """svg => {
  const pick = (q, prop) => { const e = svg.querySelector(q); return e ? getComputedStyle(e)[prop] : null; };
  return {sea: pick('.carte-fond', 'fill'), land: pick('.carte-terre:not(.carte-dep-cas)', 'fill'),
          land_edge: pick('.carte-terre:not(.carte-dep-cas)', 'stroke'), cases: pick('.carte-dep-cas', 'fill'),
          cases_edge: pick('.carte-dep-cas', 'stroke'), border: pick('.carte-limite', 'stroke'),
          marker: pick('.carte-cible', 'fill'), ring: pick('.carte-cible', 'stroke'), count: pick('.carte-compte', 'fill')};
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_map_colours_contrast_3_to_1_light_and_dark(browser, server, scheme):
    """RGAA 3.3 (WCAG 1.4.11), from the computed styles of the maps of the home page, the map page
    and the contribution form: a department that has cases (a link) against the others, the outline
    between two of them and the coast against the sea, the region borders against both fills, a
    marker (its fill or its ring) against every fill it may sit on, 3:1 at least; a group's number
    4.5:1 on its marker."""
    context = _context(browser, "ordinateur", scheme)
    page = context.new_page()
    measured, low = {}, {}
    for path, svg in (("", "svg.carte-cas"), ("carte/", "svg.carte-cas"), ("contribuer/proposer/", "svg.proposer-carte")):
        _goto(page, server, path)
        if "proposer" in path:  # the point the contributor places (Marseille)
            page.fill("#f-coordonnees-lat", "43.2965")
            page.fill("#f-coordonnees-lon", "5.3698")
        c = page.locator(svg).first.evaluate(MAP_COLOURS)
        pairs = {"département à cas / autres": (c["cases"], c["land"]),
                 "contour d'un département à cas": (c["cases_edge"], c["cases"]),
                 "côte / mer": (c["land_edge"], c["sea"]), "côte d'un département à cas / mer": (c["cases_edge"], c["sea"]),
                 "limite de région / départements": (c["border"], c["land"]),
                 "limite de région / départements à cas": (c["border"], c["cases"])}
        found = {name: (ratio(*colours), 3) for name, colours in pairs.items() if None not in colours}
        if c["marker"]:
            found["point / son anneau"] = (ratio(c["marker"], c["ring"]), 3)
            for under in ("sea", "land", "cases"):
                if c[under]:
                    found[f"point sur {under}"] = (max(ratio(c["marker"], c[under]), ratio(c["ring"], c[under])), 3)
        if c["count"]:
            found["nombre / point"] = (ratio(c["count"], c["marker"]), 4.5)  # text
        measured[path or "accueil"] = {k: round(v, 2) for k, (v, _) in found.items()}
        low.update({f"{path} {k}": round(v, 2) for k, (v, least) in found.items() if v < least})
    context.close()
    print(f"\n{scheme} : contraste le plus faible {min(min(m.values()) for m in measured.values()):.2f}", measured)
    assert len(measured["carte/"]) == 11 and len(measured["contribuer/proposer/"]) == 5
    assert low == {}
