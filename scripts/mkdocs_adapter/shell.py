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
SANS_GABARIT (switches.py) renders every case page whole (a test compares the two sites byte for byte).

With `french` (typo.html, the French spaces the adapter puts in every generated page), a filled page
also gets its French spaces piece by piece: the shell's text once, and each value the theme writes
as text, alone; a value in an attribute or a script stays as it is. This gives what spacing the whole
page gives when no value starts or ends with a space or a sign the spaces depend on (checked for
every page; such a page is spaced whole), and it is compared with spacing the whole page
on the checked pages.
"""

from __future__ import annotations

import copy
import re

from jinja2 import ChoiceLoader, DictLoader, pass_context
from markupsafe import Markup, escape

from scripts.pages.typo import NNBSP

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


class Shells:
    """The cut pages of one build, by shape, for one Jinja environment (the theme's)."""

    def __init__(self, env, key=lambda page: (), french=None, spaced_content=lambda page: False):
        self.env = env
        self.key = key  # what else a page's theme render depends on
        self.french = french
        self.spaced_content = spaced_content  # whether a page's content has its French spaces already
        self.shells: dict[tuple, _Shell | None] = {}
        self._checked: dict[tuple, int] = {}
        self.filled = self.whole = self.filled_spaced = 0
        self.spaced: set[str] = set()  # URLs of the pages given with their French spaces
        self._marking = False
        env.loader = ChoiceLoader([DictLoader({TEMPLATE: "{{ case_shell() }}"}), env.loader])
        env.globals.update(case_shell=self.page, page_slot=self.slot)
        self._lang = None
        self._captured: dict[str, str] = {}
        self._tocs: dict[tuple, str] = {}  # tables of contents by shape and headings
        self._french: dict[str, str] = {}  # the same, French-spaced

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
            if not shell.check(self._values(page, values), whole, self.french):
                self.shells[shape] = None
            return whole
        self.filled += 1
        page_values = self._values(page, values, shape)
        spaced = shell.spaced(page_values, self.french, self._french,
                              done=("content",) if self.spaced_content(page) else ())
        if spaced is None:
            return shell.fill(page_values)
        self.spaced.add(page.url)
        self.filled_spaced += 1
        return spaced

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

    def _values(self, page, values: dict, shape: tuple = ()) -> dict[str, str]:
        if self._lang is None:  # depends on the configuration only
            self._lang = self.env.get_template("partials/language.html").make_module(values)
        toc = (shape, _headings(page.toc or ())) if shape else None
        for part in _PARTS:
            if part == "toc" and toc in self._tocs:  # many cases have the same headings
                self._captured["toc"] = self._tocs[toc]
                continue
            self.env.get_template(f"partials/{part}.html").render(dict(values, lang=self._lang))
        if toc is not None:
            self._tocs[toc] = self._captured["toc"]
        meta = page.meta
        return {"title": meta["title"], "description": meta["description"], "jsonld": meta["jsonld"],
                "canonical": page.canonical_url, "content": page.content, **self._captured}

    def _cut(self, values: dict, whole: str) -> _Shell | None:
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
            text = self.env.get_template("main.html").render(dict(values, page=marked))
        finally:
            self._marking = False
        parts = _MARKED.split(text)
        if any(name not in _SLOTS for name in parts[1::3]):
            return None
        shell = _Shell(parts, text, self.french)
        return shell if shell.check(self._values(page, values), whole, self.french) else None


class _Shell:
    """A page cut at its markers: texts at even places, then (name, « & » or « &amp; ») pairs."""

    def __init__(self, parts: list[str], text: str, french) -> None:
        self.parts = parts
        self.french_parts: list[str] | None = None
        self.as_text: list[bool] = []  # per marker: written as text (spaced), or in an attribute or a script
        if french is not None:
            self._space(text, french)

    def _space(self, text: str, french) -> None:
        """The shell's texts with their French spaces, and where each value is written as text:
        a probe « ; » between spaces in place of each marker gets its space only there."""
        spaced = _MARKED.split(french(text))
        if spaced[1::3] != self.parts[1::3] or spaced[2::3] != self.parts[2::3]:
            return
        count = len(self.parts) // 3
        probe = self.parts[0] + "".join(f"\ue002{index} ; \ue003" + self.parts[3 * index + 3] for index in range(count))
        probed = french(probe)
        as_text = []
        for index in range(count):
            if f"\ue002{index}{NNBSP}; \ue003" in probed:
                as_text.append(True)
            elif f"\ue002{index} ; \ue003" in probed:
                as_text.append(False)
            else:
                return
        self.french_parts, self.as_text = spaced, as_text

    def fill(self, values: dict[str, str]) -> str:
        """The cut page with `values` put in."""
        return "".join(self._pieces(self.parts, values))

    def spaced(self, values: dict[str, str], french, memo: dict[str, str] | None = None,
               done: tuple[str, ...] = ()) -> str | None:
        """The filled page with its French spaces, or None when they must be put in the whole page
        (a value is not `_apart` from the text around it). `memo` keeps the spaced tables of contents;
        the values named in `done` have their French spaces already (French spaces put in again change
        nothing)."""
        if self.french_parts is None:
            return None
        texts = {}
        pieces = list(self._pieces(self.french_parts, values))
        for index, as_text in enumerate(self.as_text):
            value = pieces[2 * index + 1]
            if not _apart(value, as_text, self.parts[3 * index], self.parts[3 * index + 3]):
                return None
            if not as_text or self.parts[3 * index + 1] in done:
                continue
            known = memo if memo is not None and self.parts[3 * index + 1] == "toc" else texts
            if value not in known:
                known[value] = french(value)
            pieces[2 * index + 1] = known[value]
        return "".join(pieces)

    def check(self, values: dict[str, str], whole: str, french) -> bool:
        """Whether the shell filled with `values` is `whole`, and its spaced version French-spaced `whole`
        (when it cannot space this page, spacing is left to the whole page for all pages of the shape)."""
        if self.fill(values) != whole:
            return False
        if self.french_parts is not None and self.spaced(values, french) != french(whole):
            self.french_parts = None
        return True

    def _pieces(self, parts: list[str], values: dict[str, str]):
        yield parts[0]
        for index in range(1, len(parts), 3):
            value = values[parts[index]]
            yield value if parts[index + 1] == "&" else str(escape(value))
            yield parts[index + 2]


def _headings(items) -> tuple:
    """A table of contents as a value: what the theme's partial shows of it."""
    return tuple((item.url, item.title, item.level, _headings(item.children)) for item in items)


# What the French spaces around a value depend on: spaces, the signs that get one, and what may
# follow a sign (typo.py).
_SIGNS = frozenset(":;!?«»)]&")


def _apart(value: str, as_text: bool, before: str, after: str) -> bool:
    """Whether French spaces put in the whole page leave `value` as spacing it alone does (written as
    text, between the texts `before` and `after`) or untouched (in an attribute or a script).
    Written as text, the value is not empty and closes every tag and comment it opens; each of its
    ends is neither a space nor a sign, or meets a tag (a sign right at it, or spaces right at it
    then neither a space nor a sign). Any other value opens no tag. Then no French space of the
    whole page spans the value's ends, and the spaces of the text around it do not depend on it."""
    if not as_text:
        return "<" not in value and ">" not in value
    inner = value.strip()
    if not inner or _edge(inner[0]) and inner[0] != value[0] or _edge(inner[-1]) and inner[-1] != value[-1]:
        return False
    if _edge(value[0]) and not (before.endswith(">") if value[0] == inner[0] else before.rstrip().endswith(">")):
        return False
    if _edge(value[-1]) and not (after.startswith("<") if value[-1] == inner[-1] else after.lstrip().startswith("<")):
        return False
    if "<" in value and value.rfind("<") > value.rfind(">"):
        return False
    return value.count("<!--") == value.count("-->")


def _edge(char: str) -> bool:
    return char.isspace() or char in _SIGNS
