"""The search index of a build: Pagefind's service (search_index.py, a second process) indexes the
case pages while MkDocs renders them.

The core makes every case page's content before MkDocs renders any page: as the adapter gives each
one its French spaces (on_files), `Feed` gives it to the indexer, in the order of their ids, then
asks for the index, which Pagefind makes on the other core while MkDocs renders the pages. That
index is the one indexing the written pages gives (`index_written`) when each case page, once
rendered, holds in its `data-pagefind-body` element that content and nothing else, and no search
data (`data-pagefind-meta`, `-filter`, `-sort`…) outside it: `Feed.check` sees to that for every
page, and `Feed.complete` says whether all passed. When one did not, the written pages are indexed
instead (the same index, made after the build). Under SANS_PARALLELE (switches.py), the written
pages are always indexed, after the build.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import logging
import posixpath
import queue
import re
import threading
from collections.abc import Iterator
from pathlib import Path

import cbor2
from mkdocs.utils.meta import YAML_RE

from scripts.contract import routes
from scripts.mkdocs_adapter import search_index, switches
from scripts.mkdocs_adapter.background import write_files

log = logging.getLogger("mkdocs.hooks.base")

BODY = "<div data-pagefind-body>"
_SEARCH_DATA = re.compile(r"data-pagefind-(?!ignore\b)")


def split(text: str) -> tuple[str, str]:
    """(front matter, content) of a generated page, as MkDocs splits them (mkdocs.utils.meta.get_data:
    the content starts after the front matter's end and the blank lines after it)."""
    match = YAML_RE.match(text)
    if match is None:
        return "", text
    return text[:match.end()], text[match.end():]


def content(text: str) -> str:
    """A generated page's content as MkDocs gives it to the theme (`page.content` of a case page)."""
    return split(text)[1].lstrip("\n")


def _digest(text: str) -> bytes:
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).digest()


class Feed:
    """The case pages of one build given to `indexer` as they come (`add`); `files` is its index of them."""

    def __init__(self, indexer):
        self.indexer = indexer
        self.expected = 0
        self._pages: queue.SimpleQueue = queue.SimpleQueue()  # (URL, page text in UTF-8), then None
        self._fed: dict[str, bytes] = {}  # URL -> digest of the content given to the indexer
        self._seen: dict[str, bytes | None] = {}  # URL -> digest of the content rendered there, None if not alone
        self._request: int | None = None
        indexer.feed(self._documents)

    def add(self, url: str, text: bytes) -> None:
        """Give the indexer the case page at `url` (URL from the site's root), in the index's order:
        `text` is the generated page in UTF-8 (front matter, then content), the very bytes MkDocs gets,
        read in the indexer's writer thread."""
        self.expected += 1
        self._pages.put((url, text))

    def close(self) -> None:
        """Every case page was added: ask for the index (made while the pages are rendered)."""
        self.stop()
        self._request = self.indexer.request_files()

    def stop(self) -> None:
        """No more case pages: the indexer's writer goes on to what follows (or ends, the build failed)."""
        self._pages.put(None)

    def _documents(self) -> Iterator[tuple[str, str]]:
        """Made in the indexer's writer thread, one page at a time, as they are added."""
        while (page := self._pages.get()) is not None:
            url, text = page
            body = content(text.decode("utf-8"))
            self._fed[url] = _digest(body)
            yield url, f'<html lang="fr"><body>{BODY}{body}</div></body></html>'

    def check(self, url: str, page_content: str, output: str) -> None:
        """Note what the rendered case page at `url` holds in its search body."""
        self._seen[url] = _digest(page_content) if _alone(page_content, output) else None

    def files(self) -> list[tuple[str, bytes]]:
        """The index (waits for the indexer; after `close`); every page has been fed once it is given."""
        return self.indexer.files(self._request)

    def complete(self) -> bool:
        """Whether every case page was rendered with the very content it was indexed with (after `files`)."""
        return len(self._seen) == self.expected and self._seen == self._fed


