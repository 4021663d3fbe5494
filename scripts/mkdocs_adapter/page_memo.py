"""The case pages of the previous build, by what they were rendered from.

Under `mkdocs serve`, the preview of an edited sheet runs the whole core again; a `CasePages` made
from the previous build's gives back every case page whose inputs are unchanged instead of
rendering it again: an edit to one sheet renders its page and the pages that show it among their
« Cas proches ». A page's key is everything its template reads: the case, the cases shown as near
it (each as its pickled value, with its date), its body's HTML and the settings. The templates and
the code are not in the key: a build whose code or templates changed starts from an empty
`CasePages` (hooks.py makes one for every whole build), and nothing is kept between processes.
"""

from __future__ import annotations

import hashlib
import pickle
from collections.abc import Callable


def fingerprint(value) -> bytes:
    """A digest of a value made of plain data (a case: dicts, lists, strings, dates)."""
    return hashlib.blake2b(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL), digest_size=16).digest()


class CasePages:
    """The case pages of one build, found in the previous build's when their key is the same."""

    def __init__(self, previous: CasePages | None = None):
        self.previous: dict[tuple, tuple[str, str]] = previous.pages if previous is not None else {}
        self.pages: dict[tuple, tuple[str, str]] = {}
        self.previous_tocs: dict[str, tuple[str, list]] = previous.tocs if previous is not None else {}
        self.tocs: dict[str, tuple[str, list]] = {}  # a page's table of contents, by path, with its text
        self.rendered = self.reused = 0

    def page(self, key: tuple, render: Callable[[], tuple[str, str]]) -> tuple[str, str]:
        found = self.previous.get(key)
        if found is None:
            found = render()
            self.rendered += 1
        else:
            self.reused += 1
        self.pages[key] = found
        return found

    def headings(self, path: str, text: str, read: Callable[[str], list]) -> list:
        """The table of contents `read` finds in a case page: the previous build's when the page is
        the same text object (a page given back by `page`)."""
        found = self.previous_tocs.get(path)
        toc = found[1] if found is not None and found[0] is text else read(text)
        self.tocs[path] = (text, toc)
        return toc
