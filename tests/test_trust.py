"""Trust, round 2 (issue 11): a contributor's text can never become markup, crash the
build or cost the last good site. Each class of the issue has its own tests here."""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import subprocess
import sys
import xml.etree.ElementTree as ET
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote

import pytest
import yaml
from helpers import ENV, GOLDEN, ROOT, get, make_project, mkdocs, mkdocs_serve, wait_for, wait_until
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts import core
from scripts.contract import routes
from scripts.contract.fields import XML_INVALID
from scripts.exports import feed
from scripts.pages import case_page, escaping, listing, render, typo
from scripts.sheets import body, safe_markdown
from scripts.sheets.load import Sheet, parse
from scripts.sheets.validate import validate

COMPLET = (GOLDEN / "valid" / "complet.md").read_text(encoding="utf-8")
NATIONAL = (GOLDEN / "valid" / "national.md").read_text(encoding="utf-8")
SAFE_SCHEMES = {"http", "https", "mailto"}
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


class Allowlist(HTMLParser):
    """Every element, attribute and URL of a fragment against the allowlist, checked
    independently of the code under test: schemes are read after dropping every
    control character and space, as the most lenient browser would."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.violations: list[str] = []
        self.ids: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag not in safe_markdown.ALLOWED_TAGS:
            self.violations.append(f"<{tag}>")
        for name, value in attrs:
            value = value or ""
            if name not in safe_markdown.ALLOWED_ATTRIBUTES.get(tag, ()):
                self.violations.append(f"<{tag} {name}>")
            if name in ("href", "src"):
                bare = re.sub(r"[\x00-\x20\x7f]", "", unquote(value)).lower()
                scheme = re.match(r"([a-z][a-z0-9+.-]*):", bare)
                if scheme and scheme.group(1) not in SAFE_SCHEMES:
                    self.violations.append(f"{name}={value!r}")
                if name == "src" and (scheme or bare.startswith(("/", "\\"))):
                    self.violations.append(f"remote image {value!r}")
                if name == "href" and not scheme and bare.startswith(("//", "\\", "/\\")):
                    self.violations.append(f"other host {value!r}")
            if name == "id":
                self.ids.append(value)
                if not SLUG.fullmatch(value):
                    self.violations.append(f"id={value!r}")

    handle_startendtag = handle_starttag


def violations(html: str) -> list[str]:
    scan = Allowlist()
    scan.feed(html)
    scan.close()
    return scan.violations


def rendered(text: str) -> str:
    """A body rendered directly, without the validator."""
    return safe_markdown.render(text, "cas/hostile.md", routes.page_url, case_page.CASE_PAGE_IDS).html


# Markup through the body: each class of the issue, several variants each. None may
# produce anything outside the allowlist; every one is named by the checker.
BODY_ATTACKS = {
    "multi-line tag": [
        '<meta\nhttp-equiv="refresh" content="0;url=https://evil.example">',
        "<img\nsrc=x\nonerror=alert(1)>",
        "Texte <a\nhref=\"javascript:alert(1)\"\n>x</a>",
        "<svg\n  onload=alert(1)>",
        "<!--\n--><script>alert(1)</script>",
        "<iframe\nsrcdoc=\"<script>alert(1)</script>\">",
        "- élément <b\n  onclick=alert(1)>x</b>",
    ],
    "escaped backtick": [
        "\\`<script>alert(1)</script>\\`",
        "Texte \\` <img src=x onerror=alert(1)> \\`",
        "``\\`<b onclick=x>b</b>",
    ],
    "tilde fence with info string": [
        "~~~ deux mots\n<script>alert(1)</script>\n~~~",
        "~~~python extra\n~~~\n<img src=x onerror=alert(1)>",
        "~~~~ a b c\n~~~\n<script>x</script>\n~~~~\n<b onclick=x>x</b>",
    ],
    "entity-encoded scheme": [
        "[x](java&Tab;script:alert(1))",
        "[x](&#106;avascript:alert(1))",
        "[x](&#x6A;avascript:alert(1))",
        "[x](&#0000106;avascript:alert(1))",
        "[x](jav&#x09;ascript:alert(1))",
        "[x](JaVaScRiPt:alert(1))",
        "[x](java%09script:alert(1))",
        "[x](&#32;javascript:alert(1))",
        "[x](vbscript:msgbox(1))",
        "[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
        "<javascript:alert(1)>",
    ],
    "nested brackets": [
        "[le site [officiel] ici](javascript:alert(1))",
        "[a [b [c]]](javascript:alert(1))",
        "[![image](logo.png)](javascript:alert(1))",
    ],
    "line break inside a link": [
        "[un lien\nsur deux lignes](javascript:alert(1))",
        "[x](\njavascript:alert(1))",
        "[x][ref]\n\n[ref]:\n  javascript:alert(1)",
    ],
    "reference definition in a list or a quote": [
        "- [x][r]\n\n  [r]: javascript:alert(1)",
        "> [r]: javascript:alert(1)\n\n[x][r]",
        "1. texte\n\n   [r]: javascript:alert(1)\n\n[x][r]",
        "> - [r]: &#106;avascript:alert(1)\n\n[x][r]",
    ],
    "attribute syntax": [
        'Un paragraphe.\n{: onclick="alert(1)" }',
        "Texte {:1 onclick=alert(1)}",
        'Texte {:1 href="javascript:alert(1)"}',
        '## Titre {: data-pagefind-filter="statut:etude-de-cas" }',
        '## Titre {: data-pagefind-meta="title:Un autre titre" }',
        "## Sources {#sources}",
        "Texte {.classe #id}",
    ],
    "remote image": [
        "![x](https://pisteur.example/x.png)",
        "![x][t]\n\n[t]: https://pisteur.example/x.png",
        "![x][t]\n\n- [t]: //pisteur.example/x.png",
        "![x](//pisteur.example/x.png)",
        "![x](&#104;ttps://pisteur.example/x.png)",
        "![x](HTTP://pisteur.example/x.png)",
        "![x](\\\\pisteur.example\\x.png)",
        "![x](/x.png)",
        "![x](data:image/png;base64,AAAA)",
    ],
}


@pytest.mark.parametrize("attack", [a for group in BODY_ATTACKS.values() for a in group])
def test_hostile_body_renders_within_the_allowlist(attack):
    html = rendered(attack)
    assert violations(html) == [], html


@pytest.mark.parametrize("attack", [a for group in BODY_ATTACKS.values() for a in group])
def test_hostile_body_is_named_by_the_checker_or_shown_as_code(attack):
    """The checker reads the body with the renderer's parser: what it accepts is code."""
    problems = body.check(attack)
    lines = attack.count("\n") + 1
    assert all(1 <= line <= lines for line, _ in problems)
    if not problems:
        outside_code = re.sub(r"<code>.*?</code>", "", rendered(attack), flags=re.S)
        assert "&lt;" not in outside_code and "](" not in outside_code, attack


