"""The core: case sheets in, pages and files out, all in memory.

It knows no publisher and no process: `mkdocs_adapter/` publishes its output with MkDocs,
`tools/build.py` writes it to a folder for any other generator. What makes a build faster is
given to it by its caller, never imported: a `memo` of the previous build's work and a `spawn`
that may run the open-data files elsewhere; without them, the core does everything itself, in
order. The pages and files are the same either way.
"""

from __future__ import annotations

import datetime
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Protocol

from scripts.contract import routes
from scripts.contract.problems import Problem
from scripts.contract.problems import shown as _short
from scripts.contract.settings import Settings
from scripts.exports import feed, open_data, references
from scripts.pages import case_page, facets, formulaire, redirects, render, rgaa, templating, vocabulary
from scripts.pages.grouping import Index
from scripts.sheets import dates
from scripts.sheets.load import load_all, memo_entry
from scripts.sheets.model import to_case
from scripts.sheets.validate import validate

TEMPLATE = "_modele.md"
# The reference of each case for reference managers: file name beside the case page -> format.
REFERENCE_FILES = {"reference.ris": "ris", "reference.bib": "bib"}


@dataclass
class Result:
    cases: list[dict] = field(default_factory=list)
    pages: list[tuple[str, str]] = field(default_factory=list)  # (path.md, markdown)
    files: list[tuple[str, str | bytes]] = field(default_factory=list)  # (path, content): data, redirects
    problems: list[Problem] = field(default_factory=list)
    sheets: int = 0
    # Case pages are whole HTML: their table of contents, (level, id, title as HTML) by path.
    tocs: dict[str, list[tuple[int, str, str]]] = field(default_factory=dict)
    # A build with `later`: what is made after it returns (the data page, then the open-data and
    # reference files) and the paths of those pages and files (the data page in `pages` is a stand-in).
    later: Callable[[], tuple[tuple[str, str], list[tuple[str, str | bytes]]]] | None = None
    pending: frozenset[str] = frozenset()
    cancel: Callable[[], None] | None = None  # `later` will not be called: end the second process


