"""French typographic spaces in the text of HTML, never in markup, code, URLs or times."""

from __future__ import annotations

import re

import pytest

from scripts.pages import typo

NB, NN = "\u00a0", "\u202f"


@pytest.mark.parametrize("before, after", [
    ("Porteur : Wimoov", f"Porteur{NB}: Wimoov"),
    ("Porteur: Wimoov", f"Porteur{NB}: Wimoov"),
    ("Vraiment ? Oui !", f"Vraiment{NN}? Oui{NN}!"),
    ("un ; deux", f"un{NN}; deux"),
    ("« texte »", f"«{NN}texte{NN}»"),
    ("«texte»", f"«{NN}texte{NN}»"),
    (f"déjà{NB}: bon", f"déjà{NB}: bon"),
    ("rendez-vous à 10:30 demain", "rendez-vous à 10:30 demain"),
    ("voir https://exemple.fr/?a=1;b=2 ici", "voir https://exemple.fr/?a=1;b=2 ici"),
    ("pourquoi?", f"pourquoi{NN}?"),
])
def test_text(before, after):
    assert typo.text(before) == after


def test_markup_code_and_attributes_are_untouched():
    source = ('<p title="a : b ; c">Titre : <a href="https://x.fr/?q=a;b">lien</a> ; fin !</p>\n'
              '<pre><code>x : y ; z !</code></pre><p>Code <code>a : b</code> et « c »</p>'
              '<svg><text>Nord : 3</text></svg><!-- note : rien -->')
    out = typo.html(source)
    assert out == (f'<p title="a : b ; c">Titre{NB}: <a href="https://x.fr/?q=a;b">lien</a>{NN}; fin{NN}!</p>\n'
                   f'<pre><code>x : y ; z !</code></pre><p>Code <code>a : b</code> et «{NN}c{NN}»</p>'
                   '<svg><text>Nord : 3</text></svg><!-- note : rien -->')


def test_character_references_keep_their_semicolon():
    assert typo.html("<p>A &amp; B : C &#8217;x</p>") == f"<p>A &amp; B{NB}: C &#8217;x</p>"


def test_a_sign_after_an_inline_element():
    assert typo.html("<p><strong>Porteur</strong> : x ?</p>") == f"<p><strong>Porteur</strong>{NB}: x{NN}?</p>"


def test_idempotent():
    once = typo.html("<p>« Oui » : non ; peut-être ?</p>")
    assert typo.html(once) == once


def test_spaces_written_as_references_are_not_doubled():
    """« Accessibilité&nbsp;: » in a template already has its space."""
    assert typo.html("<p>Accessibilité&nbsp;: non conforme</p>") == "<p>Accessibilité\u00a0: non conforme</p>"


def test_every_built_page_reads_in_french_typography(built_site):
    """What a reader sees in the main column of every page, hand-written, generated or the
    theme's 404, already has its French spaces: applying the rules changes nothing."""
    article = re.compile(r"<article[^>]*>(.*?)</article>", re.S)
    spaces = {"&nbsp;": NB, "&#160;": NB, "&#8239;": NN}  # a space written as a reference is a space
    wrong = []
    for page in sorted(built_site.rglob("*.html")):
        found = article.search(page.read_text(encoding="utf-8"))
        main = found and re.sub("|".join(spaces), lambda m: spaces[m.group()], found.group(1))
        if main and typo.html(main) != main:
            wrong.append(page.relative_to(built_site).as_posix())
    assert wrong == []


def test_only_a_tag_opens_a_raw_element_not_its_name_elsewhere():
    """Raw elements are found by their tags alone: a raw element's name inside an attribute, a
    comment or after empty elements changes nothing; text inside a raw element stays as it is."""
    assert typo.html('<a title="<code>">x : y</a> : z') == '<a title="<code>">x\u00a0: y</a>\u00a0: z'
    assert typo.html("<!-- <code> --> a : b") == "<!-- <code> --> a\u00a0: b"
    assert typo.html("<b></b><code></code>x : y<code>a : b</code>") == "<b></b><code></code>x\u00a0: y<code>a : b</code>"
    assert typo.html("<pre><code>x : y</code> z : w</pre> v : u") == "<pre><code>x : y</code> z : w</pre> v\u00a0: u"
