"""What a build under `mkdocs serve` keeps for the next (`scripts/mkdocs_adapter/memo.py`): each sheet's
reading, checks and body, by its path and bytes, and each case page, by what it shows. A build with
the memo equals a build without it, byte for byte; anything a result depends on misses it; nothing
is written to disk, and nothing on disk is read."""

from __future__ import annotations

import dataclasses
import datetime
import pickle
from pathlib import Path

import pytest
from helpers import GOLDEN, core_output, golden_cases

from scripts import core
from scripts.contract.settings import Settings
from scripts.mkdocs_adapter import memo as memo_module
from scripts.mkdocs_adapter.memo import Memo
from scripts.pages import case_page

VALID = sorted((GOLDEN / "valid").glob("*.md"))
INVALID = sorted((GOLDEN / "invalid").glob("*.md"))


@pytest.fixture
def counted(monkeypatch):
    """Counts the bodies converted from Markdown (a sheet given back by the memo converts none)."""
    calls: list[str] = []
    convert = case_page.body

    def body(case):
        calls.append(case["id"])
        return convert(case)
    monkeypatch.setattr(case_page, "body", body)
    return calls


def _edit(cases: Path, name: str, old: str, new: str) -> None:
    path = cases / name
    text = path.read_text(encoding="utf-8")
    assert old in text, (name, old)
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


# Sheets ---------------------------------------------------------------------------------------

def test_a_build_with_the_memo_is_byte_identical_to_a_build_without(tmp_path, counted):
    cases = golden_cases(tmp_path)
    cold = core_output(core.build(cases))
    assert len(counted) == len(VALID)
    first = Memo()
    filling = core_output(core.build(cases, memo=first))
    counted.clear()
    warm = core_output(core.build(cases, memo=Memo(first, pages=False)))
    assert counted == [], "every body came from the memo"
    assert cold == filling == warm
    assert not (tmp_path / ".cache").exists() and sorted(p.name for p in tmp_path.iterdir()) == ["cases"], \
        "nothing is written beside the sheets"


def test_a_file_planted_in_the_checkout_is_never_read(tmp_path, monkeypatch):
    """A pull request may hold any file: the build trusts no pickle of the checkout (the former
    `.cache/` sheet cache). A planted pickle that would run code when loaded stays unread."""
    cases = golden_cases(tmp_path)
    ran = tmp_path / "executed"

    class Payload:
        def __reduce__(self):
            return (Path.touch, (ran,))
    folder = tmp_path / ".cache"
    folder.mkdir()
    for name in ("fiches.pickle", "fiches-" + "0" * 32 + ".pickle"):
        (folder / name).write_bytes(pickle.dumps({"x": pickle.dumps(Payload())}))
    loads = []
    monkeypatch.setattr(pickle, "load", lambda *a, **k: loads.append(a) or {})
    assert not core.build(cases).problems and not core.build(cases, memo=Memo()).problems
    assert not ran.exists() and loads == []


def test_an_edited_sheet_is_read_again_and_only_it(tmp_path, counted):
    cases = golden_cases(tmp_path)
    first = Memo()
    core.build(cases, memo=first)
    _edit(cases, VALID[0].name, "\n## ", "\nUne phrase ajoutée après coup.\n\n## ")
    counted.clear()
    warm = core_output(core.build(cases, memo=Memo(first, pages=False)))
    assert counted == [VALID[0].stem], "only the edited sheet is converted again"
    assert warm == core_output(core.build(cases))
    assert "Une phrase ajoutée après coup." in dict(warm["pages"])[f"cas/{VALID[0].stem}.md"]


def test_the_key_holds_the_path_and_the_bytes_and_the_memo_the_day(monkeypatch):
    memo = Memo()
    key = memo.key("cases/x.md", b"---\nid: x\n---\n")
    memo.keep_sheet(key, ("valeur",))
    assert Memo(memo).sheet(key) == ("valeur",)
    assert memo.key("cases/y.md", b"---\nid: x\n---\n") != key, "the path is part of the key"
    assert memo.key("cases/x.md", b"---\nid: y\n---\n") != key, "the bytes are part of the key"
    tomorrow = datetime.date.today() + datetime.timedelta(days=1)

    class Tomorrow(datetime.date):
        @classmethod
        def today(cls):
            return tomorrow
    monkeypatch.setattr(memo_module.datetime, "date", Tomorrow)
    assert Memo(memo).sheet(key) is None, "a date in the future becomes valid one day: a new day reads nothing"


def test_problems_and_lines_are_those_of_a_cold_check(tmp_path):
    """Every kind of problem (the invalid golden sheets) is reported with the same lines by a build
    whose other sheets come from the memo as by a build without it."""
    cases = golden_cases(tmp_path)
    memo = Memo()
    core.build(cases, memo=memo)
    for fixture in INVALID:
        target = cases / fixture.name
        target.write_bytes(fixture.read_bytes())
        memo = Memo(memo, pages=False)
        warm = [str(p) for p in core.build(cases, memo=memo).problems]
        cold = [str(p) for p in core.build(cases).problems]
        assert warm == cold, fixture.name
        expected = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        assert set(expected) <= set(warm), fixture.name
        target.unlink()


