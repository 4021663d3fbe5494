"""MkDocs adapter: a thin layer over the generator-agnostic core (`core.py`).

- on_config: build into a temporary folder beside the site folder, which replaces
  it only when the whole build succeeded (on_post_build): a failed build, of any
  cause, leaves the last good site as it was, and `mkdocs serve` keeps serving it;
- on_pre_build: load, validate, render and check links of every sheet in memory;
  start the search indexer (Pagefind's service, a second process: search_index.py);
- on_files: add the generated pages and data files in memory (File.generated); a case
  page is a `_CasePage`: whole HTML made by the core (its body already sanitized),
  published without any Markdown work, with its table of contents from the core; the files
  that are not pages are written by a second process while the pages are rendered
  (write_apart.py; on_post_build waits for it);
- on_page_markdown: the other generated pages' top-level HTML blocks go to
  Python-Markdown's own stash (speed; output unchanged);
- on_env / on_post_page: the navigation is rendered once for all the pages outside it
  that share a folder and a menu highlight (overrides/partials/nav.html); the theme's page
  around the case pages is rendered once per shape and filled in for each (shell.py); French spaces
  in generated pages; each case page checked against what the search indexer was given (on_files:
  each case page's content, once French-spaced, goes to the indexer before any page is rendered;
  search_feed.py);
- on_post_build: write the search index (made while pages were rendered; or, when a case page does
  not show what was indexed, made now from the written pages), then swap;
- on_serve: when only sheets changed, the served site is updated in place (`_preview`:
  the core, rendering again only the case pages whose inputs changed (page_memo.py), then
  only the pages and files whose content changed; the data page, the open-data files and
  the search index next, in the background); otherwise a whole build. After a failed one, `mkdocs serve` keeps
  serving the last good build, with the problems shown at the top of every page (MkDocs
  alone would hold every request until a build succeeds).
- on_env: the theme's templates get the router (`route`), like the core's templates;
- on_post_page, on_post_template: drop the one piece of invalid theme markup no template block can reach;
"""

from __future__ import annotations

import gc
import hashlib
import logging
import os
import posixpath
import re
import shutil
import sys
import tempfile
import threading
import time
from html import escape
from pathlib import Path

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor
from markupsafe import Markup
from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import CountHandler, is_markdown_file

# MkDocs loads this module by path; make the `scripts` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts import core  # noqa: E402
from scripts.contract import editeur, routes  # noqa: E402
from scripts.contract.settings import from_config as settings_from  # noqa: E402
from scripts.mkdocs_adapter import search_feed, search_index, shell  # noqa: E402
from scripts.mkdocs_adapter.page_memo import CasePages  # noqa: E402
from scripts.mkdocs_adapter.write_apart import Writer  # noqa: E402
from scripts.pages import fil, rgaa, typo  # noqa: E402

log = logging.getLogger("mkdocs.hooks.base")
_state: dict = {"targets": {}}


def _cases_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra.get("cases_dir", "cases")


def on_startup(*, command, **kwargs) -> None:
    _state["serve"] = _state["preview"] = command == "serve"


