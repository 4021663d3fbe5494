"""The search index, built while the pages are rendered: Pagefind's service (`pagefind --service`)
runs in a child process, on the other core. `feed` gives it the case pages as the core made them
(search.py: before MkDocs renders them, each checked afterwards against the page written);
`request_files` asks for the index then, and `files` gives it once made, while MkDocs renders the pages. `write` writes the
files where the CLI would (`pagefind/` of the site).

The index files are asked for (`GetFiles`) and written here, not written by Pagefind
(`WriteFiles`): Pagefind answers WriteFiles before its last writes reach the disk, and a service
that ends right after may leave a file cut short (seen: `wasm.unknown.pagefind` cut at 64 KiB).

The protocol is the one of Pagefind's own Python API (`pagefind.service`): each message is JSON
encoded in base64 and ended by a comma, each answer too, with the message's number. The API itself
reads one answer every 0.1 s, which makes a thousand pages take minutes: this client reads them in
a thread. Pages are indexed in the order they are added (one writer, one pipe), so the index is
the same from one build to the next.
"""

from __future__ import annotations

import base64
import itertools
import json
import os
import platform
import queue
import subprocess
import sys
import threading
from collections.abc import Callable, Iterable
from pathlib import Path

from scripts.contract import routes
from scripts.mkdocs_adapter.background import write_files as _write


class IndexingError(RuntimeError):
    """The indexer stopped or answered with an error (its message, in English)."""


# Pagefind comes from the npm registry (package.json: `pagefind`, which installs the binary of this
# platform as an optional dependency, @pagefind/<platform>-<cpu>), as its own npm wrapper finds it.
PACKAGES = Path(__file__).resolve().parents[2] / "node_modules" / "@pagefind"
_NAMES = ("pagefind_extended", "pagefind")
_CPUS = {"x86_64": "x64", "amd64": "x64", "aarch64": "arm64", "arm64": "arm64"}


def executable() -> Path | None:
    """Pagefind's binary: the one an environment variable names (PAGEFIND_EXTENDED_BINARY_PATH or
    PAGEFIND_BINARY_PATH, as for Pagefind's own wrappers), else this platform's in node_modules."""
    for name in _NAMES:
        if named := os.environ.get(f"{name.upper()}_BINARY_PATH"):
            return Path(named)
    system = "windows" if sys.platform == "win32" else sys.platform.rstrip("0123456789")
    cpu = _CPUS.get(platform.machine().lower(), platform.machine().lower())
    for name in _NAMES:
        binary = PACKAGES / f"{system}-{cpu}" / "bin" / (f"{name}.exe" if system == "windows" else name)
        if binary.is_file():
            return binary
    return None


