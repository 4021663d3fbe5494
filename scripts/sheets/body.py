"""Rules for a sheet's Markdown body: what a contributor should fix, line by line.

The body is read by the very parser that renders it (`safe_markdown`), so the
checker and the page cannot disagree on what is code, a link or a tag. These
messages help the contributor; the page's safety does not depend on them: the
renderer drops raw HTML, refused links and remote images by itself.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from scripts.contract.problems import shown
from scripts.sheets.safe_markdown import LINK_SCHEMES, inline_lines, leaves_site, parser, scheme

# Parses raw HTML (to name it) and keeps every link (to explain why one is refused).
_CHECKER = parser(html=True)
_CHECKER.validateLink = lambda url: True

# `{: .classe}`, `{#ancre}`, `{onclick=…}` (Python-Markdown's attribute lists): a brace
# pair without braces or line breaks inside, so each scan stops at the next brace.
_BRACES = re.compile(r"\{([^{}\n]*)\}")

__all__ = ["check", "LINK_SCHEMES"]

HTML_MESSAGE = ("balise de page web (HTML) refusée dans le texte : écrivez en texte simple "
                "(pour afficher le signe <, laissez une espace après lui)")
ATTRS_MESSAGE = "syntaxe d'attributs { … } interdite dans le texte : retirez les accolades"
# What the web form checks in the browser as the contributor types (scripts/pages/formulaire.py):
# a line-by-line approximation. `check` below, which reads the body with the
# renderer's parser, is the reference; the renderer is safe without either.
HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z]|!|\?)")
AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>", re.IGNORECASE)
ATTRS = re.compile(r"\{:?[ \t]*[#.A-Za-z][^{}\n]*\}")


def _is_attribute_list(inside: str) -> bool:
    inside = inside.strip()
    return inside.startswith((":", "#", ".")) or "=" in inside


def check(body: str) -> list[tuple[int, str]]:
    """(line within the body, message) for every problem of the body."""
    problems: list[tuple[int, str]] = []
    for token, line in inline_lines(_CHECKER.parse(body, {})):
        if token.type in ("html_block", "html_inline"):
            problems.append((line, HTML_MESSAGE))
        elif token.type == "text" and any(_is_attribute_list(m.group(1)) for m in _BRACES.finditer(token.content)):
            problems.append((line, ATTRS_MESSAGE))
        elif token.type in ("link_open", "image"):
            image = token.type == "image"
            message = _target_problem(str(token.attrGet("src" if image else "href") or ""), image)
            if message:
                problems.append((line, message))
    return sorted(set(problems))


def _target_problem(target: str, image: bool) -> str | None:
    found = scheme(target)
    quoted = _shown(target)
    if image:
        if found is not None or leaves_site(target):
            return f"image « {quoted} » refusée : les images doivent être dans le dépôt (chemin relatif)"
        return None
    if found is None and leaves_site(target):
        if target.startswith(("//", "\\\\")):
            return f"lien « {quoted} » refusé : écrivez l'adresse complète en https://"
        return f"lien « {quoted} » refusé : vers une page du site, écrivez un chemin relatif (ex. wimoov.md)"
    if found is not None and found not in LINK_SCHEMES:
        return f"lien « {quoted} » refusé : seuls http, https, mailto et les liens vers le site sont acceptés"
    return None


def _shown(target: str) -> str:
    """The target as the parser read it (entities decoded), on one line, shortened."""
    return shown(unquote(target), limit=80)
