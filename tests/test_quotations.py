"""RGAA 9.4: the study's short quotations between « » are `<q>` elements, in a case's body and
results and in the contribution form's definitions; names and titles between « » stay text."""

from __future__ import annotations

import pytest

from scripts.contract import routes
from scripts.sheets import quotations, safe_markdown


def body(text: str) -> str:
    return safe_markdown.render(text, "cases/x.md", lambda source: "cas/x/").html


@pytest.mark.parametrize("written, shown", [
    ("L'étude estime qu'ils « pourraient être répliqués ».", "L'étude estime qu'ils «\u202f<q>pourraient être répliqués</q>\u202f»."),
    ("Un rôle « essentiel » selon la synthèse.", "Un rôle «\u202f<q>essentiel</q>\u202f» selon la synthèse."),
    ("Selon l'étude : « Développer des méthodes dédiées à la conception de projets. »",
     "Selon l'étude : «\u202f<q>Développer des méthodes dédiées à la conception de projets.</q>\u202f»"),
    ("Elle cite la « Fabrique à Entreprendre » et les « Cité-Labs ».",
     "Elle cite la « Fabrique à Entreprendre » et les « Cité-Labs »."),
    ("Des « Awards 2014 de la Game Connection, à la Gamescom de Cologne et au Paris Games Week »",
     "Des «\u202f<q>Awards 2014 de la Game Connection, à la Gamescom de Cologne et au Paris Games Week</q>\u202f»"),
    ("L'étude « Plaine Image, Shiness (Roubaix) »", "L'étude « Plaine Image, Shiness (Roubaix) »"),
])
def test_quotations_are_q_and_names_keep_their_marks(written, shown):
    assert body(written) == f"<p>{shown}</p>\n"


def test_only_prose_changes_and_a_contributor_writes_no_markup():
    out = body("`« un code »` et « *une emphase* » puis « dit <script>alert(1)</script> » et "
               "[« un lien »](https://exemple.fr \"« un titre »\")\n\n```\n« un bloc »\n```")
    assert "<code>« un code »</code>" in out and "« <em>une emphase</em> »" in out
    assert "«\u202f<q>dit &lt;script&gt;alert(1)&lt;/script&gt;</q>\u202f»" in out and "<script" not in out
    assert '<a href="https://exemple.fr" title="« un titre »" rel="nofollow noopener">«\u202f<q>un lien</q>\u202f»</a>' in out
    assert "<pre><code>« un bloc »\n</code></pre>" in out
    assert quotations.mark('<p title="« a b »">« c d »</p>') == '<p title="« a b »">«\u202f<q>c d</q>\u202f»</p>'


def test_case_pages_and_the_form_mark_the_studys_quotations(built_site):
    page = (built_site / routes.case("citeslab") / "index.html").read_text(encoding="utf-8")
    assert "«\u202f<q>pourraient être répliqués</q>\u202f»" in page and "<q>plus intégré</q>\u202f»" in page
    assert "«\u202fFabrique à Entreprendre\u202f»" in page  # a name (French spaces added by then)
    results = (built_site / routes.case("creche-les-lucioles") / "index.html").read_text(encoding="utf-8")
    assert "crèches «\u202f<q>à vocation d&#39;insertion professionnelle</q>\u202f»" in results  # a result's indicator
    form = (built_site / routes.proposer() / "index.html").read_text(encoding="utf-8")
    assert form.count("Définition de l'étude\u00a0: «\u202f<q>") >= 6 and form.count("Selon l'étude\u00a0: «\u202f<q>") == 8


def test_a_quotation_keeps_its_marks_in_the_text_and_the_browser_draws_none(browser, server):
    """The « » stay in the page's text (a search excerpt, a copied passage, a page without its
    stylesheet show the study's words quoted); the browser adds no marks of its own around a q."""
    page = browser.new_page()
    page.goto(server + routes.case("citeslab"))
    q = page.locator("article q").first
    drawn = q.evaluate("q => [getComputedStyle(q, '::before').content, getComputedStyle(q, '::after').content]")
    around = q.evaluate("q => [q.previousSibling.textContent.slice(-2), q.nextSibling.textContent.slice(0, 2)]")
    page.close()
    assert drawn in (["none", "none"], ["normal", "normal"]), drawn
    assert around[0] == "«\u202f" and around[1] == "\u202f»", around
