"""What makes builds fast changes no byte of the site: the theme's page cut once and filled in for each
case page, the second process (open-data files made, files written, search index), the stash of the
other generated pages, and the update in place that `mkdocs serve` makes when only sheets change, all
give the site a plain build gives (every switch of switches.py on)."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import textwrap

from helpers import ENV, GOLDEN, golden_cases, make_project, mkdocs
from synthetique import write_sheets

from scripts import core
from scripts.mkdocs_adapter import search, stash, switches


def _digest(folder) -> dict[str, str]:
    return {p.relative_to(folder).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _differences(a, b) -> list[str]:
    first, second = _digest(a), _digest(b)
    return sorted(k for k in first.keys() | second.keys() if first.get(k) != second.get(k))


def _project(tmp_path):
    sheets = {p.name: p.read_bytes() for p in (GOLDEN / "valid").glob("*.md")}
    return make_project(tmp_path, sheets)


# Builds in-process, as the CLI does, and says how many case pages were filled in the theme's shell
# (and how many of them got their French spaces piece by piece).
BUILD_AND_COUNT = textwrap.dedent("""
    import json, sys
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True)
    config.plugins.on_startup(command="build", dirty=False)
    build(config)
    session = config.plugins["scripts/mkdocs_adapter/hooks.py"].SESSION
    made = session.build
    print(json.dumps({"filled": made.shells.filled, "whole": made.shells.whole, "spaced": made.shells.filled_spaced,
                      "search": made.search.made, "apart": made.written_apart, "jobs": session.worker.done}))
    config.plugins.on_shutdown()
""")


def test_build_gives_the_same_site_as_a_plain_sequential_build(tmp_path):
    """The case pages filled in the theme's page cut once per shape (shell.py), the search index built
    by a second process from the case pages' content while pages are rendered (search.py), the
    open-data files made and the files that are not pages written by the build's second process
    (background.py), against a build in one process (SANS_PARALLELE) with the theme rendered whole in
    every page (SANS_GABARIT) and the index built after the build from the written pages. Synthetic
    sheets add case pages from many territories (each with its own breadcrumb)."""
    project = _project(tmp_path)
    write_sheets(project / "cases", 12, 2017)
    run = subprocess.run([sys.executable, "-c", BUILD_AND_COUNT, str(tmp_path / "memo")], cwd=project, env=ENV,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    counts = json.loads(run.stdout.strip().splitlines()[-1])
    assert counts["filled"] + counts["whole"] == 15 and counts["filled"] >= 9, counts
    assert counts["spaced"] >= 9, counts  # French spaces put in piece by piece (page_shell.py)
    assert counts["search"] == "pendant le rendu", counts  # the index of the pages fed before rendering
    assert counts["apart"] is True, counts  # the files that are not pages written by the second process
    assert counts["jobs"] == [True, True], counts  # and the open-data files made there
    plain = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "plain")],
                           cwd=project, env={**ENV, switches.SERIAL: "1", switches.WHOLE_PAGES: "1"},
                           capture_output=True, text=True, timeout=600)
    assert plain.returncode == 0, plain.stderr[-3000:]
    assert _differences(tmp_path / "memo", tmp_path / "plain") == []
    case = (tmp_path / "memo" / "cas" / "national" / "index.html").read_text(encoding="utf-8")
    assert 'class="md-nav md-nav--primary"' in case
    assert "Tous les cas" in case
    assert list((tmp_path / "memo" / "pagefind" / "fragment").glob("*.pf_fragment"))


# Builds in-process with one case page changed after it was rendered (its text is no longer what
# the search indexer was given before rendering), then indexes the written site again apart.
BUILD_WITH_A_CHANGED_PAGE = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from scripts.mkdocs_adapter import search, session
    config = load_config("mkdocs.yml", site_dir=sys.argv[1], strict=True)
    hooks = config.plugins["scripts/mkdocs_adapter/hooks.py"]
    valid = session.valid_toggles
    def changed(output):  # the first change on_post_page makes to a page: the page differs from what was indexed
        output = valid(output)
        return output.replace("<h1>Un dispositif national</h1>", "<h1>Un dispositif national changé</h1>")
    session.valid_toggles = changed
    build(config)
    search.index_written(Path(sys.argv[1]), Path(sys.argv[2]))
    print(json.dumps({"search": hooks.SESSION.build.search.made}))
""")