def on_config(config, **kwargs):
    """Under `mkdocs serve`, drop the Content-Security-Policy: live reload injects an inline script.

    Build into a fresh temporary folder beside the site folder (same file system,
    so the final swap is a rename); remember where the site goes.

    A build for publication (SITE_URL set) stops if the publisher or the address
    is still a placeholder; a local build says so once, on stderr (not a MkDocs
    warning, which --strict would turn into a failure).

    config.extra.accessibilite: the conformity state computed from the RGAA grid (`etat`, e.g.
    « non conforme », and `taux`, e.g. « 12,3 % »), for the footer's « Accessibilité : … » wording.
    """
    config.extra["csp"] = not _state.get("serve", False)
    target = Path(_state["targets"].get(config.site_dir, config.site_dir)).absolute()
    target.parent.mkdir(parents=True, exist_ok=True)
    building = tempfile.mkdtemp(prefix=f".{target.name}-construction-", dir=target.parent)
    _state["targets"] = {building: str(target)}
    config.site_dir = building
    config.markdown_extensions.append(_StashExtension())
    settings = _state["settings"] = settings_from(config.site_url, config.extra)
    config.extra.update(editeur=settings.editeur, hebergeur=settings.hebergeur)  # the theme's footer reads them
    if os.environ.get("SITE_URL"):
        error = settings.publication_error()
        if error:
            raise Abort(error)
    elif not _state.get("warned") and settings.problems():
        _state["warned"] = True
        print(editeur.LOCAL_WARNING.format(site=config.site_url), file=sys.stderr)
    try:
        audit = rgaa.audit()
    except ValueError as error:
        raise Abort(str(error)) from error
    config.extra["accessibilite"] = {"etat": audit.etat, "taux": rgaa.percent(audit.taux)}
    return config


def on_pre_build(*, config, **kwargs) -> None:
    _settled(search=False)  # under serve, a preview's open-data files are written before this build starts
    _state["failure"] = None
    _state["inputs"] = _inputs(config)  # before reading them: an edit during the build is seen next time
    # Under serve, this build's case pages are kept for the next preview (page_memo.py).
    _state["memo"] = CasePages() if _state.get("preview") else None
    result = _core(config, _state["memo"])
    if result.problems:
        raise Abort(_failed(result.problems))
    _state["result"] = result
    # The sheets and pages in memory live until the end of the build: out of the garbage collector's
    # rounds, which would otherwise go through all of them again and again while pages are rendered.
    gc.freeze()
    log.info(f"{len(result.cases)} cas validés, {len(result.pages)} pages générées")
    if not os.environ.get("NO_SEARCH_SERVICE"):  # the CLI, after the build, otherwise (tests compare both)
        try:
            _state["search"] = search_index.Indexer()
        except (OSError, search_index.IndexingError) as error:
            raise Abort(f"L'indexation de la recherche (Pagefind) n'a pas pu démarrer : {error}") from error


def _core(config, memo: CasePages | None, later: bool = False) -> core.Result:
    return core.build(_cases_dir(config), settings=_state["settings"], docs_dir=Path(config.docs_dir), memo=memo,
                      later=later)


def _failed(problems) -> str:
    """Log the problems, keep them for the page banner under serve; the summary line."""
    _state["failure"] = [str(problem) for problem in problems]
    for problem in problems:
        log.error(str(problem))
    files = len({p.file for p in problems})
    return (f"Validation des fiches : {len(problems)} problème(s) dans {files} fichier(s). "
            "Le site n'a pas été construit ; corrigez les lignes ci-dessus "
            "(python -m scripts.validate pour vérifier sans construire).")


