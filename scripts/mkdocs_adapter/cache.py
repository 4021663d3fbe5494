"""A persistent cache of the work done on each sheet: its parsed front matter, its checks,
its body as sanitized HTML.

An entry is keyed by the sheet's path and bytes and by the code version: the hash of every
file of `scripts/` (code, templates, data), the versions of the libraries that read and
render a sheet, and today's date (a date in the future becomes valid one day). Any change
to any of them misses the cache, so a cached build is byte-identical to a cold one. Only
sheets without a problem are stored: a sheet with a problem is read and checked again
each time, so its messages and line numbers are always those of a cold check.

The cache lives in `.cache/` beside `cases/` (ignored by git); `SANS_CACHE=1` turns it off.
"""

from __future__ import annotations

import datetime
import hashlib
import os
import pickle
import sys
import tempfile
from importlib import metadata
from pathlib import Path

SCRIPTS = Path(__file__).resolve().parents[1]
LIBRARIES = ("PyYAML", "markdown-it-py", "nh3", "Jinja2", "MarkupSafe")
DIRECTORY = ".cache"
OFF = "SANS_CACHE"


def code_version(today: datetime.date | None = None) -> str:
    """What a cached entry depends on besides the sheet: code, libraries, Python, today."""
    digest = hashlib.sha256()
    for path in sorted(SCRIPTS.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(path.relative_to(SCRIPTS).as_posix().encode() + b"\0")
            digest.update(hashlib.sha256(path.read_bytes()).digest())
    for name in LIBRARIES:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:  # pragma: no cover
            version = "?"
        digest.update(f"{name}={version}\0".encode())
    digest.update(f"python={sys.version}\0today={(today or datetime.date.today()).isoformat()}".encode())
    return digest.hexdigest()


def enabled() -> bool:
    return os.environ.get(OFF, "") in ("", "0")


class SheetCache:
    """Entries of one build: read once from disk, written back with only the entries this
    build used (the cache never holds more than the sheets of the last build)."""

    def __init__(self, root: Path, version: str | None = None):
        self.version = version or code_version()
        self.folder = root / DIRECTORY
        self.path = self.folder / f"fiches-{self.version[:32]}.pickle"
        self.entries: dict[str, bytes] = {}
        self.used: dict[str, bytes] = {}
        self.hits = self.misses = 0
        try:
            with open(self.path, "rb") as f:
                entries = pickle.load(f)
            if isinstance(entries, dict):
                self.entries = entries
        except Exception:  # noqa: BLE001 (absent, unreadable or foreign: a cold build)
            self.entries = {}

    def key(self, rel: str, raw: bytes) -> str:
        return hashlib.sha256(rel.encode("utf-8") + b"\0" + raw).hexdigest()

    def get(self, key: str):
        """A fresh copy of the entry (never shared with an earlier build), or None."""
        blob = self.entries.get(key)
        if blob is None:
            self.misses += 1
            return None
        try:
            value = pickle.loads(blob)
        except Exception:  # noqa: BLE001
            self.misses += 1
            return None
        self.hits += 1
        self.used[key] = blob
        return value

    def put(self, key: str, value) -> None:
        self.used[key] = pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL)

    def save(self) -> None:
        """Write the entries this build used, atomically; remove the other versions' files."""
        if self.used.keys() == self.entries.keys():
            return
        try:
            self.folder.mkdir(exist_ok=True)
            (self.folder / ".gitignore").write_text("*\n", encoding="utf-8")
            fd, tmp = tempfile.mkstemp(prefix=".fiches-", dir=self.folder)
            with os.fdopen(fd, "wb") as f:
                pickle.dump(self.used, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, self.path)
            for old in self.folder.glob("fiches-*.pickle"):
                if old != self.path:
                    old.unlink(missing_ok=True)
        except OSError:  # a read-only checkout builds without a cache
            return
        self.entries = dict(self.used)
