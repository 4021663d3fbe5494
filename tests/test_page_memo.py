"""The case pages of the previous build, kept by what they were rendered from (`scripts/mkdocs_adapter/page_memo.py`):
the next build in the same process (the preview of `mkdocs serve`) renders again only the case pages
whose inputs changed, and its output equals a build without them, byte for byte."""

from __future__ import annotations

import dataclasses
from pathlib import Path

from helpers import GOLDEN, core_output, golden_cases

from scripts import core
from scripts.contract.settings import Settings
from scripts.mkdocs_adapter.page_memo import CasePages
from scripts.pages import case_page

VALID = sorted((GOLDEN / "valid").glob("*.md"))


def _edit(cases: Path, name: str, old: str, new: str) -> None:
    path = cases / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def test_an_unchanged_build_renders_no_case_page_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = CasePages()
    before = core_output(core.build(cases, cache=False, memo=first))
    assert first.rendered == len(VALID) and first.reused == 0
    second = CasePages(first)
    assert core_output(core.build(cases, cache=False, memo=second)) == before
    assert second.rendered == 0 and second.reused == len(VALID)


def test_an_edited_sheet_renders_its_page_and_the_pages_that_show_it_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = CasePages()
    core.build(cases, cache=False, memo=first)
    # A title shows on the case's own page and in the « Cas proches » of the pages near it.
    _edit(cases, "outre-mer.md", 'titre: "Un cas à La Réunion"', 'titre: "Un titre corrigé"')
    second = CasePages(first)
    warm = core_output(core.build(cases, cache=False, memo=second))
    assert warm == core_output(core.build(cases, cache=False))
    pages = dict(warm["pages"])
    assert "Un titre corrigé" in pages["cas/outre-mer.md"]
    showing = [path for path in warm["tocs"] if path != "cas/outre-mer.md" and "Un titre corrigé" in pages[path]]
    assert showing, "the edited case is among the « Cas proches » of another case"
    assert second.rendered == 1 + len(showing)
    assert second.reused == len(VALID) - second.rendered


def test_other_settings_render_every_case_page_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = CasePages()
    core.build(cases, cache=False, memo=first)
    other = dataclasses.replace(Settings(), site_url="https://autre.example.org/base/")
    second = CasePages(first)
    warm = core_output(core.build(cases, cache=False, settings=other, memo=second))
    assert second.reused == 0 and second.rendered == len(VALID)
    assert warm == core_output(core.build(cases, cache=False, settings=other))


def test_the_memo_keeps_only_the_last_build(tmp_path):
    cases = golden_cases(tmp_path)
    first = CasePages()
    core.build(cases, cache=False, memo=first)
    (cases / "national.md").unlink()
    second = CasePages(first)
    core.build(cases, cache=False, memo=second)
    assert len(second.pages) == len(VALID) - 1


def test_a_build_with_its_data_made_later_gives_the_same_pages_and_files(tmp_path):
    """The preview's core returns before the open-data files are made; what `later` gives then
    completes it into the pages and files of a build that waited for them."""
    cases = golden_cases(tmp_path)
    whole = core.build(cases, cache=False)
    early = core.build(cases, cache=False, later=True)
    assert not early.problems and early.later is not None
    made = {path for path, _ in early.files}
    assert not made & early.pending and "donnees/cas.xlsx" in early.pending
    page, files = early.later()
    assert page[0] in early.pending
    pages = dict(early.pages) | {page[0]: page[1]}
    assert pages == dict(whole.pages) and list(pages) == [path for path, _ in whole.pages]
    assert dict(early.files + files) == dict(whole.files)
    assert early.pending == {page[0]} | {path for path, _ in files}
    assert whole.later is None and whole.pending == frozenset()


def test_a_link_to_an_open_data_file_is_known_before_the_file_is_made(tmp_path):
    cases = golden_cases(tmp_path)
    _edit(cases, "complet.md", "\n## ", "\nLes [données](../donnees/cas.csv) de la base.\n\n## ")
    assert not core.build(cases, cache=False, later=True).problems
    _edit(cases, "complet.md", "cas.csv", "cas-absent.csv")
    problems = core.build(cases, cache=False, later=True).problems
    assert [p.key for p in problems] == ["corps"] and "cas-absent.csv" in problems[0].message


def test_a_page_given_back_keeps_its_table_of_contents(tmp_path, monkeypatch):
    cases = golden_cases(tmp_path)
    first = CasePages()
    before = core.build(cases, cache=False, memo=first)
    read: list[str] = []
    headings = case_page.headings
    monkeypatch.setattr(case_page, "headings", lambda text: read.append(text) or headings(text))
    _edit(cases, "complet.md", "\n## ", "\nUn paragraphe ajouté.\n\n## ")
    second = CasePages(first)
    after = core.build(cases, cache=False, memo=second)
    assert len(read) == second.rendered < len(VALID)
    assert after.tocs == before.tocs
