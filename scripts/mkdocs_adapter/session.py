"""The state of the adapter, on two objects: a `Session` for the MkDocs process (`mkdocs build`, or
every build of a `mkdocs serve`), a `Build` for one build. hooks.py wires MkDocs' events to them.

A build, event by event:

- configure (on_config): build into a temporary folder (folder.py); the publisher's settings; under
  serve, no Content-Security-Policy (live reload injects an inline script);
- read (on_pre_build): the core loads, validates and renders every sheet in memory; the open-data
  files are made meanwhile by the second process (background.py); the search indexer starts;
- add (on_files): the generated pages and files go into MkDocs' files, and only there (the core's
  result keeps none of their texts: 10,000 sheets make hundreds of MB of them); case pages are
  `CasePage`s (whole HTML, pages.py), given to the search indexer as they will show (search.py);
  the files that are not pages go to the second process, written while MkDocs renders the pages;
- render (on_env, on_page_markdown, on_page_context, on_post_page): the theme's page around the case
  pages cut once per shape and filled in (shell.py); the stash for the other generated pages
  (stash.py); French spaces in every generated page; each case page checked against what was indexed;
- finish (on_post_build): every file written, the search index written, then the swap, unless MkDocs
  counted a warning in a strict build; under serve, what the preview needs is kept (preview.py).
"""

from __future__ import annotations

import gc
import logging
import os
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File
from mkdocs.utils import CountHandler, is_markdown_file

from scripts import core
from scripts.contract import editeur
from scripts.contract.settings import from_config as settings_from
from scripts.mkdocs_adapter import search, search_index, switches
from scripts.mkdocs_adapter.background import Job, Worker, refuse_in_second_process, write_files
from scripts.mkdocs_adapter.folder import SiteFolder
from scripts.mkdocs_adapter.memo import Memo
from scripts.mkdocs_adapter.pages import CasePage, Highlight, WrittenApart, nav_key, valid_toggles
from scripts.mkdocs_adapter.preview import Preview
from scripts.mkdocs_adapter.shell import TEMPLATE, Shells
from scripts.mkdocs_adapter.sources import as_bytes, cases_dir, digest, inputs
from scripts.mkdocs_adapter.stash import StashExtension
from scripts.pages import rgaa, typo
from scripts.tools.history import git_dates

log = logging.getLogger("mkdocs.hooks.base")
ROOT = Path(__file__).resolve().parents[2]  # the project: where `scripts` is imported from


class Session:
    """One MkDocs process: what lasts from one build to the next."""

    def __init__(self) -> None:
        self.serve = False
        self.folder = SiteFolder()
        self.worker = Worker()
        self.highlight = Highlight()
        self.settings = None
        self.warned = False
        self.memo: Memo | None = None  # under serve: the last good build's work, for the next build
        self.failure: list[str] | None = None  # the problems of the last build, shown under serve
        self.build: Build | None = None  # the build under way
        self.preview = None  # under serve: the update in place of the served site (preview.py)

    def start(self, command: str) -> None:
        self.serve = command == "serve"
        if self.serve and switches.preview():
            self.preview = Preview(self)

    def configure(self, config):
        """Build into a fresh temporary folder; the publisher's settings; the accessibility state.

        A build for publication (SITE_URL set) stops if the publisher or the address is still a
        placeholder; a local build says so once, on stderr (not a MkDocs warning, which --strict
        would turn into a failure). config.extra.accessibilite: the conformity state computed from
        the RGAA grid (`etat`, e.g. « non conforme », and `taux`, e.g. « 12,3 % ») for the footer."""
        refuse_in_second_process()
        if str(ROOT) not in sys.path:  # MkDocs takes back what its hooks add; the second process imports from here
            sys.path.insert(0, str(ROOT))
        config.extra["csp"] = not self.serve
        config.site_dir = self.folder.building(config.site_dir)
        config.markdown_extensions.append(StashExtension(lambda: self.build is not None and self.build.stashing))
        settings = self.settings = settings_from(config.site_url, config.extra)
        config.extra.update(editeur=settings.editeur, hebergeur=settings.hebergeur)  # the theme's footer reads them
        if os.environ.get("SITE_URL"):
            error = settings.publication_error()
            if error:
                raise Abort(error)
        elif not self.warned and settings.problems():
            self.warned = True
            print(editeur.LOCAL_WARNING.format(site=config.site_url), file=sys.stderr)
        try:
            audit = rgaa.audit()
        except ValueError as error:
            raise Abort(str(error)) from error
        config.extra["accessibilite"] = {"etat": audit.etat, "taux": rgaa.percent(audit.taux)}
        return config

    def core(self, config, memo: Memo | None, later: bool = False) -> core.Result:
        """The core's build of the sheets (every page and file in memory), the open-data files made
        by the second process."""
        cases = cases_dir(config)
        return core.build(cases, settings=self.settings, docs_dir=Path(config.docs_dir), memo=memo,
                          spawn=self.worker.submit, committed=git_dates(cases), later=later)

    def failed(self, problems) -> str:
        """Log the problems, keep them for the page banner under serve; the summary line."""
        self.failure = [str(problem) for problem in problems]
        for problem in problems:
            log.error(str(problem))
        files = len({p.file for p in problems})
        return (f"Validation des fiches : {len(problems)} problème(s) dans {files} fichier(s). "
                "Le site n'a pas été construit ; corrigez les lignes ci-dessus "
                "(python -m scripts.validate pour vérifier sans construire).")

    def read(self, config) -> None:
        """on_pre_build: the core's build; the search indexer started."""
        if self.preview is not None:
            self.preview.settled(search=False)  # a preview's open-data files are written before this build
        self.failure = None
        self.build = Build(self, config)
        self.build.read()

    def abandon(self, error: BaseException) -> None:
        """on_build_error: whatever failed, the last good site stays; the half-built folder goes."""
        gc.unfreeze()
        if self.build is not None:
            self.build.abandon()
        self.folder.discard()
        if not self.failure:
            self.failure = [f"la construction a échoué ({error.__class__.__name__}) : voir le terminal"]

    def close(self) -> None:
        """on_shutdown: the second process ends."""
        self.worker.close()


