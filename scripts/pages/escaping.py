"""Escaping for generated pages: field values as HTML text, YAML scalars and JSON.

Field values reach the pages only through autoescaped HTML, so what a contributor
typed is what a reader sees (`*`, `[`, `<`, `&` stay literal).
"""

from __future__ import annotations

import html
import json
import re

from markupsafe import Markup, escape

from scripts.contract.fields import XML_INVALID

# What a YAML reader refuses raw, or reads as a line break (YAML 1.1: NEL, LS, PS), in
# a double-quoted scalar: written as a \u escape, which YAML and JSON spell alike.
_YAML_RAW_UNSAFE = re.compile("[^\t\x20-\x7e\xa0-\u2027\u202a-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
def yaml_string(text: str) -> str:
    """`text` as a double-quoted YAML scalar that any YAML 1.1 reader gives back whole.

    Emoji and every other character are written as they are (`ensure_ascii` would
    spell them as surrogate pairs, which YAML readers refuse); only what YAML
    cannot hold raw is escaped.
    """
    dumped = json.dumps(text, ensure_ascii=False)
    return _YAML_RAW_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", dumped)


def meta(value: object) -> Markup:
    """A YAML-safe, HTML-escaped scalar for a generated page's front matter."""
    return Markup(yaml_string(html.escape(XML_INVALID.sub("", str(value)), quote=True)))


def meta_json(value: str) -> Markup:
    """A JSON document as a YAML scalar, safe inside <script type="application/ld+json">."""
    return Markup(yaml_string(value))


def finalize(value: object) -> object:
    """Every value a template prints: plain text stays on its line (a line break in a
    field must not end the HTML block it sits in), and keeps no character HTML forbids."""
    if isinstance(value, str) and not isinstance(value, Markup):
        if value.isprintable():  # the common case: no control, line break or noncharacter to remove
            return escape(value)
        escaped = str(escape(XML_INVALID.sub("", value)))
        return Markup(escaped.replace("\r", "&#13;").replace("\n", "&#10;"))
    return value


def text(value: object) -> Markup:
    """One field value as HTML text, for HTML assembled in Python."""
    return finalize(str(value))


def script_safe_json(data) -> str:
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")

