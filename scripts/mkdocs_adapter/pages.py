"""The core's pages and files as MkDocs' own, and the few changes made to what the theme writes.

- A case page is a `CasePage`: whole HTML made by the core (its body already sanitized), which MkDocs
  publishes without reading it as Markdown, with its table of contents from the core.
- A generated file that is not a page is a `WrittenApart`: it is written by the build's second
  process (background.py), so MkDocs does not copy it.
- `highlight`: the menu entry of a generated page's section lit while the page renders (the theme
  lights only pages that are in the menu).
- `valid_toggles`: the one piece of invalid markup of the theme that no template block can reach.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable

from mkdocs.structure.files import File
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc


class CasePage(Page):
    """A case page: whole HTML made by the core; MkDocs publishes it as it is."""

    def __init__(self, file: File, config, tocs: Callable[[str], list[tuple[int, str, str]]],
                 template: str | None) -> None:
        super().__init__(None, file, config)
        self.tocs, self.template = tocs, template  # the core's table of contents of a page, by its path

    def render(self, config, files) -> None:
        toc = self.tocs(self.file.src_uri)
        self.content = self.markdown
        self.file.content_string = ""  # read: the page holds its text until it is written (on_post_page)
        self.toc = get_toc(toc_tokens(toc))
        self.present_anchor_ids = {ident for _, ident, _ in toc}
        if self.template is not None:  # the theme's page rendered once per shape (shell.py)
            self.meta["template"] = self.template


class WrittenApart(File):
    """A generated file that is not a page, written by the build's second process: MkDocs does not copy it."""

    def copy_file(self, dirty: bool = False) -> None:
        pass


def toc_tokens(headings: list[tuple[int, str, str]]) -> list[dict]:
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


class Highlight:
    """The menu entry of a generated page's section, lit while the page renders (and only then).

    The entry is the menu page whose URL is the section's, the second crumb of the page's breadcrumb
    (`fil` in its front matter, pages/fil.py): « Tous les cas » for a national case, « Territoires »
    for a region, a department or a located case."""

    def __init__(self) -> None:
        self._lit: list = []

    def __call__(self, nav, page) -> None:
        while self._lit:
            self._lit.pop().active = False
        crumbs = (page.meta or {}).get("fil") if page is not None else None
        if not crumbs or len(crumbs) < 2 or nav is None:
            return
        section = crumbs[1][1]
        for item in nav.pages:
            if item.url == section and not item.active:
                item.active = True  # MkDocs marks its parent sections active too
                self._lit.append(item)
                return


def nav_key(nav, page) -> tuple:
    """What the theme's menu of `page` depends on: the folder of its URL (links are relative) and
    the lit entries."""
    return posixpath.dirname(page.url.rstrip("/")), tuple(_active(nav.items)) if nav is not None else ()


def _active(items, prefix: tuple = ()):
    for number, item in enumerate(items):
        if item.active:
            yield prefix + (number,)
        if item.children:
            yield from _active(item.children, prefix + (number,))


# mkdocs-material's base.html writes autocomplete="off" on its two checkbox toggles, outside any
# block a theme override can replace; HTML allows that attribute on text-like inputs only, so the
# Nu Html Checker (RGAA criterion 8.2) rejects it. Removed from exactly those two inputs.
_THEME_TOGGLES = tuple(f'type="checkbox" id="{name}" autocomplete="off">' for name in ("__drawer", "__search"))


def valid_toggles(output: str) -> str:
    for toggle in _THEME_TOGGLES:
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return output
