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
        # Only a sheet changed: the served site is updated in place (no whole build), an invalid
        # edit shows its French problem lines over the last good page, and fixing it clears them.
        (project / "cases" / "national.md").write_text(sheet.replace("Un dispositif national", "Un autre titre"),
                                                       encoding="utf-8")
        assert wait_for(url, "Un autre titre", 60), "la deuxième modification n'a pas été prise en compte"
        # The open-data files follow the page, made meanwhile by the core's second process.
        assert wait_for(f"{root}donnees/cas.json", "Un autre titre", 60), "les données ouvertes n'ont pas suivi"
        (project / "cases" / "national.md").write_text(sheet.replace("titre:", "titre_faux:"), encoding="utf-8")
        assert wait_for(url, "La dernière construction a échoué", 60)
        served = get(url)
        assert "cases/national.md:3: titre_faux: clé inconnue" in served and "Un autre titre" in served
        (project / "cases" / "national.md").write_text(sheet.replace("Un dispositif national", "Un titre réparé"),
                                                       encoding="utf-8")
        assert wait_for(url, "Un titre réparé", 60)
        assert "La dernière construction a échoué" not in get(url)
