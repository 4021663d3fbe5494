"""French typography in the text of an HTML fragment: the spaces French wants around punctuation.

- a no-break space (U+00A0) before « : »;
- a narrow no-break space (U+202F) before « ; », « ! », « ? » and inside « » (« texte »).

Only text nodes change: tags, attributes (URLs among them), comments and the
content of <code>, <pre>, <kbd>, <samp>, <script>, <style>, <textarea> and <svg>
stay as they are. A colon between two digits (« 10:30 ») or inside a word
(« https: » in text, « Pagefind:api ») is left alone: only a colon followed by a
space or the end of the text, after a letter, a digit or a closing sign, gets
its space.
"""

from __future__ import annotations

import bisect
import itertools
import re

NBSP, NNBSP = "\u00a0", "\u202f"

# Elements whose text is not prose: left untouched, with everything inside them.
RAW = ("code", "pre", "kbd", "samp", "script", "style", "textarea", "svg", "math")

_TOKENS = re.compile(r"(<!--.*?-->|<[^>]*>)", re.S)
_TAG = re.compile(r"<\s*(/?)\s*([a-zA-Z][a-zA-Z0-9-]*)[^>]*?(/?)\s*>", re.S)

# Any run of ordinary or no-break spaces before the sign becomes the right space. The sign
# must end a word: followed by a space, the end of the text node or a closing sign.
_SPACES = "[ \u00a0\u202f]*"
_AFTER = r"(?=\s|$|[»)\]])"
_COLON = re.compile(rf"(?:(?<=\S)|^){_SPACES}:{_AFTER}")
_TIGHT = re.compile(rf"(?:(?<=\S)|^){_SPACES}([;!?]){_AFTER}")
_OPEN = re.compile(rf"«{_SPACES}(?=\S)")
_CLOSE = re.compile(rf"(?<=\S){_SPACES}»")
_ENTITY = re.compile(r"&(#x?[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);")
# Spaces written as references are spaces: « &nbsp;: » must not get a second one.
_SPACE_REFS = re.compile(r"&(?:nbsp|#160|#x[aA]0|#8239|#x202[fF]);")


def text(value: str) -> str:
    """French spaces in plain text (no markup)."""
    value = _COLON.sub(NBSP + ":", value)
    value = _TIGHT.sub(NNBSP + r"\1", value)
    value = _OPEN.sub("«" + NNBSP, value)
    return _CLOSE.sub(NNBSP + "»", value)


def _text_node(value: str) -> str:
    """French spaces in an HTML text node, its character references left whole (`&amp;` has a `;`)."""
    if "&" not in value:
        return text(value)
    value = _SPACE_REFS.sub(lambda m: NNBSP if m.group(0).lower() in ("&#8239;", "&#x202f;") else NBSP, value)
    parts = _ENTITY.split(value)
    if len(parts) == 1:
        return text(value)
    # Replace each reference by a placeholder letter run, fix, then put them back.
    refs = _ENTITY.findall(value)
    marked = _ENTITY.sub("\ufffc", value)
    fixed = text(marked)
    out = iter(refs)
    return re.sub("\ufffc", lambda m: "&" + next(out) + ";", fixed)


# What can change: a text node without any of these characters stays as it is, and only a tag
# named like a raw element opens or closes one (both checks only save time).
_SIGNS = re.compile("[:;!?«»&]")
_RAW_NAME = re.compile(rf"<\s*/?\s*(?:{'|'.join(RAW)})(?![a-zA-Z0-9-])", re.I)


def html(fragment: str) -> str:
    """French spaces in the text nodes of an HTML fragment; markup and raw elements untouched."""
    parts = _TOKENS.split(fragment)  # text, tag or comment, text, …: tags at odd places
    signed = [i for i in range(0, len(parts), 2) if _SIGNS.search(parts[i])]
    if not signed:
        return fragment
    inside = _raw_spans(fragment, parts)
    for i in signed:
        if bisect.bisect_right(inside, i) % 2 == 0:  # not between the opening and the closing of a raw element
            parts[i] = _text_node(parts[i])
    return "".join(parts)


def _raw_spans(fragment: str, parts: list[str]) -> list[int]:
    """Where raw elements are open, as a flat sorted list [open₁, close₁, open₂, close₂, …] of places
    in `parts`: a text at place i is inside one when an odd number of these are <= i."""
    # The tags named like a raw element, found in one pass over the fragment: a match counts when a
    # tag of `parts` starts where it starts (a match inside a text, an attribute or a comment does
    # not). A match holds a single « < », so no match hides another.
    starts = [0, *itertools.accumulate(map(len, parts))]
    spans: list[int] = []
    raw: list[str] = []  # open raw elements, innermost last
    for match in _RAW_NAME.finditer(fragment):
        i = bisect.bisect_right(starts, match.start()) - 1  # the last part starting there (texts may be empty)
        if i % 2 == 0 or starts[i] != match.start():
            continue
        tag = _TAG.match(parts[i])
        if not tag:
            continue
        closing, name, selfclosing = tag.group(1), tag.group(2).lower(), tag.group(3)
        if name not in RAW or selfclosing:
            continue
        was_open = bool(raw)
        if closing:
            if name in raw:
                del raw[len(raw) - 1 - raw[::-1].index(name):]
        else:
            raw.append(name)
        if bool(raw) != was_open:
            spans.append(i)
    return spans
