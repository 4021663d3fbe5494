"""What a build reads and what it writes, as the preview compares them: the files a build depends
on (their modification times and sizes) and a digest of each generated page and file."""

from __future__ import annotations

import hashlib
from pathlib import Path


def cases_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra.get("cases_dir", "cases")


def as_bytes(content: str | bytes) -> bytes:
    """A generated file's content as MkDocs writes it (a text in UTF-8): half the memory of a text
    with characters beyond Latin-1, and no second copy once the core's text is dropped."""
    return content.encode("utf-8") if isinstance(content, str) else content


def digest(content: str | bytes) -> bytes:
    return hashlib.blake2b(as_bytes(content), digest_size=16).digest()


def inputs(config) -> dict[str, tuple[int, int]]:
    """(modification time, size) of every file a build reads: sheets, pages, theme, code, settings."""
    root = Path(config.config_file_path).resolve().parent
    folders = [cases_dir(config), Path(config.docs_dir), root / "scripts"]
    if config.theme.custom_dir:
        folders.append(Path(config.theme.custom_dir))
    found = {}
    for path in [Path(config.config_file_path)] + [p for folder in folders for p in folder.rglob("*")]:
        if "__pycache__" not in path.parts and path.is_file():
            stat = path.stat()
            found[str(path)] = (stat.st_mtime_ns, stat.st_size)
    return found
