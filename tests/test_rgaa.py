"""RGAA 4.1 criteria a program can decide, checked on every page of the built site, and the audit
grid (scripts/pages/data/grille-rgaa.csv) that the accessibility statement is computed from. Each test
names the criterion it decides; the grid names the test."""

from __future__ import annotations

import ast
import json
import re
import shutil
import subprocess
from html.parser import HTMLParser
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urljoin

import pytest
from helpers import ROOT

from scripts import core
from scripts.contract.settings import Settings
from scripts.pages import rgaa, sitemap

THEME_404 = "/404.html"  # the theme's English 404 page: NC in the grid until the French one lands
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SITE_NAME = "Base de projets innovation et QPV"
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
FRENCH = {"le", "la", "les", "de", "des", "du", "et", "un", "une", "en", "pour", "est", "sont", "dans", "par", "au"}
ENGLISH = {"the", "and", "of", "with", "for", "is", "are", "this", "that", "from", "to", "by", "on", "your"}


class Page(HTMLParser):
    """What the tests need from one page: title, language, headings, controls, links, text."""

    def __init__(self, html: str):
        super().__init__(convert_charrefs=True)
        self.doctype = ""
        self.lang = None
        self.title = ""
        self.headings: list[tuple[int, str]] = []
        self.ids: set[str] = set()
        self.label_for: set[str] = set()
        self.controls: list[dict] = []
        self.links: list[dict] = []
        self.tags: set[str] = set()
        self.langs: list[str] = []
        self.sentences: list[str] = []  # text outside any element carrying its own lang
        self.stack: list[tuple[str, dict]] = []
        self.capture: list[list] = []  # open elements whose text is collected: [tag, attrs, text]
        self.text: list[str] = []
        self.feed(html)
        self._flush()

    def handle_decl(self, decl):
        self.doctype = decl

    def handle_starttag(self, tag, attrs):
        attrs = {k: v or "" for k, v in attrs}
        self.tags.add(tag)
        if "id" in attrs:
            self.ids.add(attrs["id"])
        if tag == "html":
            self.lang = attrs.get("lang")
        elif "lang" in attrs:
            self.langs.append(attrs["lang"])
        if tag == "label" and attrs.get("for"):
            self.label_for.add(attrs["for"])
        if tag in ("input", "select", "textarea"):
            in_label = any(t == "label" for t, _ in self.stack)
            self.controls.append({**attrs, "tag": tag, "in_label": in_label})
        if tag in ("p", "li", "h1", "h2", "h3", "h4", "h5", "h6", "div", "td", "th", "dd", "dt", "br"):
            self._flush()
        if tag in ("title", "a", "h1", "h2", "h3", "h4", "h5", "h6"):
            self.capture.append([tag, attrs, []])
        if tag not in VOID:
            self.stack.append((tag, attrs))

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        while self.stack:
            open_tag, _ = self.stack.pop()
            if open_tag == tag:
                break
        for i in range(len(self.capture) - 1, -1, -1):
            if self.capture[i][0] == tag:
                name, attrs, text = self.capture.pop(i)
                text = " ".join("".join(text).split())
                if name == "title":
                    self.title = self.title or text  # the page's, not an SVG shape's <title>
                elif name == "a":
                    self.links.append({**attrs, "text": text})
                else:
                    self.headings.append((int(name[1]), text))
                break
        if tag in ("p", "li", "div", "td", "th", "dd", "dt") or tag.startswith("h"):
            self._flush()

    def handle_data(self, data):
        for item in self.capture:
            item[2].append(data)
        hidden = any(t in ("script", "style", "code", "pre", "svg") or (t != "html" and "lang" in a)
                     for t, a in self.stack)
        if not hidden:
            self.text.append(data)

    def _flush(self):
        text = " ".join("".join(self.text).split())
        self.text = []
        self.sentences += [s for s in re.split(r"(?<=[.!?])\s+", text) if s]