def on_files(files, *, config, **kwargs):
    """Every generated page and file goes into MkDocs' files, and only there: the core's result
    keeps none of their texts (memory: 10,000 sheets make hundreds of MB of them), the preview
    compares digests (`_digests`). Data files are given as UTF-8 bytes, what MkDocs would write."""
    result = _state["result"]
    _state["generated"] = {path for path, _ in result.pages}
    # Case pages in the order of their ids: the order MkDocs renders them in, thus the order the
    # search index numbers them in (as _index does after a build).
    cases = sorted((page for page in result.pages if page[0] in result.tocs), key=lambda page: page[0][4:-3])
    others = [page for page in result.pages if page[0] not in result.tocs]
    data, texts = [], result.files
    result.files = []
    for index, (path, content) in enumerate(texts):  # one file's text and bytes at a time (memory)
        texts[index] = None
        data.append((path, _bytes(content)))
    made = others + cases + data
    _state["digests"] = _digests(result.pages, data)
    result.pages = []
    del cases, others  # `made` holds the pages alone, each dropped in turn below
    search = _state.get("search")
    feed = search_feed.Feed(search) if search is not None else None
    if feed is not None:
        _state["feed"] = feed
    apart = []  # (where, content) of the files that are not pages: written by a second process
    for index, (path, content) in enumerate(made):
        made[index] = None  # one text per page (memory): the French-spaced one replaces the core's
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        case = path in result.tocs
        if case and feed is not None:  # given to the indexer as the page will show it
            front, body = search_feed.split(content)
            # In UTF-8 until read: its narrow no-break spaces would make the text take 2 bytes a character.
            content = (front + typo.html(body)).encode("utf-8")
        page = is_markdown_file(path)
        file = (File if page else _WrittenApart).generated(config, path, content=content)
        if not page:
            apart.append((file.abs_dest_path, _bytes(content)))
        files.append(file)
        if case:
            _CasePage(None, file, config)
            if feed is not None:  # to the search indexer now, in the order of the ids (search_feed.py)
                feed.add("/" + file.url, content)
    if feed is not None:
        feed.close()
    _state["writer"] = Writer(apart)
    return files


class _WrittenApart(File):
    """A generated file that is not a page, written by `write_apart.Writer`: MkDocs does not copy it."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def _bytes(content: str | bytes) -> bytes:
    """A generated file's content as MkDocs writes it (a text in UTF-8): half the memory of a text
    with characters beyond Latin-1, and no second copy once the core's text is dropped."""
    return content.encode("utf-8") if isinstance(content, str) else content


def _digest(content: str | bytes) -> bytes:
    return hashlib.blake2b(_bytes(content), digest_size=16).digest()


def _digests(pages: list[tuple[str, str]], files: list[tuple[str, bytes]]) -> dict[str, dict[str, bytes]]:
    """A digest of each generated page and file by path: what the preview compares with the next
    build (`_preview`), in place of the texts themselves."""
    return {"pages": {path: _digest(text) for path, text in pages},
            "files": {path: _digest(content) for path, content in files}}


def on_nav(nav, *, config, files, **kwargs):
    _state["nav"] = nav
    _state["nav_urls"] = tuple(page.url for page in nav.pages)
    return nav


def on_env(env, *, config, files, **kwargs):
    """The navigation is the same on every page outside it at one place in the tree: `nav_memo`
    (overrides/partials/nav.html) renders it once for them, and on_post_page puts it in.
    The theme's templates (header, footer, 404) ask the router for the URLs they link, as the core's do."""
    env.globals["route"] = routes
    _state["navs"] = {}
    _state["env"], _state["files"] = env, files
    env.globals["nav_memo"] = _nav_memo
    # Case pages given to the search indexer got their French spaces then (on_files).
    _state["shells"] = shell.Shells(env, key=_nav_key, french=typo.html,
                                         spaced_content=lambda page: _state.get("feed") is not None)
    return env


# The navigation of a page outside it, rendered once per place in the tree (see on_env). Set
# NO_NAV_MEMO=1 to render it in every page (the byte-identity test compares both builds).
_NAV_MARK = "<!--nav-memo:{}-->"


def _nav_memo(page, caller) -> Markup:
    """`{% call nav_memo(page) %}…{% endcall %}`: the navigation's HTML, rendered by `caller` once for
    every page outside the navigation that shares its folder and menu highlight; a marker that
    on_post_page replaces in those pages."""
    key = _nav_key(page)
    if key is None:
        return Markup(caller())
    navs = _state["navs"]
    if key not in navs:
        navs[key] = {"index": len(navs), "html": str(caller())}
    return Markup(_NAV_MARK.format(navs[key]["index"]))