class Build:
    """One build, from the sheets read (on_pre_build) to the site in place (on_post_build)."""

    def __init__(self, session: Session, config) -> None:
        self.session, self.config = session, config
        self.inputs = inputs(config)  # before reading them: an edit during the build is seen next time
        # Under serve, this build's work is kept for the next build (memo.py); case pages for a preview only.
        self.memo = Memo(session.memo, pages=False) if session.serve or session.preview is not None else None
        self.written_apart: bool | None = None  # once finished: whether the second process wrote the files
        self.result: core.Result | None = None
        self.generated: set[str] = set()
        self.digests: dict[str, dict[str, bytes]] = {}
        self.writer: Job | None = None
        self.search: search.BuildIndex | None = None
        self.shells: Shells | None = None
        self.nav = self.env = self.files = None
        self.stashing = False  # the page being converted is a generated page other than a case (stash.py)

    def read(self) -> None:
        result = self.session.core(self.config, self.memo)
        if result.problems:
            raise Abort(self.session.failed(result.problems))
        self.result = result
        # The sheets and pages in memory live until the end of the build: out of the garbage collector's
        # rounds, which would otherwise go through all of them again and again while pages are rendered.
        gc.freeze()
        log.info(f"{len(result.cases)} cas validés, {len(result.pages)} pages générées")
        try:
            self.search = search.BuildIndex()
        except (OSError, search_index.IndexingError) as error:
            raise Abort(f"L'indexation de la recherche (Pagefind) n'a pas pu démarrer : {error}") from error

    def add(self, files, config):
        """on_files: every generated page and file into MkDocs' files (see the module's docstring).
        Data files are given as UTF-8 bytes, what MkDocs would write."""
        result = self.result
        self.generated = {path for path, _ in result.pages}
        # Case pages in the order of their ids: the order MkDocs renders them in, thus the order the
        # search index numbers them in (as search.index_written does after a build).
        cases = sorted((page for page in result.pages if page[0] in result.tocs), key=lambda page: page[0][4:-3])
        others = [page for page in result.pages if page[0] not in result.tocs]
        data, texts = [], result.files
        result.files = []
        for index, (path, content) in enumerate(texts):  # one file's text and bytes at a time (memory)
            texts[index] = None
            data.append((path, as_bytes(content)))
        made = others + cases + data
        self.digests = {"pages": {path: digest(text) for path, text in result.pages},
                        "files": {path: digest(content) for path, content in data}}
        result.pages = []
        del cases, others  # `made` holds the pages alone, each dropped in turn below
        fed = self.search is not None and self.search.feed is not None
        template = TEMPLATE if switches.shell() else None
        apart = []  # (where, content) of the files that are not pages: written by the second process
        for index, (path, content) in enumerate(made):
            made[index] = None  # one text per page (memory): the French-spaced one replaces the core's
            existing = files.get_file_from_path(path)
            if existing is not None:
                files.remove(existing)
            case = path in result.tocs
            if case and fed:  # given to the indexer as the page will show it
                front, body = search.split(content)
                # In UTF-8 until read: its narrow no-break spaces would make the text take 2 bytes a character.
                content = (front + typo.html(body)).encode("utf-8")
            page = is_markdown_file(path)
            file = (File if page else WrittenApart).generated(config, path, content=content)
            if not page:
                apart.append((file.abs_dest_path, as_bytes(content)))
            files.append(file)
            if case:
                CasePage(file, config, lambda path: self.result.tocs[path], template)
                if fed:  # to the search indexer now, in the order of the ids (search.py)
                    self.search.add("/" + file.url, content)
        if self.search is not None:
            self.search.close()
        self.writer = self.session.worker.submit(write_files, apart)
        return files

    def environment(self, env, files):
        """on_env: the theme's templates get the router; the case pages' shell (shell.py)."""
        from scripts.contract import routes
        env.globals["route"] = routes  # the theme's templates (header, footer, 404) ask the router, as the core's do
        self.env, self.files = env, files
        # Case pages given to the search indexer got their French spaces then (add).
        fed = self.search is not None and self.search.feed is not None
        self.shells = Shells(env, key=lambda page: nav_key(self.nav, page), french=typo.html,
                             spaced_content=lambda page: fed)
        return env

    def markdown(self, markdown: str, page) -> str:
        """on_page_markdown: the generated pages other than cases get their HTML blocks stashed."""
        self.stashing = page.file.src_uri in self.generated
        return markdown

    def post_page(self, output: str, page) -> str:
        """on_post_page: French spaces in every page, generated or hand-written (tags, code and URLs
        untouched: a hand-written page's tables come from the contract, docs.py); the theme's toggles
        made valid HTML; a case page checked against what was indexed."""
        output = valid_toggles(output)
        french = page.file.src_uri in self.generated
        if not self._spaced(page):
            output = typo.html(output)
        if self.search is not None and page.file.src_uri in self.result.tocs:
            self.search.check("/" + page.url, page.content, output)  # what was indexed is what the page shows
        if french:  # written next: its text is not read again (a preview reads it anew), its title stays
            page.markdown = page.content = ""
        return output

    def _spaced(self, page) -> bool:
        """Whether the page was given with its French spaces (shell.py: a case page filled in)."""
        if self.shells is None or page.url not in self.shells.spaced:
            return False
        self.shells.spaced.discard(page.url)
        return True

    def finish(self, config) -> bool:
        """on_post_build: every file in place, the search index written, then the swap; False when the
        strict build is about to fail (MkDocs aborts it right after this event: the last good site stays)."""
        session = self.session
        building = Path(config.site_dir)
        writer, self.writer = self.writer, None
        writer.result()  # every file in place before the swap
        self.written_apart = writer.apart
        try:
            self.search.write(building)
        except search_index.IndexingError as error:
            raise Abort(f"L'indexation de la recherche (Pagefind) a échoué : {error}") from error
        if config.strict and _warnings():
            session.folder.discard()
            session.failure = ["avertissements en mode strict : voir les lignes WARNING dans le terminal"]
            return False
        if session.preview is not None:
            session.preview.replace(lambda: session.folder.swap(str(building), in_background=True))
            target = session.folder.target(str(building))
        else:
            target = session.folder.swap(str(building))
        config.site_dir = str(target)  # for what runs after the build (gh-deploy reads it)
        session.failure = None
        session.memo = self.memo
        gc.unfreeze()  # under serve, this build's objects can be collected once the next one replaces them
        if session.preview is not None:
            session.preview.keep(self, target)
        return True

    def abandon(self) -> None:
        """The build failed: the indexer and the second process stop before the half-built folder goes."""
        if self.search is not None:
            self.search.stop()
        if self.writer is not None:
            self.writer.wait()  # nothing is written into the folder once it is removed
        if self.result is not None and self.result.cancel is not None:
            self.result.cancel()


def _warnings() -> bool:
    """Whether MkDocs counted a warning or an error in this build (its strict-mode counter)."""
    return any(isinstance(h, CountHandler) and h.get_counts() for h in logging.getLogger("mkdocs").handlers)
