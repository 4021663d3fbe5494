"""The MkDocs hooks (`hooks:` in mkdocs.yml): each event handed to the adapter's objects, nothing more.

The work lives beside this file, in `scripts/mkdocs_adapter/`: `session.py` (the state of the
process and of a build, event by event), `folder.py` (the last good site), `pages.py` (case pages as
MkDocs pages), `shell.py` (the theme's page around the case pages), `stash.py` (the other generated
pages), `search.py` (the search index), `background.py` (the second process), `memo.py` and
`preview.py` (`mkdocs serve`), `serve.py` (the server), `switches.py` (the switches). Nothing else of
the project knows MkDocs: the core (`scripts/core.py`) makes the pages and files, this package
publishes them.

MkDocs loads this file by its path, as a module of its own: it makes the `scripts` package importable,
then keeps one `Session` for the process (`SESSION`).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from scripts.mkdocs_adapter import pages  # noqa: E402
from scripts.mkdocs_adapter import serve as serving  # noqa: E402
from scripts.mkdocs_adapter.session import Session  # noqa: E402

SESSION = Session()


def on_startup(*, command, **kwargs) -> None:
    """`mkdocs serve` or `mkdocs build`: under serve, no Content-Security-Policy and the preview."""
    SESSION.start(command)


def on_shutdown(**kwargs) -> None:
    SESSION.close()


def on_config(config, **kwargs):
    """A temporary folder to build into; the publisher's settings, checked before a publication."""
    return SESSION.configure(config)


def on_pre_build(*, config, **kwargs) -> None:
    """Every sheet loaded, validated and rendered in memory, before MkDocs reads a page."""
    SESSION.read(config)


def on_files(files, *, config, **kwargs):
    """The generated pages and files, in memory (nothing is written into docs/)."""
    return SESSION.build.add(files, config)


def on_nav(nav, *, config, files, **kwargs):
    SESSION.build.nav = nav
    return nav


def on_env(env, *, config, files, **kwargs):
    """The theme's templates ask the router for URLs; the case pages' shell is made ready."""
    return SESSION.build.environment(env, files)


def on_page_markdown(markdown, *, page, **kwargs):
    return SESSION.build.markdown(markdown, page)


def on_page_context(context, *, page, nav, **kwargs):
    """The menu entry of a generated page's section is lit (the page itself is not in the menu)."""
    SESSION.highlight(nav, page)
    return context


def on_post_page(output, *, page, **kwargs):
    """French spaces in generated pages; the theme's toggles made valid HTML; search checked."""
    return SESSION.build.post_page(output, page)


def on_post_template(output_content, *, template_name, config, **kwargs):
    """404.html and other static templates carry the theme's toggles too."""
    return pages.valid_toggles(output_content) if template_name.endswith(".html") else output_content


def on_post_build(*, config, **kwargs) -> None:
    """The search index written, then the new site put in place, unless the build is about to fail."""
    SESSION.build.finish(config)


def on_build_error(*, error, **kwargs) -> None:
    """Whatever failed, the last good site stays; the half-built folder goes."""
    SESSION.abandon(error)


def on_serve(server, *, config, builder, **kwargs):
    """A failed rebuild is shown, not raised; an edited sheet updates the served site in place."""
    serving.wire(server, builder, SESSION)
    return server
