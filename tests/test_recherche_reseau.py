"""The search page on a slow network (issue 29): what its first search needs whatever the query is
preloaded by its head and fetched once; a first search fetches no more than the index requires
(Pagefind's script, entry, metadata and WebAssembly, the chunks of the query's words, the fragments
of the results shown), the filter index only once those are shown, no worker, no stock UI. How long
it takes on a throttled connection is measured by tests/bench.py, not here."""

from __future__ import annotations

import html
import json
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode, urlsplit

import pytest
from helpers import make_project, mkdocs, serve_compressed
from synthetique import write_sheets

from scripts.contract import routes
from scripts.mkdocs_adapter.search import RANGES_ID

QUERY = "mobilité"

# The time (performance.now()) the first result is put in the list, before the page's scripts run.
FIRST_RESULT = """window.__firstAt = null;
new MutationObserver((records, watch) => {
  if (!document.querySelector('#recherche-liste > li')) return;
  window.__firstAt = performance.now();
  watch.disconnect();
}).observe(document, { childList: true, subtree: true });"""

HINTS = re.compile(r'<link rel="(?:module)?preload"[^>]*>|<script type="application/json" id="' + RANGES_ID
                   + r'">[^<]*</script>')


@dataclass
class Search:
    requests: list[str]  # every request of the page, in order (a file fetched twice is there twice)
    started: list[tuple[str, float]]  # each resource loaded and when it was asked for
    first_at: float  # when the first result was put in the list
    preloads: list[str]  # what the page's head preloads (the entry without its ?ts=…)
    shown: int  # results on the first page


def _address(url: str) -> str:
    """A URL without the query Pagefind adds to its entry (?ts=… against stale caches)."""
    parts = urlsplit(url)
    return url.split("?")[0] if parts.path.endswith("pagefind-entry.json") else url


def _first_search(browser, server: str, hints: bool = True, query: str = QUERY) -> Search:
    """The search page opened on `query` (as the site's forms send it) from an empty cache, until its
    facets are drawn; `hints=False`: the same page without its preload links and chunk ranges."""
    context = browser.new_context(locale="fr-FR")
    try:
        if not hints:
            def strip(route):
                response = route.fetch()
                route.fulfill(response=response, body=HINTS.sub("", response.text()))
            context.route(lambda url: urlsplit(url).path == "/" + routes.search(), strip)
        page = context.new_page()
        page.add_init_script(FIRST_RESULT)
        requests: list[str] = []
        page.on("request", lambda request: requests.append(_address(request.url)))
        page.goto(server + routes.search() + "?" + urlencode({"q": query}))
        page.wait_for_function("() => document.querySelector('#recherche-facettes fieldset')")
        page.wait_for_load_state("networkidle")
        started = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.startTime])")
        preloads = page.evaluate("[...document.querySelectorAll('link[rel=preload], link[rel=modulepreload]')]"
                                 ".map(l => l.href)")
        return Search(requests=requests, started=[(_address(url), start) for url, start in started],
                      first_at=page.evaluate("window.__firstAt"), preloads=[_address(url) for url in preloads],
                      shown=page.locator("#recherche-liste > li").count())
    finally:
        context.close()


def _index(built_site):
    folder = built_site / routes.search_index()
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    return folder, entry["languages"][routes.search_language()]


def test_the_search_page_preloads_what_its_first_search_fetches_each_once(browser, server, built_site):
    hinted, plain = _first_search(browser, server), _first_search(browser, server, hints=False)
    folder, language = _index(built_site)
    chunks = sorted(folder.glob("index/*.pf_index"))
    chunk = server + routes.search_index(f"index/{chunks[0].name}")
    index = server + routes.search_index()
    assert {index + "pagefind.js", server + routes.search_facets(), index + f"wasm.{language['wasm']}.pagefind",
            index + "pagefind-entry.json", index + f"pagefind.{language['hash']}.pf_meta"} <= set(hinted.preloads)
    assert (chunk in hinted.preloads) == (len(chunks) == 1)  # a one-chunk index: every search needs it
    # Each hint is used: the page without them fetches every one of them all the same...
    assert [url for url in hinted.preloads if url not in plain.requests] == []
    # ...and the page with them fetches each once (a preload the fetch does not match is fetched again:
    # the entry at another ?ts=…), and nothing more.
    assert [url for url, n in Counter(hinted.requests).items() if n > 1] == []
    assert sorted(hinted.requests) == sorted(plain.requests)
    assert hinted.shown == plain.shown > 0