def test_a_sheet_given_back_is_still_checked_against_the_others(tmp_path):
    """Uniqueness spans every sheet: a new sheet taking a remembered sheet's id is refused."""
    cases = golden_cases(tmp_path)
    memo = Memo()
    core.build(cases, memo=memo)
    first = GOLDEN / "valid" / "national.md"
    clash = cases / "doublon.md"
    clash.write_text(first.read_text(encoding="utf-8").replace(f"id: {first.stem}", "id: doublon", 1)
                     .replace("---\n", f"---\nanciens_ids: [{first.stem}]\n", 1), encoding="utf-8")
    warm = [str(p) for p in core.build(cases, memo=Memo(memo, pages=False)).problems]
    assert warm == [str(p) for p in core.build(cases).problems]
    assert any(f"cases/{first.name}" in line and "doublon.md" in line for line in warm), warm


# Case pages -----------------------------------------------------------------------------------

def test_an_unchanged_build_renders_no_case_page_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = Memo()
    before = core_output(core.build(cases, memo=first))
    assert first.rendered == len(VALID) and first.reused == 0
    second = Memo(first)
    assert core_output(core.build(cases, memo=second)) == before
    assert second.rendered == 0 and second.reused == len(VALID)


def test_a_whole_build_renders_every_case_page(tmp_path):
    """A whole build may follow a template's change: it gets the sheets back, never the pages."""
    cases = golden_cases(tmp_path)
    first = Memo()
    core.build(cases, memo=first)
    second = Memo(first, pages=False)
    core.build(cases, memo=second)
    assert second.rendered == len(VALID) and second.reused == 0


def test_an_edited_sheet_renders_its_page_and_the_pages_that_show_it_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = Memo()
    core.build(cases, memo=first)
    # A title shows on the case's own page and in the « Cas proches » of the pages near it.
    _edit(cases, "outre-mer.md", 'titre: "Un cas à La Réunion"', 'titre: "Un titre corrigé"')
    second = Memo(first)
    warm = core_output(core.build(cases, memo=second))
    assert warm == core_output(core.build(cases))
    pages = dict(warm["pages"])
    assert "Un titre corrigé" in pages["cas/outre-mer.md"]
    showing = [path for path in warm["tocs"] if path != "cas/outre-mer.md" and "Un titre corrigé" in pages[path]]
    assert showing, "the edited case is among the « Cas proches » of another case"
    assert second.rendered == 1 + len(showing)
    assert second.reused == len(VALID) - second.rendered


def test_other_settings_render_every_case_page_again(tmp_path):
    cases = golden_cases(tmp_path)
    first = Memo()
    core.build(cases, memo=first)
    other = dataclasses.replace(Settings(), site_url="https://autre.example.org/base/")
    second = Memo(first)
    warm = core_output(core.build(cases, settings=other, memo=second))
    assert second.reused == 0 and second.rendered == len(VALID)
    assert warm == core_output(core.build(cases, settings=other))


def test_the_memo_keeps_only_the_last_build(tmp_path):
    cases = golden_cases(tmp_path)
    first = Memo()
    core.build(cases, memo=first)
    (cases / "national.md").unlink()
    second = Memo(first)
    core.build(cases, memo=second)
    assert second.rendered + second.reused == len(VALID) - 1
    third = Memo(second)
    core.build(cases, memo=third)
    assert third.reused == len(VALID) - 1 and third.rendered == 0


def test_a_page_given_back_keeps_its_table_of_contents(tmp_path, monkeypatch):
    cases = golden_cases(tmp_path)
    first = Memo()
    before = core.build(cases, memo=first)
    read: list[str] = []
    headings = case_page.headings
    monkeypatch.setattr(case_page, "headings", lambda text: read.append(text) or headings(text))
    _edit(cases, "complet.md", "\n## ", "\nUn paragraphe ajouté.\n\n## ")
    second = Memo(first)
    after = core.build(cases, memo=second)
    assert len(read) == second.rendered < len(VALID)
    assert after.tocs == before.tocs


# The preview's core ---------------------------------------------------------------------------

def test_a_build_with_its_data_made_later_gives_the_same_pages_and_files(tmp_path):
    """The preview's core returns before the open-data files are made; what `later` gives then
    completes it into the pages and files of a build that waited for them."""
    cases = golden_cases(tmp_path)
    whole = core.build(cases)
    early = core.build(cases, later=True)
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
    assert not core.build(cases, later=True).problems
    _edit(cases, "complet.md", "cas.csv", "cas-absent.csv")
    problems = core.build(cases, later=True).problems
    assert [p.key for p in problems] == ["corps"] and "cas-absent.csv" in problems[0].message
