"""The theme's page around the case pages, cut once per shape and filled in (scripts/mkdocs_adapter/shell.py):
a filled page is the page the theme renders whole, and a shape whose cut does not give it back is
rendered whole. A small theme stands for mkdocs-material here; test_incremental compares whole
sites built with and without the shell."""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest
from jinja2 import DictLoader, Environment

from scripts.mkdocs_adapter import shell
from scripts.pages import typo

THEME = {
    "partials/language.html": "{% macro t(key) %}{{ {'toc': 'Sur cette page'}[key] }}{% endmacro %}",
    "partials/toc.html": ('{% call page_slot("toc") %}<nav aria-label="{{ lang.t("toc") }}">'
                          '{% for item in page.toc %}<a href="{{ item.url }}">{{ item.title }}</a>{% endfor %}'
                          "</nav>{% endcall %}"),
    "partials/fil.html": ('{% call page_slot("fil") %}<ol>{% for label, path in page.meta.fil %}'
                          "<li>{{ label | e }}</li>{% endfor %}</ol>{% endcall %}"),
    "main.html": ('{% import "partials/language.html" as lang with context %}'
                  "<title>{{ page.meta.title }} - Site</title>"
                  '<meta name="description" content="{{ page.meta.description }}">'
                  '<link rel="canonical" href="{{ page.canonical_url }}">'
                  '<meta property="og:url" content="{{ page.canonical_url | e }}">'
                  '<script type="application/ld+json">{{ page.meta.jsonld }}</script>'
                  "{% if page.toc %}<a href=\"{{ (page.toc | first).url }}\">Aller au contenu</a>{% endif %}"
                  '<header>{{ page.meta.title }}</header>{% include "partials/fil.html" %}'
                  '{% include "partials/toc.html" %}'
                  "{% if '<h1' not in page.content %}<h1>{{ page.title }}</h1>{% endif %}"
                  "<main>{{ page.content }}</main>"),
}


@dataclass
class Heading:
    url: str
    title: str
    level: int = 2
    children: list = field(default_factory=list)


@dataclass
class Page:
    """What the theme reads of an MkDocs page."""

    meta: dict
    content: str
    canonical_url: str
    toc: list = field(default_factory=list)
    url: str = ""

    @property
    def title(self) -> str:
        return self.meta["title"]


def _page(number: int, title: str | None = None, content: str | None = None, toc=None) -> Page:
    title = title or f"Cas n° {number} & suite"
    return Page(meta={"title": title, "description": f"Résumé {number} « court » &lt;b&gt;",
                      "jsonld": f'{{"name": "{title}"}}', "fil": [["Accueil", ""], [f"Région {number % 2}", "r/"], [title, ""]]},
                content=content if content is not None else f"<h1>{title}</h1><p>Texte {number} : fin.</p>",
                canonical_url=f"https://exemple.test/cas/{number}/?a=1&b=2", url=f"cas/{number}/",
                toc=toc if toc is not None else [Heading("#debut", "Début"), Heading(f"#section-{number}", f"Partie {number}")])


def _env(theme: dict[str, str] = THEME, french=None) -> tuple[Environment, shell.Shells]:
    env = Environment(loader=DictLoader(theme))
    return env, shell.Shells(env, french=french)


def _whole(page: Page, theme: dict[str, str] = THEME) -> str:
    """The page rendered whole by the theme, as without the shell."""
    env, _shells = _env(theme)
    return env.get_template("main.html").render(page=page)


def test_filled_pages_are_the_pages_the_theme_renders_whole():
    env, shells = _env()
    pages = [_page(n) for n in range(1, 8)]
    pages.append(_page(8, title="Un titre <em>avec</em> « guillemets » & esperluette"))
    for page in pages:
        assert env.get_template(shell.TEMPLATE).render(page=page) == _whole(page)
    assert shells.whole == 2 and shells.filled == 6  # one shape: its first two pages checked whole


def test_a_value_the_theme_writes_without_a_marker_makes_its_shape_render_whole():
    theme = dict(THEME, **{"main.html": THEME["main.html"] + "<footer>{{ page.meta.fil[1][0] }}</footer>"})
    env, shells = _env(theme)
    pages = [_page(n) for n in range(1, 6)]  # the footer differs from one page to the next
    for page in pages:
        assert env.get_template(shell.TEMPLATE).render(page=page) == _whole(page, theme)
    assert shells.filled == 0 and shells.whole == 5


@pytest.mark.parametrize("content", ["<p>Sans titre.</p>", "<h1>Titre</h1><p>Avec.</p>"])
def test_a_content_with_or_without_a_title_has_its_own_shape(content):
    env, shells = _env()
    pages = [_page(n, content=content if n % 2 else None) for n in range(1, 10)]
    for page in pages:
        assert env.get_template(shell.TEMPLATE).render(page=page) == _whole(page)
    assert shells.filled == 9 - shells.whole
    assert len(shells.shells) == (2 if "<h1" not in content else 1)


def test_a_page_without_headings_has_its_own_shape():
    env, shells = _env()
    pages = [_page(n, toc=[] if n > 4 else None) for n in range(1, 10)]
    for page in pages:
        assert env.get_template(shell.TEMPLATE).render(page=page) == _whole(page)
    assert len(shells.shells) == 2 and shells.filled == 5


def test_filled_pages_get_the_french_spaces_the_whole_page_gets():
    """A value written as text is spaced alone, the shell's text once; a value in an attribute or a
    script stays as it is. A page whose value ends with a sign is left to be spaced whole."""
    env, shells = _env(french=typo.html)
    titles = ["Un projet : la suite", "« Les Déterminés » à Paris", "Quoi de neuf ? Tout", "Pour qui ?",
              "Titre ; fin", "Simple", "Avec & esperluette : oui", "Encore un"]
    pages = [_page(n, title=title, content=f"<h1>{title}</h1><p>Texte : « cité » ; fin ?</p>")
             for n, title in enumerate(titles, 1)]
    for page in pages:
        output = env.get_template(shell.TEMPLATE).render(page=page)
        if page.url in shells.spaced:
            shells.spaced.discard(page.url)
        else:
            output = typo.html(output)
        assert output == typo.html(_whole(page))
    assert shells.filled == 6 and shells.filled_spaced == 5  # « Pour qui ? » ends with a sign: spaced whole
    spaced = typo.html(_whole(pages[1]))  # spaces as text, none in an attribute
    assert "<h1>«\u202fLes Déterminés\u202f» à Paris</h1>" in spaced and 'content="Résumé 2 « court »' in spaced
