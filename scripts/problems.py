"""A problem found in a case sheet, in the contract's one-line format."""

from __future__ import annotations

import difflib
from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    file: str  # path relative to the project, e.g. "cases/totem-mobi.md"
    line: int
    key: str
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.key}: {self.message}"

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
