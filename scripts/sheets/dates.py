"""When each sheet last changed, and how to write a date in French.

A sheet's date is, in order: its `mis_a_jour`; else the date of the last git
commit that changed its file (read by `tools/history.py`, given to the core); else, for
the study's own cases, the study's publication (February 2017, known to the month only);
else none. Never the build date: rebuilding the same commit gives the same dates.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from pathlib import Path

STUDY_DATE = datetime.date(2017, 2, 1)  # « février 2017 »: the synthesis gives no day
STUDY_STATUTS = ("etude-de-cas", "experience-citee")

MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


@dataclass(frozen=True)
class SheetDate:
    value: datetime.date
    month_only: bool = False  # the study's date: only the month is known
    origin: str = "fiche"  # fiche (mis_a_jour), git (last commit), etude (the study)

    @property
    def iso(self) -> str:
        """For <time datetime>, JSON-LD and reference files: '2026-11-26', or '2017-02'."""
        return self.value.strftime("%Y-%m") if self.month_only else self.value.isoformat()

    @property
    def french(self) -> str:
        """« 26 novembre 2026 », « 1er mars 2025 », « février 2017 »."""
        return french(self.value, self.month_only)


def french(value: datetime.date, month_only: bool = False) -> str:
    month = f"{MONTHS[value.month - 1]} {value.year}"
    if month_only:
        return month
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day}\u00a0{month}"


def sheet_date(case: dict, committed: dict[str, datetime.date]) -> SheetDate | None:
    if "mis_a_jour" in case:
        return SheetDate(case["mis_a_jour"], origin="fiche")
    name = Path(case.get("fichier", "")).name
    if name in committed:
        return SheetDate(committed[name], origin="git")
    if case["statut"] in STUDY_STATUTS:
        return SheetDate(STUDY_DATE, month_only=True, origin="etude")
    return None