class Indexer:
    def __init__(self, language: str | None = None):
        binary = executable()
        if binary is None:
            raise IndexingError("binaire Pagefind introuvable dans node_modules (paquet npm pagefind) : "
                                "lancez make install, ou npm ci")
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._answers: dict[int, dict] = {}
        self._awaited: set[int] = set()  # messages whose answer is kept (not the pages': their details are not used)
        self._errors: list[str] = []
        self._answered = threading.Condition()
        self._numbers = itertools.count(1)  # message numbers, from the writer's thread too (`feed`)
        self._outbox: queue.Queue[bytes | Callable[[], Iterable[tuple[str, str]]] | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()
        self._index = self._call({"type": "NewIndex", "config": {"force_language": language or routes.search_language()}})["index_id"]

    def add(self, url: str, html: str) -> None:
        """Index one page (its whole HTML), at `url` (root-relative, as the CLI gives it)."""
        self._outbox.put(self._add_message(url, html))

    def feed(self, documents: Callable[[], Iterable[tuple[str, str]]]) -> None:
        """Index the (url, html) pairs `documents()` yields, in order, after what was added before.
        They are made one at a time, in the thread that writes to the indexer, as fast as it reads
        them: a few pages' texts in memory at once, not all of them."""
        self._outbox.put(documents)

    def request_files(self) -> int:
        """Ask for the index of every page added or fed so far; `files(number)` gives it."""
        return self._send({"type": "GetFiles", "index_id": self._index})

    def files(self, number: int) -> list[tuple[str, bytes]]:
        """The index files asked for by `request_files`: (path in the index folder, content)."""
        listed = self._answer(number)["files"]
        if self._errors:
            raise IndexingError("; ".join(self._errors[:5]))
        files = []
        while listed:  # each file's base64 text dropped once decoded (the index of 10,000 pages: tens of MB)
            file = listed.pop()
            files.append((file["path"], base64.b64decode(file["content"])))
        return files[::-1]

    def write(self, folder: str | Path) -> None:
        """Write the index of every page added so far into `folder`, then stop the indexer."""
        try:
            _write([(str(Path(folder) / path), content) for path, content in self.files(self.request_files())])
        finally:
            self.close()

    def close(self) -> None:
        """Let the indexer finish (it answers WriteFiles before its last file is on disk: it ends
        once its input is closed and every file is written)."""
        self._outbox.put(None)
        try:
            self._process.wait(timeout=120)
        except subprocess.TimeoutExpired:
            self._process.kill()
            self._process.wait()

    def _message(self, payload: dict) -> tuple[int, bytes]:
        number = next(self._numbers)
        return number, base64.b64encode(json.dumps({"message_id": number, "payload": payload}).encode("utf-8")) + b","

    def _add_message(self, url: str, html: str) -> bytes:
        return self._message({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html,
                              "file_path": None})[1]

    def _send(self, payload: dict) -> int:
        number, message = self._message(payload)
        self._awaited.add(number)
        self._outbox.put(message)
        return number

    def _call(self, payload: dict) -> dict:
        return self._answer(self._send(payload))

    def _answer(self, number: int) -> dict:
        with self._answered:
            self._answered.wait_for(lambda: number in self._answers or self._process.poll() is not None)
            answer = self._answers.pop(number, None)
            self._awaited.discard(number)
        if answer is None:
            raise IndexingError(f"l'indexeur s'est arrêté (code {self._process.returncode})")
        if answer.get("type") == "Error":
            raise IndexingError(answer.get("message", str(answer)))
        return answer

    def _write(self) -> None:
        stdin = self._process.stdin
        while (item := self._outbox.get()) is not None:
            try:
                if callable(item):  # fed documents, made as they are written
                    for url, html in item():
                        stdin.write(self._add_message(url, html))
                else:
                    stdin.write(item)
                stdin.flush()
            except OSError:
                break
            except Exception as error:  # noqa: BLE001 (a document that could not be made: reported by `files`)
                self._errors.append(f"document non transmis à l'indexeur : {error!r}")
        try:
            stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        """Read the answers; each is decoded as it comes, so that the index files (one answer of tens of
        MB at 10,000 pages) are held once in base64, not twice."""
        pending = bytearray()  # the decoded part of the answer being read
        carry = b""  # its base64 characters not decoded yet (fewer than 4)
        while chunk := self._process.stdout.read1(1 << 16):
            parts = chunk.split(b",")
            for index, part in enumerate(parts):
                data = carry + part
                if index == len(parts) - 1:  # the answer goes on in the next chunk
                    cut = len(data) - len(data) % 4
                    pending += base64.b64decode(data[:cut])
                    carry = data[cut:]
                    continue
                pending += base64.b64decode(data)
                carry = b""
                answer = json.loads(pending)
                pending.clear()
                self._receive(answer)
        with self._answered:
            self._answered.notify_all()

    def _receive(self, answer: dict) -> None:
        number, payload = answer.get("message_id"), answer.get("payload") or {}
        with self._answered:
            if payload.get("type") == "Error":
                self._errors.append(payload.get("message", ""))
            if number in self._awaited:
                self._answers[number] = payload
            self._answered.notify_all()
