"""`mkdocs serve` rebuilds the site when a sheet changes."""

from __future__ import annotations

import json
import re
import threading
import time
import urllib.error
import urllib.request
from pathlib import Path

from helpers import GOLDEN, get, golden_sheet, make_project, mkdocs, mkdocs_serve, wait_for, wait_until


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


# --- Issue 28, item 4: whatever happens to the sheets, the served site is a cold build of them ---------

ARTICLE = re.compile(r"<article\b.*?</article>", re.S)
LIVERELOAD = re.compile(r"<script>\s*var livereload = .*?</script>", re.S)


def _fetch(url: str, timeout: float = 20) -> tuple[int | None, bytes]:
    """(status, body) of `url`; (None, b"") when the server did not answer within `timeout`."""
    try:
        with urllib.request.urlopen(url, timeout=timeout) as response:
            return response.status, response.read()
    except urllib.error.HTTPError as error:
        return error.code, error.read()
    except OSError:
        return None, b""


class _Poller(threading.Thread):
    """GETs a few addresses in turn for as long as it runs, keeping every request that got no answer
    (or a server error). A request that comes during a whole build waits for its end (MkDocs' server
    holds it; about a second here): `_fetch` gives it 20 s before it counts as unanswered."""

    def __init__(self, root: str, paths: list[str]) -> None:
        super().__init__(daemon=True)
        self.root, self.paths = root, paths
        self.done, self.failed, self.count = threading.Event(), [], 0

    def run(self) -> None:
        while not self.done.is_set():
            for path in self.paths:
                status, _ = _fetch(self.root + path)
                self.count += 1
                if status is None or status >= 500:
                    self.failed.append((path, status))
            time.sleep(0.05)


def _main(html: bytes) -> str:
    """A page's main content: its article (what MkDocs and the theme put around it left out); a page
    without one (a redirect) whole, but for the live-reload script the server puts in."""
    text = html.decode("utf-8")
    found = ARTICLE.search(text)
    return found.group(0) if found else LIVERELOAD.sub("", text)


def _served_equals_cold(root: str, cold: Path) -> list[str]:
    """Where the served site differs from the cold build in `cold`: the open-data file, the site map, the
    list of cases, every case page's main content; and the former case pages the cold build no longer has."""
    differences = []
    for path in ("donnees/cas.json", "sitemap.xml"):
        status, served = _fetch(root + path)
        if status != 200 or served != (cold / path).read_bytes():
            differences.append(path)
    pages = sorted(p.parent.relative_to(cold).as_posix() + "/" for p in cold.glob("cas/*/index.html"))
    for path in ["cas/", *pages]:
        status, served = _fetch(root + path)
        if status != 200 or _main(served) != _main((cold / path / "index.html").read_bytes()):
            differences.append(path)
    return differences


def test_served_site_is_a_cold_build_of_the_sheets_whatever_the_edits(tmp_path):
    """A burst of edits, two sheets edited at once, a sheet renamed, one deleted, one made invalid then
    valid again: the server answers throughout, and once it settles it serves what a cold build of the
    same files makes (the renamed case's old address leads to the new one, the deleted case is gone)."""
    national, outre_mer, complet = golden_sheet("national"), golden_sheet("outre-mer"), golden_sheet("complet")
    project = make_project(tmp_path, {"national.md": national, "outre-mer.md": outre_mer, "complet.md": complet})
    cases = project / "cases"
    with mkdocs_serve(project) as (_, root):
        assert wait_for(f"{root}cas/national/", "Un dispositif national", 60), "le serveur n'a pas servi la fiche"
        poller = _Poller(root, ["cas/national/", "cas/", "donnees/cas.json", "assets/site.css"])
        poller.start()
        try:
            # A burst: six writes of one sheet within 0.6 s, then two sheets written at once.
            for n in range(6):
                (cases / "national.md").write_text(national.replace("Un dispositif national", f"Version {n}"),
                                                   encoding="utf-8")
                time.sleep(0.1)
            outre_title = re.search(r'^titre: "(.*)"$', outre_mer, re.M).group(1)
            (cases / "national.md").write_text(national.replace("Un dispositif national", "Deux à la fois"),
                                               encoding="utf-8")
            (cases / "outre-mer.md").write_text(outre_mer.replace(outre_title, "Deux à la fois aussi"),
                                                encoding="utf-8")
            assert wait_for(f"{root}cas/outre-mer/", "Deux à la fois aussi", 30)
            # Renamed (file and id, the old id kept as a former id), then deleted, during the previews.
            renamed = outre_mer.replace(outre_title, "Deux à la fois aussi").replace("id: outre-mer", "id: ultramarin")
            renamed = renamed.replace("\nstatut:", "\nanciens_ids: [outre-mer]\nstatut:", 1)
            (cases / "ultramarin.md").write_text(renamed, encoding="utf-8")
            (cases / "outre-mer.md").unlink()
            time.sleep(0.7)  # the whole build of the rename under way: an edit, a deletion
            (cases / "national.md").write_text(national.replace("Un dispositif national", "Pendant la construction"),
                                               encoding="utf-8")
            time.sleep(0.4)
            (cases / "complet.md").unlink()
            time.sleep(0.2)
            # The file renamed alone (its id kept): the file name must be the id, the problem is shown; renamed back.
            (cases / "ultramarin.md").rename(cases / "ultra-marin.md")
            assert wait_for(f"{root}cas/national/", "cases/ultra-marin.md", 30)
            (cases / "ultra-marin.md").rename(cases / "ultramarin.md")
            assert wait_until(lambda: "La dernière construction a échoué" not in (get(f"{root}cas/national/") or "x"), 30)
            # Invalid, then valid again.
            (cases / "national.md").write_text(national.replace("titre:", "titre_faux:"), encoding="utf-8")
            assert wait_for(f"{root}cas/national/", "La dernière construction a échoué", 30)
            (cases / "national.md").write_text(national.replace("Un dispositif national", "Réparé"), encoding="utf-8")
            assert wait_until(lambda: "La dernière construction a échoué" not in (get(f"{root}cas/national/") or "x"), 30)
        finally:
            poller.done.set()
            poller.join(10)
        assert poller.failed == [], f"le serveur n'a pas répondu ({len(poller.failed)} sur {poller.count})"
        # The cold build of the same files, at the served address (`mkdocs serve` sets `site_url` to it).
        cold = tmp_path / "froid"
        (project / "froid.yml").write_text(f"INHERIT: {project / 'mkdocs.yml'}\nsite_url: {root}\n", encoding="utf-8")
        run = mkdocs("build", "--strict", "-f", "froid.yml", "--site-dir", str(cold), cwd=project)
        assert run.returncode == 0, run.stderr[-3000:]
        assert {p.name for p in cold.glob("cas/*/")} >= {"national", "ultramarin", "outre-mer"}
        assert not (cold / "cas" / "complet").exists() and not (cold / "cas" / "ancien-complet").exists()
        differences: list[str] = []

        def settled() -> bool:
            differences[:] = _served_equals_cold(root, cold)
            return not differences
        assert wait_until(settled, 30), f"le site servi diffère d'une construction à froid : {differences}"
        for gone in ("cas/complet/", "cas/ancien-complet/"):
            assert _fetch(root + gone)[0] == 404, gone
        assert "ultramarin/" in _fetch(root + "cas/outre-mer/")[1].decode("utf-8")  # the redirect
        served = json.loads(_fetch(root + "donnees/cas.json")[1])
        assert [case["id"] for case in served] == ["national", "ultramarin"]
        assert served[0]["titre"] == "Réparé"