def _nav_key(page) -> tuple | None:
    """What the navigation's HTML depends on for `page`: the folder of its URL (links are relative)
    and the highlighted entries. None for a page in the navigation (its entry holds its table of
    contents) or above a page of it."""
    if page is None or os.environ.get("NO_NAV_MEMO") or not page.url:
        return None
    if any(url.startswith(page.url) for url in _state["nav_urls"]):
        return None
    return posixpath.dirname(page.url.rstrip("/")), tuple(_active(_state["nav"].items))


def _active(items, prefix: tuple = ()):
    for number, item in enumerate(items):
        if item.active:
            yield prefix + (number,)
        if item.children:
            yield from _active(item.children, prefix + (number,))


def _with_nav(output: str, french: bool) -> str:
    """The page with its memoized navigation put back (with French spaces when the page has them:
    the navigation is whole elements between white space, so spacing it apart gives the same text)."""
    if "<!--nav-memo:" not in output:
        return output
    for nav in _state["navs"].values():
        mark = _NAV_MARK.format(nav["index"])
        if mark in output:
            if french and "french" not in nav:
                nav["french"] = typo.html(nav["html"])
            output = output.replace(mark, nav["french"] if french else nav["html"], 1)
    return output


class _CasePage(Page):
    """A case page is whole HTML made by the core (its body already sanitized): MkDocs publishes
    it without reading it as Markdown, and takes its table of contents from the core."""

    def render(self, config, files) -> None:
        toc = _state["result"].tocs[self.file.src_uri]
        self.content = self.markdown
        self.file.content_string = ""  # read: the page holds its text until it is written (on_post_page)
        self.toc = get_toc(_toc_tokens(toc))
        self.present_anchor_ids = {ident for _, ident, _ in toc}
        self._title_from_render = None
        if shell.enabled():  # the theme's page rendered once per shape (shell.py)
            self.meta["template"] = shell.TEMPLATE


def on_page_markdown(markdown, *, page, **kwargs):
    """The generated pages other than cases get their HTML blocks stashed by `_StashHtml`."""
    _state["stash"] = page.file.src_uri in _state.get("generated", ())
    return markdown


def _toc_tokens(headings: list[tuple[int, str, str]]) -> list[dict]:
    """Python-Markdown's toc tokens, nested by level, from the core's flat list."""
    root: list[dict] = []
    stack: list[dict] = []
    for level, ident, title in headings:
        token = {"level": level, "id": ident, "name": title, "children": []}
        while stack and stack[-1]["level"] >= level:
            stack.pop()
        (stack[-1]["children"] if stack else root).append(token)
        stack.append(token)
    return root


def on_post_build(*, config, **kwargs) -> None:
    """Index the case pages for search (Pagefind: accent-blind, French stemming, chunked
    index), then put the new site in place, unless the build is about to fail."""
    building = Path(config.site_dir)
    _state["written_apart"] = _state.pop("writer").wait()  # every file in place before the swap
    index = _fed_index(_state.pop("search", None), _state.pop("feed", None))
    _state["search_made"] = "pendant le rendu" if index is not None else "pages écrites"
    if index is not None:
        search_index.write_files(building / routes.search_index(), index)
    else:
        _index(building, building / routes.search_index())
    if config.strict and _warnings():
        # MkDocs aborts a strict build with warnings right after this event: keep the last good site.
        shutil.rmtree(building, ignore_errors=True)
        _state["failure"] = ["avertissements en mode strict : voir les lignes WARNING dans le terminal"]
        return
    target = _state["targets"][str(building)]
    with _indexing:  # under serve, the search index of the site being replaced may be in the making
        _swap(building, Path(target))
    config.site_dir = target  # for what runs after the build (gh-deploy reads it)
    _state["failure"] = None
    gc.unfreeze()  # under serve, this build's objects can be collected once the next one replaces them
    # What `mkdocs serve` needs to update this site in place when only sheets change (_preview).
    _state["last"] = {"config": config, "inputs": _state["inputs"], "site": Path(target),
                      "nav": _state["nav"], "nav_urls": _state["nav_urls"], "navs": _state["navs"],
                      "env": _state["env"], "files_": _state["files"], "memo": _state.get("memo"),
                      **_state["digests"]}


