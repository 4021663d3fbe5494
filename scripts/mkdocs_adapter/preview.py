"""Under `mkdocs serve`, an edited sheet updates the served site in place, without a whole build.

When only existing sheets changed since the last good build, `Preview.update` runs the core again
(the sheets whose bytes did not change come from the memo, memo.py), renders again only the case
pages whose inputs changed (an edit to one sheet: its page and the pages showing it among their
« Cas proches »), then writes into the served site only the pages and files whose content changed,
each file replaced whole. The data page and the open-data files follow, made by the second process
meanwhile, then the search index, in the background (`settled` waits for them). Problems are shown
as after a failed build, the served site untouched. Anything else (a page or file added or removed,
a change to the pages, the theme, the code or the settings) makes a whole build.

A page is rendered as MkDocs renders it in a build, through MkDocs' public API: the plugin events
(`config.plugins.on_…`), `Page.read_source`, `Page.render`, `mkdocs.commands.build.get_context`.
"""

from __future__ import annotations

import logging
import os
import shutil
import threading
import time
from pathlib import Path

from mkdocs.commands.build import get_context

from scripts.contract import routes
from scripts.mkdocs_adapter import search, search_index
from scripts.mkdocs_adapter.memo import Memo
from scripts.mkdocs_adapter.sources import as_bytes, cases_dir, digest, inputs

log = logging.getLogger("mkdocs.hooks.base")


class LastBuild:
    """What the preview needs of the last good build: its configuration, inputs, theme environment,
    files and navigation, its memo, and a digest of each generated page and file by path (the texts
    themselves are not kept: at 10,000 sheets they make hundreds of MB)."""

    def __init__(self, build, site: Path) -> None:
        self.build = build  # its theme environment and shells render the pages again
        self.config, self.inputs, self.site = build.config, build.inputs, site
        self.nav, self.env, self.files, self.memo = build.nav, build.env, build.files, build.memo
        self.pages: dict[str, bytes] = build.digests["pages"]
        self.data: dict[str, bytes] = build.digests["files"]


