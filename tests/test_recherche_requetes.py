"""Real queries, and the cases they must find: precision and recall of the search page's query
(`window.rechercheCas`, the function its form runs) on the project's cases and on a base three
times larger with synthetic sheets. A case matches a query because its own text, its title, its
porteur or its place says it: never its sources' titles, the fact box's labels, the sections'
headings every sheet carries nor the site's boilerplate; a place the base does not hold answers 0;
a case's title finds it first; accents, French stemming and small typos still find it."""

from __future__ import annotations

import gzip
import json
import subprocess
import sys

import frontmatter
import pytest
from helpers import ROOT, free_port, make_project, mkdocs, wait_for_port
from synthetique import TOWNS, write_sheets

from scripts.contract import routes
from scripts.pages import vocabulary

# The project's cases: each query and the cases that must answer it (checked by reading the sheets).
ABSENT_PLACES = ("Metz", "Lyon", "Tours", "Nancy", "Grenoble", "Montpellier", "Nantes", "Brest", "Rouen")
# Intercommunalities named whole (accents and case aside): places, their cases (by their communes,
# from the official geography), not the words of their names (« Lille » alone: the commune).
INTERCOMMUNALITIES = {
    "Métropole de Lyon": ("Métropole de Lyon", {"jobs-et-cite"}),
    "plaine commune": ("Plaine Commune", {"agence-nouvelle-cour", "novaedia"}),
    "Metropole europeenne de Lille": ("Métropole Européenne de Lille", {"euratechnologies", "simplon-co",
                                                                        "plaine-image-shiness"}),
    "Paris Terres d'Envol": ("Paris Terres d'Envol", {"business-open-space"}),
    "Métropole du Grand Paris": ("Métropole du Grand Paris", {"agence-nouvelle-cour", "business-open-space",
                                                              "creche-les-lucioles", "novaedia"}),
    "numérique Métropole Européenne de Lille": ("Métropole Européenne de Lille", {"euratechnologies",
                                                                                  "plaine-image-shiness"}),
}
# Queries no case answers whose words name intercommunalities of the base: those are offered.
NEAR_PLACES = {"Lyon": ["Métropole de Lyon"], "Grand Paris": ["Métropole du Grand Paris"], "Metz": []}
REAL = {
    # places the base holds, by commune, department, region, and inside a text
    "Vaulx-en-Velin": {"jobs-et-cite"},
    "Bordeaux": {"la-maison-pour-rebondir", "reseau-de-reemploi-des-2-rives"},
    "Marseille": {"labo-societal-centrale", "totem-mobi"},
    "Roubaix": {"simplon-co", "plaine-image-shiness"},
    "Tourcoing": {"plaine-image-shiness"},
    "Sevran": {"business-open-space"},
    "La Courneuve": {"agence-nouvelle-cour"},
    "Strasbourg": {"studiobjet"},
    "Dijon": {"coursive-boutaric"},
    "Toulouse": {"dynamique-emploi-dans-les-quartiers"},
    "Lille": {"euratechnologies"},
    "Argenteuil": {"creche-les-lucioles"},
    "Valenciennes": {"wimoov"},
    "Villiers-le-Bel": {"cystaim"},
    "Seine-Saint-Denis": {"novaedia", "business-open-space", "agence-nouvelle-cour"},
    "Gironde": {"la-maison-pour-rebondir", "reseau-de-reemploi-des-2-rives"},
    "Val-d'Oise": {"cystaim", "creche-les-lucioles"},
    "Hauts-de-France": {"plaine-image-shiness", "euratechnologies", "wimoov", "simplon-co"},
    "Occitanie": {"dynamique-emploi-dans-les-quartiers"},
    "Rennes": {"compte-nickel"},  # « l'INSA Rennes », in its text
    "Paris": {"plaine-image-shiness"},
    # words of the study's title, of the fact box, of the sources, of every sheet's headings
    "moteur": set(),
    "politique": {"coursive-boutaric", "dynamique-emploi-dans-les-quartiers"},
    "CGET": set(),
    "sources": set(),
    "Facteurs de succès": set(),
    "statut": {"novaedia"},
    "fiche": {"plaine-image-shiness", "compte-nickel"},
    # ordinary words: accents, stemming, typos
    "mobilité": {"totem-mobi", "wimoov"},
    "mobilite": {"totem-mobi", "wimoov"},
    "MOBILITÉ": {"totem-mobi", "wimoov"},
    "mobilte": {"totem-mobi", "wimoov"},
    "crèche": {"creche-les-lucioles"},
    "creche": {"creche-les-lucioles"},
    "recyclage": {"reseau-de-reemploi-des-2-rives"},
    "réemploi": {"reseau-de-reemploi-des-2-rives"},
    "Strasbour": {"studiobjet"},
    "numérique": {"plaine-image-shiness", "euratechnologies", "labo-societal-centrale", "compte-nickel"},
    **{place: set() for place in ABSENT_PLACES},
    **{query: cases for query, (_, cases) in INTERCOMMUNALITIES.items()},
}
# A case's title, or a word of it no other title holds: that case first.
FIRST = {"Totem Mobi": "totem-mobi", "emploi": "dynamique-emploi-dans-les-quartiers",
         "réseau": "reseau-de-reemploi-des-2-rives", "fabrique": "la-fabrique-a-entreprendre",
         "Cystaim": "cystaim", "Wimoov": "wimoov"}


