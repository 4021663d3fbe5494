"""Untrusted input: hostile text stays text everywhere; fuzzed sheets never crash the validator;
builds are reproducible."""

from __future__ import annotations

import csv
import gzip
import hashlib
import io
import json
import re
import xml.etree.ElementTree as ET
from html.parser import HTMLParser

import yaml
from helpers import ENV, GOLDEN, make_project, mkdocs
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.pages import typo
from scripts.sheets.load import Sheet, parse
from scripts.sheets.validate import validate

ATTACKS = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "</script><script>alert(1)</script>",
    "[cliquez](javascript:alert(1))",
    "*emphase* et __gras__",
    "\"guillemets\" et 'apostrophes'",
    "Toto & Cie &amp; &lt;b&gt;",
    "{{ 7*7 }} {% raw %}",
    "</title><script>alert(1)</script>",
    "\" onmouseover=\"alert(1)",
    "<svg onload=alert(1)>",
    "</textarea><iframe src=//evil.example>",
    "<a href=\"//evil.example\">x</a>",
    "&#60;script&#62;alert(1)&#60;/script&#62;",
    "<<script>script>alert(1)<</script>/script>",
    "=HYPERLINK(\"http://evil.example\",\"x\")",
    "+33 1 23 45 67 89",
    "-2+3",
    "@SUM(A1:A2)",
    "`code` et ```bloc```",
    "# Pas un titre",
    "--- et ***",
    "![image](https://pisteur.example/x.png)",
    "<style>body{display:none}</style>",
    "\u202eÉTIRCÉ À L'ENVERS",
    "]]><!-- -->",
    "${alert(1)} `${x}`",
    "<!DOCTYPE html><html>",
    "\\u003cscript\\u003e",
    "<base href=\"//evil.example/\">",
    "<meta http-equiv=\"refresh\" content=\"0;url=//evil.example\">",
    "{: onclick=\"alert(1)\" }",
]


def _sheet(index: int, attack: str) -> str:
    base = (GOLDEN / "valid" / "complet.md").read_text(encoding="utf-8")
    quoted = json.dumps(attack, ensure_ascii=False)
    text = base.replace("id: complet", f"id: hostile-{index}").replace("anciens_ids: [ancien-complet]\n", "")
    text = re.sub(r"^titre: .*$", lambda _: f"titre: {quoted}", text, flags=re.M)
    text = re.sub(r"^resume: .*$", lambda _: f"resume: {quoted}", text, flags=re.M)
    text = re.sub(r"^porteur: .*$", lambda _: f"porteur: {quoted}", text, flags=re.M)
    # the commune is not free text: a name of the official geography (test_communes.py refuses the others)
    return text.replace('    nom: "Quartier d\'exemple"', f"    nom: {quoted}")


class _Scan(HTMLParser):
    """Collects what a hostile value could have turned into: scripts, handlers, frames."""

    def __init__(self):
        super().__init__()
        self.scripts, self.handlers, self.elements, self.h1 = [], [], [], ""
        self._in_h1 = False

    def handle_starttag(self, tag, attrs):
        self.elements.append(tag)
        if tag == "script":
            self.scripts.append(dict(attrs))
        self.handlers += [name for name, _ in attrs if name.startswith("on")]
        self._in_h1 = self._in_h1 or tag == "h1"

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data