def _fed_index(search: search_index.Indexer | None, feed: search_feed.Feed | None) -> list | None:
    """The search index made while the pages were rendered (search_feed.py), if every case page shows
    what was indexed; None otherwise (the written pages are indexed then)."""
    if search is None:
        return None
    try:
        index = feed.files() if feed is not None else None
    except search_index.IndexingError as error:
        log.info(f"Index de recherche fait pendant le rendu écarté ({error}) : pages écrites indexées")
        return None
    finally:
        search.close()
    if index is not None and not feed.complete():
        log.info("Index de recherche fait pendant le rendu écarté (une page de cas ne montre pas le contenu "
                 "indexé) : pages écrites indexées")
        return None
    return index


def _index(site_dir: Path, output: Path, stop: threading.Event | None = None) -> bool:
    """Index the case pages written in `site_dir` for search, into `output`, in the order of their
    paths, as the build does while rendering them (the index numbers pages in that order).
    False when `stop` was set before the end (nothing is written then)."""
    try:
        search = search_index.Indexer()
        for page in sorted(site_dir.glob(routes.case("*") + "index.html"), key=lambda page: page.parent.name):
            if stop is not None and stop.is_set():
                search.close()
                return False
            search.add("/" + routes.case(page.parent.name), page.read_text(encoding="utf-8"))
        search.write(str(output.resolve()))
        return True
    except (OSError, search_index.IndexingError) as error:
        raise Abort(f"L'indexation de la recherche (Pagefind) a échoué : {error}") from error


def on_build_error(*, error, **kwargs) -> None:
    """Whatever failed, the last good site stays; the half-built folder goes."""
    gc.unfreeze()
    search, feed, writer = _state.pop("search", None), _state.pop("feed", None), _state.pop("writer", None)
    if feed is not None:
        feed.stop()  # the indexer's writer stops waiting for case pages
    if writer is not None:
        writer.stop()  # before the half-built folder goes
    if search is not None:
        search.close()
    for building in _state["targets"]:
        shutil.rmtree(building, ignore_errors=True)
    if not _state.get("failure"):
        _state["failure"] = [f"la construction a échoué ({error.__class__.__name__}) : voir le terminal"]


def on_serve(server, *, config, builder, **kwargs):
    """Under `mkdocs serve`, a failed rebuild is reported, not raised: the server then
    goes on serving the last good build, which the failed one left untouched, and
    every page it serves starts with the problems."""

    def rebuild() -> None:
        try:
            if not _preview():
                builder()
        except Exception as exc:  # noqa: BLE001 (reported here and in the page; the server goes on)
            log.error(f"{exc} Le site servi reste celui de la dernière construction réussie.")
            if not _state.get("failure"):
                _state["failure"] = [f"la construction a échoué ({exc.__class__.__name__}) : voir le terminal"]

    server.builder = rebuild
    inject = getattr(server, "_inject_js_into_html", None)
    if inject is not None:  # live reload's own hook into every HTML page it serves
        server._inject_js_into_html = lambda content, epoch: _with_problems(inject(content, epoch))
    return server


