"""The build's switches, read here and nowhere else.

Each switch turns one kind of acceleration off; the site is the same either way (the
byte-identity tests build both and compare). A switch is on when its environment variable is
set to anything but empty or « 0 ».

- SANS_PARALLELE: everything in this one process. The open-data files and the files that are not
  pages are made and written here (no second process, background.py), and the search index is
  made from the written pages after the build (no indexing while MkDocs renders, search.py).
- SANS_GABARIT: every case page rendered whole by the theme (no page cut once per shape and
  filled in, shell.py).
- SANS_APERCU: under `mkdocs serve`, every change makes a whole build (no update of the served
  site in place, preview.py).
"""

from __future__ import annotations

import os

SERIAL = "SANS_PARALLELE"
WHOLE_PAGES = "SANS_GABARIT"
WHOLE_BUILDS = "SANS_APERCU"
ALL = (SERIAL, WHOLE_PAGES, WHOLE_BUILDS)


def _on(name: str) -> bool:
    return os.environ.get(name, "") not in ("", "0")


def parallel() -> bool:
    """Whether work goes to a second process (the open-data files, the files written, the search index)."""
    return not _on(SERIAL)


def shell() -> bool:
    """Whether case pages are filled in the theme's page cut once per shape."""
    return not _on(WHOLE_PAGES)


def preview() -> bool:
    """Whether `mkdocs serve` updates the served site in place when only sheets change."""
    return not _on(WHOLE_BUILDS)