class Preview:
    def __init__(self, session) -> None:
        self.session = session
        self.last: LastBuild | None = None
        self._indexing = threading.Lock()  # the served site's search index is replaced under it
        self._data_done: threading.Event | None = None
        self._reindex_stop: threading.Event | None = None
        self._background: threading.Thread | None = None

    def keep(self, build, site: Path) -> None:
        """After a whole build: what the next preview starts from."""
        self.last = LastBuild(build, site)

    def replace(self, swap) -> None:
        """Swap in a new site, once the search index of the one it replaces is no longer being written."""
        with self._indexing:
            swap()

    def update(self) -> bool:
        """The served site updated in place for the sheets that changed; False when a whole build is needed."""
        last = self.last
        if last is None:
            return False
        self.settled(search=False)  # the previous update's data files are written: `last` is whole
        stopped = self._stop_reindex()  # the search index in the making is outdated: the CPU goes to this update
        config = last.config
        now = inputs(config)
        changed = {path for path in now.keys() | last.inputs.keys() if now.get(path) != last.inputs.get(path)}
        folder = cases_dir(config)
        if not changed or any(path not in now or path not in last.inputs or Path(path).parent != folder
                              or not path.endswith(".md") for path in changed):
            return False
        start = time.monotonic()
        memo = Memo(last.memo)
        session = self.session
        result = session.core(config, memo, later=True)
        core_time = time.monotonic() - start
        if result.problems:
            log.error(session.failed(result.problems) + " Le site servi reste celui de la dernière construction réussie.")
            if stopped:  # the search index of the site still served, made again
                self._later(lambda: None, last.site)
            return True
        pages, files = dict(result.pages), dict(result.files)
        if pages.keys() != last.pages.keys() or files.keys() | (result.pending - pages.keys()) != last.data.keys():
            result.cancel()
            return False
        session.failure = None
        # The last whole build renders the pages again, with this update's pages and tables of contents.
        build = session.build = last.build
        build.result, build.generated, build.search = result, set(pages), None
        written = self._write_changed(config, {path: text for path, text in pages.items()
                                                           if path not in result.pending}, files)
        last.inputs, last.memo = now, memo
        session.memo = memo
        self.reused, self.rendered = memo.reused, memo.rendered
        log.info(f"Aperçu : {len(changed)} fiche(s) modifiée(s) ; {written} fichier(s) réécrit(s) en "
                 f"{time.monotonic() - start:.2f} s (dont fiches lues et pages produites : {core_time:.2f} s) ; "
                 "données ouvertes et index de recherche en cours de mise à jour")

        def data() -> None:
            page, made = result.later()
            count = self._write_changed(config, dict([page]), dict(made))
            log.info(f"Aperçu : données ouvertes à jour ({count} fichier(s) réécrit(s))")
        self._later(data, last.site)
        return True

    def _write_changed(self, config, pages: dict[str, str], files: dict[str, str | bytes]) -> int:
        """Write into the served site the pages and files that differ from the last build's; the count."""
        last = self.last
        written = 0
        for path, content in files.items():
            content = as_bytes(content)
            made = digest(content)
            if made != last.data[path]:
                _write(last.site / path, content)
                last.data[path] = made
                written += 1
        for path, text in pages.items():
            made = digest(text)
            if made != last.pages[path]:
                file = last.files.get_file_from_path(path)
                file.content_string = text
                _write(last.site / file.dest_uri, self._render(file.page, config))
                last.pages[path] = made
                written += 1
        return written

    def _render(self, page, config) -> bytes:
        """One page as MkDocs renders it in a build (its plugin events, read, render, template)."""
        last = self.last
        files, nav = last.files, last.nav
        page = config.plugins.on_pre_page(page, config=config, files=files)
        page.read_source(config)
        page.markdown = config.plugins.on_page_markdown(page.markdown, page=page, config=config, files=files)
        page.render(config, files)
        page.content = config.plugins.on_page_content(page.content, page=page, config=config, files=files)
        self.session.highlight(None, None)  # the entry lit for the last page rendered goes off first
        page.active = True
        try:
            context = get_context(nav, files, config, page)
            template = last.env.get_template(page.meta.get("template", "main.html"))
            context = config.plugins.on_page_context(context, page=page, config=config, nav=nav)
            output = config.plugins.on_post_page(template.render(context), page=page, config=config)
        finally:
            page.active = False
        return output.encode("utf-8", errors="xmlcharrefreplace")

    def _later(self, data, site_dir: Path) -> None:
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
            with self._indexing:
                self._reindex(site_dir, stop)
        self._data_done, self._reindex_stop = done, stop
        self._background = threading.Thread(target=work, daemon=True)
        self._background.start()

    def _reindex(self, site_dir: Path, stop: threading.Event) -> None:
        fresh = site_dir / ".pagefind-nouveau"
        shutil.rmtree(fresh, ignore_errors=True)
        try:
            if not search.index_written(site_dir, fresh, stop):
                shutil.rmtree(fresh, ignore_errors=True)
                log.info("Aperçu : index de recherche interrompu par une nouvelle modification")
                return
        except search_index.IndexingError as error:
            log.error(f"L'indexation de la recherche (Pagefind) a échoué : {error}")
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
        search.preload_index(site_dir)  # the search page names the new index's chunk
        log.info("Aperçu : index de recherche à jour")

    def _stop_reindex(self) -> bool:
        """Stop the search index a preview is making; whether one was in the making."""
        if self._background is None or not self._background.is_alive():
            return False
        self._reindex_stop.set()
        return True

    def settled(self, search: bool = True, timeout: float | None = None) -> None:
        """Wait for the last preview's background work: its data files, and its search index if `search`."""
        if self._data_done is not None:
            self._data_done.wait(timeout)
        if search and self._background is not None:
            self._background.join(timeout)


def _write(path: Path, content: bytes) -> None:
    """Replace one file of the served site whole (a reader never gets half of it)."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.nouveau")
    temporary.write_bytes(content)
    os.replace(temporary, path)
