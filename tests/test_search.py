"""The search index made while MkDocs renders the pages (search.py, search_index.py): the case
pages are given to Pagefind before they are rendered, each rendered page is checked against what
was indexed, and the index files are written whole."""

from __future__ import annotations

import gzip
import hashlib
import json
import posixpath
import re
import subprocess
import threading

import cbor2
import pytest

from scripts.contract import routes
from scripts.mkdocs_adapter import search, search_index

FRONT = '---\ntitle: "Un cas"\nrecherche: true\n---\n\n'
CONTENT = ('<h1>Un cas</h1>\n<p class="cas-chapo" data-pagefind-meta="resume">Un résumé.</p>\n'
           '<p><span data-pagefind-filter="categorie:sociale"></span>Un texte sur l’emploi.</p>\n')


def _page(content: str = CONTENT, before: str = "", after: str = "") -> str:
    """A rendered case page holding `content` in its search body, as overrides/main.html writes it."""
    return ('<!doctype html><html lang="fr"><head><title>Un cas</title></head><body>'
            '<nav class="fil" data-pagefind-ignore>Accueil</nav>\n'
            f'    <div data-pagefind-body>\n      {before}\n{content}\n{after}\n    </div>\n</body></html>')


def _compressed_files_are_whole(folder) -> list[str]:
    """The index files Pagefind compresses, each read to its end (a file cut short fails)."""
    names = []
    for path in sorted(folder.rglob("*")):
        if path.is_file() and (path.suffix.startswith(".pf_") or path.suffix == ".pagefind"):
            gzip.decompress(path.read_bytes())  # raises on a truncated stream
            names.append(path.relative_to(folder).as_posix())
    return names


def test_split_and_content_are_what_mkdocs_gives_the_theme():
    from mkdocs.utils.meta import get_data
    text = FRONT + CONTENT
    front, body = search.split(text)
    assert front + body == text
    assert search.content(text) == get_data(text)[0] == CONTENT
    assert search.split("<p>Sans en-tête</p>") == ("", "<p>Sans en-tête</p>")


def test_a_page_holding_the_content_alone_in_its_search_body_passes():
    assert search._alone(CONTENT, _page())


def test_a_page_with_more_or_other_text_in_its_search_body_fails():
    assert not search._alone(CONTENT, _page(before="<p>Modifier cette page</p>"))
    assert not search._alone(CONTENT, _page(after="Dernière mise à jour"))
    assert not search._alone(CONTENT, _page(CONTENT.replace("emploi", "apprentissage")))
    assert not search._alone("", _page())


def test_a_page_with_search_data_outside_its_search_body_fails():
    outside = _page().replace("<title>", '<meta data-pagefind-meta="auteur:x"><title>')
    assert not search._alone(CONTENT, outside)
    ignored = _page().replace("</body>", '<p data-pagefind-ignore="all">Pied</p></body>')  # ignored: still alone
    assert search._alone(CONTENT, ignored)


def _feed(contents: dict[str, str]) -> search.Feed:
    feed = search.Feed(search_index.Indexer())
    for url, content in contents.items():
        feed.add(url, (FRONT + content).encode("utf-8"))
    feed.close()
    return feed


def test_fed_pages_are_indexed_and_the_feed_is_complete_when_every_page_shows_them(tmp_path):
    contents = {"/cas/un-cas/": CONTENT, "/cas/autre-cas/": CONTENT.replace("Un cas", "Un autre cas")}
    feed = _feed(contents)
    for url, content in contents.items():
        feed.check(url, content, _page(content))
    files = dict(feed.files())
    feed.indexer.close()
    assert feed.complete()
    assert json.loads(files["pagefind-entry.json"])["languages"]["fr"]["page_count"] == 2
    fragments = [json.loads(gzip.decompress(content)[len(b"pagefind_dcd"):])
                 for path, content in files.items() if path.startswith("fragment/")]
    assert {fragment["url"] for fragment in fragments} == set(contents)
    assert {fragment["meta"]["title"] for fragment in fragments} == {"Un cas", "Un autre cas"}
    assert all(fragment["filters"] == {"categorie": ["sociale"]} for fragment in fragments)


def test_the_feed_is_not_complete_when_a_page_shows_something_else_or_is_missing():
    contents = {"/cas/un-cas/": CONTENT, "/cas/autre-cas/": CONTENT.replace("Un cas", "Un autre cas")}
    feed = _feed(contents)
    feed.check("/cas/un-cas/", CONTENT, _page())
    feed.files()
    assert not feed.complete()  # one page not rendered (checked)
    feed.check("/cas/autre-cas/", CONTENT, _page(CONTENT))  # rendered with the other page's content
    assert not feed.complete()
    feed.indexer.close()


