"""Ids from titles: « Réseau de Réemploi des 2 Rives » -> reseau-de-reemploi-des-2-rives."""

from __future__ import annotations

import re
import unicodedata

_LIGATURES = {"œ": "oe", "Œ": "oe", "æ": "ae", "Æ": "ae", "ß": "ss"}


def fold(text: str) -> str:
    """Lower case without accents (ligatures spelt out)."""
    text = "".join(_LIGATURES.get(c, c) for c in text)
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def slugify(text: str, max_length: int = 80) -> str:
    words = re.findall(r"[a-z0-9]+", fold(text))
    slug = "-".join(words)
    if len(slug) > max_length:
        slug = slug[:max_length].rsplit("-", 1)[0]
    return slug
