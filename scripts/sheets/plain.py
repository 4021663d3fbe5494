"""A sheet's Markdown body as plain text on one line (the spreadsheets' `texte` column).

Made from the renderer's reading of the body (`safe_markdown.read`: its parser, every link kept),
in one pass over its tokens: linear in the body's size whatever it holds. The regular expressions
this replaces backtracked on unclosed brackets: 60 KB of `[` cost minutes of a build. The renderer
makes it from the same reading as the page (`safe_markdown.Body.plain`); `safe_markdown.plain_text`
reads a body for it alone.

« ## Impacts\\n\\nDes **emplois** » -> « Impacts. Des emplois »: headings end with a full stop
(unless they end with punctuation), list items start with « – », a link shows its text then its
address in brackets, an image its description, code its content; no mark, no line break.
"""

from __future__ import annotations

import re

from markdown_it.token import Token

_SPACES = re.compile(r"[ \t\r\n\f\v]+")  # not str.split(): it would drop French no-break spaces
_ENDS_SENTENCE = ".:?!…"


def _inline(children: list[Token] | None) -> str:
    out: list[str] = []
    links: list[str | None] = []  # the address to show after each open link's text
    for child in children or ():
        kind = child.type
        if kind in ("text", "code_inline"):
            out.append(child.content)
        elif kind in ("softbreak", "hardbreak"):
            out.append(" ")
        elif kind == "image":
            out.append(_inline(child.children))
        elif kind == "link_open":
            href = str(child.attrGet("href") or "")
            # An autolink (<https://…>) shows its address as its text already.
            links.append(None if child.markup == "autolink" else href)
        elif kind == "link_close":
            href = links.pop() if links else None
            if href:
                out.append(f" ({href})")
    return "".join(out)


def from_tokens(tokens: list[Token]) -> str:
    """The body read into `tokens`, without Markdown syntax nor line break."""
    pieces: list[str] = []
    heading = False
    for token in tokens:
        kind = token.type
        if kind == "heading_open":
            heading = True
        elif kind == "heading_close":
            heading = False
        elif kind == "list_item_open":
            pieces.append("–")
        elif kind in ("fence", "code_block"):
            pieces.append(token.content)
        elif kind == "inline":
            text = _inline(token.children)
            if heading:
                text = text.rstrip()
                if text and text[-1] not in _ENDS_SENTENCE:
                    text += "."
            pieces.append(text)
    return _SPACES.sub(" ", " ".join(pieces)).strip()