def _alone(page_content: str, output: str) -> bool:
    """Whether `output` holds `page_content` alone in its search body (white space around it), and no
    search data outside it."""
    at = output.find(page_content) if page_content else -1
    if at < 0:
        return False
    before, after = output[:at].rstrip(), output[at + len(page_content):]
    if not before.endswith(BODY) or not after.lstrip().startswith("</div>"):
        return False
    return _SEARCH_DATA.search(before, 0, len(before) - len(BODY)) is None and _SEARCH_DATA.search(after) is None


class BuildIndex:
    """The search index of one build: fed while the pages are made, written into the site at the end."""

    def __init__(self) -> None:
        self.made: str | None = None  # how it was made: « pendant le rendu » or « pages écrites »
        self.indexer: search_index.Indexer | None = None
        self.feed: Feed | None = None
        if switches.parallel():
            self.indexer = search_index.Indexer()
            self.feed = Feed(self.indexer)

    def add(self, url: str, text: bytes) -> None:
        """A case page at `url`, as MkDocs gets it (front matter and French-spaced content, in UTF-8)."""
        if self.feed is not None:
            self.feed.add(url, text)

    def close(self) -> None:
        """Every case page was added: Pagefind makes the index while the pages are rendered."""
        if self.feed is not None:
            self.feed.close()

    def check(self, url: str, page_content: str, output: str) -> None:
        """What the rendered case page at `url` shows in its search body (after on_post_page's changes)."""
        if self.feed is not None:
            self.feed.check(url, page_content, output)

    def write(self, site_dir: Path) -> None:
        """The index into its folder of `site_dir` (routes.search_index()): the one made while rendering, if every case page shows
        what was indexed; otherwise the written pages' (raises IndexingError)."""
        index = self._fed()
        self.made = "pendant le rendu" if index is not None else "pages écrites"
        if index is not None:
            write_files([(str(site_dir / routes.search_index() / path), content) for path, content in index])
        else:
            index_written(site_dir, site_dir / routes.search_index())
        preload_index(site_dir)

    def stop(self) -> None:
        """The build failed: the indexer stops."""
        if self.feed is not None:
            self.feed.stop()
        if self.indexer is not None:
            self.indexer.close()

    def _fed(self) -> list | None:
        if self.indexer is None:
            return None
        try:
            index = self.feed.files()
        except search_index.IndexingError as error:
            log.info(f"Index de recherche fait pendant le rendu écarté ({error}) : pages écrites indexées")
            return None
        finally:
            self.indexer.close()
        if not self.feed.complete():
            log.info("Index de recherche fait pendant le rendu écarté (une page de cas ne montre pas le contenu "
                     "indexé) : pages écrites indexées")
            return None
        return index


# The word ranges of a larger index's chunks, read by recherche.js (the same id there).
RANGES_ID = "index-morceaux"
# The preload of the index's entry, whose address recherche.js gives Pagefind (the same id there).
ENTRY_ID = "index-entree"
_PRELOADED = re.compile(re.escape(routes.search_index_mark()) + r'(?:<link rel="preload" [^>]*>'
                        r'|<script type="application/json" id="' + RANGES_ID + r'">[^<]*</script>)*')
_META_PREFIX = b"pagefind_dcd"  # what Pagefind's decompressed files start with


def chunk_ranges(site_dir: Path) -> list[tuple[str, str, str]] | None:
    """The chunks of the word index of `site_dir`, in order, as its metadata lists them: (first word,
    last word, hash). Pagefind picks a query word's chunk by these bounds in its WebAssembly, once that is
    in. None when the metadata cannot be read (another Pagefind's format)."""
    folder = site_dir / routes.search_index()
    try:
        entry = json.loads((folder / "pagefind-entry.json").read_text(encoding="utf-8"))
        language = entry["languages"][routes.search_language()]
        data = gzip.decompress((folder / f"pagefind.{language['hash']}.pf_meta").read_bytes())
        if not data.startswith(_META_PREFIX):
            return None
        # [version, pages, index chunks, filter chunks, sorts, …] (pagefind_web/src/metadata.rs)
        chunks = cbor2.loads(data[len(_META_PREFIX):])[2]
        return [(str(first), str(last), str(name)) for first, last, name in chunks]
    except (OSError, ValueError, KeyError, TypeError, IndexError, EOFError, cbor2.CBORDecodeError):
        return None


