"""The generated files that are not pages (open data, each case's references, redirects, feed…)
written into the site by a second process while this one renders the pages.

At 10,000 sheets they are more than 20,000 small files: seconds of system calls (folders made,
files opened, written, closed) that MkDocs would make on this process's core before rendering
any page, while the machine's other core has time to spare. `Writer` gives them, pickled in a
temporary file, to a child Python that writes each as MkDocs does (`File.copy_file`: its folder
made, its bytes written). If the child cannot start or fails, `wait` writes them in this process:
the site is the same either way. Under SERIE=1 (as parallel.py), they are written here.

Run as a script, this file is that child: it reads the pickled list on its standard input.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile

OFF = "SERIE"  # the same switch as parallel.py: everything in this process
PYTHON = sys.executable


def write(files: list[tuple[str, bytes]]) -> None:
    """Write each (absolute path, content) pair, making its folder first."""
    for path, content in files:
        os.makedirs(os.path.dirname(path), exist_ok=True)
        with open(path, "wb") as out:
            out.write(content)


class Writer:
    """`files` ((absolute path, content) pairs) being written by a second process."""

    def __init__(self, files: list[tuple[str, bytes]]):
        self.files = files
        self.child: subprocess.Popen | None = None
        if os.environ.get(OFF, "") not in ("", "0"):
            return
        with tempfile.TemporaryFile() as payload:
            pickle.dump(files, payload, protocol=pickle.HIGHEST_PROTOCOL)
            payload.flush()
            payload.seek(0)
            try:  # -I: the standard library alone, whatever the environment says
                self.child = subprocess.Popen([PYTHON, "-I", __file__], stdin=payload,
                                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            except OSError:
                self.child = None

    def wait(self) -> bool:
        """Every file is written once this returns; True when the second process wrote them."""
        child, self.child = self.child, None
        if child is not None and child.wait() == 0:
            return True
        write(self.files)  # the child did not start or failed part-way: every file again, whole
        return False

    def stop(self) -> None:
        """The build failed: end the second process (the half-built site is thrown away)."""
        child, self.child = self.child, None
        if child is not None:
            child.kill()
            child.wait()


if __name__ == "__main__":
    write(pickle.load(sys.stdin.buffer))
