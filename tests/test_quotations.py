"""RGAA 9.4: the study's short quotations between « » are `<q>` elements, in a case's body and
results and in the contribution form's definitions; names and titles between « » stay text."""

from __future__ import annotations

import pytest

from scripts.contract import routes
from scripts.sheets import quotations, safe_markdown


def body(text: str) -> str:
    return safe_markdown.render(text, "cases/x.md", lambda source: "cas/x/").html


@pytest.mark.parametrize("written, shown", [
    ("L'étude estime qu'ils « pourraient être répliqués ».", "L'étude estime qu'ils <q>pourraient être répliqués</q>."),
    ("Un rôle « essentiel » selon la synthèse.", "Un rôle <q>essentiel</q> selon la synthèse."),
    ("Selon l'étude : « Développer des méthodes dédiées à la conception de projets. »",
     "Selon l'étude : <q>Développer des méthodes dédiées à la conception de projets.</q>"),
    ("Elle cite la « Fabrique à Entreprendre » et les « Cité-Labs ».",
     "Elle cite la « Fabrique à Entreprendre » et les « Cité-Labs »."),
    ("Des « Awards 2014 de la Game Connection, à la Gamescom de Cologne et au Paris Games Week »",
     "Des <q>Awards 2014 de la Game Connection, à la Gamescom de Cologne et au Paris Games Week</q>"),
    ("L'étude « Plaine Image, Shiness (Roubaix) »", "L'étude « Plaine Image, Shiness (Roubaix) »"),
])
def test_quotations_are_q_and_names_keep_their_marks(written, shown):
    assert body(written) == f"<p>{shown}</p>\n"


def test_only_prose_changes_and_a_contributor_writes_no_markup():
    out = body("`« un code »` et « *une emphase* » puis « dit <script>alert(1)</script> » et "
               "[« un lien »](https://exemple.fr \"« un titre »\")\n\n```\n« un bloc »\n```")
    assert "<code>« un code »</code>" in out and "« <em>une emphase</em> »" in out
    assert "<q>dit &lt;script&gt;alert(1)&lt;/script&gt;</q>" in out and "<script" not in out
    assert '<a href="https://exemple.fr" title="« un titre »" rel="nofollow noopener"><q>un lien</q></a>' in out
    assert "<pre><code>« un bloc »\n</code></pre>" in out
    assert quotations.mark('<p title="« a b »">« c d »</p>') == '<p title="« a b »"><q>c d</q></p>'


def test_case_pages_and_the_form_mark_the_studys_quotations(built_site):
    page = (built_site / routes.case("citeslab") / "index.html").read_text(encoding="utf-8")
    assert "<q>pourraient être répliqués</q>" in page and "<q>plus intégré</q>" in page
    assert "«\u202fFabrique à Entreprendre\u202f»" in page  # a name (French spaces added by then)
    results = (built_site / routes.case("creche-les-lucioles") / "index.html").read_text(encoding="utf-8")
    assert "crèches <q>à vocation d&#39;insertion professionnelle</q>" in results  # a result's indicator
    form = (built_site / routes.proposer() / "index.html").read_text(encoding="utf-8")
    assert form.count("Définition de l'étude\u00a0: <q>") >= 6 and form.count("Selon l'étude\u00a0: <q>") == 8


def test_the_browser_draws_french_marks_around_a_quotation(browser, server):
    """The marks taken out of the text are drawn: the q's open and close quotes are « and », with
    the narrow no-break space French wants inside."""
    page = browser.new_page()
    page.goto(server + routes.case("citeslab"))
    drawn = page.locator("article q").first.evaluate(
        "q => [getComputedStyle(q).quotes, getComputedStyle(q, '::before').content, getComputedStyle(q, '::after').content]")
    page.close()
    assert drawn == ['"«\u202f" "\u202f»" "“" "”"', "open-quote", "close-quote"]