def test_the_search_page_script_is_fetched_with_a_high_priority(browser, server):
    """The search page's script is not left for last, as an async script is: a query sent before it
    runs is sent by the form itself, and the page is fetched again (the bench types at once)."""
    context = browser.new_context(locale="fr-FR")
    try:
        page = context.new_page()
        cdp = context.new_cdp_session(page)
        cdp.send("Network.enable")
        priorities = {}
        cdp.on("Network.requestWillBeSent",
               lambda event: priorities.setdefault(event["request"]["url"], event["request"]["initialPriority"]))
        page.goto(server + routes.search())
        page.wait_for_function("() => document.querySelector('#recherche-facettes fieldset')")
        script = next(url for url in priorities if url.endswith("/assets/js/recherche.js"))
        assert priorities[script] == "High"
        assert [priorities[url] for url in priorities if url.endswith("/assets/js/menu.js")] == ["Low"]  # as the theme's
    finally:
        context.close()


def test_a_first_search_fetches_what_the_index_needs_then_the_filters(browser, server, built_site):
    search = _first_search(browser, server)
    folder, language = _index(built_site)
    index = server + routes.search_index()
    fixed = {index + "pagefind.js", index + "pagefind-entry.json", index + f"pagefind.{language['hash']}.pf_meta",
             index + f"wasm.{language['wasm']}.pagefind"}
    before = [url for url, start in search.started if start < search.first_at and url.startswith(index)]
    chunks = [url for url in before if url.startswith(index + "index/")]
    fragments = [url for url in before if url.startswith(index + "fragment/")]
    assert set(before) - set(chunks) - set(fragments) <= fixed
    assert 0 < len(chunks) <= len(QUERY.split())  # at most one chunk per word
    assert 0 < len(fragments) <= search.shown  # the results of the first page, no more
    assert len(before) <= len(fixed) + len(QUERY.split()) + search.shown
    # The filter index (every facet's counts) once the first result is shown: each file once.
    filters = [url for url in search.requests if url.startswith(index + "filter/")]
    assert not [url for url in before if url in filters]
    assert sorted(filters) == sorted(index + f"filter/{p.name}" for p in folder.glob("filter/*.pf_filter"))
    # Pagefind runs in the page (no worker script) and its stock interface is not loaded.
    others = {url.rsplit("/", 1)[1] for url in search.requests if url.startswith(index)} - \
        {url.rsplit("/", 1)[1] for url in fixed}
    assert [name for name in others if not name.endswith((".pf_index", ".pf_fragment", ".pf_filter"))] == []


def test_the_theme_starts_once_the_first_results_are_drawn(browser, server):
    """The theme's scripts (bundle, then the site's own) share no slow connection with the first search:
    none is asked for before the first result is drawn. Then each runs once, in its order, and the
    theme works as on any page: the colour switch switches, the phone menu is a button."""
    context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
    try:
        page = context.new_page()
        page.add_init_script(FIRST_RESULT)
        page.goto(server + routes.search() + "?" + urlencode({"q": QUERY}))
        page.wait_for_function("() => document.querySelector('#recherche-facettes fieldset')")
        page.wait_for_load_state("networkidle")
        started = dict(page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.startTime])"))
        first_at = page.evaluate("window.__firstAt")
        inert = page.evaluate("[...document.getElementById('scripts-differes').content.querySelectorAll('script')]"
                              ".map(s => new URL(s.getAttribute('src'), location).href)")
        assert any("/javascripts/bundle." in url for url in inert) and server + "assets/js/menu.js" in inert
        assert [url for url in inert if url not in started] == []  # each was fetched...
        assert [url for url in inert if started[url] < first_at] == []  # ...after the first result
        live = page.evaluate("[...document.querySelectorAll('body > script[src]')].map(s => s.src)")
        assert [url for url in live if url in inert] == inert  # run once each, in their order
        assert page.locator(".md-header button.menu-bouton").count() == 1  # menu.js ran
        scheme = page.evaluate("document.body.getAttribute('data-md-color-scheme')")
        page.locator("form[data-md-component=palette] label:visible").first.click()
        page.wait_for_function(f"() => document.body.getAttribute('data-md-color-scheme') !== {json.dumps(scheme)}")
        # Another page runs the theme's scripts as the theme writes them.
        page.goto(server + routes.cases())
        assert page.locator("#scripts-differes").count() == 0
        assert page.locator("body > script[src*='/javascripts/bundle.']").count() == 1
    finally:
        context.close()