def test_every_class_of_the_issue_has_several_variants():
    assert all(len(variants) >= 3 for variants in BODY_ATTACKS.values())


def test_checker_names_the_line_of_the_problem():
    text = "## Titre\n\nUn paragraphe\nsur deux lignes avec <b\nonclick=x>x</b> ici.\n\n[x](javascript:y)\n"
    assert [line for line, _ in body.check(text)] == [4, 5, 7]


def test_code_is_shown_as_code_and_accepted():
    text = "```\n<script>alert(1)</script>\n```\n\n~~~ deux mots\n<b onclick=x>\n~~~\n\nDu `<img src=x>` en ligne."
    assert body.check(text) == []
    html = rendered(text)
    assert violations(html) == []
    assert "&lt;script&gt;" in html and "&lt;img src=x&gt;" in html


# Hypothesis: whatever the body, the rendered HTML stays within the allowlist.
PIECES = ["<", ">", "</", "/>", "[", "]", "(", ")", "!", "`", "```", "~~~", "\n", "\n\n", " ", "  ", "\t",
          "javascript:", "JaVaScRiPt:", "vbscript:", "data:", "&#106;", "&#x6A;", "&Tab;", "&NewLine;", "&colon;",
          "&#58;", "%09", "%3A", "//", "\\", "http://", "https://x.example", "mailto:", "onerror=", "onclick=",
          "alert(1)", "{:", "{#", "{.", "}", "*", "_", "#", "## ", "> ", "- ", "1. ", "|", "---", ":", "=", '"',
          "'", "&", ";", "script", "img", "src=", "href=", "a", "x", "svg", "style", "iframe", "id=",
          "data-pagefind-filter", "[r]: ", "[r]", "![", "](", "<a ", "<img ", "<script>", "<!--", "-->", "\x00",
          "\u2028", "é", "😀"]
