"""Where each generated page lives: its source path and its URL path."""

from __future__ import annotations


def page_url(path: str) -> str:
    """The URL path of the page made from `path`: 'cas/x.md' -> 'cas/x/', 'cas/index.md' -> 'cas/'."""
    return path[:-len("index.md")] if path.endswith("index.md") else path[:-3] + "/"


def page_path(url: str) -> str:
    """The source path of the page at `url`: 'territoires/corse/2a/' -> 'territoires/corse/2a.md'."""
    return url.rstrip("/") + ".md" if url else "index.md"


def base(path: str) -> str:
    """Relative prefix from the page generated from `path` to the site root."""
    return "../" * page_url(path).count("/")

