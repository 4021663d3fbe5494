"""Work done in a second process while this one goes on: the build uses the machine's
second core (open-data files are made while the pages are rendered).

A forked child computes the value and writes it, pickled, to an unnamed temporary file;
the parent reads it when it needs it. If the child fails (or fork is unavailable, or
SERIE=1), the value is computed in this process instead: the result is the same either way.
"""

from __future__ import annotations

import os
import pickle
import signal
import tempfile
from collections.abc import Callable

OFF = "SERIE"


class Background:
    def __init__(self, fn: Callable, *args):
        self.fn, self.args = fn, args
        self.pid: int | None = None
        if not hasattr(os, "fork") or os.environ.get(OFF, "") not in ("", "0"):
            return
        self.file = tempfile.TemporaryFile()
        try:
            pid = os.fork()
        except OSError:
            self.file.close()
            return
        if pid == 0:  # the child: compute, write, leave without running the parent's cleanup
            code = 1
            try:
                self.file.write(pickle.dumps(fn(*args), protocol=pickle.HIGHEST_PROTOCOL))
                self.file.flush()
                code = 0
            finally:
                os._exit(code)
        self.pid = pid

    def result(self):
        """The value: the child's, or computed here when the child failed."""
        if self.pid is None:
            return self.fn(*self.args)
        pid, self.pid = self.pid, None
        _, status = os.waitpid(pid, 0)
        try:
            if status == 0:
                self.file.seek(0)
                return pickle.load(self.file)
        except Exception:  # noqa: BLE001 (a truncated result: computed again below)
            pass
        finally:
            self.file.close()
        return self.fn(*self.args)

    def cancel(self) -> None:
        """The value is not needed (the build failed): end the child."""
        if self.pid is None:
            return
        pid, self.pid = self.pid, None
        try:
            os.kill(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        os.waitpid(pid, 0)
        self.file.close()