bodies = st.lists(st.one_of(st.sampled_from(PIECES), st.text(max_size=4)), max_size=60).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_fuzzed_bodies_render_within_the_allowlist(text):
    assert violations(rendered(text)) == []


@settings(max_examples=200, deadline=None)
@given(bodies)
def test_fuzzed_bodies_never_crash_the_checker(text):
    for line, message in body.check(text):
        assert line >= 1 and message and "\n" not in message


def _tokens(tokens) -> list[dict]:
    return [token.as_dict() for token in tokens]


def _shared_reading_is_each_parsers(text: str) -> bool:
    """A body is read once (safe_markdown.read) for its check, its page and its plain text. The renderer
    takes that reading only when its own parser, which refuses links, would read the same; the checker
    only when its own, which reads raw HTML, would: the shared reading weakens neither. True when the
    renderer takes it."""
    reading = safe_markdown.take(text)
    if reading.allowed:
        assert _tokens(reading.tokens) == _tokens(safe_markdown._PARSER.parse(XML_INVALID.sub("", text), {})), text
    assert body.check(text) == body.problems_of(body._CHECKER.parse(XML_INVALID.sub("", text), {})), text
    if not body._MAY_BE_HTML.search(text):
        assert _tokens(reading.tokens) == _tokens(body._CHECKER.parse(XML_INVALID.sub("", text), {})), text
    # Where raw HTML may start, the checker's reading is the one kept for the page when it finds none:
    # then it is what the renderer's parser (links allowed, as the reading keeps them) reads.
    checked = safe_markdown._read(text, html=True)
    if not checked.raw:
        kept_links = safe_markdown.parser()
        kept_links.validateLink = lambda url: True
        assert _tokens(checked.tokens) == _tokens(kept_links.parse(XML_INVALID.sub("", text), {})), text
    return reading.allowed


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(bodies)
def test_fuzzed_bodies_share_a_reading_only_where_each_parser_reads_the_same(text):
    _shared_reading_is_each_parsers(text)


def test_a_refused_link_is_read_again_by_the_renderers_parser():
    attacks = [a for group in BODY_ATTACKS.values() for a in group]
    taken = [_shared_reading_is_each_parsers(text) for text in attacks + [COMPLET.split("---\n", 2)[2]]]
    assert taken[-1] and not all(taken)  # the golden body is shared, some attacks are not
    assert not _shared_reading_is_each_parsers("[a](javascript:alert(1)) [b](wimoov.md)")
    assert _shared_reading_is_each_parsers("[a](https://a.fr) [b](wimoov.md) ![c](c.png)")


def _case(texte: str, **fields) -> dict:
    from scripts.sheets.model import to_case
    sheet = parse(COMPLET.encode("utf-8"), Sheet(rel="cases/complet.md", stem="complet"))
    sheet.meta.update(fields)
    sheet.body = texte
    return to_case(sheet)


