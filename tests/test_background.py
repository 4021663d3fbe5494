"""The build's second process (`scripts/mkdocs_adapter/background.py`): the open-data files made
and the files that are not pages written there give what this process gives; when it cannot start,
dies or fails, the work is done here all the same; SANS_PARALLELE does everything here."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from helpers import ENV, GOLDEN, core_output, golden_cases, make_project

from scripts import core
from scripts.mkdocs_adapter import background, switches

CONTENT = "Donnée ouverte ; référence « RIS »\n".encode("utf-8")


@pytest.fixture
def worker(monkeypatch):
    monkeypatch.delenv(switches.SERIAL, raising=False)
    made = background.Worker()
    yield made
    made.close()


def _files(root, n: int = 30) -> list[tuple[str, bytes]]:
    """(absolute path, bytes) pairs in folders that do not exist yet, as a build's are."""
    return [(str(root / "cas" / f"cas-{i}" / name), CONTENT + name.encode() + bytes([i]))
            for i in range(n) for name in ("reference.ris", "reference.bib")]


def _written(files) -> bool:
    return all(Path(path).is_file() and Path(path).read_bytes() == content for path, content in files)


def _pid() -> int:
    return os.getpid()


def _dies_apart(parent: int) -> int:
    if os.getpid() != parent:
        os._exit(3)
    return parent


def _fails_apart(parent: int) -> str:
    if os.getpid() != parent:
        raise OSError("the second process cannot write")
    return "computed here"


def test_a_job_runs_in_a_second_process(worker):
    job = worker.submit(_pid)
    assert job.result() != os.getpid() and job.apart is True


def test_the_second_process_writes_every_file(tmp_path, worker):
    files = _files(tmp_path)
    job = worker.submit(background.write_files, files)
    job.result()
    assert job.apart is True and _written(files)


def test_a_job_is_done_here_when_the_second_process_dies(worker):
    job = worker.submit(_dies_apart, os.getpid())
    assert job.result() == os.getpid() and job.apart is False
    again = worker.submit(_pid)  # a new second process for the next job
    assert again.result() != os.getpid() and again.apart is True


def test_a_job_is_done_here_when_it_fails_there(worker):
    job = worker.submit(_fails_apart, os.getpid())
    assert job.result() == "computed here" and job.apart is False


def test_a_job_is_done_here_when_the_second_process_cannot_start(worker, monkeypatch):
    def refuse(*args, **kwargs):
        raise OSError("no process for you")
    monkeypatch.setattr(background, "ProcessPoolExecutor", refuse)
    job = worker.submit(_pid)
    assert job.result() == os.getpid() and job.apart is False


def test_sans_parallele_does_everything_here(tmp_path, worker, monkeypatch):
    monkeypatch.setenv(switches.SERIAL, "1")
    files = _files(tmp_path, 3)
    job = worker.submit(background.write_files, files)
    job.result()
    assert job.apart is False and _written(files) and worker._pool is None


def test_the_core_s_files_made_apart_equal_the_files_made_here(tmp_path, worker, monkeypatch):
    cases = golden_cases(tmp_path)
    apart = core_output(core.build(cases, spawn=worker.submit))
    assert worker.done == [True], "the open-data files were made by the second process"
    assert core_output(core.build(cases)) == apart
    monkeypatch.setenv(switches.SERIAL, "1")
    assert core_output(core.build(cases, spawn=worker.submit)) == apart and worker.done == [True, False]


def test_a_cancelled_job_that_has_not_started_never_runs(tmp_path, worker):
    """A job cancelled while still waiting never runs; one the pool had already handed to its process
    (it may hand over the next job while one runs) says so, and runs to its end: never half."""
    first = worker.submit(background.write_files, _files(tmp_path / "a", 200))
    later = [_files(tmp_path / f"b{n}", 1) for n in range(4)]
    cancelled = [worker.submit(background.write_files, files).cancel() for files in later]
    first.result()
    worker.close()
    assert any(cancelled)  # behind a long job, the process's queue holds two at most
    for files, dropped in zip(later, cancelled):
        assert not Path(files[0][0]).parents[2].exists() if dropped else _written(files)


KILLED_BUILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from scripts.mkdocs_adapter import background
import os
def main():
    worker = background.Worker()
    print(worker.submit(os.getpid).result(), flush=True)
    time.sleep(60)
if __name__ == "__main__":
    main()
"""


def test_a_killed_build_leaves_no_second_process_behind(monkeypatch):
    import signal
    import subprocess
    import sys
    import time

    from helpers import ROOT
    monkeypatch.delenv(switches.SERIAL, raising=False)
    build = subprocess.Popen([sys.executable, "-c", KILLED_BUILD, str(ROOT)], stdout=subprocess.PIPE, text=True)
    second = int(build.stdout.readline())
    assert second != build.pid
    os.kill(build.pid, signal.SIGKILL)
    build.wait()
    def alive() -> bool:  # a process that ended but is not reaped yet (a zombie) is gone too
        try:
            return "\nState:\tZ" not in Path(f"/proc/{second}/status").read_text()
        except OSError:
            return False
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline and alive():
        time.sleep(0.1)
    assert not alive(), "the second process outlived the build"


UNGUARDED = """import sys
from mkdocs.__main__ import cli
try:
    cli.main(args=["build", "--strict"], prog_name="mkdocs")
except SystemExit as exc:
    sys.exit(exc.code)
"""


def test_a_script_that_builds_at_import_builds_once(tmp_path):
    """A fresh interpreter imports the main module: a script without `if __name__ == "__main__":`
    would build the whole site again in the second process. The second process refuses at once,
    says why, and the build's process does its jobs: one build, the same site."""
    project = make_project(tmp_path, from_dir=GOLDEN / "valid")
    (project / "construire.py").write_text(UNGUARDED, encoding="utf-8")
    env = {k: v for k, v in ENV.items() if k != switches.SERIAL}
    result = subprocess.run([sys.executable, "construire.py"], cwd=project, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    assert result.stderr.count("cas validés") == 1, result.stderr[-3000:]
    assert background.IN_SECOND_PROCESS in result.stderr
    for sheet in (GOLDEN / "valid").glob("*.md"):
        assert (project / "site" / "cas" / sheet.stem / "index.html").is_file(), sheet.stem
