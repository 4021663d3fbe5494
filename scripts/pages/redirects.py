"""Pages at former URLs (renamed cases, renamed index pages) leading to the current ones."""

from __future__ import annotations

from scripts.contract import routes, schema
from scripts.contract.settings import Settings
from scripts.pages.templating import env


def redirect(old: str, target: str, title: str, settings: Settings) -> tuple[str, str]:
    """An HTML page at the former route `old` leading to the route `target`."""
    page = env().get_template("redirect.html.j2").render(target=target, title=title, settings=settings,
                                                         base="../" * old.count("/"))
    return f"{old}index.html", page


def redirects(cases: list[dict], settings: Settings | None = None) -> list[tuple[str, str]]:
    """A redirect at every former URL: renamed cases (anciens_ids), renamed index pages."""
    settings = settings or Settings()
    out = [redirect(routes.case(old), routes.case(case["id"]), case["titre"], settings)
           for case in cases for old in case.get("anciens_ids", [])]
    out += [redirect(old, new, title, settings) for old, (new, title) in schema.RENAMED_PAGES.items()]
    return out
