"""MkDocs adapter: a thin layer over the generator-agnostic core (`site.py`).

- on_pre_build: load and validate every sheet, before MkDocs cleans the site
  folder, so a failed validation leaves the previous site untouched;
- on_files: add the generated pages and data files in memory (File.generated);
- on_page_context: point "edit this page" of a case page at its sheet.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

from mkdocs.exceptions import Abort
from mkdocs.structure.files import File

# MkDocs loads this module by path; make the `scripts` package importable.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from scripts import site  # noqa: E402

log = logging.getLogger("mkdocs.hooks.base")
_state: dict = {}


def _cases_dir(config) -> Path:
    return Path(config.config_file_path).resolve().parent / config.extra.get("cases_dir", "cases")


def on_pre_build(*, config, **kwargs) -> None:
    result = site.build(_cases_dir(config))
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
    for path, content in result.pages + result.files:
        existing = files.get_file_from_path(path)
        if existing is not None:
            files.remove(existing)
        files.append(File.generated(config, path, content=content))
    return files
