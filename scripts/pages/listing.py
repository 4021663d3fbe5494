"""Case listings: the <li> of each case, as every index page shows it."""

from __future__ import annotations

from contextvars import ContextVar

from markupsafe import Markup

from scripts.contract import routes, schema
from scripts.pages.escaping import text


def _place(case: dict) -> str:
    if "commune" in case:
        national = ", échelle nationale" if case["echelle"] == "nationale" else ""
        return f"{case['commune']} ({case['departement']}){national}"
    return schema.ECHELLE[case["echelle"]] + (" (France entière)" if case["echelle"] == "nationale" else "")


class Listing:
    """The listings of one build. A case appears in many listings: its item is escaped and
    assembled once per link depth, then reused (a plain join, not a macro call)."""

    def __init__(self):
        self._items: dict[tuple[str, str], str] = {}

    def items(self, cases: list[dict], base: str) -> Markup:
        out = []
        for case in cases:
            key = (case["id"], base)
            item = self._items.get(key)
            if item is None:
                e = text
                item = self._items[key] = (f'<li><a href="{e(base)}{e(routes.case(case["id"]))}">{e(case["titre"])}</a> '
                                           f'<span class="cas-lieu">— {e(_place(case))}</span><br>'
                                           f'<span class="cas-resume">{e(case["resume"])}</span></li>')
            out.append(item)
        return Markup("\n".join(out))


# The listing of the build under way: templates import their macros without context (so
# Jinja compiles them once), and the macros reach the build's listing through this variable.
CURRENT: ContextVar[Listing] = ContextVar("listing")


def case_items(cases: list[dict], base: str) -> Markup:
    """The <li> of each case in a listing (outside a build: a listing of its own)."""
    listing = CURRENT.get(None) or Listing()
    return listing.items(cases, base)
