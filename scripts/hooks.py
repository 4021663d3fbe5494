"""MkDocs adapter: a thin layer over the generator-agnostic core (`site.py`).

- on_pre_build: load and validate every sheet, before MkDocs cleans the site
  folder, so a failed validation leaves the previous site untouched;
- on_files: add the generated pages and data files in memory (File.generated);
- on_page_markdown / on_page_content: set the generated pages' raw HTML blocks
  aside around Markdown conversion (speed; output unchanged);
- on_post_page, on_post_template: drop the one piece of invalid theme markup no template block can reach;
- on_post_build: index the case pages for search with Pagefind.
"""

from __future__ import annotations

import hashlib
import logging
import re
import subprocess
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

# MkDocs loads this module by path; make the `scripts` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import rgaa, site  # noqa: E402
from scripts.body import FENCE  # noqa: E402

log = logging.getLogger("mkdocs.hooks.base")
_state: dict = {}


def _cases_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra.get("cases_dir", "cases")


def on_startup(*, command, **kwargs) -> None:
    _state["serve"] = command == "serve"


def on_config(config, **kwargs):
    """Under `mkdocs serve`, drop the Content-Security-Policy: live reload injects an inline script.

    config.extra.accessibilite: the conformity state computed from the RGAA grid (`etat`, e.g.
    « non conforme », and `taux`, e.g. « 12,3 % »), for the footer's « Accessibilité : … » wording.
    """
    config.extra["csp"] = not _state.get("serve", False)
    try:
        audit = rgaa.audit()
    except ValueError as error:
        raise Abort(str(error)) from error
    config.extra["accessibilite"] = {"etat": audit.etat, "taux": rgaa.percent(audit.taux)}
    return config


def on_pre_build(*, config, **kwargs) -> None:
    settings = {"site_url": config.site_url or "/", "depot": config.extra.get("depot", ""),
                "branche": config.extra.get("branche", "main"), "editeur": config.extra.get("editeur") or {}}
    result = site.build(_cases_dir(config), settings=settings, docs_dir=Path(config.docs_dir))
    if result.problems:
        for problem in result.problems:
            log.error(str(problem))
        files = len({p.file for p in result.problems})
        raise Abort(f"Validation des fiches : {len(result.problems)} problème(s) dans {files} fichier(s). "
                    "Le site n'a pas été construit ; corrigez les lignes ci-dessus "
                    "(python -m scripts.validate pour vérifier sans construire).")
    _state["result"] = result
    log.info(f"{len(result.cases)} cas validés, {len(result.pages)} pages générées")


def on_files(files, *, config, **kwargs):
    result = _state["result"]
    _state["generated"] = {path for path, _ in result.pages}
    for path, content in result.pages + result.files:
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files


def on_post_build(*, config, **kwargs) -> None:
    """Index the case pages for search (Pagefind: accent-blind, French stemming, chunked index)."""
    command = [sys.executable, "-m", "pagefind", "--site", config.site_dir, "--glob", "cas/*/index.html",
               "--force-language", "fr", "--silent"]
    run = subprocess.run(command, capture_output=True, text=True)
    if run.returncode != 0:
        raise Abort(f"L'indexation de la recherche (Pagefind) a échoué :\n{run.stderr or run.stdout}")


# A top-level raw HTML block of a generated page: a line opening a tag at column 0,
# up to the next blank line. Python-Markdown would re-parse it character by
# character (most of a case page is such HTML); the adapter sets these blocks
# aside before Markdown and puts them back after. Contributors' bodies cannot
# hold such lines outside fenced code (the validator refuses raw HTML), and
# fenced code is left alone.
_HTML_BLOCK = re.compile(r"(?:\A|(?<=\n\n))<([a-zA-Z][a-zA-Z0-9-]*)[\s>][^\n]*(?:\n(?!\n)[^\n]*)*")


def on_page_markdown(markdown, *, page, **kwargs):
    if page.file.src_uri not in _state.get("generated", ()):
        return markdown
    markdown = markdown.lstrip("\n")
    code = [m.span() for m in FENCE.finditer(markdown)]
    token = "zzhtml" + hashlib.sha1(markdown.encode("utf-8")).hexdigest()[:12]
    blocks: list[str] = []

    def aside(match: re.Match) -> str:
        if any(start <= match.start() < end for start, end in code):
            return match.group(0)
        blocks.append(match.group(0))
        return f"{token}x{len(blocks) - 1}x"

    markdown = _HTML_BLOCK.sub(aside, markdown)
    page.html_blocks = (token, blocks)
    return markdown


def on_page_content(html, *, page, **kwargs):
    token, blocks = getattr(page, "html_blocks", (None, ()))
    if not blocks:
        return html
    html = re.sub(f"<p>{token}x(\\d+)x</p>", lambda m: blocks[int(m.group(1))], html)
    if token in html:  # a block was not a paragraph of its own: a template bug, not silent
        log.warning(f"{page.file.src_uri} : un bloc HTML n'a pas pu être remis en place")
    return html


# mkdocs-material's base.html writes autocomplete="off" on its two checkbox toggles, outside any
# block a theme override can replace; HTML allows that attribute on text-like inputs only, so the
# Nu Html Checker (RGAA criterion 8.2) rejects it. Removed from exactly those two inputs.
_THEME_TOGGLES = tuple(f'type="checkbox" id="{name}" autocomplete="off">' for name in ("__drawer", "__search"))


def _valid_toggles(output: str) -> str:
    for toggle in _THEME_TOGGLES:
        output = output.replace(toggle, toggle.replace(' autocomplete="off"', ""), 1)
    return output


def on_post_page(output, *, page, config, **kwargs):
    return _valid_toggles(output)


def on_post_template(output_content, *, template_name, config, **kwargs):
    """404.html and other static templates carry the same toggles."""
    return _valid_toggles(output_content) if template_name.endswith(".html") else output_content