def build_date() -> datetime.date:
    """Today, or SOURCE_DATE_EPOCH when set (reproducible builds)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.datetime.fromtimestamp(int(epoch), datetime.timezone.utc).date()
    return datetime.date.today()


def hand_written_pages(docs_dir: Path | None) -> list[tuple[str, str]]:
    """(path, title) of the Markdown pages written by hand in docs/, for the site map."""
    if docs_dir is None or not docs_dir.is_dir():
        return []
    pages = [p.relative_to(docs_dir).as_posix() for p in sorted(docs_dir.rglob("*.md"))]
    return [(path, templating.page_title((docs_dir / path).read_text(encoding="utf-8"), routes.page_url(path)))
            for path in pages]


class Job(Protocol):
    """Work under way (see `build`'s `spawn`): its value, or nothing more to do."""

    def result(self): ...

    def cancel(self) -> None: ...


class _Now:
    """Work done here, when its value is first asked for."""

    def __init__(self, fn: Callable, *args) -> None:
        self.fn, self.args = fn, args

    def result(self):
        return self.fn(*self.args)

    def cancel(self) -> None:
        pass


def build(cases_dir: Path, root: Path | None = None, settings: Settings | None = None,
          docs_dir: Path | None = None, memo=None, spawn: Callable[..., Job] | None = None,
          committed: Mapping[str, datetime.date] | None = None, later: bool = False) -> Result:
    """Load and validate every sheet; render everything in memory; check the links
    between pages. Pages and files are returned only when all of it passed: every
    check that can fail runs before anything is written.

    settings: where and by whom the site is published (settings.py); its defaults when None.
    docs_dir: the hand-written pages a body may link to and the site map lists (default: docs/
    beside cases/).
    memo: the previous build's work in this process, given back where its inputs are the same, and
    filled with this build's (`mkdocs_adapter/memo.py`: each sheet's reading, checks and body by its
    bytes; each case page by what it shows). The output is the same.
    spawn: `spawn(fn, *args)` starts `fn(*args)` and gives a `Job`; the open-data files and the
    references are started this way before the pages are rendered (the adapter runs them in a second
    process). Default: made here, when the data page needs them.
    committed: the date of the last commit of each sheet, by file name (`tools/history.py` reads
    them from git); a sheet without one is dated by its `mis_a_jour` or its status (sheets/dates.py).
    later: return before the open-data files are made: `result.later()` gives the data page and those
    files (the preview of `mkdocs serve` shows the edited case first). Every check still runs first.
    """
    root = root or cases_dir.parent
    sheets, problems = load_all(cases_dir, root, memo)
    problems = sorted(problems + validate(sheets))
    result = Result(problems=problems, sheets=len(sheets))
    if problems:
        return result
    built = build_date()
    settings = replace(settings or Settings(), date=built.isoformat())
    site_url = settings.site_url
    cases = [to_case(sheet) for sheet in sheets]
    for case in cases:
        case["date"] = dates.sheet_date(case, committed or {})
    bodies = {}
    for sheet, case in zip(sheets, cases):
        if sheet.cached is not None:
            bodies[case["id"]] = sheet.cached["body"]
            continue
        bodies[case["id"]] = case_page.body(case)
        if memo is not None:
            memo.keep_sheet(sheet.digest, memo_entry(sheet, body=bodies[case["id"]]))
    # The open-data files and the references, started before the pages are rendered (in a second
    # process when the caller's `spawn` does so); the references are made once, per case and in the files.
    plain = {case["texte"]: bodies[case["id"]].plain for case in cases}  # the spreadsheets' `texte`, made with the page
    background = (spawn or _Now)(_data_files, cases, site_url, dict(settings.editeur), plain)
    made: dict = {}

    def data() -> list:
        if "data" not in made:
            made["ris"], made["bib"], made["data"] = background.result()
        return made["data"]

    def references_files() -> list:  # the reference of each case, for reference managers
        data()
        return [(routes.case_file(case["id"], name), made[kind][case["id"]]) for case in cases
                for name, kind in REFERENCE_FILES.items()]
    docs_dir = docs_dir if docs_dir is not None else root / "docs"
    try:
        audit = rgaa.audit()
        # later: the data page is made here from empty stand-ins, then again by result.later
        pages = render.pages(cases, settings, bodies, data=[(path, b"") for path in open_data.paths()] if later else data,
                             other_pages=hand_written_pages(docs_dir), audit=audit, memo=memo)
        case_sources = {routes.case_source(case["id"]) for case in cases}
        files = redirects.redirects(cases, settings) + [
            (routes.feed(), feed.atom(cases, site_url, built)),
            *[(routes.feed(route), feed.atom(mine, site_url, built, page=route, title=title))
              for route, title, mine in render.feeds(Index(cases))],
            (routes.robots(), feed.robots(site_url)),
            (facets.PATH, facets.labels(cases)),
            (vocabulary.PATH, vocabulary.vocabulary(text for path, text in pages if path in case_sources)),
            (rgaa.PUBLISHED, rgaa.grid_csv(audit)),
        ] + formulaire.validator_files()
        pending = set()
        if later:  # made by result.later(): their paths only, for the links checked below
            pending = set(open_data.paths()) | {routes.case_file(case["id"], name) for case in cases
                                             for name in REFERENCE_FILES}
        else:
            files = data() + files + references_files()
        template = cases_dir / TEMPLATE
        if template.is_file():  # the commented template, downloadable from the contributors' page
            files.append((routes.contribute("modele-de-fiche.md.txt"), template.read_text(encoding="utf-8")))
        case_pages = {routes.case_source(case["id"]) for case in cases}
        if memo is None:
            tocs = {path: case_page.headings(text) for path, text in pages if path in case_pages}
        else:
            tocs = {path: memo.headings(path, text, case_page.headings) for path, text in pages if path in case_pages}
        known = {path for path, _ in pages + files} | pending | _documents(docs_dir)
        anchors = {path: {ident for _, ident, _ in toc} for path, toc in tocs.items()}
        result.problems = sorted(_link_problems(sheets, bodies, known, anchors))
    except BaseException:
        background.cancel()  # the build failed before using it
        raise
    if result.problems:
        background.cancel()
        return result
    result.cases, result.pages, result.files, result.tocs = cases, pages, files, tocs
    if later:
        def finish() -> tuple[tuple[str, str], list[tuple[str, str | bytes]]]:
            return render.data_page(cases, data(), settings), data() + references_files()
        result.later, result.pending = finish, frozenset(pending | {routes.source(routes.data())})
        result.cancel = background.cancel
    return result


def _data_files(cases: list[dict], site_url: str, editeur: dict | None = None,
                plain: dict[str, str] | None = None) -> tuple[dict, dict, list]:
    """(RIS entries, BibTeX entries, open-data files); `editeur`: the publisher the references name;
    `plain`: the bodies' plain texts already made."""
    ris, bib = references.entries(cases, site_url, editeur)
    return ris, bib, open_data.files(cases, site_url, (ris, bib), plain)


def _documents(docs_dir: Path) -> set[str]:
    """Every file of the hand-written site, as a path under it."""
    if not docs_dir.is_dir():
        return set()
    return {p.relative_to(docs_dir).as_posix() for p in docs_dir.rglob("*") if p.is_file()}


def _link_problems(sheets, bodies, known: set[str], anchors: dict[str, set[str]]) -> list[Problem]:
    """A body's links to pages of the site lead to a page (and an anchor) that exists."""
    problems = []
    by_id = {sheet.meta["id"]: sheet for sheet in sheets}
    for ident, body in bodies.items():
        found = list(body.problems)
        for link in body.links:
            quoted = _short(link.href)
            target = _existing(link.target, known)
            if target is None:
                found.append((link.line, f"lien « {quoted} » : la page {_short(link.target)} n'existe pas "
                                         "(vers un autre cas, écrivez son id suivi de .md, ex. wimoov.md)"))
            elif link.anchor and target in anchors and link.anchor not in anchors[target]:
                found.append((link.line, f"lien « {quoted} » : la page {target} n'a pas d'ancre "
                                         f"#{_short(link.anchor)}"))
        sheet = by_id[ident]
        problems += [Problem(sheet.rel, sheet.text_line + line - 1, "corps", message) for line, message in found]
    return problems


def _existing(target: str, known: set[str]) -> str | None:
    """The known path a link target names: 'x.md', or a folder 'x/' for 'x/index.md' or 'x.md'."""
    candidates = [target] if not target.endswith("/") else [target + "index.md", target[:-1] + ".md"]
    if target in ("./", "/"):
        candidates = ["index.md"]
    return next((c for c in candidates if c in known), None)

