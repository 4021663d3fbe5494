"""Rules for a sheet's Markdown body: a contributor's text on a public site.

Raw HTML and attribute syntax are refused; links go only to http(s), mailto or
pages of the site; images only come from the repository.
"""

from __future__ import annotations

import re

# The same fences as Python-Markdown's fenced_code: closed by the very same fence string.
FENCE = re.compile(r"^(?P<fence>~{3,}|`{3,})(?![`~])[^\n`]*\n.*?(?<=\n)(?P=fence)[ \t]*$",
                    re.MULTILINE | re.DOTALL)
_CODE_SPAN = re.compile(r"(`+)(?:(?!\1).)+?\1")
_HTML = re.compile(r"<(?:[A-Za-z][A-Za-z0-9-]*(?=[\s/>])|/[A-Za-z]|!|\?)")
_AUTOLINK = re.compile(r"<(?:https?://|mailto:)[^<>\s]*>", re.IGNORECASE)
_ATTRS = re.compile(r"\{:?[ \t]*[#.A-Za-z][^{}\n]*\}")
_LINK = re.compile(r"(!?)\[(?:[^\]\\]|\\.)*\]\(\s*<?((?:[^()\s>]|\([^()\s]*\))*)")
_REFERENCE = re.compile(r"^[ ]{0,3}\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_SCHEME = re.compile(r"^([A-Za-z][A-Za-z0-9+.-]*):")
LINK_SCHEMES = {"http", "https", "mailto"}
HTML_MESSAGE = ("HTML brut interdit dans le texte : écrivez en Markdown "
                "(pour afficher le signe <, laissez une espace après lui)")
ATTRS_MESSAGE = "syntaxe d'attributs { … } interdite dans le texte : retirez les accolades"
# What the web form checks in the browser too (scripts/formulaire.py).
HTML, AUTOLINK, ATTRS = _HTML, _AUTOLINK, _ATTRS


def _blank(match: re.Match) -> str:
    """Keep line numbers: replace code by as many newlines."""
    return "\n" * match.group(0).count("\n")


def check(body: str) -> list[tuple[int, str]]:
    """(line within the body, message) for every problem of the body."""
    problems = []
    text = FENCE.sub(_blank, body)
    text = _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), text)
    for number, line in enumerate(text.split("\n"), start=1):
        scan = _AUTOLINK.sub(" ", line)
        if _HTML.search(scan):
            problems.append((number, HTML_MESSAGE))
        if _ATTRS.search(scan):
            problems.append((number, ATTRS_MESSAGE))
        for image, target in _LINK.findall(line):
            message = _target_problem(target, image=bool(image))
            if message:
                problems.append((number, message))
        for autolink in re.findall(r"<([^<>\s]+)>", line):
            if _SCHEME.match(autolink) and not _AUTOLINK.fullmatch(f"<{autolink}>"):
                problems.append((number, f"lien « {autolink} » refusé : seuls http, https et mailto sont acceptés"))
    for match in _REFERENCE.finditer(text):
        number = text.count("\n", 0, match.start()) + 1
        message = _target_problem(match.group(1), image=False)
        if message:
            problems.append((number, message))
    return problems


def _target_problem(target: str, image: bool) -> str | None:
    scheme = _SCHEME.match(target)
    if image:
        if scheme or target.startswith("//"):
            return f"image « {target} » refusée : les images doivent être dans le dépôt (chemin relatif)"
        return None
    if target.startswith("//"):
        return f"lien « {target} » refusé : écrivez l'adresse complète en https://"
    if scheme and scheme.group(1).lower() not in LINK_SCHEMES:
        return f"lien « {target} » refusé : seuls http, https, mailto et les liens vers le site sont acceptés"
    return None