def _inputs(config) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file a build reads: sheets, pages, theme, code, settings."""
    root = Path(config.config_file_path).resolve().parent
    folders = [_cases_dir(config), Path(config.docs_dir), root / "scripts"]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    found = {}
    for path in [Path(config.config_file_path)] + [p for folder in folders for p in folder.rglob("*")]:
        if "__pycache__" not in path.parts and path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found


def _preview() -> bool:
    """Under `mkdocs serve`, when only existing sheets changed since the last good build: run the
    core, then render and write into the served site only the pages and files whose content
    changed (an edit to one sheet: its page, the lists it appears in), each file replaced whole;
    the case pages whose inputs did not change are not rendered again (page_memo.py). The data
    page and the open-data files follow, made by a second process meanwhile, then the search
    index, in the background (`_settled` waits for them). Problems are shown as after a failed
    build, the served site untouched. False when a whole build is needed (a page or file added
    or removed, or anything else changed: pages, theme, code, settings)."""
    last = _state.get("last")
    if last is None or os.environ.get("NO_PREVIEW"):
        return False
    _settled(search=False)  # the previous update's data files are written: `last` is whole
    stopped = _stop_reindex()  # the search index in the making is outdated: the CPU goes to this update
    config = last["config"]
    inputs = _inputs(config)
    changed = {path for path in inputs.keys() | last["inputs"].keys() if inputs.get(path) != last["inputs"].get(path)}
    cases = _cases_dir(config)
    if not changed or any(path not in inputs or path not in last["inputs"] or Path(path).parent != cases
                          or not path.endswith(".md") for path in changed):
        return False
    start = time.monotonic()
    memo = CasePages(last["memo"]) if last["memo"] is not None else None
    result = _core(config, memo, later=True)
    core = time.monotonic() - start
    if result.problems:
        log.error(_failed(result.problems) + " Le site servi reste celui de la dernière construction réussie.")
        if stopped:  # the search index of the site still served, made again
            _later(lambda: None, last["site"])
        return True
    pages, files = dict(result.pages), dict(result.files)
    if pages.keys() != last["pages"].keys() or files.keys() | (result.pending - pages.keys()) != last["files"].keys():
        result.cancel()
        return False
    _state["result"], _state["failure"] = result, None
    _state["generated"] = set(pages)
    _state["nav"], _state["nav_urls"], _state["navs"] = last["nav"], last["nav_urls"], last["navs"]
    site_dir = last["site"]
    written = _update(last, config, {path: text for path, text in pages.items() if path not in result.pending}, files)
    last.update(inputs=inputs, memo=memo)
    log.info(f"Aperçu : {len(changed)} fiche(s) modifiée(s) ; {written} fichier(s) réécrit(s) en "
             f"{time.monotonic() - start:.2f} s (dont fiches lues et pages produites : {core:.2f} s) ; "
             "données ouvertes et index de recherche en cours de mise à jour")

    def data() -> None:
        page, made = result.later()
        count = _update(last, config, dict([page]), dict(made))
        log.info(f"Aperçu : données ouvertes à jour ({count} fichier(s) réécrit(s))")
    _later(data, site_dir)
    return True


def _update(last: dict, config, pages: dict[str, str], files: dict[str, str | bytes]) -> int:
    """Write into the served site the pages and files that differ from the last build's; the count."""
    written = 0
    for path, content in files.items():
        content = _bytes(content)
        digest = _digest(content)
        if digest != last["files"][path]:
            _write(last["site"] / path, content)
            last["files"][path] = digest
            written += 1
    for path, text in pages.items():
        digest = _digest(text)
        if digest != last["pages"][path]:
            file = last["files_"].get_file_from_path(path)
            file.content_string = text
            _write(last["site"] / file.dest_uri, _render_page(file.page, config, last))
            last["pages"][path] = digest
            written += 1
    return written


def _render_page(page, config, last) -> bytes:
    """What MkDocs does for one page in a build (commands/build.py: _populate_page, _build_page)."""
    from mkdocs.commands import build
    build._populate_page(page, config, last["files_"])
    fil.highlight(None, None)  # the entry lit for the last page rendered goes off before this page lights its own
    page.active = True
    try:
        context = build.get_context(last["nav"], last["files_"], config, page)
        template = last["env"].get_template(page.meta.get("template", "main.html"))
        context = config.plugins.on_page_context(context, page=page, config=config, nav=last["nav"])
        output = config.plugins.on_post_page(template.render(context), page=page, config=config)
    finally:
        page.active = False
    return output.encode("utf-8", errors="xmlcharrefreplace")


