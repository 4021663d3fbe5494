"""Linear time: every stage a sheet goes through grows with the sheet's size, not with its square.

Each test measures one stage (bench_corps.STAGES: load, check, render, the case page, its French
spaces, plain text, the open-data files, references, feed; the search feed; the patterns of the
contract; the whole build) on one pathological input at two sizes, and compares the two CPU times:
five times the input costs about five times the time when linear, 25 times when quadratic. Relative,
so that a slow or loaded machine does not fail them.

History: 30 KB of `[` used to cost 100 s of build (the checker's regexes, Python-Markdown); then
60 KB of `[` cost 190 s of `make validate` (the plain text of the spreadsheets, made by regexes).
"""

from __future__ import annotations

import re
import time

import pytest
from bench_corps import (
    CHECKED_CHOICES,
    CHOICE_FIELDS,
    PATHOLOGICAL,
    STAGES,
    TEXT_FIELDS,
    _case,
    _page,
    search_feed,
    sheet_text,
)
from helpers import golden_cases

from scripts import core
from scripts.contract import routes
from scripts.exports import schema_json

SMALL, LARGE = 4_000, 20_000
RATIO = LARGE / SMALL
FLOOR = 0.01  # CPU seconds below which a time is noise


def _linear(small: float, large: float) -> bool:
    """Five times the size: about five times the time (up to 12.5: at 4,000 characters a fixed cost
    still shows, and the machine is shared), far from the 25 of a quadratic."""
    return large < max(small, FLOOR) * RATIO * 2.5


def _times(stage, make, where: str, small: int = SMALL, large: int = LARGE) -> tuple[float, float]:
    run = STAGES[stage]
    run(make(small), where)  # imports, templates, caches: not the input's cost
    return min(run(make(small), where) for _ in range(2)), min(run(make(large), where) for _ in range(2))


# The bodies that were quadratic somewhere (the old checker's regexes, Python-Markdown, the plain
# text of the spreadsheets, the ids of repeated headings) or are the slowest now, each a different
# rule of the parser.
BODIES = ["crochets [[[", "crochets ![[", "liens imbriqués", "emphases mêlées *_", "tableau long", "entités &#",
          "titres répétés"]
BODY_STAGES = ["chargement", "vérification", "rendu du corps", "page du cas", "espaces français", "texte brut",
               "données ouvertes"]


@pytest.mark.slow
@pytest.mark.parametrize("stage", BODY_STAGES)
@pytest.mark.parametrize("name", BODIES)
def test_pathological_body_costs_linear_time_at_each_stage(stage, name):
    small, large = _times(stage, PATHOLOGICAL[name], "corps")
    assert _linear(small, large), (stage, name, small, large)


# Field values: every free-text field of the contract (bench_corps.TEXT_FIELDS, derived from the
# schema) holds a part of the input (bench_corps.sheet_text), over its length limit: the check refuses
# them, the stages after it are measured beyond what a valid sheet holds.
FIELD_VALUES = ["crochets [[[", "chevrons <", "entités &#", "barres obliques \\"]
FIELD_STAGES = ["chargement", "vérification", "page du cas", "espaces français", "données ouvertes", "références",
                "flux"]


@pytest.mark.slow
@pytest.mark.parametrize("stage", FIELD_STAGES)
@pytest.mark.parametrize("name", FIELD_VALUES)
def test_pathological_field_values_cost_linear_time_at_each_stage(stage, name):
    small, large = _times(stage, PATHOLOGICAL[name], "champs", 5 * SMALL, 5 * LARGE)
    assert _linear(small, large), (stage, name, small, large)


def test_every_field_of_the_contract_holding_text_is_measured():
    """The newer keys too: nested (a group's list, a list of records) as well as at the top."""
    measured = {path[0] for path in TEXT_FIELDS + CHOICE_FIELDS}
    assert {"titre", "contact", "moyens", "resultats", "essaime_a", "changement_echelle", "qpv", "sources"} <= measured
    assert ("moyens", "financeurs", 0) in TEXT_FIELDS and ("resultats", 0, "indicateur") in TEXT_FIELDS


@pytest.mark.slow
@pytest.mark.parametrize("stage", CHECKED_CHOICES)
@pytest.mark.parametrize("name", FIELD_VALUES)
def test_pathological_codes_of_a_vocabulary_cost_linear_time_to_check(stage, name):
    """Codes of a vocabulary (bench_corps.CHOICE_FIELDS: a department, a strategy…) that are none: the
    check refuses them (with a suggestion), and no later stage reads them."""
    small, large = _times(stage, PATHOLOGICAL[name], "choix", 5 * SMALL, 5 * LARGE)
    assert _linear(small, large), (stage, name, small, large)


def _patterns(node) -> list[str]:
    if isinstance(node, dict):
        own = [node["pattern"]] if isinstance(node.get("pattern"), str) else []
        return own + [p for v in node.values() for p in _patterns(v)]
    if isinstance(node, list):
        return [p for v in node for p in _patterns(v)]
    return []


