"""Benchmark: the worst bodies a sheet may hold, next to a normal sheet.

    .venv/bin/python tests/bench_corps.py [TAILLE_EN_OCTETS]

For each pathological body (long runs of brackets, deep emphasis, long tables,
many backticks…) of the given size (200 KB by default, about the size limit of a
sheet), prints the time to check it (`body.check`, what validation does) and to
render it (`safe_markdown.render`, what the build does). Both must grow linearly
with the size: `test_linear.py` holds them to it. `pathological_bodies` and
`measure` can be called from another benchmark.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from scripts.contract import routes  # noqa: E402
from scripts.pages import case_page  # noqa: E402
from scripts.sheets import body, safe_markdown  # noqa: E402

NORMAL = (ROOT / "tests" / "golden" / "valid" / "complet.md").read_text(encoding="utf-8").split("---\n", 2)[2]


def _repeat(unit: str) -> Callable[[int], str]:
    return lambda size: unit * (size // len(unit))


# Each makes a body of about `size` characters.
PATHOLOGICAL: dict[str, Callable[[int], str]] = {
    "normal": _repeat(NORMAL),
    "crochets [[[": _repeat("["),
    "crochets ![[": _repeat("!["),
    "crochets et lignes": _repeat("[\n"),
    "liens ouverts [](": _repeat("[]("),
    "liens imbriqués": _repeat("[a [b](c"),
    "emphase profonde": lambda size: "*" * (size // 2) + "a" + "*" * (size // 2),
    "emphases mêlées *_": _repeat("*_"),
    "emphases ouvertes": _repeat("*a "),
    "accents graves": _repeat("`"),
    "accents graves variés": lambda size: "".join("`" * (n % 97 + 1) + "a" for n in range(size))[:size],
    "tableau long": lambda size: "|a|b|\n|-|-|\n" + "|x|y|\n" * ((size - 12) // 6),
    "tableau large": lambda size: "|" + "a|" * (size // 6) + "\n|" + "-|" * (size // 6) + "\n",
    "chevrons <": _repeat("<"),
    "balises ouvertes <a": _repeat("<a "),
    "entités &#": _repeat("&#"),
    "accolades {:": _repeat("{:"),
    "citations >": _repeat("> "),
    "listes imbriquées": _repeat("- "),
    "barres obliques \\": _repeat("\\"),
    "références [a]:": _repeat("[a]: "),
}


def measure(text: str) -> tuple[float, float]:
    """(CPU seconds to check, CPU seconds to render) one body: CPU time, so that other
    processes on a shared machine do not count."""
    start = time.process_time()
    body.check(text)
    checked = time.process_time()
    safe_markdown.render(text, "cas/bench.md", routes.page_url, case_page.CASE_PAGE_IDS)
    return checked - start, time.process_time() - checked


def main(argv: list[str]) -> int:
    size = int(argv[0]) if argv else 200_000
    print(f"{'corps (' + str(size // 1000) + ' Ko)':<28} {'vérification':>13} {'rendu':>8}")
    for name, make in PATHOLOGICAL.items():
        checked, rendered = measure(make(size))
        print(f"{name:<28} {checked:>12.2f}s {rendered:>7.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
