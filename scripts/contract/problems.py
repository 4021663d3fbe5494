"""A problem found in a case sheet, in the contract's one-line format."""

from __future__ import annotations

import difflib
import re
from dataclasses import dataclass

SHOWN_MAX = 60
# What a message writes as an escape (the web form's messages too: formulaire.py sends the pattern).
INVISIBLE = _INVISIBLE = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff]")


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project, e.g. "cases/totem-mobi.md"
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {shown(self.key, limit=80)}: {self.message}"

    def github(self) -> str:
        """The same problem as a GitHub Actions annotation."""
        text = f"{self.key} : {self.message}".replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
        return f"::error file={self.file},line={self.line},title={self.key}::{text}"


def suggest(value: object, choices) -> str:
    """' (vouliez-vous dire « x » ?)' for a near-miss, else ''."""
    if not isinstance(value, str):
        return ""
    match = difflib.get_close_matches(value, [str(c) for c in choices], n=1, cutoff=0.6)
    if not match:
        match = difflib.get_close_matches(value.lower(), [str(c) for c in choices], n=1, cutoff=0.6)
    return f" (vouliez-vous dire « {match[0]} » ?)" if match else ""


def shown(value: object, limit: int = SHOWN_MAX) -> str:
    """A value as it may appear in a message: on one line (invisible characters written
    as escapes, so a value cannot forge a second problem line) and shortened."""
    if isinstance(value, bool):
        text = "true" if value else "false"
    elif value is None:
        text = "vide"
    else:
        text = str(value)
    text = _INVISIBLE.sub(lambda m: m.group(0).encode("unicode_escape").decode("ascii"), text)
    return text if len(text) <= limit else text[:limit - 1] + "…"