@pytest.fixture(scope="module")
def larger(tmp_path_factory):
    """A base of 100 synthetic sheets, built and served: its word index has several chunks, and which
    one a search needs depends on its words. Yields (site folder, address)."""
    tmp = tmp_path_factory.mktemp("recherche-morceaux")
    project = make_project(tmp)
    write_sheets(project / "cases", 100, seed=29)
    result = mkdocs("build", "--site-dir", str(tmp / "site"), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    with serve_compressed(tmp / "site") as (base, _):
        yield tmp / "site", base


def test_a_larger_index_preloads_the_chunks_of_the_query_in_the_address(browser, larger):
    """Several chunks: the page preloads, as soon as its script runs, the chunk of each word of the
    query in its address (one word, then two words of two chunks): each is the one Pagefind then asks
    for, fetched once, and Pagefind asks for no other before the first result. Without the ranges, the
    same chunks are fetched by Pagefind itself (once its WebAssembly is in)."""
    site, base = larger
    page = (site / routes.search() / "index.html").read_text(encoding="utf-8")
    ranges = json.loads(re.search(r'id="' + RANGES_ID + r'">([^<]*)</script>', page).group(1))
    assert len(ranges) > 1
    # Two indexed words of one case, in two chunks (the vocabulary lists the indexed words).
    indexed = set((site / routes.search_file("mots.txt")).read_text(encoding="utf-8").split())
    case = next((site / routes.cases()).glob("*/index.html")).read_text(encoding="utf-8")
    body = re.sub(r"<[^>]+>", " ", case.split("data-pagefind-body", 1)[1])
    folded = unicodedata.normalize("NFD", html.unescape(body)).encode("ascii", "ignore").decode().lower()
    words = [w for w in re.findall(r"[a-z0-9]+", folded) if w in indexed]

    def chunk(word):
        return next((name for first, last, name in ranges if first <= word <= last), None)
    first_word = next(w for w in words if len(w) > 5 and chunk(w))
    second_word = next(w for w in words if len(w) > 5 and chunk(w) not in (None, chunk(first_word)))
    index = base + routes.search_index("index/")
    for query, needed in ((QUERY, 1), (f"{first_word} {second_word}", 2)):
        hinted, plain = _first_search(browser, base, query=query), _first_search(browser, base, False, query)
        preloaded = sorted(url for url in hinted.preloads if url.startswith(index))
        before = sorted(url for url, start in hinted.started if url.startswith(index) and start < hinted.first_at)
        assert len(preloaded) == needed and preloaded == before, query
        assert sorted(url for url in hinted.requests if url.startswith(index)) == preloaded, query  # each once
        assert [url for url in plain.preloads if url.startswith(index)] == []
        assert sorted(url for url in plain.requests if url.startswith(index)) == preloaded, query
        assert hinted.shown == plain.shown > 0


@pytest.mark.parametrize("how", ["typed", "sent"])
def test_a_query_before_pagefind_is_in_fetches_its_chunk_and_keeps_the_theme_waiting(browser, larger, how):
    """The page opened empty, its WebAssembly held back (a slow network), and a query typed in the
    field (not sent yet), or sent at once (no typing: a pasted or restored value): the query's chunk
    is asked for before the WebAssembly is in (not once Pagefind picks it), and fetched once; the whole
    base's results, ready first, do not start the theme's scripts: they wait for the query's results."""
    site, base = larger
    page_text = (site / routes.search() / "index.html").read_text(encoding="utf-8")
    ranges = json.loads(re.search(r'id="' + RANGES_ID + r'">([^<]*)</script>', page_text).group(1))
    word = unicodedata.normalize("NFD", QUERY).encode("ascii", "ignore").decode()
    chunk = base + routes.search_index("index/" + next(name for first, last, name in ranges if first <= word <= last)
                                       + ".pf_index")
    context = browser.new_context(locale="fr-FR")
    held = []
    try:
        context.route("**/*.pagefind", lambda route: held.append(route))
        page = context.new_page()
        page.add_init_script(FIRST_RESULT.replace("'#recherche-liste > li'", "'#recherche-liste > li .recherche-extrait'"))
        requests: list[str] = []
        page.on("request", lambda request: requests.append(request.url))
        page.goto(base + routes.search())
        if how == "typed":
            page.locator("#recherche-q").fill(QUERY)
        else:
            page.evaluate("""q => { document.getElementById('recherche-q').value = q;
                                    document.getElementById('recherche').requestSubmit(); }""", QUERY)
            page.wait_for_function("() => location.search.includes('q=')")  # sent by the script, not the form
        for _ in range(50):
            if held and chunk in requests:
                break
            page.wait_for_timeout(100)
        assert held and chunk in requests  # the chunk asked for while the WebAssembly is held back
        if how == "typed":
            page.locator("#recherche-q").press("Enter")
        for route in held:
            route.continue_()
        page.wait_for_function("() => window.__firstAt !== null")
        page.wait_for_load_state("networkidle")
        started = page.evaluate("performance.getEntriesByType('resource').map(e => [e.name, e.startTime])")
        bundle = [start for url, start in started if "/javascripts/bundle." in url]
        assert len(bundle) == 1 and bundle[0] > page.evaluate("window.__firstAt")
        assert requests.count(chunk) == 1
        assert page.locator("#recherche-liste > li .recherche-extrait").count() > 0
    finally:
        context.close()