def test_hostile_body_in_the_whole_case_page():
    """The case page published as it is: the body adds no element, attribute or id
    beyond the template's own, whatever it holds (rendered without the validator)."""
    reference = dict(render.pages([_case("Texte.")]))["cas/complet.md"]
    attacks = "\n\n".join(a for group in BODY_ATTACKS.values() for a in group)
    page = dict(render.pages([_case(attacks + "\n\n## Sources\n\n## Citer cette fiche\n\n## Cas proches\n")]))
    page = page["cas/complet.md"]

    def attributes(html: str) -> tuple[set[tuple[str, str]], list[tuple[str, str | None]]]:
        """(element, attribute) pairs but URLs, text and heading ids; every data-pagefind-* value."""
        pairs, pagefind = set(), []

        class Scan(HTMLParser):
            def handle_starttag(self, tag, attrs):
                pairs.update((tag, name) for name, _ in attrs if name not in ("href", "src", "alt", "title", "rel"))
                pagefind.extend((name, value) for name, value in attrs if name.startswith("data-pagefind"))

        Scan().feed(html)
        return pairs - {(f"h{n}", "id") for n in range(1, 7)}, pagefind

    assert attributes(page) == attributes(reference)
    ids = re.findall(r'\sid="([^"]+)"', page)
    assert len(ids) == len(set(ids)), ids
    assert {"sources", "citer", "sources-2", "cas-proches-2", "citer-cette-fiche"} <= set(ids)
    assert "<script" not in page.split("---", 2)[2]


def test_heading_ids_are_french_slugs_unique_and_listed_in_the_toc(tmp_path):
    text = ("## L'innovation\n\n## Impacts\n\n## Impacts\n\n### Détail é\n\n## Sources\n\n## Citer\n\n"
            "## 😀\n\n## Recherche entête q\n")
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "complet.md").write_text(COMPLET.split("---\n\n", 1)[0] + "---\n\n" + text, encoding="utf-8")
    (cases / "national.md").write_text(NATIONAL, encoding="utf-8")
    result = core.build(cases)
    assert result.problems == []
    toc = result.tocs["cas/complet.md"]
    assert [ident for _, ident, _ in toc] == ["l-innovation", "impacts", "impacts-2", "detail-e", "sources-2",
                                             "citer-2", "section", "recherche-entete-q-2", "reproduire", "sources",
                                             "citer"]
    page = dict(result.pages)["cas/complet.md"]
    assert [i for i in re.findall(r'\sid="([^"]+)"', page) if i in {t[1] for t in toc}] == [t[1] for t in toc]


# Links between cases and to the site: resolved by the core, checked before writing.
LINKING = """
## L'innovation

Voir [le cas national](national.md), ses [impacts](national.md#impacts), [l'étude](../etude/index.md),
[plus bas](#enseignements), [les catégories](../categories/), [les données](../donnees/cas.csv)
et [un site](https://exemple.fr) ; ![un schéma](../assets/schema.png)

## Enseignements
"""


def _project_with(tmp_path: Path, complet_body: str) -> tuple[Path, Path]:
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "complet.md").write_text(COMPLET.split("---\n\n", 1)[0] + "---\n" + complet_body, encoding="utf-8")
    (cases / "national.md").write_text(NATIONAL + "\n## Impacts\n", encoding="utf-8")
    docs = tmp_path / "docs"
    (docs / "etude").mkdir(parents=True)
    (docs / "etude" / "index.md").write_text("# L'étude\n", encoding="utf-8")
    (docs / "assets").mkdir()
    (docs / "assets" / "schema.png").write_bytes(b"\x89PNG")
    return cases, docs


def test_links_inside_the_site_are_resolved_to_page_urls(tmp_path):
    cases, docs = _project_with(tmp_path, LINKING)
    result = core.build(cases, docs_dir=docs)
    assert result.problems == []
    page = dict(result.pages)["cas/complet.md"]
    for href in ('href="../national/"', 'href="../national/#impacts"', 'href="../../etude/"',
                 'href="#enseignements"', 'href="../../categories/"', 'href="../../donnees/cas.csv"',
                 'href="https://exemple.fr"', 'src="../../assets/schema.png"'):
        assert href in page, href


