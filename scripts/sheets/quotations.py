"""Short quotations in a sheet's body, marked as such (RGAA 9.4, HTML `<q>`).

A case's text quotes the study between French quotation marks (« pourraient être répliqués »),
and it writes names there too (la « Fabrique à Entreprendre »). French capitalises a name, not
a fragment of a sentence: a span between « » is a quotation when it starts with a lowercase
letter, or when it is a sentence (it ends with « . », « ! » or « ? », or has at least
`SENTENCE_WORDS` words). A name is left as written; a quotation's words go in a `<q>` and its
« » stay in the text, around it (the stylesheet tells the browser to draw no marks of its own):
the HTML standard would rather have the browser draw them, but then a search excerpt, a copied
passage, a reader mode or a page without its stylesheet would show the study's words unquoted.

This reads the HTML the body renderer made (escaped text, its own tags): only a span inside one
text node changes, outside code; the tag added has no attribute, so a contributor's text can
only be wrapped, never become markup.
"""

from __future__ import annotations

import re

SENTENCE_WORDS = 8
# Elements whose text is not prose: their quotation marks stay as they are.
RAW = ("code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math")

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)")
_SPACE = "[ \u00a0\u202f]*"
_SPAN = re.compile(rf"(«{_SPACE})([^«»]+?)({_SPACE}»)")
_WORD = re.compile(r"[^\s\u00a0\u202f]+")


def is_quotation(words: str) -> bool:
    """Whether the text between « » is a quotation rather than a name or a title."""
    words = words.strip()
    if not words:
        return False
    return words[0].islower() or words[-1] in ".!?…" or len(_WORD.findall(words)) >= SENTENCE_WORDS


def _text(value: str) -> str:
    # The marks get French typography's narrow no-break space here: the q's tags now part them from
    # the words, where the page's French spaces (pages/typo.py) look for a word after « .
    return _SPAN.sub(lambda m: f"«\u202f<q>{m.group(2)}</q>\u202f»" if is_quotation(m.group(2))
                     else m.group(0), value)


def mark(html: str) -> str:
    """The fragment with each quotation between « » in a `<q>` (names and titles left as written)."""
    if "«" not in html:
        return html
    out, raw = [], []
    for token in _TOKENS.split(html):
        if token.startswith("<"):
            tag = _TAG.match(token)
            if tag and tag.group(2).lower() in RAW and not token.endswith("/>"):
                if tag.group(1):
                    if raw and raw[-1] == tag.group(2).lower():
                        raw.pop()
                else:
                    raw.append(tag.group(2).lower())
            out.append(token)
        else:
            out.append(token if raw else _text(token))
    return "".join(out)
