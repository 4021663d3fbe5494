"""Rules for a sheet's Markdown body: what a contributor should fix, line by line.

The body is read by the very parser that renders it (`safe_markdown`), so the
checker and the page cannot disagree on what is code, a link or a tag. These
messages help the contributor; the page's safety does not depend on them: the
renderer drops raw HTML, refused links and remote images by itself.
"""

from __future__ import annotations

import re
from urllib.parse import unquote

from markdown_it.common.utils import UNESCAPE_ALL_RE

from scripts.contract.problems import shown
from scripts.sheets.safe_markdown import LINK_SCHEMES, inline_lines, leaves_site, parser, read, scheme

# Parses raw HTML (to name it) and keeps every link (to explain why one is refused).
_CHECKER = parser(html=True)
_CHECKER.validateLink = lambda url: True
# Where raw HTML may start: « < » then an ASCII letter, « / », « ! » or « ? » (markdown-it's rules for
# raw HTML, inline and block, read nothing else). In a body without one, reading raw HTML or not makes
# the same tokens: the checker then uses the renderer's reading (`safe_markdown.read`, every link
# kept, as here), also the page's and the plain text's, unless the renderer drops characters of it.
_MAY_BE_HTML = re.compile(r"<[A-Za-z/!?]")

# `{: .classe}`, `{#ancre}`, `{onclick=…}` (Python-Markdown's attribute lists): a brace
# pair without braces or line breaks inside, so each scan stops at the next brace.
_BRACES = re.compile(r"\{([^{}\n]*)\}")

__all__ = ["check", "LINK_SCHEMES"]

HTML_MESSAGE = ("balise de page web (HTML) refusée dans le texte : écrivez en texte simple "
                "(pour afficher le signe <, laissez une espace après lui)")
ATTRS_MESSAGE = "syntaxe d'attributs { … } interdite dans le texte : retirez les accolades"
# What the web form checks in the browser as the contributor types (scripts/pages/formulaire.py):
# an approximation, each pattern run on a whole part of the body. `check` below, which reads the body with the
# renderer's parser, is the reference; the renderer is safe without either.
HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z]|!|\?)")
AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>", re.IGNORECASE)
# The same braces as `_is_attribute_list`: starting with « : », « # » or « . », or holding « = ».
ATTRS = re.compile(r"\{[ \t]*[:#.][^{}\n]*\}|\{[^{}\n=]*=[^{}\n]*\}")


def _is_attribute_list(inside: str) -> bool:
    inside = inside.strip()
    return inside.startswith((":", "#", ".")) or "=" in inside


def check(body: str) -> list[tuple[int, str]]:
    """(line within the body, message) for every problem of the body."""
    # Read as the renderer reads it (without the characters XML forbids), by the parser that reads raw
    # HTML where it may start: one reading shared with the page and the plain text (safe_markdown.read).
    return problems_of(read(body, html=_MAY_BE_HTML.search(body) is not None).tokens)


def problems_of(tokens) -> list[tuple[int, str]]:
    """(line, message) for every problem of a body read into `tokens` by `_CHECKER` (or the same)."""
    problems: list[tuple[int, str]] = []
    for token, line in inline_lines(tokens):
        if token.type in ("html_block", "html_inline"):
            problems.append((line, HTML_MESSAGE))
        elif token.type == "text" and any(_is_attribute_list(m.group(1)) for m in _BRACES.finditer(token.content)):
            problems.append((line, ATTRS_MESSAGE))
        elif token.type in ("link_open", "image"):
            image = token.type == "image"
            message = target_problem(str(token.attrGet("src" if image else "href") or ""), image)
            if message:
                problems.append((line, message))
    return sorted(set(problems))


# The messages about a link's or an image's target, « {cible} » the target as read: the checker's and
# the web form's (formulaire.py sends them to the page with the patterns below).
TARGET_MESSAGES = {
    "image": "image « {cible} » refusée : les images doivent être dans le dépôt (chemin relatif)",
    "hote": "lien « {cible} » refusé : écrivez l'adresse complète en https://",
    "racine": "lien « {cible} » refusé : vers une page du site, écrivez un chemin relatif (ex. wimoov.md)",
    "schema": "lien « {cible} » refusé : seuls http, https, mailto et les liens vers le site sont acceptés",
}
# Where the web form finds link targets in a part of the body (an approximation, like HTML above;
# ECMA-262 and Python alike): inline links and images « [texte](cible) », « ![texte](cible) », their text
# over several lines; reference definitions « [nom]: cible », the target maybe on the next line;
# autolinks of any scheme « <schéma:…> ». INLINE_TARGET finds the innermost ones (no bracket in the
# text), NESTED_TARGET a link around them (« [un [lien] imbriqué](cible) », « [![image](x.png)](cible) »,
# one level of brackets, as CommonMark balances them). Balanced parentheses in the target, as CommonMark.
# A target between « < » and « > » may hold spaces and tabs (« [x](<java⇥script:…>) », ⇥ a tab): the target is
# then the pattern's second group, else its third (the first and second for a definition).
_TARGET = r"\(\s*(?:<([^<>\n]*)>|([^\s()]*(?:\([^\s()]*\)[^\s()]*)*))"
INLINE_TARGET = r"(!?)\[[^\[\]]*\]" + _TARGET
NESTED_TARGET = r"(!?)\[(?:[^\[\]]|\[[^\[\]]*\])*\]" + _TARGET
DEFINITION_TARGET = r"^ {0,3}\[[^\]\n]+\]:\s*(?:<([^<>\n]*)>|([^\s<>]+))"
# Before a target is read, the parser undoes backslash escapes (« javascript\\: ») and character
# references (« java&#115;cript: », « javascript&colon; »): markdown-it's own pattern (group 1 an escaped
# character, group 2 a reference's name or number, without « & » and « ; »), case-blind.
UNESCAPE = UNESCAPE_ALL_RE.pattern
ANY_AUTOLINK = r"<([A-Za-z][A-Za-z0-9+.-]{1,31}:[^<>\s]*)>"


def target_problem(target: str, image: bool) -> str | None:
    """What is wrong with a link's (or an image's) target, or None."""
    found = scheme(target)
    quoted = _shown(target)
    if image:
        if found is not None or leaves_site(target):
            return TARGET_MESSAGES["image"].format(cible=quoted)
        return None
    if found is None and leaves_site(target):
        return TARGET_MESSAGES["hote" if target.startswith(("//", "\\\\")) else "racine"].format(cible=quoted)
    if found is not None and found not in LINK_SCHEMES:
        return TARGET_MESSAGES["schema"].format(cible=quoted)
    return None


def _shown(target: str) -> str:
    """The target as the parser read it (entities decoded), on one line, shortened."""
    return shown(unquote(target), limit=80)