def test_broken_links_between_cases_are_named_before_anything_is_built(tmp_path):
    broken = ("\nUn [cas absent](absent.md) ;\n[une ancre absente](national.md#nulle-part)\n"
              "et [hors du site](../../../etc/passwd) ; [ici](#pas-ici) ;\n![image absente](../assets/absente.png)\n")
    cases, docs = _project_with(tmp_path, broken)
    result = core.build(cases, docs_dir=docs)
    assert result.pages == [] and result.files == []
    body_line = COMPLET.split("---\n\n", 1)[0].count("\n") + 2
    found = [(p.file, p.line - body_line, p.key, p.message.split(" : ")[0]) for p in result.problems]
    assert found == [
        ("cases/complet.md", 1, "corps", "lien « absent.md »"),
        ("cases/complet.md", 2, "corps", "lien « national.md#nulle-part »"),
        ("cases/complet.md", 3, "corps", "lien « #pas-ici »"),
        ("cases/complet.md", 3, "corps", "lien « ../../../etc/passwd »"),
        ("cases/complet.md", 4, "corps", "lien « ../assets/absente.png »"),
    ]
    assert "cas/absent.md n'existe pas" in result.problems[0].message


# Unicode: emoji and every character survive in title, description, JSON-LD, feed, search.
EMOJI = "Fête 😀 des quartiers 🏙️ & « cœur »"


def _emoji_sheet() -> str:
    text = COMPLET
    for key in ("titre", "resume", "porteur"):  # the commune is a name of the official geography
        text = re.sub(rf"^{key}: .*$", f'{key}: "{EMOJI} ({key})"', text, flags=re.M)
    text = text.replace('nom: "Quartier d\'exemple"', f'nom: "{EMOJI} (qpv)"')
    text = text.replace('titre: "Entretien avec le porteur"', f'titre: "{EMOJI} (source)"')
    return text + f"\n## {EMOJI}\n\nTexte 🚲 avec [un lien 🔗](national.md).\n"


def test_emoji_in_every_field_survive_everywhere(tmp_path):
    project = make_project(tmp_path, {"complet.md": _emoji_sheet(), "national.md": NATIONAL})
    run = mkdocs("build", "--strict", cwd=project)
    assert run.returncode == 0, run.stderr[-3000:]
    out = project / "site"
    page = (out / "cas" / "complet" / "index.html").read_text(encoding="utf-8")
    escaped = typo.text(EMOJI).replace("&", "&amp;")  # French spaces inside « » in the page's text
    assert f"<title>{escaped} (titre) - " in page
    raw = EMOJI.replace("&", "&amp;")  # attributes keep the text as typed (no typographic spaces)
    assert f'<meta name="description" content="{raw} (resume)">' in page
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', page, re.S).group(1))
    assert data["name"] == f"{EMOJI} (titre)" and data["description"] == f"{EMOJI} (resume)"
    assert data["about"]["sponsor"]["name"] == f"{EMOJI} (porteur)"
    assert data["spatialCoverage"]["name"] == "Marseille"
    assert f"{EMOJI} (source)" in data["citation"]
    for key in ("porteur", "qpv", "source"):
        assert f"{escaped} ({key})" in page, key
    assert "Texte 🚲 avec" in page and 'href="../national/"' in page
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ET.fromstring((out / "flux.xml").read_bytes()).iter(f"{atom}entry")
    entry = next(e for e in entries if e.findtext(f"{atom}id").endswith("/cas/complet/"))
    assert entry.findtext(f"{atom}title") == f"{EMOJI} (titre)"
    assert entry.findtext(f"{atom}summary") == f"{EMOJI} (resume)"
    fragments = [gzip.decompress(p.read_bytes()) for p in (out / "pagefind" / "fragment").glob("*.pf_fragment")]
    found = [json.loads(f.split(b"pagefind_dcd", 1)[1]) for f in fragments]
    entry = next(f for f in found if f["url"].endswith("/cas/complet/"))
    # Search shows the page's text, with its French typographic spaces.
    assert entry["meta"]["title"] == typo.text(f"{EMOJI} (titre)")
    assert entry["meta"]["resume"] in (f"{EMOJI} (resume)", typo.text(f"{EMOJI} (resume)"))
    toc = page.split('data-md-component="toc"', 1)[1].split("</nav>", 1)[0]
    assert escaped in toc and "Citer cette fiche" in toc


