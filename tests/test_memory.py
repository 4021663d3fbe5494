"""Memory of a build (issue 17, Python peak ≤ 1 GB at 10,000 sheets; measured by `make bench`): each
generated page and file is held once, by MkDocs' files; a generated page's text is released once
the page is written; what the preview keeps of the last build is a digest per path, not the texts."""

from __future__ import annotations

import gc

from helpers import GOLDEN, make_project
from mkdocs.commands.build import build
from mkdocs.config import load_config


def _built(tmp_path, monkeypatch):
    project = make_project(tmp_path, from_dir=GOLDEN / "valid")
    monkeypatch.chdir(project)
    monkeypatch.setenv("NO_MKDOCS_2_WARNING", "1")
    monkeypatch.delenv("SITE_URL", raising=False)
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins.on_startup(command="serve", dirty=False)  # the preview keeps what it needs of the build
    build(config)
    session = config.plugins["scripts/mkdocs_adapter/hooks.py"].SESSION
    config.plugins.on_shutdown()
    return project, session


def test_a_build_keeps_digests_and_releases_generated_texts(tmp_path, monkeypatch):
    project, session = _built(tmp_path, monkeypatch)
    last, result = session.preview.last, session.build.result
    # The preview compares digests of the last build's pages and files, not their texts.
    assert len(last.pages) > 5 and len(last.data) > 5
    assert all(isinstance(d, bytes) and len(d) == 16 for d in {**last.pages, **last.data}.values())
    # The core's result no longer holds the texts MkDocs' files hold.
    assert result.pages == [] and result.files == []
    files = {file.src_uri: file for file in last.files}
    cases = [path for path in last.pages if path in result.tocs]
    assert cases
    for path in last.pages:  # written, then released; the title stays for the pages rendered after
        page = files[path].page
        assert page.content == "" and page.markdown == ""
        assert page.title
    for path in cases:  # a case page's source (the whole HTML) is released once read
        assert files[path].content_string == ""
        assert (project / "site" / files[path].dest_uri).read_text(encoding="utf-8").count("<h1") == 1
    for path in last.data:  # data files are held as the bytes written, not as a second text
        assert isinstance(files[path]._content, bytes)
        assert (project / "site" / path).read_bytes() == files[path]._content


def test_the_core_s_objects_stay_out_of_the_garbage_collector_s_rounds_while_pages_render(tmp_path, monkeypatch):
    """Its rounds would go through every sheet and page in memory again and again (gc.freeze after
    the core); once the build is over, nothing stays frozen (under serve, the next build replaces them)."""
    from scripts.pages import typo
    frozen = []
    spaced = typo.html

    def spy(fragment: str) -> str:  # French spaces: put in while pages are rendered
        frozen.append(gc.get_freeze_count())
        return spaced(fragment)
    monkeypatch.setattr(typo, "html", spy)
    _built(tmp_path, monkeypatch)
    assert frozen and min(frozen) > 10_000
    assert gc.get_freeze_count() == 0
