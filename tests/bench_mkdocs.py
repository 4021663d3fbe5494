"""`mkdocs build` for the benchmark, in a child process: then reports the peak RSS of this
process (the Python build) and of its waited-for children (e.g. the search indexer), the CPU
time of this process and of those children, and the wall time spent in subprocess.run calls.

Usage: python tests/bench_mkdocs.py REPORT.json build [mkdocs options]
"""

import json
import resource
import subprocess
import sys
import time

from mkdocs.__main__ import cli


def main() -> None:
    report, args = sys.argv[1], sys.argv[2:]
    spent = [0.0]
    _run = subprocess.run
    def run(*a, **k):
        start = time.perf_counter()
        try:
            return _run(*a, **k)
        finally:
            spent[0] += time.perf_counter() - start
    subprocess.run = run
    try:
        cli.main(args=args, prog_name="mkdocs")
        code = 0
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    me = resource.getrusage(resource.RUSAGE_SELF)
    kids = resource.getrusage(resource.RUSAGE_CHILDREN)
    with open(report, "w") as f:
        json.dump({"self_kb": me.ru_maxrss, "children_kb": kids.ru_maxrss, "self_cpu_s": me.ru_utime + me.ru_stime,
                   "children_cpu_s": kids.ru_utime + kids.ru_stime, "subprocess_run_s": spent[0]}, f)
    sys.exit(code)


if __name__ == "__main__":  # the build's second process imports this module (spawn)
    main()
