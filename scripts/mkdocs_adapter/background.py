"""One second process for the work a build does beside MkDocs, on the machine's other core.

Two jobs go to it: the open-data files and the references, made while the core renders the pages
(`core.build(spawn=…)`), and the files that are not pages, written into the site while MkDocs renders
the pages (at 10,000 sheets, more than 20,000 small files: seconds of system calls that MkDocs would
make on this core before rendering the first page).

The process is a worker of the standard library's `ProcessPoolExecutor`, started fresh (`spawn`: a new
interpreter, not a copy of this one and of its threads), kept for the builds of a `mkdocs serve`.
A job's arguments and value cross over pickled. When the worker cannot start, dies or fails to send a
value back, the job is done here instead: the site is the same either way. Under SANS_PARALLELE
(switches.py), every job is done here.
"""

from __future__ import annotations

import multiprocessing
import os
import sys
import threading
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from pickle import PicklingError

from scripts.mkdocs_adapter import switches

# What going through the second process may raise, on top of the job's own errors: the job is done here then.
_CROSSING = (BrokenProcessPool, PicklingError, OSError, RuntimeError)


IN_SECOND_PROCESS = ("Construction lancée dans le second processus de la construction : le script qui "
                     "lance MkDocs le relance quand on l'importe. Placez son appel sous "
                     "« if __name__ == \"__main__\": » ; la construction se fait sans second processus.")


def refuse_in_second_process() -> None:
    """A fresh interpreter imports the main module of the build's process; a script that builds at
    import (no `if __name__ == "__main__":`) would build the whole site again there. The second
    process then ends at once, with this message: the build's process does the jobs itself."""
    if "--multiprocessing-fork" in sys.orig_argv:  # how multiprocessing starts a fresh interpreter
        print(IN_SECOND_PROCESS, file=sys.stderr)
        raise SystemExit(1)


def write_files(files: list[tuple[str, bytes]]) -> None:
    """Write each (absolute path, content) pair, making its folder first (as MkDocs writes a file)."""
    for path, content in files:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content)


def _end_with(parent: int) -> None:
    """In the second process: end when the build's process is gone (killed, it could not end this
    one, whose queue would wait for work for ever)."""
    def watch() -> None:
        while os.getppid() == parent:
            time.sleep(0.5)
        os._exit(0)
    threading.Thread(target=watch, daemon=True).start()


class Worker:
    """The second process of a build (of every build of a `mkdocs serve`), started on first use."""

    def __init__(self) -> None:
        self._pool: ProcessPoolExecutor | None = None
        self.done: list[bool] = []  # for each job whose value was asked for: whether the second process did it

    def submit(self, fn: Callable, *args) -> Job:
        """`fn(*args)` in the second process (`fn` importable by name, its arguments and value picklable)."""
        future = None
        if switches.parallel():
            try:
                if self._pool is None:
                    self._pool = ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("spawn"),
                                                     initializer=_end_with, initargs=(os.getpid(),))
                future = self._pool.submit(fn, *args)
            except _CROSSING:
                self.close()
        return Job(self, fn, args, future)

    def close(self, wait: bool = True) -> None:
        """End the second process (after its jobs when `wait`)."""
        pool, self._pool = self._pool, None
        if pool is not None:
            pool.shutdown(wait=wait, cancel_futures=not wait)


class Job:
    """A job given to the worker; `result()` waits for its value."""

    def __init__(self, worker: Worker, fn: Callable, args: tuple, future: Future | None) -> None:
        self._worker, self._fn, self._args, self._future = worker, fn, args, future
        self.apart: bool | None = None  # once done: whether the second process did it

    def result(self):
        """The job's value: the second process's, or made here when it could not give it."""
        future, self._future = self._future, None
        if future is not None:
            try:
                value = future.result()
                self.apart = True
                self._worker.done.append(True)
                return value
            except _CROSSING:
                self._worker.close(wait=False)  # broken: the next job starts a new process
        self.apart = False
        self._worker.done.append(False)
        return self._fn(*self._args)

    def cancel(self) -> bool:
        """The value is not needed (the build failed): dropped. True when the job will never run: it
        was still waiting in the pool; False when it had been handed to the process (the pool hands
        over one more job than it runs) or has run: it runs, or ran, to its end."""
        future, self._future = self._future, None
        return future is None or future.cancel()

    def wait(self) -> None:
        """Wait until the job is over, whatever its outcome (before its folder is thrown away)."""
        if self._future is not None:
            try:
                self._future.exception()
            except Exception:  # noqa: BLE001 (cancelled: nothing runs)
                pass
