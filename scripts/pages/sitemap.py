"""« Plan du site »: every page of the site, grouped by section (RGAA 12.3)."""

from __future__ import annotations

from collections import defaultdict

from scripts.contract import routes
from scripts.contract.routes import page_url
from scripts.contract.settings import Settings
from scripts.contract.slug import fold
from scripts.pages.templating import page_title, render_page

SITE_MAP = routes.source(routes.site_map())


def site_map(out: list[tuple[str, str]], other_pages, settings: Settings) -> tuple[str, str]:
    """« Plan du site »: every page, grouped by the first segment of its URL (RGAA 12.3)."""
    entries = [(path, page_title(markdown, page_url(path))) for path, markdown in out]
    made = {path for path, _ in out}  # a generated page replaces a hand-written one of the same path
    entries += [(path, title) for path, title in other_pages if path not in made]
    entries.append((SITE_MAP, "Plan du site"))
    sections: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for path, title in entries:
        sections[page_url(path).split("/")[0]].append((page_url(path), title))
    main, groups = [], []  # pages alone in their section are listed together, the home page first
    for key, items in sections.items():
        if len(items) == 1:
            main += items
            continue
        items.sort(key=lambda item: (item[0] != f"{key}/", fold(item[1])))  # the section's index first
        groups.append((items[0][1], items))
    groups.sort(key=lambda group: fold(group[0]))
    main.sort(key=lambda item: (item[0] != "", fold(item[1])))
    groups.insert(0, ("Pages principales", main))
    return render_page("plan.md.j2", SITE_MAP, settings, groups=groups, count=len(entries))
