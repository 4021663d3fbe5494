"""The sheet cache (`scripts/mkdocs_adapter/cache.py`): a cached build equals a cold one byte for byte, and
anything a sheet's result depends on (its bytes, its path, the code) misses the cache."""

from __future__ import annotations

import os
import shutil

import pytest
from helpers import GOLDEN, core_output, golden_cases

from scripts import core
from scripts.contract import routes
from scripts.mkdocs_adapter import cache
from scripts.mkdocs_adapter import parallel as parallel_module
from scripts.mkdocs_adapter.cache import SheetCache, code_version
from scripts.pages import case_page

VALID = sorted((GOLDEN / "valid").glob("*.md"))
INVALID = sorted((GOLDEN / "invalid").glob("*.md"))


@pytest.fixture
def counted(monkeypatch):
    """Counts the bodies converted from Markdown (a cache hit converts none)."""
    calls: list[str] = []
    convert = case_page.body

    def body(case):
        calls.append(case["id"])
        return convert(case)
    monkeypatch.setattr(case_page, "body", body)
    return calls


def test_cached_build_is_byte_identical_to_cold_build(tmp_path, counted):
    cases = golden_cases(tmp_path)
    cold = core_output(core.build(cases, cache=False))
    assert not (tmp_path / ".cache").exists(), "a build without the cache writes none"
    assert len(counted) == len(VALID)
    filling = core_output(core.build(cases, cache=True))
    assert list((tmp_path / ".cache").glob("fiches-*.pickle")), "the first cached build fills .cache/"
    counted.clear()
    warm = core_output(core.build(cases, cache=True))
    assert counted == [], "every body came from the cache"
    assert cold == filling == warm


def test_sans_cache_turns_the_cache_off(tmp_path, monkeypatch):
    cases = golden_cases(tmp_path)
    monkeypatch.setenv(cache.OFF, "1")
    core.build(cases)
    assert not (tmp_path / ".cache").exists()
    monkeypatch.delenv(cache.OFF)
    core.build(cases)
    assert (tmp_path / ".cache").exists()


def test_changed_body_misses_the_cache(tmp_path, counted):
    cases = golden_cases(tmp_path)
    core.build(cases, cache=True)
    sheet = cases / VALID[0].name
    sheet.write_text(sheet.read_text(encoding="utf-8") + "\nUne phrase ajoutée après coup.\n", encoding="utf-8")
    counted.clear()
    warm = core_output(core.build(cases, cache=True))
    assert counted == [VALID[0].stem], "only the edited sheet is converted again"
    assert warm == core_output(core.build(cases, cache=False))
    page = dict(warm["pages"])[routes.case_source(VALID[0].stem)]
    assert "Une phrase ajoutée après coup." in page


def test_changed_code_version_misses_the_cache(tmp_path, monkeypatch):
    entry = SheetCache(tmp_path, version="a" * 64)
    key = entry.key("cases/x.md", b"---\nid: x\n---\n")
    entry.put(key, ("valeur",))
    entry.save()
    assert SheetCache(tmp_path, version="a" * 64).get(key) == ("valeur",)
    assert SheetCache(tmp_path, version="b" * 64).get(key) is None, "another code version reads nothing"
    assert entry.key("cases/y.md", b"---\nid: x\n---\n") != key, "the path is part of the key"
    assert entry.key("cases/x.md", b"---\nid: y\n---\n") != key, "the bytes are part of the key"


def test_code_version_follows_the_code_and_the_day(tmp_path, monkeypatch):
    import datetime
    day = datetime.date(2026, 11, 26)
    copy = tmp_path / "scripts"
    shutil.copytree(cache.SCRIPTS, copy, ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(cache, "SCRIPTS", copy)
    before = code_version(day)
    assert code_version(day) == before
    template = copy / "pages" / "templates" / "case.md.j2"
    template.write_text(template.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert code_version(day) != before, "a template change is a new version"
    assert code_version(day + datetime.timedelta(days=1)) != code_version(day), \
        "a date in the future becomes valid one day: the version changes every day"


def test_problems_and_lines_are_those_of_a_cold_check(tmp_path):
    """Every kind of problem (the invalid golden sheets) is reported with the same lines by
    a build whose other sheets come from the cache as by a cold build."""
    cases = golden_cases(tmp_path)
    core.build(cases, cache=True)
    for fixture in INVALID:
        target = cases / fixture.name
        target.write_bytes(fixture.read_bytes())
        warm = [str(p) for p in core.build(cases, cache=True).problems]
        cold = [str(p) for p in core.build(cases, cache=False).problems]
        assert warm == cold, fixture.name
        expected = fixture.with_suffix(".expected").read_text(encoding="utf-8").splitlines()
        assert set(expected) <= set(warm), fixture.name
        target.unlink()


def test_a_cached_sheet_is_still_checked_against_the_others(tmp_path):
    """Uniqueness spans every sheet: a new sheet taking a cached sheet's id is refused."""
    cases = golden_cases(tmp_path)
    core.build(cases, cache=True)
    first = GOLDEN / "valid" / "national.md"
    clash = cases / "doublon.md"
    clash.write_text(first.read_text(encoding="utf-8").replace(f"id: {first.stem}", "id: doublon", 1)
                     .replace("---\n", f"---\nanciens_ids: [{first.stem}]\n", 1), encoding="utf-8")
    warm = [str(p) for p in core.build(cases, cache=True).problems]
    assert warm == [str(p) for p in core.build(cases, cache=False).problems]
    assert any(f"cases/{first.name}" in line and "doublon.md" in line for line in warm), warm


def test_parallel_build_is_byte_identical_to_serial_build(tmp_path, monkeypatch):
    cases = golden_cases(tmp_path)
    parallel = core_output(core.build(cases, cache=False))
    monkeypatch.setenv(parallel_module.OFF, "1")
    assert core_output(core.build(cases, cache=False)) == parallel


def _fails_in_child(parent: int) -> str:
    if os.getpid() != parent:
        raise RuntimeError("the child fails")
    return "computed here"


def test_background_work_falls_back_when_the_child_fails():
    assert parallel_module.Background(_fails_in_child, os.getpid()).result() == "computed here"
    assert parallel_module.Background(sorted, [3, 1, 2]).result() == [1, 2, 3]
    work = parallel_module.Background(sorted, [2, 1])
    work.cancel()
    work.cancel()  # twice: nothing left to end
