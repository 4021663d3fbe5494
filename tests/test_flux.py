"""Follow a territory or a theme (issue 31): an Atom feed beside every index page (<page>/flux.xml),
holding exactly that page's cases, announced in the page's head and linked in it; read by feedparser,
the parser of real feed readers."""

from __future__ import annotations

import re

import feedparser
import pytest
from helpers import ROOT

from scripts import core
from scripts.contract import routes, schema
from scripts.contract.settings import Settings
from scripts.pages import render
from scripts.pages.grouping import Index

SITE = "https://base.exemple.fr/"


@pytest.fixture(scope="module")
def real():
    result = core.build(ROOT / "cases", settings=Settings(site_url=SITE))
    assert result.problems == []
    return result.cases, dict(result.pages), dict(result.files)


def _case_links(markdown: str) -> set[str]:
    """The cases an index page lists (its case items, not the links of its text)."""
    return set(re.findall(r'<li><a href="(?:\.\./)+(' + re.escape(routes.cases()) + r'[^"]+)">', markdown))


def test_every_index_page_has_its_feed(real):
    cases, pages, files = real
    expected = [routes.category(s) for s in schema.CATEGORIES] + [routes.forme(s) for s in schema.FORMES]
    expected += [routes.impact(s) for s in schema.IMPACTS] + [routes.orientation(n) for n in schema.ORIENTATIONS]
    expected += [routes.region(s) for s in schema.REGIONS]
    expected += [routes.departement(c) for c in {c["departement"] for c in cases if "departement" in c}]
    expected += [routes.intercommunalite(c[k]["code"]) for c in cases for k in ("epci", "ept") if k in c]
    assert {route for route, _, _ in render.feeds(Index(cases))} == set(expected)
    for route in set(expected):
        assert routes.feed(route) in files, route
        assert routes.source(route) in pages, route


@pytest.mark.parametrize("route", [routes.category("sociale"), routes.forme("territoriale"), routes.impact("emploi"),
                                   routes.orientation(2), routes.region("hauts-de-france"), routes.departement("93"),
                                   routes.intercommunalite("200093201"), routes.intercommunalite("200046977")])
def test_a_feed_holds_exactly_the_cases_of_its_page(real, route):
    _, pages, files = real
    parsed = feedparser.parse(files[routes.feed(route)])
    assert parsed.bozo == 0, parsed.get("bozo_exception")
    assert parsed.version == "atom10"
    listed = _case_links(pages[routes.source(route)])
    assert listed, route
    assert {entry.link for entry in parsed.entries} == {SITE + path for path in listed}
    assert len(parsed.entries) == len(listed)
    assert parsed.feed.link == SITE + route
    assert any(link.rel == "self" and link.href == SITE + routes.feed(route) for link in parsed.feed.links)
    assert parsed.feed.title.startswith("Base de projets innovation et QPV : ")
    for entry in parsed.entries:
        assert entry.title and entry.summary and entry.updated_parsed


def test_feed_titles_name_the_page(real):
    _, _, files = real
    assert feedparser.parse(files[routes.feed(routes.intercommunalite("200046977"))]).feed.title.endswith(
        ": Métropole de Lyon")
    assert feedparser.parse(files[routes.feed(routes.departement("93"))]).feed.title.endswith(
        ": Seine-Saint-Denis (93)")


def test_a_region_without_cases_has_an_empty_valid_feed(real):
    cases, _, files = real
    empty = next(slug for slug in schema.REGIONS if not any(c.get("region") == slug for c in cases))
    parsed = feedparser.parse(files[routes.feed(routes.region(empty))])
    assert parsed.bozo == 0 and parsed.entries == []


def test_the_site_feed_is_unchanged(real):
    _, _, files = real
    parsed = feedparser.parse(files[routes.feed()])
    assert parsed.bozo == 0 and parsed.feed.link == SITE and len(parsed.entries) == 23


def test_the_page_gives_its_feed_in_its_front_matter_and_a_visible_link(real):
    _, pages, _ = real
    page = pages[routes.source(routes.intercommunalite("200046977"))]
    front = page.split("---\n")[1]
    assert f'flux: "{routes.feed(routes.intercommunalite("200046977"))}"' in front
    assert 'flux_titre: "Flux Atom : Métropole de Lyon"' in front
    assert f'<a href="../../../{routes.feed(routes.intercommunalite("200046977"))}" type="application/atom+xml">' \
           "Suivre les nouveaux cas de cette page (flux Atom)</a>" in page
    assert "flux:" not in pages[routes.case_source("wimoov")].split("---\n")[1]


def test_the_built_page_announces_its_feed_in_its_head(built_site):
    html = (built_site / routes.category("sociale") / "index.html").read_text(encoding="utf-8")
    head = html.split("</head>")[0]
    assert '<link rel="alternate" type="application/atom+xml" title="Flux Atom : Innovation sociale" ' \
           'href="flux.xml">' in head
    assert '<link rel="alternate" type="application/atom+xml" title="Nouveaux cas et mises à jour" ' \
           'href="../../flux.xml">' in head
    assert (built_site / routes.feed(routes.category("sociale"))).is_file()
    parsed = feedparser.parse((built_site / routes.feed(routes.intercommunalite("200093201"))).read_bytes())
    assert parsed.bozo == 0 and len(parsed.entries) >= 3
