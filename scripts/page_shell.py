"""The theme's page around the case pages, rendered once per shape and filled in for each case.

Every case page goes through the same theme template (main.html), at the same depth in the tree,
with the same navigation and menu highlight: only a few values differ from one case to the next
(its title, description, address, JSON-LD, breadcrumb, table of contents and content). `Shells`
renders the theme's page once per shape with a marker in place of each of those values and cuts it
at the markers; every other case page of that shape is then the cut page with its own values put
in, escaped where the theme escapes them (`| e`), instead of a whole render of the theme.

The cut is checked on the first two pages of each shape: they are rendered whole, and the cut page
filled with their values must give the same texts, or that shape is rendered whole for every page
(two pages, so that a value the theme writes but no marker holds shows as a difference).
NO_SHELL=1 renders every case page whole (a test compares the two sites byte for byte).
"""

from __future__ import annotations

import copy
import os
import re

from jinja2 import ChoiceLoader, DictLoader, pass_context
from markupsafe import Markup, escape

# The template MkDocs renders for a case page (`page.meta["template"]`): the shell, filled.
TEMPLATE = "_page_de_cas.html"
# The theme's parts that are slots (`{% call page_slot(name) %}` in them), rendered alone for each
# page, with the theme's translations (`lang`) as base.html imports them.
_PARTS = ("toc", "fil")

# A marker in place of a value: private-use characters around its name and an « & », which tells
# whether the theme wrote the value as is (« & ») or escaped (« &amp; »). The content's marker also
# holds « <h1 » when the content does: the theme adds a title to a content without one.
_MARK = "\ue000{}&\ue001"
_MARKED = re.compile("\ue000([a-z]+)(&|&amp;)(?:<h1)?\ue001")
# Pages of each shape rendered whole and compared with the filled shell before it is used.
_CHECKED = 2
_SLOTS = ("title", "description", "jsonld", "canonical", "content", *_PARTS)


def enabled() -> bool:
    return not os.environ.get("NO_SHELL")


class Shells:
    """The cut pages of one build, by shape, for one Jinja environment (the theme's)."""

    def __init__(self, env, key=lambda page: ()):
        self.env = env
        self.key = key  # what else a page's theme render depends on (hooks: the navigation's key)
        self.shells: dict[tuple, list[str] | None] = {}
        self._checked: dict[tuple, int] = {}
        self.filled = self.whole = 0
        self._marking = False
        env.loader = ChoiceLoader([DictLoader({TEMPLATE: "{{ case_shell() }}"}), env.loader])
        env.globals.update(case_shell=self.page, page_slot=self.slot)
        self._lang = None
        self._captured: dict[str, str] = {}

    @pass_context
    def page(self, context) -> str:
        """A case page: the shell of its shape filled with its values, or rendered whole."""
        values = context.get_all()
        page = values["page"]
        shape = self._shape(page)
        if shape not in self.shells:
            whole = self._whole(values)
            self.shells[shape], self._checked[shape] = self._cut(values, whole), 1
            return whole
        shell = self.shells[shape]
        if shell is None:
            return self._whole(values)
        if self._checked[shape] < _CHECKED:  # a value the theme writes but no marker holds differs here
            whole = self._whole(values)
            self._checked[shape] += 1
            if _fill(shell, self._values(page, values)) != whole:
                self.shells[shape] = None
            return whole
        self.filled += 1
        return _fill(shell, self._values(page, values))

    def slot(self, name: str, caller) -> Markup:
        """`{% call page_slot(name) %}` around a part of the theme that differs from case to case
        (overrides/partials/toc.html, fil.html): a marker in the shell, its text otherwise."""
        if self._marking:
            return Markup(_MARK.format(name))
        self._captured[name] = str(caller())
        return Markup(self._captured[name])

    def _shape(self, page) -> tuple:
        """What the theme's page depends on besides the marked values: which values there are, where
        the skip link goes (the first heading), whether the content has a title, the navigation."""
        meta = page.meta or {}
        first = next(iter(page.toc or ()), None)
        return (tuple(sorted(name for name, value in meta.items() if value)), bool(page.canonical_url),
                first.url if first is not None else None, "<h1" in (page.content or ""), self.key(page))

    def _whole(self, values: dict) -> str:
        self.whole += 1
        return self.env.get_template("main.html").render(values)

    def _values(self, page, values: dict) -> dict[str, str]:
        if self._lang is None:  # depends on the configuration only
            self._lang = self.env.get_template("partials/language.html").make_module(values)
        for part in _PARTS:
            self.env.get_template(f"partials/{part}.html").render(dict(values, lang=self._lang))
        meta = page.meta
        return {"title": meta["title"], "description": meta["description"], "jsonld": meta["jsonld"],
                "canonical": page.canonical_url, "content": page.content, **self._captured}

    def _cut(self, values: dict, whole: str) -> list[str] | None:
        """The page rendered with markers, cut at them; None when filling it does not give `whole`."""
        page = values["page"]
        meta = page.meta or {}
        if not all(meta.get(name) for name in ("title", "description", "jsonld")):
            return None
        marked = copy.copy(page)
        marked.meta = dict(meta, title=_MARK.format("title"), description=_MARK.format("description"),
                           jsonld=_MARK.format("jsonld"))
        marked.canonical_url = _MARK.format("canonical")
        marked.content = "\ue000content&" + ("<h1" if "<h1" in page.content else "") + "\ue001"
        self._marking = True
        try:
            parts = _MARKED.split(self.env.get_template("main.html").render(dict(values, page=marked)))
        finally:
            self._marking = False
        if any(name not in _SLOTS for name in parts[1::3]):
            return None
        return parts if _fill(parts, self._values(page, values)) == whole else None


def _fill(parts: list[str], values: dict[str, str]) -> str:
    """The cut page (text, name, « & » or « &amp; », text, …) with `values` put in."""
    out = [parts[0]]
    for index in range(1, len(parts), 3):
        value = values[parts[index]]
        out.append(value if parts[index + 1] == "&" else str(escape(value)))
        out.append(parts[index + 2])
    return "".join(out)