def html_pages(site_dir: Path) -> dict[str, Path]:
    """URL path -> file of every HTML page a reader can reach (not redirects, not Pagefind's)."""
    out = {}
    for path in sorted(site_dir.rglob("*.html")):
        rel = path.relative_to(site_dir).as_posix()
        if rel.startswith(("pagefind/", "assets/")) or 'http-equiv="refresh"' in path.read_text(encoding="utf-8"):
            continue
        out["/" + rel.removesuffix("index.html")] = path
    return out


@pytest.fixture(scope="module")
def parsed(built_site) -> dict[str, Page]:
    return {url: Page(path.read_text(encoding="utf-8")) for url, path in html_pages(built_site).items()}


def test_nu_html_checker_finds_no_error(built_site):
    """RGAA 8.2: the generated code of every page is valid (W3C Nu Html Checker, vnu-jar from npm)."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java est absent : le validateur HTML (vnu-jar) en a besoin (apt-get install default-jre-headless)")
    if not VNU.is_file():
        pytest.fail(f"{VNU.relative_to(ROOT)} absent : lancez npm ci (vnu-jar est une dépendance de développement)")
    run = subprocess.run([java, "-jar", str(VNU), "--skip-non-html", "--errors-only", "--format", "json",
                          *map(str, html_pages(built_site).values())], capture_output=True, text=True, timeout=900)
    messages = json.loads(run.stderr)["messages"]
    found = [(m["url"].split(str(built_site))[-1], m.get("lastLine"), m["message"]) for m in messages]
    assert found == [] and run.returncode == 0


def test_every_page_declares_doctype_and_language(parsed):
    """RGAA 8.1, 8.3 and 8.4: a doctype, a default language, and that language is the text's (French)."""
    assert len(parsed) > 50
    for url, page in parsed.items():
        assert page.doctype.lower() == "doctype html", url
        assert page.lang == "fr", url
        words = re.findall(r"[a-zà-ÿ]+", " ".join(page.sentences).lower())
        assert sum(w in FRENCH for w in words) >= 3 * sum(w in ENGLISH for w in words), url


def test_titles_are_unique_and_name_the_page(parsed):
    """RGAA 8.5 and 8.6: every page has a title, no two pages share one, and it names the page
    (its main heading, then the site's name)."""
    titles = {}
    for url, page in parsed.items():
        assert page.title, url
        titles.setdefault(page.title, []).append(url)
        if url not in ("/", THEME_404):
            h1 = next(text for level, text in page.headings if level == 1)
            assert page.title == f"{h1} - {SITE_NAME}", (url, page.title, h1)
    assert {t: urls for t, urls in titles.items() if len(urls) > 1} == {}
    assert parsed["/"].title == SITE_NAME


def english_sentences(page: Page) -> list[str]:
    """Sentences outside any lang="…" element that read as English, not French."""
    out = []
    for sentence in page.sentences:
        words = re.findall(r"[a-zà-ÿ']+", sentence.lower())
        if sum(w in ENGLISH for w in words) >= 3 and not any(w in FRENCH for w in words):
            out.append(sentence)
    return out


def test_passages_in_another_language_are_marked(parsed):
    """RGAA 8.7 and 8.8: a passage in English (the only other language likely here) sits in an element
    with its own lang, and every lang code is a valid BCP 47 tag."""
    planted = Page('<!doctype html><html lang="fr"><body><p>La base de projets.</p>'
                   "<p>This is the place where the cases are listed for you.</p>"
                   '<p lang="en">This is the place where the cases are listed.</p></body></html>')
    assert english_sentences(planted) == ["This is the place where the cases are listed for you."]
    for url, page in parsed.items():
        assert english_sentences(page) == [], url
        for code in page.langs:
            assert re.fullmatch(r"[a-z]{2,3}(-[A-Za-z0-9]{2,8})*", code), (url, code)


def test_headings_one_h1_and_no_skipped_level(parsed):
    """RGAA 9.1: one h1 per page, first; no heading skips a level going down."""
    for url, page in parsed.items():
        levels = [level for level, _ in page.headings]
        assert levels and levels[0] == 1 and levels.count(1) == 1, (url, page.headings[:3])
        skips = [(a, b) for a, b in zip(levels, levels[1:]) if b > a + 1]
        assert skips == [], (url, skips)