def test_hostile_text_stays_text_in_every_context(tmp_path):
    sheets = {f"hostile-{i}.md": _sheet(i, a) for i, a in enumerate(ATTACKS)}
    project = make_project(tmp_path, sheets)
    run = mkdocs("build", "--strict", cwd=project)
    assert run.returncode == 0, run.stderr[-3000:]
    out = project / "site"
    feed = ET.fromstring((out / "flux.xml").read_bytes())
    titles = {e.findtext("{http://www.w3.org/2005/Atom}title") for e in feed.iter("{http://www.w3.org/2005/Atom}entry")}
    rows = list(csv.DictReader(io.StringIO((out / "donnees" / "cas.csv").read_text("utf-8-sig"), newline="")))
    exported = {r["id"]: r for r in json.loads((out / "donnees" / "cas.json").read_text("utf-8"))}
    for i, attack in enumerate(ATTACKS):
        html = (out / "cas" / f"hostile-{i}" / "index.html").read_text(encoding="utf-8")
        scan = _Scan()
        scan.feed(html)
        assert scan.h1 == typo.text(attack), attack  # French spaces are the only change
        assert scan.handlers == [], attack
        assert "iframe" not in scan.elements and "base" not in scan.elements and "style" not in scan.elements
        assert all("src" in s or s.get("type") in ("application/ld+json", "application/json") for s in scan.scripts), attack
        assert len(scan.scripts) == 7  # theme base, palette, bundle, citation, menu, JSON-LD (+ config JSON)
        jsonld = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1)
        assert "<" not in jsonld and json.loads(jsonld)["name"] == attack
        title = re.search(r"<title>(.*?)</title>", html, re.S).group(1)
        assert "<" not in title and ">" not in title
        assert attack in titles
        assert exported[f"hostile-{i}"]["titre"] == attack
        row = next(r for r in rows if r["id"] == f"hostile-{i}")
        assert row["titre"] == ("'" + attack if attack[0] in "=+-@" else attack)
    listing = (out / "cas" / "index.html").read_text(encoding="utf-8")
    scan = _Scan()
    scan.feed(listing)
    assert scan.handlers == [] and "iframe" not in scan.elements


def test_corpus_is_large_enough():
    invalid = list((GOLDEN / "invalid").glob("*.md"))
    assert len(ATTACKS) + len(invalid) >= 30 and len(ATTACKS) >= 30


def _check(raw: bytes) -> list[str]:
    sheet = parse(raw, Sheet(rel="cases/fuzz.md", stem="fuzz"))
    problems = validate([sheet])
    for p in problems:
        assert p.file == "cases/fuzz.md" and p.line >= 1 and p.key and p.message
    return [str(p) for p in problems]


VALID_TEXT = (GOLDEN / "valid" / "complet.md").read_text(encoding="utf-8").replace("id: complet", "id: fuzz")
FUZZ = settings(max_examples=150, deadline=2000, suppress_health_check=[HealthCheck.too_slow])

scalars = st.one_of(st.none(), st.booleans(), st.integers(-10**6, 10**6), st.floats(allow_nan=True),
                    st.text(max_size=50), st.dates())
values = st.recursive(scalars, lambda inner: st.one_of(st.lists(inner, max_size=5),
                                                        st.dictionaries(st.text(max_size=10), inner, max_size=5)),
                      max_leaves=20)


@FUZZ
@given(st.dictionaries(st.one_of(st.sampled_from(["id", "titre", "axes", "coordonnees", "qpv", "sources",
                                                   "categories", "impacts", "annee", "mis_a_jour"]),
                                 st.text(max_size=12)), values, max_size=12))
def test_fuzzed_front_matter_never_crashes(meta):
    text = "---\n" + yaml.safe_dump(meta, allow_unicode=True) + "---\nTexte.\n"
    _check(text.encode("utf-8"))


@FUZZ
@given(st.binary(max_size=400))
def test_random_bytes_never_crash(raw):
    assert _check(raw)


@FUZZ
@given(st.integers(0, len(VALID_TEXT)), st.integers(0, 30), st.text(max_size=20))
def test_mutated_sheet_never_crashes(position, cut, insert):
    mutated = VALID_TEXT[:position] + insert + VALID_TEXT[position + cut:]
    _check(mutated.encode("utf-8", "surrogatepass"))


def test_yaml_bombs_and_tags_are_refused_quickly():
    bomb = "---\na: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\n" \
           "c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\n---\n"
    assert any("alias" in p for p in _check(bomb.encode()))
    for tag in ("!!python/object/apply:os.system ['id']", "!!binary aGVsbG8=", "!!set {a, b}", "!custom x"):
        assert any("étiquette YAML" in p for p in _check(f"---\nid: {tag}\n---\n".encode()))


def test_size_and_list_limits_have_their_own_messages():
    huge = VALID_TEXT + "x" * 300_000
    assert any("trop volumineuse" in p for p in _check(huge.encode()))
    many = VALID_TEXT.replace("axes: [2, 8]", "axes: [" + ", ".join(["1"] * 60) + "]")
    assert any("liste trop longue" in p for p in _check(many.encode()))
    nodes = VALID_TEXT.replace("annee: 2015", "annee: 2015\nx: [" + ", ".join(["1"] * 2500) + "]")
    assert any("en-tête trop grand" in p for p in _check(nodes.encode()))


