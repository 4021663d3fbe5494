"""Published URLs never break: the committed list, renamed cases, redirects."""

from __future__ import annotations

from helpers import GOLDEN, make_project, mkdocs

from scripts.tools.urls import FIX, current_urls, missing, read_list

VALID = {p.name: p.read_bytes() for p in sorted((GOLDEN / "valid").glob("*.md"))}


def test_every_published_url_is_still_served(built_site):
    gone = missing(built_site, read_list())
    assert gone == [], f"Adresses publiées qui ne sont plus servies : {gone} ; {FIX}."


def test_every_current_url_is_in_the_published_list():
    new = sorted(current_urls() - set(read_list()))
    assert new == [], f"Adresses nouvelles absentes de tests/urls-publiees.txt : {new} ; lancez make urls."


def test_list_covers_cases_indexes_and_data():
    urls = set(read_list())
    for url in ("/", "/cas/", "/cas/totem-mobi/", "/categories/sociale/", "/formes/frugale/", "/impacts/mobilite/",
                "/orientations/4/", "/territoires/hauts-de-france/", "/carte/", "/donnees/",
                "/donnees/cas.json", "/donnees/cas.csv", "/donnees/schema.json", "/etude/", "/contribuer/"):
        assert url in urls, url


def test_removing_a_case_is_caught_and_anciens_ids_redirects(tmp_path):
    listed = ["/cas/complet/", "/cas/national/"]
    project = make_project(tmp_path, {"national.md": VALID["national.md"]})
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert missing(project / "site", listed) == ["/cas/complet/"]
    renamed = VALID["complet.md"].decode().replace("id: complet", "id: complet-renomme") \
        .replace("anciens_ids: [ancien-complet]", "anciens_ids: [ancien-complet, complet]")
    (project / "cases" / "complet-renomme.md").write_text(renamed, encoding="utf-8")
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert missing(project / "site", listed) == []
    redirect = (project / "site" / "cas" / "complet" / "index.html").read_text(encoding="utf-8")
    assert 'content="0; url=../../cas/complet-renomme/"' in redirect
    assert 'rel="canonical" href="https://base-innovation-qpv.example/cas/complet-renomme/"' in redirect
    assert '<a href="../../cas/complet-renomme/">' in redirect


def test_renamed_index_page_redirects(monkeypatch):
    from helpers import ROOT

    from scripts import core
    from scripts.contract import schema
    monkeypatch.setitem(schema.RENAMED_PAGES, "impacts/mobility/", ("impacts/mobilite/", "Mobilité"))
    files = dict(core.build(ROOT / "cases").files)
    page = files["impacts/mobility/index.html"]
    assert 'content="0; url=../../impacts/mobilite/"' in page
    assert '<a href="../../impacts/mobilite/">/impacts/mobilite/</a>' in page
