"""Benchmark: the worst bodies and field values a sheet may hold, next to a normal sheet.

    .venv/bin/python tests/bench_corps.py [TAILLE_EN_OCTETS]       # body: check and render
    .venv/bin/python tests/bench_corps.py --etapes [TAILLE ...]    # every stage, body and fields
    .venv/bin/python tests/bench_corps.py --construction           # a build with a hostile sheet at the limit

For each pathological body (long runs of brackets, deep emphasis, long tables,
many backticks…) of the given size (200 KB by default, about the size limit of a
sheet), prints the time to check it (`body.check`, what validation does) and to
render it (`safe_markdown.render`, what the build does). With --etapes, the CPU time
of every stage a sheet goes through (`STAGES`: load, check, render, the page, its
French spaces, plain text for the spreadsheets, references, feed, search feed), for
the body and for field values, at each size. All must grow linearly with the size:
`test_linear.py` holds them to it. `PATHOLOGICAL`, `measure` and `STAGES` can be
called from another benchmark.
"""

from __future__ import annotations

import gc
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import datetime  # noqa: E402
import functools  # noqa: E402
import tempfile  # noqa: E402

from markupsafe import Markup  # noqa: E402

from scripts.contract import routes  # noqa: E402
from scripts.contract.settings import Settings  # noqa: E402
from scripts.exports import feed, open_data, references  # noqa: E402
from scripts.pages import case_page, templating, typo  # noqa: E402
from scripts.sheets import body, dates, safe_markdown  # noqa: E402
from scripts.sheets.load import load  # noqa: E402
from scripts.sheets.model import to_case  # noqa: E402
from scripts.sheets.validate import check_sheet  # noqa: E402

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
    "titres répétés": _repeat("# a\n"),
}


def measure(text: str) -> tuple[float, float]:
    """(CPU seconds to check, CPU seconds to render) one body: CPU time, so that other
    processes on a shared machine do not count."""
    start = time.process_time()
    body.check(text)
    checked = time.process_time()
    safe_markdown.render(text, "cas/bench.md", routes.page_url, case_page.CASE_PAGE_IDS)
    return checked - start, time.process_time() - checked


# Every stage a sheet goes through, on one sheet made of the complete golden sheet with `text` as
# its body or as the value of some text fields. Each returns its CPU time.
SHEET = (ROOT / "tests" / "golden" / "valid" / "complet.md").read_text(encoding="utf-8")
FRONT = SHEET.split("---\n", 2)[1]
# The text fields a page, the spreadsheets, the references and the feed print.
TEXT_FIELDS = ("titre", "resume", "porteur", "commune")


