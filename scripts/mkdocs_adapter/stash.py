"""The generated pages other than cases, made faster to convert: their top-level HTML blocks go to
Python-Markdown's own stash instead of being parsed again.

A generated index page is mostly HTML written by the core's templates (the listing of hundreds or
thousands of cases); Python-Markdown would read that HTML again character by character. Measured
at 1,000 sheets (`farm-bench`, 4 runs each, medians): 5.16 s with the stash, 6.13 s without (+19 %).
The output is the same: the stash holds the HTML as it is, and Python-Markdown puts it back.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from markdown.extensions import Extension
from markdown.preprocessors import Preprocessor

# A top-level HTML block of a generated page: a line opening a tag at column 0 after
# a blank line, up to the line where its elements are all closed again. Python-Markdown
# would re-parse such HTML character by character (listings are most of these pages);
# it goes to Python-Markdown's own stash instead. Field values in it are escaped by the
# templates (no « < » can come from a contributor), so counting tags is exact.
# A tag is `<`, an optional `/`, a name, optionally white space and attributes, `>`; void elements
# (any case) and tags ending in `/>` open nothing. Each pattern matches one kind of the tags that
# count, and only at a `<` where such a tag starts: the regex engine counts them (listings are long).
_VOID = ("area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source",
         "track", "wbr", "circle", "ellipse", "line", "path", "polygon", "polyline", "rect", "use")
_COUNTED = r"(?!(?i:{void})(?![a-zA-Z0-9-]))[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?(?<!/)>".format(void="|".join(_VOID))
_OPENING = re.compile("<" + _COUNTED)
_CLOSING = re.compile("</" + _COUNTED)


def depth(line: str) -> int:
    """How many elements `line` opens minus how many it closes."""
    return len(_OPENING.findall(line)) - len(_CLOSING.findall(line))


class _StashHtml(Preprocessor):
    def __init__(self, md, active) -> None:
        super().__init__(md)
        self.active = active

    def run(self, lines: list[str]) -> list[str]:
        if not self.active():
            return lines
        out: list[str] = []
        block: list[str] = []
        level = 0
        for number, line in enumerate(lines):
            if not block and line[:1] == "<" and line[1:2].isalpha() and (not out or not out[-1].strip()):
                level = 0
            elif not block:
                out.append(line)
                continue
            block.append(line)
            level += depth(line)
            following = lines[number + 1] if number + 1 < len(lines) else ""
            if level <= 0 and not following.strip():
                out += [self.md.htmlStash.store("\n".join(block)), ""]
                block = []
        if block:
            out += [self.md.htmlStash.store("\n".join(block)), ""]
        return out


class StashExtension(Extension):
    """The stash, for the pages for which `active()` is true (the generated pages other than cases)."""

    def __init__(self, active: Callable[[], bool]) -> None:
        super().__init__()
        self.active = active

    def extendMarkdown(self, md) -> None:
        # After whitespace normalisation (30), before Python-Markdown's own HTML blocks (20).
        md.preprocessors.register(_StashHtml(md, self.active), "stash_generated_html", 25)
