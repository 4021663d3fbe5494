"""The words the search index holds, for the search page's spelling help.

Pagefind, given a word no page holds, silently searches the longest indexed word that starts the
query instead (« Metz » finds « met », « Lyon » finds « l' »), and it cannot be told not to. The
search page therefore checks each word of a query first: a word no case page holds is corrected
to the nearest indexed word when it is a small typo (« mobilte » → « mobilité »), otherwise the
query answers « Aucun cas ». This file gives it the indexed words to correct against: every word
of the case pages' text that the index holds (what the page template leaves in the search body,
outside `data-pagefind-ignore`), folded as the search page folds a query (lower case, no
accents), the most frequent first. It is read only when a query holds an unknown word."""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from collections.abc import Iterable
from html.parser import HTMLParser

from scripts.contract import routes

PATH = routes.search_file("mots.txt")

_WORD = re.compile(r"[^\W_]+")
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"})


def fold(text: str) -> str:
    """Lower case, accents removed (as recherche.js folds a query)."""
    return "".join(c for c in unicodedata.normalize("NFD", text.lower()) if not unicodedata.combining(c))


def words(text: str) -> list[str]:
    """The folded words of `text`, split as recherche.js splits a query."""
    return _WORD.findall(fold(text))


class _Indexed(HTMLParser):
    """The text of an HTML fragment outside every element marked data-pagefind-ignore."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.depth = 0  # open elements, counting from the outermost ignored one (0: not ignored)
        self.parts: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in _VOID:
            return
        if self.depth or any(name == "data-pagefind-ignore" for name, _ in attrs):
            self.depth += 1

    def handle_endtag(self, tag):
        if self.depth and tag not in _VOID:
            self.depth -= 1

    def handle_data(self, data):
        if not self.depth:
            self.parts.append(data)


def indexed_text(page: str) -> str:
    """What the search indexes of a generated case page (front matter left out)."""
    if page.startswith("---"):
        end = page.find("\n---", 3)
        page = page[end + 4:] if end >= 0 else page
    parser = _Indexed()
    parser.feed(page)
    parser.close()
    return " ".join(parser.parts)


def vocabulary(case_pages: Iterable[str]) -> str:
    """The indexed words of 2 letters or more, one a line, by number of pages holding them (then
    alphabetical)."""
    pages: Counter[str] = Counter()
    for page in case_pages:
        pages.update({word for word in words(indexed_text(page)) if len(word) > 1})
    return "".join(f"{word}\n" for word, _ in sorted(pages.items(), key=lambda item: (-item[1], item[0])))
