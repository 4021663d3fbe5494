"""Benchmark: the worst bodies and field values a sheet may hold, next to a normal sheet.

    .venv/bin/python tests/bench_corps.py [TAILLE_EN_OCTETS]       # body: check and render
    .venv/bin/python tests/bench_corps.py --etapes [TAILLE ...]    # every stage, body and fields
    .venv/bin/python tests/bench_corps.py --construction           # a build with each at the size limit

For each pathological body (long runs of brackets, deep emphasis, long tables,
many backticks…) of the given size (200 KB by default, about the size limit of a
sheet), prints the time to check it (`body.check`, what validation does) and to
render it (`safe_markdown.render`, what the build does). With --etapes, the CPU time
of every stage a sheet goes through (`STAGES`: load, check, render, the page, its
French spaces, plain text for the spreadsheets, references, feed, search feed), for
the body, for the values of the free-text fields and, through the check, for codes of
a vocabulary (`TEXT_FIELDS`, `CHOICE_FIELDS`: every such key of the contract), at each size. All must grow linearly with the size:
`test_linear.py` holds them to it. With --construction, the core build of the golden
sheets alone and with one more sheet of each input at the size limit (`hostile_sheet`),
and the ratio of the two. `PATHOLOGICAL`, `measure`, `STAGES`, `hostile_sheet` and
`build_cpu` can be called from another benchmark (`bench.py` does).
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

from scripts.contract import fields, routes, schema  # noqa: E402
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
def _paths(field, path: tuple) -> list[tuple[tuple, bool]]:
    """(path, free text) of every string of a field: in a list its first item, in a record or a group
    each key; free text is any text (`Text`, a commune, an address, a code), the rest a code of a
    vocabulary (`Choice`: a department, a strategy…). Identifiers are left out: they name the files."""
    if isinstance(field, fields.List):
        return _paths(field.item, path + (0,))
    if isinstance(field, fields.Record):
        return [found for key, inner in field.keys.items() for found in _paths(inner, path + (key,))]
    if isinstance(field, fields.Identifier):
        return []
    if isinstance(field, (fields.Text, fields.PatternText, fields.Code)):
        return [(path, True)]
    if isinstance(field, fields.Choice):
        return [(path, False)]
    return []


_STRINGS = [found for key, field in schema.FIELDS.items() for found in _paths(field, (key,))]
# The free-text fields a page, the spreadsheets, the references and the feed print, every key of the
# contract holding text (derived from it: a new field is measured too), and the fields holding a code
# of a vocabulary (measured through the check only: the later stages read a valid code).
TEXT_FIELDS = tuple(path for path, free in _STRINGS if free)
CHOICE_FIELDS = tuple(path for path, free in _STRINGS if not free)
CHECKED_CHOICES = ("chargement", "vérification")  # the stages of a sheet whose codes are not of their vocabulary


def _yaml_string(text: str) -> str:
    """`text` as a YAML double-quoted scalar (JSON is YAML)."""
    import json
    return json.dumps(text, ensure_ascii=False)


def _front_blocks() -> dict[str, str]:
    """The complete golden sheet's front matter, each key with its lines, in order; every key of the
    contract it lacks with its example (schema.FIELDS), so that every field holds a value."""
    blocks: dict[str, str] = {}
    for line in FRONT.splitlines(keepends=True):
        if line[:1].isspace() and blocks:
            blocks[next(reversed(blocks))] += line
        else:
            blocks[line.split(":", 1)[0]] = line
    import yaml
    for key, field in schema.FIELDS.items():
        if key not in blocks and field.example is not None:  # dates unquoted: YAML's, not JSON's
            blocks[key] = yaml.safe_dump({key: field.example}, allow_unicode=True, default_flow_style=True,
                                         width=1_000)[1:-2] + "\n"
    return blocks


def _json(value) -> str:
    import json
    return json.dumps(value, ensure_ascii=False)


def _set(value, path: tuple, text: str):
    """`value` with `text` at `path` (a copy)."""
    if not path:
        return text
    if isinstance(path[0], int):
        items = list(value) if isinstance(value, list) and value else [{}]
        items[0] = _set(items[0], path[1:], text)
        return items
    out = dict(value) if isinstance(value, dict) else {}
    out[path[0]] = _set(out.get(path[0]), path[1:], text)
    return out


def sheet_text(text: str, where: str) -> str:
    """The golden complete sheet with `text` as its body (where="corps"), or shared between its
    free-text fields (where="champs": TEXT_FIELDS) or its fields of a vocabulary ("choix":
    CHOICE_FIELDS), a part of it each: with YAML's escapes, the sheet stays within the size limit."""
    if where == "corps":
        return f"---\n{FRONT}---\n\n## L'innovation\n\n{text}\n"
    import yaml
    paths = TEXT_FIELDS if where == "champs" else CHOICE_FIELDS
    part = text[:len(text) // (2 * len(paths))]
    blocks = _front_blocks()
    values = {key: yaml.safe_load(block)[key] for key, block in blocks.items()}
    for path in paths:
        values[path[0]] = _set(values[path[0]], path[1:], part)
    changed = {path[0] for path in paths}
    return "---\n" + "".join(f"{key}: {_json(values[key])}\n" if key in changed else block
                               for key, block in blocks.items()) + "---\n\nUn corps.\n"


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
    for where in ("corps", "champs", "choix"):
        for name, make in PATHOLOGICAL.items():
            for stage, run in STAGES.items():
                if where != "corps" and stage == "texte brut" or where == "choix" and stage not in CHECKED_CHOICES:
                    continue
                times = [run(make(size), where) for size in sizes]
                print(f"{where + ' ' + name:<34} {stage:<18} " + " ".join(f"{t:>8.2f}s" for t in times), flush=True)
            if where == "corps":
                times = search_feed([_page(_case(make(size), where)) for size in sizes])
                print(f"{where + ' ' + name:<34} {'index de recherche':<18} " + " ".join(f"{t:>8.2f}s" for t in times),
                      flush=True)
    return 0


def hostile_sheet(name: str) -> str:
    """The golden complete sheet as `hostile.md`, its body the input `name` (PATHOLOGICAL) as long as the
    size limit of a sheet allows: the largest sheet of that input the validator accepts."""
    from scripts.contract.schema import MAX_SHEET_BYTES

    def text(size: int) -> str:
        return (sheet_text(PATHOLOGICAL[name](size), "corps").replace("id: complet\n", "id: hostile\n")
                .replace("anciens_ids: [ancien-complet]\n", ""))
    size = MAX_SHEET_BYTES - len(text(0).encode("utf-8"))
    while len(text(size).encode("utf-8")) > MAX_SHEET_BYTES:  # a character of several bytes
        size -= max(1, (len(text(size).encode("utf-8")) - MAX_SHEET_BYTES) // 2)
    return text(size)


def build_cpu(cases: Path, docs: Path | None = None) -> float:
    """CPU seconds of the core build (what `make validate` runs: load, check, every page and file in
    memory) of `cases`, which must be valid; `docs`: the hand-written pages (default: beside cases/)."""
    from scripts import core
    safe_markdown.forget()
    start = time.process_time()
    result = core.build(cases, cases.parent, None, docs)
    elapsed = time.process_time() - start
    assert not result.problems, result.problems[:3]
    return elapsed


def builds(runs: int = 2) -> int:
    """The core build of the golden valid sheets, alone and with one more sheet of each input at the
    size limit (`hostile_sheet`): CPU seconds, the best of `runs`, and their ratio."""
    import shutil
    with tempfile.TemporaryDirectory() as tmp:
        cases = Path(tmp) / "cases"
        cases.mkdir()
        for sheet in sorted((ROOT / "tests" / "golden" / "valid").glob("*.md")):
            shutil.copy(sheet, cases / sheet.name)
        build_cpu(cases, ROOT / "docs")  # imports, templates: not a sheet's cost
        alone = min(build_cpu(cases, ROOT / "docs") for _ in range(runs))
        print(f"{'construction (cœur, ' + str(len(list(cases.glob('*.md')))) + ' fiches dorées)':<44} {'CPU':>8} {'rapport':>8}")
        print(f"{'seules':<44} {alone:>7.2f}s {1:>8.1f}", flush=True)
        for name in PATHOLOGICAL:
            (cases / "hostile.md").write_text(hostile_sheet(name), encoding="utf-8")
            elapsed = min(build_cpu(cases, ROOT / "docs") for _ in range(runs))
            print(f"{'+ « ' + name + ' » à la limite':<44} {elapsed:>7.2f}s {elapsed / alone:>8.1f}", flush=True)
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
