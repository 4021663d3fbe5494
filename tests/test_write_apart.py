"""The generated files that are not pages are written by a second process while the pages are
rendered (write_apart.py); when that process cannot start or fails, they are written all the same."""

from __future__ import annotations

import os
import signal
from pathlib import Path

import pytest

from scripts.mkdocs_adapter import write_apart

CONTENT = "Donnée ouverte ; référence « RIS »\n".encode("utf-8")


def _files(root, n: int = 30) -> list[tuple[str, bytes]]:
    """(absolute path, bytes) pairs in folders that do not exist yet, as a build's are."""
    return [(str(root / "cas" / f"cas-{i}" / name), CONTENT + name.encode() + bytes([i]))
            for i in range(n) for name in ("reference.ris", "reference.bib")]


def _written(files) -> bool:
    return all(Path(path).is_file() and Path(path).read_bytes() == content for path, content in files)


def test_a_second_process_writes_every_file(tmp_path, monkeypatch):
    monkeypatch.delenv(write_apart.OFF, raising=False)
    files = _files(tmp_path)
    writer = write_apart.Writer(files)
    assert writer.child is not None and writer.child.pid != os.getpid()
    assert writer.wait() is True  # written by the child
    assert _written(files)


@pytest.mark.parametrize("python", ["/bin/false", "/nonexistent/python"])
def test_files_are_written_here_when_the_second_process_fails_or_cannot_start(tmp_path, monkeypatch, python):
    monkeypatch.delenv(write_apart.OFF, raising=False)
    monkeypatch.setattr(write_apart, "PYTHON", python)
    files = _files(tmp_path)
    writer = write_apart.Writer(files)
    assert writer.wait() is False
    assert _written(files)


def test_serie_writes_in_this_process(tmp_path, monkeypatch):
    monkeypatch.setenv(write_apart.OFF, "1")
    files = _files(tmp_path, 3)
    writer = write_apart.Writer(files)
    assert writer.child is None
    assert writer.wait() is False and _written(files)


def test_stop_ends_the_second_process(tmp_path, monkeypatch):
    monkeypatch.delenv(write_apart.OFF, raising=False)
    slow = tmp_path / "lent.py"
    slow.write_text("import time\ntime.sleep(60)\n", encoding="utf-8")
    monkeypatch.setattr(write_apart, "__file__", str(slow))  # a child that would run for a minute
    writer = write_apart.Writer(_files(tmp_path, 1))
    child = writer.child
    writer.stop()
    assert child.returncode == -signal.SIGKILL and writer.child is None