def preload_index(site_dir: Path) -> None:
    """The search page of `site_dir` names the files of its index that its first search needs, fetched
    with the page rather than one after the other once Pagefind asks for them: after the theme's mark
    in the page's head (routes.search_index_mark()), in place of what a previous index wrote there.
    - The index's entry and metadata, preloaded. Pagefind asks for its entry at an address that changes
      on each visit (?ts=…, against a stale copy) unless given a tag (metaCacheTag): the entry's own
      hash, which recherche.js reads from the preload's address (ENTRY_ID).
    - The chunks of its word index. A single chunk (a small base), every query needs it: the page
      preloads it. Several, which one depends on the query: the page lists their word ranges (a JSON
      script element, RANGES_ID) and recherche.js preloads the ones of the query in the address.
    Files are named by their content, so the same cases give the same page."""
    page = site_dir / routes.search() / "index.html"
    try:
        text = page.read_text(encoding="utf-8")
    except FileNotFoundError:
        return

    def preload(path: str, attributes: str = "") -> str:
        href = posixpath.relpath(routes.search_index(path), routes.search())
        return f'<link rel="preload"{attributes} href="{href}" as="fetch" crossorigin>'

    named = ""
    folder = site_dir / routes.search_index()
    try:
        entry = (folder / "pagefind-entry.json").read_bytes()
        meta = json.loads(entry)["languages"][routes.search_language()]["hash"]
    except (OSError, ValueError, KeyError, TypeError):
        log.info("Page de recherche : l'entrée de l'index n'est pas lisible ; la première recherche la "
                 "demandera après le moteur")
    else:
        tag = hashlib.sha256(entry).hexdigest()[:16]
        named = preload(f"pagefind-entry.json?ts={tag}", f' id="{ENTRY_ID}"') + preload(f"pagefind.{meta}.pf_meta")
    chunks = sorted((folder / "index").glob("*.pf_index"))
    if len(chunks) == 1:
        named += preload(f"index/{chunks[0].name}")
    elif chunks and (ranges := chunk_ranges(site_dir)) is not None:
        data = json.dumps(ranges, ensure_ascii=False, separators=(",", ":")).replace("<", "\\u003c")
        named += f'<script type="application/json" id="{RANGES_ID}">{data}</script>'
    elif chunks:
        log.info("Page de recherche : les mots des morceaux de l'index ne sont pas lisibles (métadonnées de "
                 "Pagefind d'un autre format) ; la première recherche les demandera après le moteur")
    written = _PRELOADED.sub(lambda _: routes.search_index_mark() + named, text, count=1)
    if written != text:
        page.write_text(written, encoding="utf-8")


def index_written(site_dir: Path, output: Path, stop: threading.Event | None = None) -> bool:
    """Index the case pages written in `site_dir` for search, into `output`, in the order of their
    paths, as a build does while rendering them (the index numbers pages in that order).
    False when `stop` was set before the end (nothing is written then). Raises IndexingError."""
    try:
        indexer = search_index.Indexer()
        for page in sorted(site_dir.glob(routes.case("*") + "index.html"), key=lambda page: page.parent.name):
            if stop is not None and stop.is_set():
                indexer.close()
                return False
            indexer.add("/" + routes.case(page.parent.name), page.read_text(encoding="utf-8"))
        indexer.write(str(output.resolve()))
        return True
    except OSError as error:
        raise search_index.IndexingError(str(error)) from error
