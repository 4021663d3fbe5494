"""When each sheet last changed, and how to write a date in French.

A sheet's date is, in order: its `mis_a_jour`; else the date of the last git
commit that changed its file; else, for the study's own cases, the study's
publication (February 2017, known to the month only); else none. Never the
build date: rebuilding the same commit gives the same dates.

All git dates come from ONE `git log` over the cases folder (never one process
per sheet). No git, no repository, or a shallow clone: the dates git cannot
vouch for are left out, and the other rules apply.
"""

from __future__ import annotations

import datetime
import subprocess
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


def _git(cwd: Path, *args: str) -> str | None:
    try:
        run = subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True, timeout=120)
    except (OSError, subprocess.TimeoutExpired):
        return None
    return run.stdout if run.returncode == 0 else None


def git_dates(cases_dir: Path) -> dict[str, datetime.date]:
    """{file name in cases_dir: UTC date of the last commit that changed it}, from one `git log`.

    In a shallow clone, the commits at the cut stand for all the history before
    them: the files they show are left without a git date.
    """
    if not cases_dir.is_dir():
        return {}
    log = _git(cases_dir, "log", "--format=%x00%H %ct", "--name-only", "--no-renames", "--relative",
               "--diff-filter=AMR", "--", ".")
    if not log:
        return {}
    shallow: set[str] = set()
    if (_git(cases_dir, "rev-parse", "--is-shallow-repository") or "").strip() == "true":
        path = (_git(cases_dir, "rev-parse", "--git-path", "shallow") or "").strip()
        if path:
            target = Path(path) if Path(path).is_absolute() else cases_dir / path
            shallow = set(target.read_text().split()) if target.is_file() else set()
    dates: dict[str, datetime.date] = {}
    for chunk in log.split("\0")[1:]:
        header, _, names = chunk.partition("\n")
        commit, _, stamp = header.partition(" ")
        if commit in shallow or not stamp.strip().isdigit():
            continue
        day = datetime.datetime.fromtimestamp(int(stamp), datetime.timezone.utc).date()
        for name in names.split("\n"):
            name = name.strip()
            if name and "/" not in name:
                dates.setdefault(name, day)  # newest first: the first date seen is the last change
    return dates


def sheet_date(case: dict, committed: dict[str, datetime.date]) -> SheetDate | None:
    if "mis_a_jour" in case:
        return SheetDate(case["mis_a_jour"], origin="fiche")
    name = Path(case.get("fichier", "")).name
    if name in committed:
        return SheetDate(committed[name], origin="git")
    if case["statut"] in STUDY_STATUTS:
        return SheetDate(STUDY_DATE, month_only=True, origin="etude")
    return None
