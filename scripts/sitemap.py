"""« Plan du site »: every page of the site, grouped by section (RGAA 12.3)."""

from __future__ import annotations

import html
import json
from collections import defaultdict

from . import routes
from .routes import page_url
from .settings import Settings
from .slug import fold
from .templating import render_page

SITE_MAP = routes.source(routes.site_map())


def page_title(markdown: str) -> str:
    """The title of a page: its front matter's `title`, else its first level-1 heading."""
    head = markdown.lstrip("\n")
    if head.startswith("---\n"):
        for line in head[4:head.find("\n---", 4)].splitlines():
            if line.startswith("title:"):
                value = line[len("title:"):].strip()
                return html.unescape(json.loads(value)) if value.startswith('"') else value
    for line in head.splitlines():
        if line.startswith("# "):
            return line[2:].strip()
        if line.startswith("<h1>"):
            return html.unescape(line[4:line.find("</h1>")])
    return page_url(SITE_MAP)


def site_map(out: list[tuple[str, str]], other_pages, settings: Settings) -> tuple[str, str]:
    """« Plan du site »: every page, grouped by the first segment of its URL (RGAA 12.3)."""
    entries = [(path, page_title(markdown)) for path, markdown in out]
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