def test_a_case_page_not_showing_what_was_indexed_gets_the_index_of_the_written_pages(tmp_path):
    project = _project(tmp_path)
    run = subprocess.run([sys.executable, "-c", BUILD_WITH_A_CHANGED_PAGE, str(tmp_path / "site"),
                          str(tmp_path / "apart")], cwd=project, env=ENV, capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    assert json.loads(run.stdout.strip().splitlines()[-1]) == {"search": "pages écrites"}
    page = (tmp_path / "site" / "cas" / "national" / "index.html").read_text(encoding="utf-8")
    assert "Un dispositif national changé" in page
    built, apart = _index_files(tmp_path / "site" / "pagefind"), _index_files(tmp_path / "apart")
    assert built == apart and any(name.startswith("fragment/") for name in built)
    assert any("Un dispositif national changé" in text for text in built.values())


def _index_files(folder) -> dict[str, str]:
    """The fragments and index chunks of a search index, uncompressed."""
    return {p.relative_to(folder).as_posix(): gzip.decompress(p.read_bytes()).decode("utf-8", "replace")
            for p in folder.rglob("*") if p.suffix in (".pf_fragment", ".pf_index")}


# Builds once in the process that then updates the site, as `mkdocs serve` does (its pages keep the
# Content-Security-Policy here, to compare with `mkdocs build`), edits the sheets given as
# {name: (old, new)}, then lets the hooks update the site in place, and waits for its search index.
SERVE_THEN_EDIT = textwrap.dedent("""
    import json, sys
    from pathlib import Path
    from mkdocs.commands.build import build
    from mkdocs.config import load_config
    from scripts.mkdocs_adapter.preview import Preview
    site, edits = sys.argv[1], json.loads(sys.argv[2])
    config = load_config("mkdocs.yml", site_dir=site)
    session = config.plugins["scripts/mkdocs_adapter/hooks.py"].SESSION
    session.preview = Preview(session)  # as under serve: the update in place (CSP kept, to compare)
    build(config)
    for name, (old, new) in edits.items():
        path = Path("cases") / name
        text = path.read_text(encoding="utf-8")
        assert old in text, (name, old)
        path.write_text(text.replace(old, new), encoding="utf-8")
    updated = session.preview.update()
    session.preview.settled(timeout=120)
    memo = session.preview.last.memo
    print(json.dumps({"updated": updated, "failure": session.failure,
                      "reused": memo.reused, "rendered": memo.rendered}))
    session.close()
""")


def _serve_then_edit(project, site, edits: dict[str, tuple[str, str]]) -> dict:
    run = subprocess.run([sys.executable, "-c", SERVE_THEN_EDIT, str(site), json.dumps(edits)], cwd=project, env=ENV,
                         capture_output=True, text=True, timeout=600)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.strip().splitlines()[-1])


def test_serve_update_in_place_equals_a_cold_build_of_the_edited_sheets(tmp_path):
    project = _project(tmp_path)
    edits = {"national.md": ('titre: "Un dispositif national"', 'titre: "Un titre corrigé pendant l’aperçu"'),
             "complet.md": ("\n## ", "\nUn paragraphe ajouté pendant l’aperçu.\n\n## ")}
    state = _serve_then_edit(project, tmp_path / "chaud", edits)
    assert state["updated"] is True and state["failure"] is None
    assert state["reused"] + state["rendered"] == 3  # national is near the two others: all rendered again
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "froid"), cwd=project).returncode == 0
    assert _differences(tmp_path / "chaud", tmp_path / "froid") == []
    page = (tmp_path / "chaud" / "cas" / "national" / "index.html").read_text(encoding="utf-8")
    assert "Un titre corrigé pendant l’aperçu" in page
    assert "Un paragraphe ajouté pendant l’aperçu." in (tmp_path / "chaud" / "cas" / "complet" / "index.html").read_text()
    listing = (tmp_path / "chaud" / "cas" / "index.html").read_text(encoding="utf-8")
    assert "Un titre corrigé pendant l’aperçu" in listing  # a list the sheet appears in follows too
    fragments = b"".join(p.read_bytes() for p in (tmp_path / "chaud" / "pagefind").rglob("*.pf_fragment"))
    assert fragments  # the search index was rebuilt (compressed fragments: compared above, byte for byte)


