"""`mkdocs serve` rebuilds the site when a sheet changes."""

from __future__ import annotations

from helpers import GOLDEN, get, make_project, mkdocs_serve, wait_for


def test_editing_a_sheet_under_serve_updates_the_page(tmp_path):
    sheet = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
    project = make_project(tmp_path, {"national.md": sheet})
    with mkdocs_serve(project) as (_, root):
        url = f"{root}cas/national/"
        assert wait_for(url, "Un dispositif national", 60), "le serveur n'a pas servi la fiche"
        assert "livereload" in get(url) and "Content-Security-Policy" not in get(url)
        (project / "cases" / "national.md").write_text(sheet.replace("Un dispositif national", "Un titre corrigé"),
                                                       encoding="utf-8")
        assert wait_for(url, "Un titre corrigé", 60), "la modification de la fiche n'a pas été prise en compte"
        (project / "cases" / "nouveau.md").write_text(sheet.replace("id: national", "id: nouveau"), encoding="utf-8")
        assert wait_for(f"{root}cas/nouveau/", "Un dispositif national", 60)