def test_every_form_control_has_a_label(parsed):
    """RGAA 11.1: every form field a reader can reach has a label (the theme's display:none
    checkbox toggles, class md-toggle, are no fields)."""
    for url, page in parsed.items():
        for control in page.controls:
            if "md-toggle" in control.get("class", "") or control.get("type") in ("hidden", "submit", "button"):
                continue
            named = (control.get("id") in page.label_for or control["in_label"] or control.get("aria-label")
                     or control.get("aria-labelledby"))
            assert named, (url, control)


VAGUE = {"ici", "cliquez ici", "cliquer ici", "lire la suite", "en savoir plus", "plus", "lien", "suite"}


def test_links_have_a_name_and_a_distinct_purpose(parsed):
    """RGAA 6.2 (every link has a name) and the computable part of 6.1: no « cliquez ici », and no two
    links with the same name leading to different places on a page."""
    for url, page in parsed.items():
        targets: dict[str, set[str]] = {}
        for link in page.links:
            if "href" not in link or link["href"].startswith("#"):
                continue  # an anchor in the page: its context (table of contents) gives its purpose
            name = " ".join((link.get("aria-label") or link["text"] or link.get("title", "")).split())
            assert name, (url, link)
            assert name.lower() not in VAGUE, (url, name)
            targets.setdefault(name, set()).add(urljoin("http://x" + url, link["href"]).split("#")[0])
        assert {n: t for n, t in targets.items() if len(t) > 1} == {}, url


def test_site_map_lists_every_page(parsed):
    """RGAA 12.3: the « Plan du site » page links to every page of the site."""
    plan = parsed["/plan-du-site/"]
    linked = {urljoin("http://x/plan-du-site/", a["href"])[len("http://x"):] for a in plan.links if "href" in a}
    assert set(parsed) - {"/404.html"} <= linked
    assert len(plan.links) > len(parsed) - 1


def test_two_navigation_systems_on_every_page(parsed):
    """RGAA 12.1 and 12.5: every page has the menu and the search form (same place, the header);
    the site map is the third system."""
    for url, page in parsed.items():
        assert any("md-nav__link" in a.get("class", "") for a in page.links), url
        assert "recherche-entete-q" in page.label_for, url
    assert "/plan-du-site/" in parsed


def test_skip_link_on_every_page(parsed):
    """RGAA 12.7: a skip link leads to the main content of every page."""
    for url, page in parsed.items():  # the 404 page's too: the theme writes none there
        skip = [a for a in page.links if "md-skip" in a.get("class", "")]
        assert len(skip) == 1 and skip[0]["href"].lstrip("#") in page.ids, url


def test_na_rows_match_the_pages(parsed):
    """The grid's NA rows decided by a test: no frame (2.x), no time-based media or object (4.x),
    no table (5.x) on the page the row is about."""
    absent = {"2": {"iframe", "frame"}, "4": {"video", "audio", "object", "embed", "canvas"}, "5": {"table"}}
    checked = 0
    for row in rgaa.read_grid():
        if row["statut"] == "NA" and row["verification"].endswith("::test_na_rows_match_the_pages"):
            page = parsed[rgaa.SAMPLE[row["page"]].split("?")[0]]
            assert page.tags & absent[row["critere"].split(".")[0]] == set(), row
            checked += 1
    assert checked > 100