def _yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON is YAML)."""
    import json
    return json.dumps(text, ensure_ascii=False)


def sheet_text(text: str, where: str) -> str:
    """The golden complete sheet with `text` as its body (where="corps") or shared between its text
    fields (an eighth of it each: with YAML's escapes, the sheet stays within the size limit)."""
    if where == "corps":
        return f"---\n{FRONT}---\n\n## L'innovation\n\n{text}\n"
    part = _yaml_string(text[:len(text) // (2 * len(TEXT_FIELDS))])
    lines = [f"{line.split(':', 1)[0]}: {part}" if line.split(":", 1)[0] in TEXT_FIELDS else line
             for line in FRONT.splitlines()]
    return "---\n" + "\n".join(lines) + "\n---\n\nUn corps.\n"


def _timed(fn, *args):
    """CPU time of one call, the garbage collector paused: its full passes walk every live object,
    a cost that grows with the heap, not with the stage's work (with it, 5x a long table cost 8.4x
    the plain text here, and 13x on a loaded CI machine; without it, 5.5x)."""
    safe_markdown.forget()  # the reading a check keeps for the render: each stage reads its input itself
    gc.collect()
    gc.disable()
    try:
        start = time.process_time()
        value = fn(*args)
        return time.process_time() - start, value
    finally:
        gc.enable()


def _sheet(text: str, where: str):
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "cases" / "complet.md"
        path.parent.mkdir()
        path.write_text(sheet_text(text, where), encoding="utf-8")
        return _timed(load, path, Path(tmp))


@functools.lru_cache(maxsize=4)  # each stage of one input starts from the same case (not changed by any)
def _case(text: str, where: str) -> dict:
    """The case the build makes of the sheet (its checks not asked: a field over its limit reaches
    the stages after the check here, to measure them beyond what a valid sheet holds)."""
    _, sheet = _sheet(text, where)
    case = to_case(sheet)
    case["date"] = dates.sheet_date(case, {})
    return case


def _page(case: dict) -> str:
    """The case page as the core makes it (not kept: `stage_page` measures it)."""
    html = Markup(case_page.body(case).html)
    return templating.render_page("case.md.j2", routes.case_source(case["id"]), Settings(), case=case, related=[],
                                  body=html)[1]


def stage_load(text: str, where: str) -> float:
    return _sheet(text, where)[0]


def stage_check(text: str, where: str) -> float:
    _, sheet = _sheet(text, where)
    return _timed(check_sheet, sheet)[0]


def stage_render(text: str, where: str) -> float:
    case = _case(text, where)
    return _timed(case_page.body, case)[0]


def stage_page(text: str, where: str) -> float:
    """The case page filled with the sheet's values (body included), as the core makes it."""
    return _timed(_page, _case(text, where))[0]


@functools.lru_cache(maxsize=4)
def _kept_page(text: str, where: str) -> str:
    return _page(_case(text, where))


def stage_french(text: str, where: str) -> float:
    """The French spaces the adapter puts in the whole page (typo.html)."""
    return _timed(typo.html, _kept_page(text, where))[0]


def stage_plain(text: str, where: str) -> float:
    """The body as plain text (the spreadsheets' `texte` column), not from the build's cache."""
    open_data._PLAIN.clear()
    return _timed(open_data.plain_text, _case(text, where)["texte"])[0]


def stage_exports(text: str, where: str) -> float:
    """The open-data files (JSON, CSV, XLSX, Excel CSV) and the references (RIS, BibTeX)."""
    case = _case(text, where)
    open_data._PLAIN.clear()
    return _timed(open_data.files, [case], "https://exemple.fr/")[0]


def stage_references(text: str, where: str) -> float:
    case = _case(text, where)
    return _timed(references.entries, [case], "https://exemple.fr/")[0]


def stage_feed(text: str, where: str) -> float:
    case = _case(text, where)
    return _timed(feed.atom, [case], "https://exemple.fr/", datetime.date(2017, 2, 1))[0]


STAGES: dict[str, Callable[[str, str], float]] = {
    "chargement": stage_load,
    "vérification": stage_check,
    "rendu du corps": stage_render,
    "page du cas": stage_page,
    "espaces français": stage_french,
    "texte brut": stage_plain,
    "données ouvertes": stage_exports,
    "références": stage_references,
    "flux": stage_feed,
}


def search_feed(pages: list[str]) -> list[float]:
    """Wall seconds Pagefind's service (the search feed of a build) takes to index each page alone,
    the indexer started before: its CPU is another process's."""
    from scripts.mkdocs_adapter import search_index
    times = []
    for page in pages:
        indexer = search_index.Indexer()
        try:
            start = time.perf_counter()
            indexer.add("/cas/complet/", f'<html lang="fr"><body><div data-pagefind-body>{page}</div></body></html>')
            indexer.files(indexer.request_files())
            times.append(time.perf_counter() - start)
        finally:
            indexer.close()
    return times


def stages(sizes: list[int]) -> int:
    print(f"{'entrée':<34} {'étape':<18} " + " ".join(f"{str(n // 1000) + ' Ko':>9}" for n in sizes))
    for where in ("corps", "champs"):
        for name, make in PATHOLOGICAL.items():
            for stage, run in STAGES.items():
                if where == "champs" and stage == "texte brut":
                    continue
                times = [run(make(size), where) for size in sizes]
                print(f"{where + ' ' + name:<34} {stage:<18} " + " ".join(f"{t:>8.2f}s" for t in times), flush=True)
            if where == "corps":
                times = search_feed([_page(_case(make(size), where)) for size in sizes])
                print(f"{where + ' ' + name:<34} {'index de recherche':<18} " + " ".join(f"{t:>8.2f}s" for t in times),
                      flush=True)
    return 0


def builds() -> int:
    """CPU seconds of the core build (what `make validate` runs) of this repository's cases, alone and with
    one more sheet whose body is the worst input at the size limit of a sheet."""
    import shutil

    from scripts import core
    from scripts.contract.schema import MAX_SHEET_BYTES
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases"
        shutil.copytree(ROOT / "cases", cases)
        print(f"{'construction (cœur, ' + str(len(list(cases.glob('[!_]*.md')))) + ' fiches)':<44} {'CPU':>8}")
        rows = [("normale", None)] + [(f"+ une fiche « {name} » à la limite", name)
                                      for name in ("crochets [[[", "crochets ![[", "tableau long")]
        for label, name in rows:
            (cases / "complet.md").unlink(missing_ok=True)
            if name is not None:
                head = len(sheet_text("", "corps").encode("utf-8"))
                (cases / "complet.md").write_text(sheet_text(PATHOLOGICAL[name](MAX_SHEET_BYTES - head - 100), "corps"),
                                                  encoding="utf-8")
            elapsed, result = _timed(core.build, cases, Path(tmp), None, ROOT / "docs")
            assert not result.problems, result.problems[:3]
            print(f"{label:<44} {elapsed:>7.1f}s", flush=True)
    return 0


def main(argv: list[str]) -> int:
    if argv and argv[0] == "--construction":
        return builds()
    if argv and argv[0] == "--etapes":
        return stages([int(a) for a in argv[1:]] or [25_000, 200_000])
    size = int(argv[0]) if argv else 200_000
    print(f"{'corps (' + str(size // 1000) + ' Ko)':<28} {'vérification':>13} {'rendu':>8}")
    for name, make in PATHOLOGICAL.items():
        checked, rendered = measure(make(size))
        print(f"{name:<28} {checked:>12.2f}s {rendered:>7.2f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