def test_fed_documents_are_made_in_the_indexer_thread_one_at_a_time():
    made = []

    def documents():
        for number in range(3):
            made.append(threading.current_thread())
            yield f"/cas/cas-{number}/", f'<html lang="fr"><body><div data-pagefind-body><h1>Cas {number}</h1></div></body></html>'
    indexer = search_index.Indexer()
    indexer.feed(documents)
    files = dict(indexer.files(indexer.request_files()))
    indexer.close()
    assert len(made) == 3 and threading.main_thread() not in made
    assert json.loads(files["pagefind-entry.json"])["languages"]["fr"]["page_count"] == 3


def test_written_index_files_are_whole(tmp_path):
    """Written from Pagefind's answer (GetFiles), not by Pagefind: with WriteFiles, a service stopped
    right after its answer has left a file cut short."""
    indexer = search_index.Indexer()
    for number in range(20):
        indexer.add(f"/cas/cas-{number}/", f'<html lang="fr"><body><div data-pagefind-body><h1>Cas {number}</h1>'
                                           f'<p>Texte numéro {number}.</p></div></body></html>')
    indexer.write(tmp_path / "pagefind")
    names = _compressed_files_are_whole(tmp_path / "pagefind")
    assert "wasm.unknown.pagefind" in names and "wasm.fr.pagefind" in names
    assert len([name for name in names if name.startswith("fragment/")]) == 20
    assert (tmp_path / "pagefind" / "pagefind.js").stat().st_size > 0


def test_a_feed_stopped_before_its_end_lets_the_indexer_end():
    """A build failing while case pages are added (on_build_error): the indexer's writer stops waiting
    for pages, and the indexer ends by itself (else `close` kills it after two minutes)."""
    indexer = search_index.Indexer()
    feed = search.Feed(indexer)
    feed.add("/cas/un-cas/", (FRONT + CONTENT).encode("utf-8"))
    feed.stop()
    indexer.close()
    assert indexer._process.returncode == 0


def test_the_search_page_preloads_a_one_chunk_index_and_follows_the_index(tmp_path):
    """A single chunk: every search needs it, the page preloads it; after a new index (a preview),
    the new chunk; with two chunks (which one depends on the query), none. Nothing else changes."""
    page = tmp_path / routes.search() / "index.html"
    page.parent.mkdir(parents=True)
    head = f'<head>{routes.search_index_mark()}<link rel="stylesheet" href="a.css"></head>'
    page.write_text(head, encoding="utf-8")
    chunks = tmp_path / routes.search_index("index")
    chunks.mkdir(parents=True)

    def preloaded() -> list[str]:
        search.preload_index(tmp_path)
        text = page.read_text(encoding="utf-8")
        assert re.sub(r'<link rel="preload"[^>]*>', "", text) == head  # the rest as it was
        return re.findall(r'<link rel="preload" href="([^"]+)" as="fetch" crossorigin>', text)

    (chunks / "fr_1.pf_index").write_bytes(b"")
    assert preloaded() == [posixpath.relpath(routes.search_index("index/fr_1.pf_index"), routes.search())]
    (chunks / "fr_1.pf_index").unlink()
    (chunks / "fr_2.pf_index").write_bytes(b"")
    assert preloaded() == [posixpath.relpath(routes.search_index("index/fr_2.pf_index"), routes.search())]
    (chunks / "fr_3.pf_index").write_bytes(b"")
    assert preloaded() == []


def _write_index_meta(site, chunks) -> None:
    """An index's entry and metadata as Pagefind writes them: gzipped, CBOR after Pagefind's prefix,
    [version, pages, index chunks (first word, last word, hash), filters, sorts]."""
    folder = site / routes.search_index()
    folder.mkdir(parents=True, exist_ok=True)
    entry = {"version": "1.6.0", "languages": {routes.search_language(): {"hash": "fr_m", "wasm": "fr", "page_count": 2}}}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    meta = cbor2.dumps(["1.6.0", [["p1", 10], ["p2", 12]], [list(chunk) for chunk in chunks], [], []])
    (folder / "pagefind.fr_m.pf_meta").write_bytes(gzip.compress(b"pagefind_dcd" + meta))
    (folder / "index").mkdir(exist_ok=True)
    for _, _, name in chunks:
        (folder / "index" / f"{name}.pf_index").write_bytes(b"")