def test_grid_covers_every_criterion_page_and_support():
    """The grid: 106 criteria × every page of the sample × ordinateur/mobile, statuses and notes
    filled as the RGAA asks, and every test it names exists."""
    criteria = rgaa.read_criteria()
    assert len(criteria) == 106 and list(criteria)[0] == "1.1" and list(criteria)[-1] == "13.12"
    rows = rgaa.read_grid()
    assert rgaa.problems(rows, criteria) == []
    assert len(rows) == 106 * len(rgaa.SAMPLE) * len(rgaa.SUPPORTS)
    defined = set()
    for path in (ROOT / "tests").glob("test_*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        defined |= {f"tests/{path.name}::{node.name}" for node in tree.body if isinstance(node, ast.FunctionDef)}
    named = {r["verification"] for r in rows if r["verification"].startswith("tests/")}
    assert named and named <= defined, named - defined


def test_grid_problems_are_reported_in_french():
    criteria = rgaa.read_criteria()
    rows = [dict(r) for r in rgaa.read_grid()]
    rows[0].update(statut="NA", note="")
    rows[1].update(statut="OK")
    found = rgaa.problems(rows[:-1], criteria)
    assert any("demande une note" in p for p in found)
    assert any("statut « OK »" in p for p in found)
    assert any("aucune ligne pour le critère 13.12" in p for p in found)


def test_grid_claims_only_pages_that_exist(parsed):
    """A C or NA status is a claim about a page: the page must be on the site."""
    missing = {r["page"] for r in rgaa.read_grid() if r["statut"] in ("C", "NA")
               and rgaa.SAMPLE[r["page"]].split("?")[0] not in parsed}
    assert missing == set()


def _assessed(rows: list[dict]) -> list[dict]:
    """The grid as if every page were assessed like the home page."""
    home = {(r["critere"], r["support"]): r for r in rows if r["page"] == "accueil"}
    return [{**home[(r["critere"], r["support"])], "page": r["page"]} for r in rows]


def test_a_changed_row_changes_the_rate():
    """The rates come from the grid: one row changed, the rates change; the state follows the RGAA rules."""
    criteria = rgaa.read_criteria()
    rows = _assessed(rgaa.read_grid())
    before = rgaa.compute(rows, criteria)
    assert 0 < before.taux <= 100 and not before.complet and before.etat == rgaa.ETAT_NON
    row = next(r for r in rows if r["critere"] == "8.2" and r["page"] == "carte")
    row.update(statut="NC", note="3 erreurs du validateur, à corriger avant le 31 décembre")
    after = rgaa.compute(rows, criteria)
    assert after.conformes == before.conformes - 1 and after.taux < before.taux
    assert after.page_rates["carte"] < before.page_rates["carte"] and after.taux_moyen < before.taux_moyen
    failed = {c.number for c, _ in before.failures()} | {"8.2"}
    assert [c.number for c, _ in after.failures()] == [n for n in criteria if n in failed]
    done = rgaa.compute([{**r, "statut": "C", "note": "", "verification": "x"} for r in rows], criteria)
    assert done.complet and done.taux == 100 and done.etat == rgaa.ETAT_TOTAL


def test_statement_is_computed_from_the_grid(monkeypatch, tmp_path):
    """The statement page shows the grid's figures; a row changed in the grid changes them."""
    def statement(settings=None) -> str:
        result = core.build(ROOT / "cases", settings=settings)
        return dict(result.pages)["accessibilite/index.md"]

    text = statement()
    audit = rgaa.audit()
    assert f"**{audit.etat}**" in text and "non conforme" in text
    assert rgaa.percent(audit.taux) in text and rgaa.percent(audit.taux_moyen) in text
    assert "https://www.defenseurdesdroits.fr/" in text and "Défenseur des droits" in text
    assert "contact@base-innovation-qpv.example" in text  # the publisher's placeholder until mkdocs.yml names it
    assert f"({{}}{rgaa.PUBLISHED})".format("../") in text
    assert "mailto:contact@exemple.invalid" in statement(Settings().with_(editeur={"courriel": "contact@exemple.invalid"}))
    rows = rgaa.read_grid()
    row = next(r for r in rows if r["critere"] == "8.2" and r["page"] == "accueil" and r["support"] == "mobile")
    row.update(statut="NC", note="une erreur de validité")
    changed = tmp_path / "grille.csv"
    with changed.open("w", encoding="utf-8", newline="") as f:
        import csv
        writer = csv.DictWriter(f, fieldnames=rgaa.COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    monkeypatch.setattr(rgaa, "GRID", changed)
    other = statement()
    assert other != text
    assert rgaa.audit().taux_moyen < audit.taux_moyen
    assert "Critère 8.2 (Éléments obligatoires)\u00a0: une erreur de validité (page\u00a0: accueil)" in other


def test_footer_state_comes_from_the_same_computation(tmp_path):
    """config.extra.accessibilite (for the footer's « Accessibilité : … ») is the audit's state."""
    from scripts.mkdocs_adapter import hooks
    config = SimpleNamespace(extra={}, site_dir=str(tmp_path / "site"), markdown_extensions=[], site_url="")
    hooks.on_config(config)
    audit = rgaa.audit()
    assert config.extra["accessibilite"] == {"etat": audit.etat, "taux": rgaa.percent(audit.taux)}
    assert config.extra["accessibilite"]["etat"] == "non conforme"


def test_site_map_groups_generated_and_hand_written_pages():
    out = [("index.md", "---\ntitle: Accueil\n---\n"), ("cas/index.md", "# Tous les cas\n"),
           ("cas/b.md", '---\ntitle: "\\u00c9cole &amp; co"\n---\n'), ("cas/a.md", "<h1>Zed</h1>\n")]
    path, text = sitemap.site_map(out, [("etude/index.md", "L'étude"), ("cas/a.md", "doublon")], Settings())
    assert path == "plan-du-site/index.md"
    order = re.findall(r'<a href="([^"]+)">([^<]+)</a>', text)
    assert order == [("../", "Accueil"), ("../etude/", "L&#39;étude"), ("../plan-du-site/", "Plan du site"),
                     ("../cas/", "Tous les cas"), ("../cas/b/", "École &amp; co"), ("../cas/a/", "Zed")]
    assert re.findall(r"<h2>([^<]+)</h2>", text) == ["Pages principales", "Tous les cas"]


# In the browser (Debian's Chromium, the fixtures of test_browser.py): what needs a rendered page.
from test_browser import ARTIFACTS  # noqa: E402

SIZES = {"ordinateur": {"width": 1366, "height": 900}, "mobile": {"width": 390, "height": 844}}


def _sample(built_site) -> dict[str, str]:
    """The sample pages that exist on this site (the others are « non évalué » in the grid)."""
    pages = html_pages(built_site)
    return {name: url.lstrip("/") for name, url in rgaa.SAMPLE.items() if url.split("?")[0] in pages}


def _context(browser, support: str, scheme: str = "light"):
    return browser.new_context(viewport=SIZES[support], color_scheme=scheme, locale="fr-FR")


def _goto(page, server, path):
    page.goto(server + path, wait_until="load")
    if path.startswith("recherche/"):
        page.wait_for_function("() => document.querySelectorAll('#recherche-liste li').length > 0")
        page.wait_for_selector("#recherche-facettes:not([aria-busy])", state="attached")  # drawn after the results


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_contrast_light_and_dark(browser, server, built_site, support, scheme):
    """RGAA 3.2: text contrast (axe-core color-contrast) on every page of the sample, light and dark."""
    from axe_playwright_python.sync_playwright import Axe
    context = _context(browser, support, scheme)
    page = context.new_page()
    found = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        violations = Axe().run(page, options={"runOnly": ["color-contrast"]}).response["violations"]
        if violations:
            found[name] = [n["target"] for v in violations for n in v["nodes"]][:5]
    context.close()
    assert found == {}


# After one real Tab (so the browser is in keyboard mode), every focusable element of the page is
# focused in turn; each must show an outline of 2 px or more, or a box-shadow ring.
FOCUS_STYLES = """() => {
  const bad = [];
  const all = document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, [tabindex]');
  for (const el of all) {
    const r = el.getBoundingClientRect();
    if (el.matches('.md-toggle, [tabindex="-1"]') || !r.width || !r.height) continue;
    if (!document.getElementById('__drawer').checked && innerWidth < 1220 && el.closest('.md-sidebar--primary')) continue;
    el.focus();
    if (document.activeElement !== el) continue;
    const s = getComputedStyle(el);
    if (!((s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none'))
      bad.push(el.outerHTML.slice(0, 100));
  }
  return [all.length, bad];
}"""


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
def test_focus_is_visible(browser, server, built_site, support):
    """RGAA 10.7: every element that takes the keyboard focus shows a focus indicator (outline or ring)."""
    context = _context(browser, support)
    page = context.new_page()
    bad, seen = {}, 0
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        page.keyboard.press("Tab")
        count, found = page.evaluate(FOCUS_STYLES)
        seen += count
        if found:
            bad[name] = found[:4]
    context.close()
    assert seen > 100 and bad == {}


def test_reflow_at_320_px(browser, server, built_site):
    """RGAA 10.11: at 320 CSS pixels wide, no page of the sample scrolls sideways."""
    context = browser.new_context(viewport={"width": 320, "height": 640}, locale="fr-FR")
    page = context.new_page()
    wide = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > 320:
            wide[name] = width
    context.close()
    assert wide == {}


# WCAG 2.5.8: a target under 24 x 24 px passes if a 24 px circle centred on it meets no other target
# (nor another small target's circle); links inside a sentence are exempt, and so are the map's points,
# whose equivalent (the list of located cases, links of full size) is on the same page.
TARGETS = """() => {
  const inline = el => { const block = el.closest('p, li, td, dd, figcaption, blockquote');
    return block && block.textContent.trim() !== el.textContent.trim(); };
  const all = [], drawer = !document.getElementById('__drawer').checked && innerWidth < 1220;
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, label[for]')) {
    const r = el.getBoundingClientRect(), s = getComputedStyle(el);
    if (!r.width || !r.height || s.visibility === 'hidden') continue;
    if (el.matches('.md-toggle, .visuellement-cache, .md-skip') || (el.tagName === 'A' && inline(el))) continue;
    if (el.matches('label') && el.querySelector('input')) continue;
    if (el.closest('svg.carte-cas')) continue;  // the map's points: the list below them is the equivalent
    if (el.matches('[type=checkbox], [type=radio]') && el.labels.length) continue;  // its label is the target
    if (drawer && el.closest('.md-sidebar--primary')) continue;  // the closed drawer is off screen
    all.push({el, r, x: r.left + r.width / 2, y: r.top + r.height / 2, small: r.width < 24 || r.height < 24});
  }
  const gap = (p, r) => Math.hypot(Math.max(r.left - p.x, 0, p.x - r.right), Math.max(r.top - p.y, 0, p.y - r.bottom));
  return all.filter(t => t.small && all.some(o => o !== t && !o.el.contains(t.el) && !t.el.contains(o.el)
      && (gap(t, o.r) < 12 || (o.small && Math.hypot(t.x - o.x, t.y - o.y) < 24))))
    .map(t => [t.el.outerHTML.slice(0, 80).replace(/\\s+/g, ' '), Math.round(t.r.width), Math.round(t.r.height)]);
}"""


@pytest.mark.parametrize("support", rgaa.SUPPORTS)
def test_target_sizes(browser, server, built_site, support):
    """WCAG 2.2 criterion 2.5.8 (not in RGAA 4.1): links and buttons that are not inline in text are at
    least 24 x 24 CSS pixels, or spaced as if they were."""
    context = _context(browser, support)
    page = context.new_page()
    small = {}
    for name, path in _sample(built_site).items():
        _goto(page, server, path)
        found = page.evaluate(TARGETS)
        if found:
            small[name] = found[:4]
    context.close()
    assert small == {}


def test_screenshots_statement_and_site_map(browser, server):
    """The statement and the site map as readers see them: desktop and phone, light and dark."""
    ARTIFACTS.mkdir(exist_ok=True)
    for support in rgaa.SUPPORTS:
        for scheme in ("light", "dark"):
            context = _context(browser, support, scheme)
            page = context.new_page()
            for name, path in (("accessibilite", "accessibilite/"), ("plan-du-site", "plan-du-site/")):
                _goto(page, server, path)
                assert page.locator("h1").count() == 1
                shot = ARTIFACTS / f"{name}-{SIZES[support]['width']}-{'sombre' if scheme == 'dark' else 'clair'}.png"
                page.screenshot(path=str(shot))
                assert shot.stat().st_size > 10_000
            context.close()