def test_serve_update_renders_again_only_the_case_pages_the_edit_changes(tmp_path):
    """The edited case's page and the one page showing it among « Cas proches » are rendered again
    (a near case is keyed by its whole sheet); the third case page comes from the last build."""
    project = _project(tmp_path)
    edits = {"complet.md": ("\n## ", "\nUn paragraphe ajouté pendant l’aperçu.\n\n## ")}
    state = _serve_then_edit(project, tmp_path / "chaud", edits)
    assert state == {"updated": True, "failure": None, "reused": 1, "rendered": 2}
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "froid"), cwd=project).returncode == 0
    assert _differences(tmp_path / "chaud", tmp_path / "froid") == []


def test_serve_update_of_an_invalid_sheet_keeps_the_site_and_reports_the_problem(tmp_path):
    project = _project(tmp_path)
    site = tmp_path / "chaud"
    state = _serve_then_edit(project, site, {"national.md": ("titre:", "titre_faux:")})
    assert state["updated"] is True
    assert any("cases/national.md" in line and "titre" in line for line in state["failure"])
    # The site served is the last good one: the cold build of the sheets before the edit.
    (project / "cases" / "national.md").write_text((GOLDEN / "valid" / "national.md").read_text(encoding="utf-8"),
                                                   encoding="utf-8")
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "froid"), cwd=project).returncode == 0
    assert _differences(site, tmp_path / "froid") == []


def test_a_stopped_search_index_writes_nothing(tmp_path):
    """The preview stops the search index an earlier edit was making (`index_written` with `stop` set)."""
    import threading

    page = tmp_path / "site" / "cas" / "un-cas" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="fr"><body><main data-pagefind-body><h1>Un cas</h1><p>Texte.</p></main></body></html>',
                    encoding="utf-8")
    stop = threading.Event()
    stop.set()
    assert search.index_written(tmp_path / "site", tmp_path / "arrete", stop) is False
    assert not (tmp_path / "arrete").exists()
    assert search.index_written(tmp_path / "site", tmp_path / "complet", threading.Event()) is True
    assert list((tmp_path / "complet" / "fragment").glob("*.pf_fragment"))


def _depth_one_tag_at_a_time(line: str) -> int:
    """The depth change of a line, tag by tag: what stash.depth counts with two patterns."""
    void = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr",
            "circle", "ellipse", "line", "path", "polygon", "polyline", "rect", "use"}
    change = 0
    for match in re.finditer(r"<(/?)([a-zA-Z][a-zA-Z0-9-]*)(?:\s[^<>]*)?>", line):
        if match.group(2).lower() not in void and not match.group(0).endswith("/>"):
            change += -1 if match.group(1) else 1
    return change


def test_the_stash_counts_tags_as_one_tag_at_a_time(tmp_path):
    """The top-level HTML blocks of generated pages end where their elements are all closed: the
    count made by the regex engine is the count made tag by tag, on tricky lines and on every line
    of the generated pages other than cases."""
    tricky = ['<div class="a"><p>x</p>', "</div></section>", "<br><BR/><img src='a/'><hr />", "<div />",
              "<div/>", "<colgroup><col></colgroup>", "<lines><line x='1'/></lines>", "<brx>", "<line-x>",
              '<a href="x/">lien</a>', "<a href=x/>", "<svg><path d='M0'/><circle/></svg>", "< div>", "<1a>",
              "<span\tclass=\"c\">", "a < b > c", "<Circle r=1>", "</Use>", "<USE>", "<di<v>", "<p <b>>"]
    result = core.build(golden_cases(tmp_path))
    lines = [line for path, text in result.pages if path not in result.tocs for line in text.splitlines()]
    assert len(lines) > 1000 and sum(stash.depth(line) != 0 for line in lines) > 100
    for line in tricky + lines:
        assert stash.depth(line) == _depth_one_tag_at_a_time(line), line