@settings(max_examples=300, deadline=None)
@given(st.text())
def test_page_meta_survives_any_text(value):
    """The front matter of a generated page keeps any text whole (the YAML reader MkDocs uses)."""
    clean = feed.XML_INVALID.sub("", value)
    meta = yaml.safe_load(f"title: {escaping.meta(value)}\njsonld: {escaping.meta_json(value)}\n")
    assert meta["title"] == clean.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;") \
        .replace('"', "&quot;").replace("'", "&#x27;")
    assert meta["jsonld"] == value


def test_feed_stays_well_formed_with_characters_xml_forbids():
    import datetime
    case = _case("", titre="Titre \ufffe\uffff\x01\x1b\ud7ff\U0001fffe 😀", resume="Résumé \x00\x0b\ufdd0 fin")
    atom = feed.atom([case], "https://exemple.fr/", datetime.date(2017, 2, 1))
    entry = ET.fromstring(atom.encode("utf-8")).find("{http://www.w3.org/2005/Atom}entry")
    assert entry.findtext("{http://www.w3.org/2005/Atom}title") == "Titre \ud7ff 😀"
    assert entry.findtext("{http://www.w3.org/2005/Atom}summary") == "Résumé  fin"


def test_feed_values_are_text_never_markup():
    """The feed template escapes every value for XML: a title cannot close its element or add one,
    an address with « & » stays one attribute, and the feed stays valid Atom."""
    import datetime
    case = _case("", titre='</title><entry><title>x</title></entry> & "guillemets" l\'école',
                 resume="<summary>a</summary> & b")
    atom = feed.atom([case], "https://exemple.fr/?a=1&b=2/", datetime.date(2017, 2, 1))
    ns = "{http://www.w3.org/2005/Atom}"
    root = ET.fromstring(atom.encode("utf-8"))
    assert root.tag == f"{ns}feed" and root.get("{http://www.w3.org/XML/1998/namespace}lang") == "fr"
    (entry,) = root.findall(f"{ns}entry")
    assert entry.findtext(f"{ns}title") == case["titre"] and entry.findtext(f"{ns}summary") == case["resume"]
    assert entry.find(f"{ns}link").get("href") == "https://exemple.fr/?a=1&b=2/cas/complet/"
    assert root.findtext(f"{ns}id") == "https://exemple.fr/?a=1&b=2/flux.xml"
    assert root.findtext(f"{ns}updated") == entry.findtext(f"{ns}updated") == "2017-02-01T00:00:00Z"
    assert feed.robots("https://exemple.fr/") == "User-agent: *\nAllow: /\n\nSitemap: https://exemple.fr/sitemap.xml\n"


def test_line_breaks_in_fields_never_end_an_html_block():
    case = _case("", titre="Un titre\n\n[x](javascript:alert(1))", resume="a\r\n\r\n<b>b</b>")
    item = listing.Listing().items([case], "../")
    assert "\n" not in item and "\r" not in item and "&lt;b&gt;" in item
    page = dict(render.pages([case]))["cas/complet.md"]
    assert "Un titre&#10;&#10;[x](javascript:alert(1))" in page


# No crash, no traceback, ever: every sheet is published or named.
def _bad_sheets() -> dict[str, str]:
    return {
        "profond.md": COMPLET.replace("id: complet", "id: profond").replace("annee: 2015", "annee: " + "[" * 30_000),
        "blocs.md": COMPLET.replace("id: complet", "id: blocs").replace(
            "annee: 2015", "annee:\n" + "".join("  " * i + "-\n" for i in range(1, 60))),
        "date.md": COMPLET.replace("id: complet", "id: date").replace("mis_a_jour: 2017-02-01",
                                                                        "mis_a_jour: 2017-02-30"),
        "entier.md": COMPLET.replace("id: complet", "id: entier").replace("annee: 2015", "annee: " + "9" * 4400),
        "espace.md": COMPLET.replace("id: complet", "id: espace").replace("anciens_ids: [ancien-complet]\n", "")
                            .replace("---\n", "--- \n", 1),
        "mauvais.md": COMPLET.replace("id: complet", "id: mauvais").replace("echelle: locale", "echelle: mondiale"),
    }