# Values that make a backtracking engine try every split: runs of what a class accepts, a host
# name of many dots, ended by what the pattern refuses (a space, a forbidden character).
PATTERN_VALUES = {
    "points": lambda n: "https://a" + ".a" * (n // 2) + " ",
    "lettres puis interdit": lambda n: "a" * n + "\x00",
    "espaces puis interdit": lambda n: " " * n + "\x00",
    "tirets": lambda n: "a-" * (n // 2) + "-",
    "chemin puis espace": lambda n: "https://a.fr/" + "a" * n + " b",
}


@pytest.mark.slow
@pytest.mark.parametrize("value", PATTERN_VALUES)
def test_every_pattern_of_the_contract_refuses_in_linear_time(value):
    """The validator checks the length first; the schema's patterns also run in the web form and in
    any JSON Schema validator, which may try the pattern on a value of any length."""
    patterns = sorted(set(_patterns(schema_json.front_matter_schema())))
    assert len(patterns) >= 3
    make = PATTERN_VALUES[value]
    for pattern in patterns:
        compiled = re.compile(pattern)
        times = []
        for size in (SMALL // 2, LARGE // 2):
            text = make(size)
            start = time.process_time()
            compiled.match(text)
            times.append(time.process_time() - start)
        assert _linear(*times), (pattern, value, times)


@pytest.mark.slow
@pytest.mark.parametrize("name", ["crochets [[[", "emphase profonde", "tableau long"])
def test_search_feed_indexes_a_pathological_page_in_linear_time(name):
    """Pagefind's service (wall time: it is another process) given the case page of each size."""
    make = PATHOLOGICAL[name]
    pages = [_page(_case(make(size), "corps")) for size in (SMALL, SMALL, LARGE * 2)]
    _, small, large = search_feed(pages)
    assert large < max(small, 0.1) * RATIO * 4, (name, small, large)


@pytest.mark.slow
def test_a_build_with_a_sheet_of_brackets_costs_linear_time(tmp_path):
    """The reported input, through what `make validate` runs (load, check, the whole site in memory,
    the open-data files made in this process): 60 KB of `[` cost 190 s, 15 KB 16 s."""
    times = []
    for size in (3_000, 15_000):
        (tmp_path / str(size)).mkdir()
        cases = golden_cases(tmp_path / str(size))
        (cases / "complet.md").write_text(sheet_text("[" * size, "corps"), encoding="utf-8")
        start = time.process_time()
        result = core.build(cases, tmp_path)
        times.append(time.process_time() - start)
        assert not result.problems, result.problems[:3]
    # The build's own work (about a second) is in both: linear gives much less than five times.
    assert times[1] < times[0] * RATIO, times


@pytest.mark.parametrize("html", [False, True])
def test_a_build_reads_a_large_body_once(tmp_path, monkeypatch, html):
    """The check, the page and the plain text of the spreadsheets share one reading of a large body
    (safe_markdown.read): a hostile sheet at the size limit costs one parse of its body, not three;
    also where raw HTML may start (`<b>` in code: read by the checker's parser, which finds none)."""
    from markdown_it import MarkdownIt

    from scripts.sheets import safe_markdown
    brackets = PATHOLOGICAL["crochets ![["](30_000)
    text = ("Le code `<b>` reste du code.\n\n" if html else "") + brackets
    parsed = []
    parse = MarkdownIt.parse
    monkeypatch.setattr(MarkdownIt, "parse", lambda self, src, env=None: parsed.append(src) or parse(self, src, env))
    cases = golden_cases(tmp_path)
    (cases / "complet.md").write_text(sheet_text(text, "corps"), encoding="utf-8")
    safe_markdown.forget()
    result = core.build(cases, tmp_path)
    assert not result.problems, result.problems[:3]
    assert sum(text in src for src in parsed) == 1
    assert brackets in dict(result.files)[routes.data("cas-excel.csv")]  # its plain text, made with the page


FORM_LINES = {
    "crochets": lambda n: "[" * n,
    "crochets fermés": lambda n: "[a]" * (n // 3),
    "liens ouverts": lambda n: "[a](" * (n // 4),
    "parenthèses": lambda n: "[a](" + "(" * n,
    "accolades =": lambda n: "{" + "=" * n,
    "accolades ouvertes": lambda n: "{:" * (n // 2),
    "chevrons": lambda n: "<a" * (n // 2),
    "schémas": lambda n: "<a:" * (n // 3),
    # The link patterns read a whole part of the body: lines of them.
    "crochets sur des lignes": lambda n: "[a\n" * (n // 3),
    "liens imbriqués ouverts": lambda n: "[[a]\n" * (n // 5),
    "définitions": lambda n: "[a]:\n" * (n // 4),
}


@pytest.mark.slow
@pytest.mark.parametrize("value", FORM_LINES)
def test_the_forms_body_patterns_scan_a_line_in_linear_time(value):
    """The web form reads each line of a body with these patterns (sheets/body.py, sent as data), every
    match of the line: a line of any length costs its length."""
    from scripts.sheets import body
    patterns = [body.HTML.pattern, body.AUTOLINK.pattern, body.ATTRS.pattern, body.INLINE_TARGET,
                body.NESTED_TARGET, body.DEFINITION_TARGET, body.ANY_AUTOLINK]
    make = FORM_LINES[value]
    for pattern in patterns:
        compiled = re.compile(pattern)
        times = []
        for size in (SMALL // 2, LARGE // 2):
            text = make(size)
            start = time.process_time()
            list(compiled.finditer(text))
            times.append(time.process_time() - start)
        assert _linear(*times), (pattern, value, times)
