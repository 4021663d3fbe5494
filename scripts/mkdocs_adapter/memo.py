"""What a build under `mkdocs serve` keeps for the next one, in memory only.

Two kinds of work are given back instead of being done again:

- a sheet's reading, checks and body HTML, by its path and bytes and today's date (a date in the
  future becomes valid one day): a sheet whose bytes did not change is neither parsed nor checked
  again. Only sheets without a problem are kept, so that a problem's message and line are always
  those of a cold check. Kept pickled: each build gets its own copy, never an earlier build's objects;
- a case page, by everything its template reads: the case, the cases shown as near it (« Cas
  proches »), its body's HTML and the settings. An edit to one sheet renders its page and the pages
  showing it among their near cases again. The templates and the code are not in that key: the
  case pages are kept for the update in place of the served site only (preview.py), never for a
  whole build, which may follow a change of a template.

Nothing is written to disk: a checkout holds no file that a build would trust. `mkdocs build`
starts from an empty memo, so a fresh clone's build is the build every figure and test speaks of.
"""

from __future__ import annotations

import datetime
import hashlib
import pickle
from collections.abc import Callable


def fingerprint(value) -> bytes:
    """A digest of a value made of plain data (a case: dicts, lists, strings, dates)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


class Memo:
    """The work of one build, found in the previous build's (`previous`) when its key is the same."""

    def __init__(self, previous: Memo | None = None, pages: bool = True) -> None:
        self._day = datetime.date.today().isoformat()
        same_day = previous is not None and previous._day == self._day
        self._old_sheets = previous._sheets if same_day else {}
        self._sheets: dict[str, bytes] = {}
        keep = previous is not None and pages
        self._old_pages = previous._pages if keep else {}
        self._old_tocs = previous._tocs if keep else {}
        self._pages: dict[tuple, tuple[str, str]] = {}
        self._tocs: dict[str, tuple[str, list]] = {}
        self.rendered = self.reused = 0

    # The core asks (core.py, sheets/load.py): -------------------------------------------------

    def key(self, rel: str, raw: bytes) -> str:
        return hashlib.sha256(rel.encode("utf-8") + b"\0" + raw).hexdigest()

    def sheet(self, key: str):
        """A fresh copy of what a sheet of this key gave in the previous build, or None."""
        blob = self._old_sheets.get(key)
        if blob is None:
            return None
        self._sheets[key] = blob
        return pickle.loads(blob)

    def keep_sheet(self, key: str, entry) -> None:
        self._sheets[key] = pickle.dumps(entry, protocol=pickle.HIGHEST_PROTOCOL)

    def fingerprint(self, value) -> bytes:
        return fingerprint(value)

    def page(self, key: tuple, render: Callable[[], tuple[str, str]]) -> tuple[str, str]:
        """The case page of this key: the previous build's, or rendered now."""
        found = self._old_pages.get(key)
        if found is None:
            found = render()
            self.rendered += 1
        else:
            self.reused += 1
        self._pages[key] = found
        return found

    def headings(self, path: str, text: str, read: Callable[[str], list]) -> list:
        """The table of contents `read` finds in a case page: the previous build's when the page is
        the same text object (a page given back by `page`)."""
        found = self._old_tocs.get(path)
        toc = found[1] if found is not None and found[0] is text else read(text)
        self._tocs[path] = (text, toc)
        return toc
