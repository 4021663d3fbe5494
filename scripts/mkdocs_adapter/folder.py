"""The last good site: a build writes into a temporary folder beside the site folder, which takes the
site folder's place only when the whole build succeeded. A failed build, of any cause, leaves the
last good site as it was, and `mkdocs serve` keeps serving it."""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
from pathlib import Path


class SiteFolder:
    """Where the site goes, and the temporary folder each build writes into."""

    def __init__(self) -> None:
        self._targets: dict[str, str] = {}  # building folder -> site folder

    def building(self, site_dir: str) -> str:
        """A fresh temporary folder beside the site folder (same file system: the swap is a rename).
        `site_dir` is the configured site folder, or the previous build's temporary one (under serve,
        MkDocs gives the same configuration again)."""
        target = Path(self._targets.get(site_dir, site_dir)).absolute()
        target.parent.mkdir(parents=True, exist_ok=True)
        folder = tempfile.mkdtemp(prefix=f".{target.name}-construction-", dir=target.parent)
        self._targets = {folder: str(target)}
        return folder

    def target(self, building: str) -> Path:
        return Path(self._targets[building])

    def swap(self, building: str, in_background: bool = False) -> Path:
        """Replace the site folder by the new build (two renames on one file system); the site folder."""
        target = self.target(building)
        old = None
        if target.exists():
            old = Path(tempfile.mkdtemp(prefix=f".{target.name}-ancien-", dir=target.parent))
            os.replace(target, old / target.name)
        os.replace(building, target)
        if old is not None and in_background:  # the new site is served already
            threading.Thread(target=shutil.rmtree, args=(old,), kwargs={"ignore_errors": True}, daemon=True).start()
        elif old is not None:
            shutil.rmtree(old, ignore_errors=True)
        return target

    def discard(self) -> None:
        """The build failed: its folder goes."""
        for building in self._targets:
            shutil.rmtree(building, ignore_errors=True)
