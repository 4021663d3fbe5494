"""The search index, built while the pages are rendered: Pagefind's service (`pagefind --service`)
runs in a child process, on the other core, and indexes each case page as soon as MkDocs has
rendered it; `write` then writes the index where the CLI would (`pagefind/` of the site).

The protocol is the one of Pagefind's own Python API (`pagefind.service`): each message is JSON
encoded in base64 and ended by a comma, each answer too, with the message's number. The API itself
reads one answer every 0.1 s, which makes a thousand pages take minutes: this client reads them in
a thread. Pages are indexed in the order they are added (one writer, one pipe), so the index is
the same from one build to the next.
"""

from __future__ import annotations

import base64
import json
import queue
import subprocess
import threading

from pagefind.service import get_executable


class IndexingError(RuntimeError):
    """The indexer stopped or answered with an error (its message, in English)."""


class Indexer:
    def __init__(self, language: str = "fr"):
        binary = get_executable()
        if binary is None:
            raise IndexingError("binaire Pagefind introuvable (paquet pagefind_bin)")
        self._process = subprocess.Popen([str(binary), "--service"], stdin=subprocess.PIPE,
                                         stdout=subprocess.PIPE, stderr=subprocess.DEVNULL)
        self._answers: dict[int, dict] = {}
        self._errors: list[str] = []
        self._answered = threading.Condition()
        self._number = 0
        self._outbox: queue.Queue[bytes | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()
        threading.Thread(target=self._write, daemon=True).start()
        self._index = self._call({"type": "NewIndex", "config": {"force_language": language}})["index_id"]

    def add(self, url: str, html: str) -> None:
        """Index one page (its whole HTML), at `url` (root-relative, as the CLI gives it)."""
        self._send({"type": "AddFile", "index_id": self._index, "url": url, "file_contents": html,
                    "file_path": None})

    def write(self, folder: str) -> None:
        """Write the index into `folder` (absolute), then stop the indexer."""
        try:
            self._call({"type": "WriteFiles", "index_id": self._index, "output_path": folder})
            if self._errors:
                raise IndexingError("; ".join(self._errors[:5]))
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

    def _send(self, payload: dict) -> int:
        self._number += 1
        message = json.dumps({"message_id": self._number, "payload": payload}).encode("utf-8")
        self._outbox.put(base64.b64encode(message) + b",")
        return self._number

    def _call(self, payload: dict) -> dict:
        number = self._send(payload)
        with self._answered:
            self._answered.wait_for(lambda: number in self._answers or self._process.poll() is not None)
            answer = self._answers.pop(number, None)
        if answer is None:
            raise IndexingError(f"l'indexeur s'est arrêté (code {self._process.returncode})")
        if answer.get("type") == "Error":
            raise IndexingError(answer.get("message", str(answer)))
        return answer

    def _write(self) -> None:
        stdin = self._process.stdin
        while (message := self._outbox.get()) is not None:
            try:
                stdin.write(message)
                stdin.flush()
            except OSError:
                break
        try:
            stdin.close()
        except OSError:
            pass

    def _read(self) -> None:
        pending = b""
        while chunk := self._process.stdout.read1(1 << 16):
            pending += chunk
            *messages, pending = pending.split(b",")
            for message in messages:
                answer = json.loads(base64.b64decode(message))
                number, payload = answer.get("message_id"), answer.get("payload") or {}
                with self._answered:
                    if payload.get("type") == "Error":
                        self._errors.append(payload.get("message", ""))
                    if number is not None:
                        self._answers[number] = payload
                    self._answered.notify_all()
        with self._answered:
            self._answered.notify_all()
