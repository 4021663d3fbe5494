"""The sheets' history, read from git: when each sheet last changed.

All dates come from ONE `git log` over the cases folder (never one process per sheet). No git,
no repository, or a shallow clone: the dates git cannot vouch for are left out, and the other
rules of a sheet's date apply (sheets/dates.py). The core is given these dates by its caller
(`core.build(committed=…)`): it starts no process itself.
"""

from __future__ import annotations

import datetime
import subprocess
from pathlib import Path


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