def _case_ids(urls: list[str]) -> list[str]:
    prefix = "/" + routes.case("ID").split("ID")[0]
    return [url[len(prefix):].strip("/") for url in urls if url.startswith(prefix)]


def _ask(browser, base: str, queries: list[str]) -> dict[str, dict]:
    """Each query run by the search page itself: {query: {ids (in order), missing, corrections}}."""
    page = browser.new_page()
    page.goto(base + routes.search())
    page.wait_for_function("() => window.rechercheCas && /cas/.test(document.getElementById('recherche-etat').textContent)")
    answers = page.evaluate("async (qs) => { const out = {}; for (const q of qs) out[q] = await window.rechercheCas(q); "
                            "return out; }", queries)
    page.close()
    for answer in answers.values():
        answer["ids"] = _case_ids(answer["urls"])
    return answers


def figures(expected: dict[str, set], answers: dict[str, dict]) -> tuple[float, float]:
    """(precision, recall) over every (query, case) pair: cases found that should be, over cases
    found; over cases that should be found. A query that should find none and finds none counts
    as one right answer in both."""
    right = found = wanted = 0
    for query, cases in expected.items():
        got = set(answers[query]["ids"])
        if not cases and not got:
            right, found, wanted = right + 1, found + 1, wanted + 1
            continue
        right, found, wanted = right + len(got & cases), found + len(got), wanted + len(cases)
    return right / found, right / wanted


@pytest.fixture(scope="module")
def real_answers(browser, server):
    titles = {case: frontmatter.load(ROOT / "cases" / f"{case}.md")["titre"] for case in _real_ids()}
    answers = _ask(browser, server, [*REAL, *FIRST, *NEAR_PLACES, *titles.values()])
    return answers, titles