def _digest(folder) -> dict[str, str]:
    """Every file of a built site and its hash: since Pagefind 1.6, its index files too (1.5 wrote its
    filter index from a hash map in an order that changed from run to run, Pagefind/pagefind#638)."""
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_two_builds_are_byte_identical(tmp_path):
    sheets = {p.name: p.read_bytes() for p in (GOLDEN / "valid").glob("*.md")}
    project = make_project(tmp_path, sheets)
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "a"), cwd=project).returncode == 0
    assert mkdocs("build", "--strict", "--site-dir", str(tmp_path / "b"), cwd=project).returncode == 0
    first, second = _digest(tmp_path / "a"), _digest(tmp_path / "b")
    assert first.keys() == second.keys()
    assert [k for k in first if first[k] != second[k]] == []
    assert any(k.startswith("pagefind/") for k in first)
    assert ENV["SOURCE_DATE_EPOCH"]


def test_removed_sheet_leaves_nothing_behind(tmp_path):
    sheets = {p.name: p.read_bytes() for p in (GOLDEN / "valid").glob("*.md")}
    project = make_project(tmp_path, sheets)
    out = project / "site"

    def fragments() -> bytes:  # Pagefind writes its fragments gzipped
        return b"".join(gzip.decompress(p.read_bytes()) for p in (out / "pagefind").rglob("*.pf_fragment"))

    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert b"cas/outre-mer/" in fragments()  # the check below can see the case
    (project / "cases" / "outre-mer.md").unlink()
    assert mkdocs("build", "--strict", cwd=project).returncode == 0
    assert not (out / "cas" / "outre-mer").exists()
    leftovers = [str(p.relative_to(out)) for p in out.rglob("*")
                 if p.is_file() and not p.name.endswith((".pf_fragment", ".pf_index", ".pf_meta", ".pf_filter"))
                 and b"cas/outre-mer/" in p.read_bytes()]
    assert leftovers == []
    assert b"cas/outre-mer/" not in fragments() and "Un cas à La Réunion".encode() not in fragments()


FENCE_TRICKS = ["```\n<script>x</script>\n```\n", "````\n<script>x</script>\n```\n", "````\n<script>x</script>\n````\n",
                "~~~\n<b onclick=x>x</b>\n~~~\n", "```\n<script>\n", "texte\n```\n<script>x</script>\n```\n",
                "```python\n<script>x</script>\n```\n", "``` `x`\n<script>x</script>\n```\n",
                "  ```\n<script>x</script>\n```\n", "> ```\n> <script>x</script>\n> ```\n",
                "- ```\n  <script>x</script>\n  ```\n", "`<script>x</script>`\n", "``<img src=x onerror=y>``\n"]


def test_body_code_is_either_rejected_or_rendered_as_code():
    """The checker and the renderer read the body with one parser; whatever the checker
    says, the rendered body holds no tag of the contributor's."""
    from scripts.contract import routes
    from scripts.sheets import body, safe_markdown
    for text in FENCE_TRICKS:
        html = safe_markdown.render(text, "cas/x.md", routes.page_url).html
        assert "<script" not in html and "<b " not in html and "<img" not in html, text
        if not body.check(text):  # accepted: then all of it is code
            assert "&lt;" not in re.sub(r"<code>.*?</code>", "", html, flags=re.S), text


def test_files_that_are_not_sheets_are_named(tmp_path):
    from scripts.sheets.load import load_all
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "national.md").write_bytes((GOLDEN / "valid" / "national.md").read_bytes())
    (cases / "photo.png").write_bytes(b"\x89PNG")
    (cases / "brouillon").mkdir()
    outside = tmp_path.parent / f"{tmp_path.name}-dehors.md"
    outside.write_text("secret", encoding="utf-8")
    (cases / "lien.md").symlink_to(outside)
    sheets, problems = load_all(cases, tmp_path)
    assert [s.rel for s in sheets] == ["cases/national.md"]
    assert [(p.file, p.key) for p in problems] == [("cases/brouillon", "fichier"), ("cases/lien.md", "fichier"),
                                                  ("cases/photo.png", "fichier")]
    assert "extérieur du dépôt" in problems[1].message