def test_the_search_page_preloads_the_index_entry_at_an_address_of_its_hash(tmp_path):
    """The index's entry and metadata preloaded, the entry at an address tagged with its own hash
    (recherche.js gives the tag to Pagefind, which asks for that address): the same entry, the same
    address; a new index, a new one (no stale copy); an unreadable entry, no preload of either."""
    page = tmp_path / routes.search() / "index.html"
    page.parent.mkdir(parents=True)
    head = f'<head>{routes.search_index_mark()}<script src="recherche.js"></script></head>'
    page.write_text(head, encoding="utf-8")
    folder = tmp_path / routes.search_index()

    def preloaded() -> list[str]:
        search.preload_index(tmp_path)
        text = page.read_text(encoding="utf-8")
        assert re.sub(r'<link rel="preload"[^>]*>|<script type="application/json"[^<]*</script>', "", text) == head
        return re.findall(r'<link rel="preload"(?: id="' + search.ENTRY_ID + r'")? href="([^"]+)" as="fetch"'
                          r' crossorigin>', text)

    def address(path: str) -> str:
        return posixpath.relpath(routes.search_index(path), routes.search())

    _write_index_meta(tmp_path, [("a", "z", "fr_a")])
    tag = hashlib.sha256((folder / "pagefind-entry.json").read_bytes()).hexdigest()[:16]
    first = [address(f"pagefind-entry.json?ts={tag}"), address("pagefind.fr_m.pf_meta"), address("index/fr_a.pf_index")]
    assert preloaded() == first
    assert f'id="{search.ENTRY_ID}" href="{first[0]}"' in page.read_text(encoding="utf-8")
    assert preloaded() == first  # built again: the same page
    entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
    entry["languages"][routes.search_language()] |= {"hash": "fr_n", "page_count": 3}
    (folder / "pagefind-entry.json").write_text(json.dumps(entry), encoding="utf-8")
    again = preloaded()
    assert again[1:] == [address("pagefind.fr_n.pf_meta"), first[2]]
    assert again[0].startswith(address("pagefind-entry.json?ts=")) and again[0] != first[0]
    (folder / "pagefind-entry.json").write_text("{", encoding="utf-8")
    assert preloaded() == [first[2]]


def test_a_larger_index_lists_its_chunks_word_ranges_for_the_page(tmp_path):
    """Several chunks: the page lists their word ranges, in the index's order (recherche.js preloads the
    query's), as JSON no word can end (« </script> »); read again after a new index; an index whose
    metadata cannot be read lists nothing, and the page is otherwise as it was."""
    page = tmp_path / routes.search() / "index.html"
    page.parent.mkdir(parents=True)
    head = f'<head>{routes.search_index_mark()}<script src="recherche.js"></script></head>'
    page.write_text(head, encoding="utf-8")
    pattern = re.compile(r'<script type="application/json" id="' + search.RANGES_ID + r'">([^<]*)</script>')

    def listed():
        search.preload_index(tmp_path)
        text = page.read_text(encoding="utf-8")
        assert re.sub(r'<link rel="preload"[^>]*>', "", pattern.sub("", text)) == head  # the entry's apart
        found = pattern.findall(text)
        return json.loads(found[0]) if found else None

    _write_index_meta(tmp_path, [("006", "j", "fr_a"), ("l", "vill", "fr_b")])
    assert listed() == [["006", "j", "fr_a"], ["l", "vill", "fr_b"]]
    for name in ("fr_a", "fr_b"):
        (tmp_path / routes.search_index(f"index/{name}.pf_index")).unlink()
    _write_index_meta(tmp_path, [("a", "m</script><b>", "fr_c"), ("n", "zz", "fr_d"), ("zzz", "é", "fr_e")])
    assert listed() == [["a", "m</script><b>", "fr_c"], ["n", "zz", "fr_d"], ["zzz", "é", "fr_e"]]
    (tmp_path / routes.search_index("pagefind.fr_m.pf_meta")).write_bytes(gzip.compress(b"autre chose"))
    assert listed() is None


def test_pagefind_is_the_npm_package_of_this_platform(monkeypatch, tmp_path):
    """The indexer is the binary npm installs (package.json's `pagefind`, the version it pins), unless
    an environment variable names another, as for Pagefind's own wrappers; none: a French error."""
    monkeypatch.delenv("PAGEFIND_BINARY_PATH", raising=False)
    monkeypatch.delenv("PAGEFIND_EXTENDED_BINARY_PATH", raising=False)
    binary = search_index.executable()
    assert binary is not None and binary.is_relative_to(search_index.PACKAGES)
    pinned = json.loads((search_index.PACKAGES.parents[1] / "package.json").read_text(encoding="utf-8"))
    version = subprocess.run([str(binary), "--version"], capture_output=True, text=True, timeout=60).stdout
    assert version.split() == ["pagefind", pinned["dependencies"]["pagefind"]]
    monkeypatch.setenv("PAGEFIND_BINARY_PATH", str(tmp_path / "autre"))
    assert search_index.executable() == tmp_path / "autre"
    monkeypatch.delenv("PAGEFIND_BINARY_PATH")
    monkeypatch.setattr(search_index, "PACKAGES", tmp_path / "vide")
    assert search_index.executable() is None
    with pytest.raises(search_index.IndexingError, match="npm ci"):
        search_index.Indexer()