def _real_ids() -> list[str]:
    return sorted(p.stem for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_"))


def test_every_query_finds_exactly_its_cases(real_answers):
    answers, _ = real_answers
    wrong = {q: (sorted(answers[q]["ids"]), sorted(cases)) for q, cases in REAL.items() if set(answers[q]["ids"]) != cases}
    precision, recall = figures(REAL, answers)
    print(f"\nrequêtes réelles : {len(REAL)} ; précision {precision:.3f}, rappel {recall:.3f}")
    assert not wrong, wrong
    assert precision == recall == 1.0


def test_absent_places_answer_none_and_name_the_word(real_answers):
    answers, _ = real_answers
    for place in ABSENT_PLACES:
        assert answers[place]["ids"] == [], place
        assert answers[place]["missing"], place  # « Aucun cas de la base ne mentionne « Metz » »


def test_an_intercommunality_named_whole_is_a_place_and_its_words_offer_it(real_answers):
    answers, _ = real_answers
    for query, (name, _) in INTERCOMMUNALITIES.items():
        assert answers[query]["place"] == name, query
    assert answers["numérique Métropole Européenne de Lille"]["query"] == "numerique"  # the other words
    assert all(answers[query]["place"] is None for query in ("Lille", "Paris", "Roubaix", "mobilité"))
    assert {query: answers[query]["near"] for query in NEAR_PLACES} == NEAR_PLACES
    assert answers["Lyon"]["ids"] == answers["Grand Paris"]["ids"] == []


def test_a_typo_is_corrected_and_said(real_answers):
    answers, _ = real_answers
    assert answers["mobilte"]["corrections"] == [["mobilte", "mobilite"]]
    assert answers["Metz"]["missing"] == ["Metz"]
    assert answers["mobilité"]["corrections"] == []


def test_a_title_finds_its_case_first(real_answers):
    answers, titles = real_answers
    assert {case: answers[title]["ids"][:1] for case, title in titles.items()} == {case: [case] for case in titles}
    assert {q: answers[q]["ids"][:1] for q in FIRST} == {q: [case] for q, case in FIRST.items()}


def _indexed(site, case: str) -> str:
    """The text Pagefind indexed for a case page (its fragment in the built index)."""
    for path in (site / routes.search_index() / "fragment").glob("*.pf_fragment"):
        data = json.loads(gzip.decompress(path.read_bytes())[len(b"pagefind_dcd"):])
        if data["url"] == "/" + routes.case(case):
            return data["content"]
    raise AssertionError(f"{case} absent from the index")


def test_only_the_cases_own_words_are_indexed(built_site):
    """What the index holds of a case page: its title, summary, text, porteur and place; not the
    fact box's labels, the sources, the sections' headings, the citation nor the actions."""
    words = set(vocabulary.words(_indexed(built_site, "totem-mobi")))
    assert {"totem", "mobi", "marseille", "bouches", "rhone", "provence"} <= words
    for boilerplate in ("moteur", "sources", "porteur", "territoire", "statut", "citer", "succes",
                        "enseignements", "signaler", "github", "cget", "ris", "bibtex"):
        assert boilerplate not in words, boilerplate
    listed = set((built_site / vocabulary.PATH).read_text(encoding="utf-8").split())
    assert {word for word in words if len(word) > 1} <= listed  # the vocabulary holds what is indexed


def test_the_vocabulary_lists_the_indexed_words_most_frequent_first(built_site):
    listed = (built_site / vocabulary.PATH).read_text(encoding="utf-8").split()
    assert len(listed) == len(set(listed)) > 500
    assert "mobilite" in listed and "moteur" not in listed and "metz" not in listed
    assert listed.index("de") < listed.index("mobilite")


# Three times the project's cases: the project's sheets and twice as many synthetic ones.
@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, browser):
    tmp = tmp_path_factory.mktemp("recherche-synthetique")
    project = make_project(tmp, from_dir=ROOT / "cases")
    ids = write_sheets(project / "cases", 2 * len(_real_ids()), seed=29)
    result = mkdocs("build", "--site-dir", str(tmp / "site"), cwd=project)
    assert result.returncode == 0, result.stderr[-3000:]
    sheets = {ident: frontmatter.load(project / "cases" / f"{ident}.md") for ident in ids}
    port = free_port()
    process = subprocess.Popen([sys.executable, "-m", "http.server", str(port), "--bind", "127.0.0.1",
                                "-d", str(tmp / "site")], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    wait_for_port(port)
    yield f"http://127.0.0.1:{port}/", sheets
    process.terminate()
    process.wait(timeout=10)


def test_synthetic_base_communes_found_absent_ones_none_titles_first(browser, synthetic):
    base, sheets = synthetic
    present = {sheet["commune"] for sheet in sheets.values() if "commune" in sheet.metadata}
    expected = {}
    for town, *_ in TOWNS.values():
        mine = {ident for ident, sheet in sheets.items() if sheet.get("commune") == town}
        expected[town] = mine | REAL.get(town, set())
    assert any(expected[town] for town in expected) and any(not expected[town] for town in expected)
    expected.update({word: REAL[word] for word in ("moteur", "politique", "CGET", "sources")})
    expected["mobilte"] = REAL["mobilte"] | {
        ident for ident, sheet in sheets.items()
        if any(w.startswith("mobilit") for w in vocabulary.words(f"{sheet['titre']} {sheet['resume']} {sheet.content}"))}
    expected["contribution"] = {"novaedia", "agence-nouvelle-cour", "plaine-image-shiness", "compte-nickel"}
    titles = {sheet["titre"]: ident for ident, sheet in list(sheets.items())[:12]}
    answers = _ask(browser, base, [*expected, *titles])
    precision, recall = figures(expected, answers)
    print(f"\nrequêtes sur {len(sheets)} fiches synthétiques et les cas du projet : {len(expected)} ; "
          f"précision {precision:.3f}, rappel {recall:.3f} ; communes présentes : {len(present)}")
    wrong = {q: (sorted(set(answers[q]["ids"]) - c), sorted(c - set(answers[q]["ids"])))
             for q, c in expected.items() if set(answers[q]["ids"]) != c}
    assert not wrong, wrong  # query: (found but not expected, expected but not found)
    assert {t: answers[t]["ids"][:1] for t in titles} == {t: [ident] for t, ident in titles.items()}