def _write(path: Path, content: bytes) -> None:
    """Replace one file of the served site whole (a reader never gets half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.nouveau")
    temporary.write_bytes(content)
    os.replace(temporary, path)


_indexing = threading.Lock()


def _later(data, site_dir: Path) -> None:
    """After a preview has shown the edited pages: `data()` (the open-data files and the data page),
    then the search index of the served site, rebuilt and swapped in, in the background. The next
    preview stops a search index still in the making (it makes its own)."""
    done, stop = threading.Event(), threading.Event()

    def work() -> None:
        try:
            data()
        except Exception as error:  # noqa: BLE001 (reported; the next whole build makes them)
            log.error(f"Aperçu : les données ouvertes n'ont pas été mises à jour ({error})")
        finally:
            done.set()
        with _indexing:
            fresh = site_dir / ".pagefind-nouveau"
            shutil.rmtree(fresh, ignore_errors=True)
            try:
                if not _index(site_dir, fresh, stop):
                    shutil.rmtree(fresh, ignore_errors=True)
                    log.info("Aperçu : index de recherche interrompu par une nouvelle modification")
                    return
            except Abort as error:
                log.error(str(error))
                return
            old = site_dir / ".pagefind-ancien"
            shutil.rmtree(old, ignore_errors=True)
            try:
                os.replace(site_dir / routes.search_index(), old)
                os.replace(fresh, site_dir / routes.search_index())
            except OSError as error:
                log.error(f"Aperçu : l'index de recherche n'a pas été remplacé ({error})")
                return
            shutil.rmtree(old, ignore_errors=True)
            log.info("Aperçu : index de recherche à jour")
    _state["data_done"], _state["reindex_stop"] = done, stop
    _state["indexer"] = threading.Thread(target=work, daemon=True)
    _state["indexer"].start()


def _stop_reindex() -> bool:
    """Stop the search index a preview is making; whether one was in the making."""
    indexer = _state.get("indexer")
    if indexer is None or not indexer.is_alive():
        return False
    _state["reindex_stop"].set()
    return True


def _settled(search: bool = True, timeout: float | None = None) -> None:
    """Wait for the last preview's background work: its data files, and its search index if `search`."""
    if "data_done" in _state:
        _state["data_done"].wait(timeout)
    if search and _state.get("indexer") is not None:
        _state["indexer"].join(timeout)


def _with_problems(content: bytes) -> bytes:
    failure = _state.get("failure")
    if not failure:
        return content
    shown = failure[:50] + ([f"… et {len(failure) - 50} autres"] if len(failure) > 50 else [])
    lines = "".join(f"<li><code>{escape(line)}</code></li>" for line in shown)
    banner = ('<div role="alert" class="echec-construction" style="background:#fff3cd;color:#3d2e00;'
              'padding:1em;border-bottom:3px solid #b00020;font-size:.8rem">'
              "<p><strong>La dernière construction a échoué</strong> ; cette page est celle de la dernière "
              f"construction réussie. À corriger :</p><ul>{lines}</ul></div>")
    head, marker, rest = content.partition(b"<body")
    if not marker:
        return content
    tag_end = rest.find(b">") + 1
    return head + marker + rest[:tag_end] + banner.encode("utf-8") + rest[tag_end:]