def test_pathological_sheets_are_named_and_the_others_still_listed(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    for name, text in _bad_sheets().items():
        (cases / name).write_text(text, encoding="utf-8")
    (cases / ".cache.md").write_text(COMPLET, encoding="utf-8")
    (cases / ".DS_Store").write_bytes(b"\x00\x01")
    (cases / ".fiche.md.swp").write_bytes(b"\x00\x01")
    (cases / "boucle-a.md").symlink_to("boucle-b.md")
    (cases / "boucle-b.md").symlink_to("boucle-a.md")
    (cases / "soi.md").symlink_to("soi.md")
    (cases / "_brouillon.md").write_text("pas une fiche", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "scripts.validate", "--cases", str(cases)], cwd=ROOT, env=ENV,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1
    assert "Traceback" not in run.stdout + run.stderr
    lines = run.stdout.splitlines()
    expected = [
        ("cases/.cache.md:1: fichier: fiche cachée", None),
        ("cases/blocs.md:", "annee: trop imbriqué"),
        ("cases/boucle-a.md:1: fichier: lien symbolique cassé ou en boucle", None),
        ("cases/boucle-b.md:1: fichier: lien symbolique cassé ou en boucle", None),
        ("cases/date.md:28: mis_a_jour: date impossible « 2017-02-30 »", None),
        ("cases/entier.md:26: annee: nombre trop long", None),
        ("cases/mauvais.md:13: echelle: valeur « mondiale » inconnue", None),
        ("cases/profond.md:26: annee: trop imbriqué", None),
        ("cases/soi.md:1: fichier: lien symbolique cassé ou en boucle", None),
    ]
    for start, part in expected:
        assert any(line.startswith(start) and (part is None or part in line) for line in lines), (start, lines)
    assert not any(line.startswith(("cases/espace.md", "cases/.DS_Store", "cases/.fiche.md.swp"))
                   or "_brouillon" in line for line in lines), lines
    assert len(lines) == len(expected)


def test_sheet_with_a_trailing_space_after_the_dashes_is_read():
    sheet = parse(COMPLET.replace("---\n", "---  \t\n", 1).encode(), Sheet(rel="cases/complet.md", stem="complet"))
    assert validate([sheet]) == [] and sheet.meta["id"] == "complet"


@pytest.mark.parametrize("front", ["a: " + "{a: " * 5000, "a:\n" + "".join(" " * i + "- x:\n" for i in range(300)),
                                   "a: " + "[" * 150_000])
def test_deep_nesting_is_refused_before_composing(front):
    sheet = parse(f"---\n{front}\n---\n".encode(), Sheet(rel="cases/x.md", stem="x"))
    assert sheet.meta is None
    assert any("imbriqué" in p.message or "illisible" in p.message for p in sheet.problems)


# The last good site is never touched by a failed build.
def _snapshot(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def _break_with_sheet(project: Path):
    (project / "cases" / "profond.md").write_text(_bad_sheets()["profond.md"], encoding="utf-8")
    return lambda: (project / "cases" / "profond.md").unlink()


def _break_with_link(project: Path):
    sheet = project / "cases" / "national.md"
    before = sheet.read_text(encoding="utf-8")
    sheet.write_text(before + "\nVoir [un cas absent](absent.md).\n", encoding="utf-8")
    return lambda: sheet.write_text(before, encoding="utf-8")


def _break_with_template(project: Path):
    template = project / "scripts" / "pages" / "templates" / "case.md.j2"
    before = template.read_text(encoding="utf-8")
    template.write_text(before + "{{ variable_inconnue.x }}\n", encoding="utf-8")
    return lambda: template.write_text(before, encoding="utf-8")


def _break_with_docs_link(project: Path):
    page = project / "docs" / "etude" / "index.md"
    before = page.read_text(encoding="utf-8")
    page.write_text(before + "\n[Une page absente](absente.md)\n", encoding="utf-8")
    return lambda: page.write_text(before, encoding="utf-8")


def test_a_failed_build_of_any_cause_leaves_the_site_byte_identical(tmp_path):
    project = make_project(tmp_path, {"complet.md": COMPLET, "national.md": NATIONAL})
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    good = _snapshot(project / "site")
    assert "cas/complet/index.html" in good
    for cause in (_break_with_sheet, _break_with_link, _break_with_template, _break_with_docs_link):
        restore = cause(project)
        run = mkdocs("build", "--strict", cwd=project)
        restore()
        assert run.returncode != 0, cause.__name__
        assert _snapshot(project / "site") == good, cause.__name__
        assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == [], cause.__name__
    run = mkdocs("build", "--strict", cwd=project)  # the causes are gone: the next build replaces the site
    assert run.returncode == 0 and "cas/complet/index.html" in _snapshot(project / "site")
    assert [p.name for p in project.iterdir() if p.name.startswith(".site")] == []


def test_broken_link_fails_with_the_sheet_named_in_french(tmp_path):
    project = make_project(tmp_path, {"national.md": NATIONAL + "\n[x](absent.md)\n"})
    run = mkdocs("build", "--strict", cwd=project)
    assert run.returncode != 0 and "Traceback" not in run.stderr
    assert re.search(r"cases/national\.md:\d+: corps: lien « absent\.md » : la page cas/absent\.md n'existe pas",
                     run.stderr)
    assert not (project / "site").exists()


@pytest.mark.parametrize("target", ["cases", "docs", ".", "cases/sous-dossier", "docs/etude", "scripts", ".."])
def test_standalone_writer_refuses_a_source_folder(tmp_path, target):
    project = make_project(tmp_path, {"national.md": NATIONAL})
    before = _snapshot(project)
    run = subprocess.run([sys.executable, "-m", "scripts.build", "--out", target], cwd=project, env=ENV,
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 2, run.stderr
    assert "Sortie refusée" in run.stderr and "Traceback" not in run.stderr
    assert _snapshot(project) == before


def test_standalone_writer_replaces_only_a_folder_it_made(tmp_path):
    project = make_project(tmp_path, {"national.md": NATIONAL})
    foreign = tmp_path / "a-moi"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("à garder", encoding="utf-8")
    command = [sys.executable, "-m", "scripts.build", "--out"]
    run = subprocess.run(command + [str(foreign)], cwd=project, env=ENV, capture_output=True, text=True)
    assert run.returncode == 2 and (foreign / "notes.txt").read_text(encoding="utf-8") == "à garder"
    out = tmp_path / "sortie"
    for _ in range(2):  # made, then replaced
        run = subprocess.run(command + [str(out)], cwd=project, env=ENV, capture_output=True, text=True)
        assert run.returncode == 0, run.stderr
        assert (out / "cas" / "national.md").is_file()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".build")] == []


def test_serve_keeps_serving_the_last_good_build(tmp_path):
    import threading

    project = make_project(tmp_path, {"national.md": NATIONAL})
    with mkdocs_serve(project, stderr=subprocess.PIPE) as (server, root):
        log: list[str] = []
        threading.Thread(target=lambda: log.extend(server.stderr), daemon=True).start()
        url = f"{root}cas/national/"
        assert wait_for(url, "Un dispositif national")
        (project / "cases" / "profond.md").write_text(_bad_sheets()["profond.md"], encoding="utf-8")
        assert wait_until(lambda: any("cases/profond.md:26: annee: trop imbriqué" in line for line in log)), log[-20:]
        assert wait_for(url, "La dernière construction a échoué", 30)
        served = get(url)
        assert "Un dispositif national" in served, "the last good build is no longer served"
        assert "cases/profond.md:26: annee: trop imbriqué" in served
        (project / "cases" / "profond.md").unlink()  # fixed: the banner goes
        assert wait_until(lambda: "Un dispositif national" in (get(url) or "")
                          and "La dernière construction a échoué" not in (get(url) or ""))
        assert server.poll() is None, "the server stopped"