def _warnings() -> bool:
    """Whether MkDocs counted a warning or an error in this build (its strict-mode counter)."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)


def _swap(building: Path, target: Path) -> None:
    """Replace the site folder by the new build: two renames on one file system."""
    old = None
    if target.exists():
        old = Path(tempfile.mkdtemp(prefix=f".{target.name}-ancien-", dir=target.parent))
        os.replace(target, old / target.name)
    os.replace(building, target)
    if old is not None and _state.get("serve"):  # the new site is served already
        threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True).start()
    elif old is not None:
        shutil.rmtree(old, ignore_errors=True)


# A top-level HTML block of a generated page: a line opening a tag at column 0 after
# a blank line, up to the line where its elements are all closed again. Python-Markdown
# would re-parse such HTML character by character (listings are most of these pages);
# it goes to Python-Markdown's own stash instead. Field values in it are escaped by the
# templates (no « < » can come from a contributor), so counting tags is exact.
# A tag is `<`, an optional `/`, a name, optionally white space and attributes, `>`; void elements
# (any case) and tags ending in `/>` open nothing. Each pattern matches one kind of the tags that
# count, and only at a `<` where such a tag starts: the regex engine counts them (listings are long).
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "circle", "ellipse", "line", "path", "polygon", "polyline", "rect", "use")
_COUNTED = r"(?!(?i:{void})(?![a-zA-Z0-9-]))[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?(?<!/)>".format(void="|".join(_VOID))
_OPENING = re.compile("<" + _COUNTED)
_CLOSING = re.compile("</" + _COUNTED)


def _depth(line: str) -> int:
    """How many elements `line` opens minus how many it closes."""
    return len(_OPENING.findall(line)) - len(_CLOSING.findall(line))


class _StashHtml(Preprocessor):
    def run(self, lines: list[str]) -> list[str]:
        if not _state.get("stash"):
            return lines
        out: list[str] = []
        block: list[str] = []
        depth = 0
        for number, line in enumerate(lines):
            if not block and line[:1] == "<" and line[1:2].isalpha() and (not out or not out[-1].strip()):
                depth = 0
            elif not block:
                out.append(line)
                continue
            block.append(line)
            depth += _depth(line)
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if depth <= 0 and not following.strip():
                out += [self.md.htmlStash.store("\n".join(block)), ""]
                block = []
        if block:
            out += [self.md.htmlStash.store("\n".join(block)), ""]
        return out


class _StashExtension(Extension):
    def extendMarkdown(self, md) -> None:
        # After whitespace normalisation (30), before Python-Markdown's own HTML blocks (20).
        md.preprocessors.register(_StashHtml(md), "stash_generated_html", 25)


def on_page_context(context, *, page, nav, **kwargs):
    """The menu entry of a generated page's section is highlighted (the page is not in nav)."""
    fil.highlight(nav, page)
    return context


def on_post_page(output, *, page, **kwargs):
    """French typographic spaces in the text of generated pages (tags, code and URLs untouched);
    the theme's toggles made valid HTML on every page."""
    output = _valid_toggles(output)
    french = page.file.src_uri in _state.get("generated", ())
    if french and not _spaced(page):
        output = typo.html(output)
    output = _with_nav(output, french)
    feed = _state.get("feed")
    if feed is not None and page.file.src_uri in _state["result"].tocs:
        feed.check("/" + page.url, page.content, output)  # what was indexed is what the page shows
    if french:  # written next: its text is not read again (a preview reads it anew), its title stays
        page.markdown = page.content = ""
    return output


def _spaced(page) -> bool:
    """Whether the page was given with its French spaces (shell.py: a case page filled in)."""
    shells = _state.get("shells")
    if shells is None or page.url not in shells.spaced:
        return False
    shells.spaced.discard(page.url)
    return True


# mkdocs-material's base.html writes autocomplete="off" on its two checkbox toggles, outside any
# block a theme override can replace; HTML allows that attribute on text-like inputs only, so the
# Nu Html Checker (RGAA criterion 8.2) rejects it. Removed from exactly those two inputs.
_THEME_TOGGLES = tuple(f'type="checkbox" id="{name}" autocomplete="off">' for name in ("__drawer", "__search"))


def _valid_toggles(output: str) -> str:
    for toggle in _THEME_TOGGLES:
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return output


def on_post_template(output_content, *, template_name, config, **kwargs):
    """404.html and other static templates carry the same toggles."""
    return _valid_toggles(output_content) if template_name.endswith(".html") else output_content
