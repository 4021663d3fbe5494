"""The web form at /contribuer/proposer/: built from the schema, checked in the browser against
schema.json with the validator's French messages, and producing a sheet that the validator accepts
unchanged and that builds into a case page; the three ways to send carry the same sheet;
corrections open the form on a case; accessible on a phone and a desktop, light and dark."""

from __future__ import annotations

import html
import json
import re
import subprocess
import sys
from urllib.parse import parse_qs, unquote, urlparse

import pytest
import yaml
from axe_playwright_python.sync_playwright import Axe
from helpers import ENV, ROOT, make_project, mkdocs
from markupsafe import escape
from test_browser import ARTIFACTS, CSP_PROBE

from scripts import core
from scripts.contract import schema
from scripts.contract.settings import Settings
from scripts.contract.slug import slugify
from scripts.pages import formulaire, typo
from scripts.sheets.load import load
from scripts.sheets.validate import validate

FORM = "contribuer/proposer/"
ASKED = [key for key in schema.FIELDS if key not in formulaire.NOT_ASKED]

LOCAL = {
    "titre": "L'Atelier vélo des quartiers Nord",
    "resume": "Un atelier associatif forme des jeunes à la réparation de vélos et les emploie en insertion.",
    "porteur": "Association Roue libre", "type_porteur": ["association"], "echelle": "locale",
    "commune": "Marseille", "departement": "13", "lat": "43.2965", "lon": "5.3698",
    "qpv": [{"code": "QP013001", "nom": "Quartier « Nord » & co"}],
    "categories": ["sociale", "modele-affaires"], "formes": ["frugale"], "impact_principal": "emploi",
    "impacts": ["competences", "mobilite"], "axes": ["3", "8"], "essaimage": True,
    "sources": [{"titre": "Article de presse, 12 mars 2016", "url": "https://example.org/article"},
                {"titre": "Entretien avec la directrice, janvier 2017"}],
    "site_web": "https://example.org/roue-libre", "annee": "2014",
    "corps": {1: "Un atelier de réparation de vélos.\n\n- formation\n- emploi", 2: "Des emplois *en insertion*.",
              3: "Des contrats avec des entreprises voisines.", 4: "Un modèle < 25 ans qui peut essaimer."},
}
NATIONAL = {
    "titre": "Réseau national des couveuses d'entreprises", "resume": "Un réseau qui accompagne des créateurs.",
    "porteur": "Réseau des couveuses", "type_porteur": ["association", "partenariat"], "echelle": "nationale",
    "categories": ["organisationnelle"], "impact_principal": "entrepreneuriat", "axes": ["2"],
    "sources": [{"titre": "Synthèse de l'étude, CGET, février 2017"}],
    "corps": {1: "Un réseau présent dans plusieurs régions."},
}
OVERSEAS = {
    "titre": "Œuvre solidaire de Saint-Denis : 2 ateliers", "resume": "Des ateliers de couture à La Réunion.",
    "porteur": "Coopérative Kaz", "type_porteur": ["cooperative"], "echelle": "locale",
    "commune": "Saint-Denis", "departement": "974", "carte": "la-reunion",
    "categories": ["produit-service"], "impact_principal": "filieres", "axes": ["7"],
    "sources": [{"titre": "Rapport d'activité 2016", "url": "https://example.org/rapport"}],
    "corps": {1: "Deux ateliers.", 4: "Le « fait main » se vend."},
}
KINDS = {"locale": LOCAL, "nationale": NATIONAL, "outre-mer": OVERSEAS}


def _esc(text: str) -> str:
    return str(escape(text))  # as Jinja escapes


# --- The page, from the schema (no browser) -------------------------------------------------

@pytest.fixture(scope="module")
def form_page() -> str:
    result = core.build(ROOT / "cases")
    return dict(result.pages)[formulaire.PATH]


def test_form_asks_every_field_once_with_label_help_and_vocabulary(form_page):
    asked = [key for keys in formulaire.groups().values() for key in keys]
    assert sorted(asked) == sorted(ASKED), "every field but the derived and maintainers' ones, once"
    for key in ASKED:
        assert f'data-cle="{key}"' in form_page, key
        assert _esc(formulaire.label(key)) in form_page, key
        assert _esc(schema.FIELDS[key].form_help[1:]) in form_page, key
    for key, f in schema.FIELDS.items():
        if f.vocabulary and key in ASKED:
            for slug, text in schema.VOCABULARIES[f.vocabulary].items():
                assert f'value="{slug}"' in form_page and _esc(text) in form_page, (key, slug)
    for definition in [*schema.CATEGORY_DEFINITIONS.values(), *schema.FORME_DEFINITIONS.values()]:
        assert _esc(definition) in form_page
    for axis in schema.AXES.values():
        assert _esc(axis.statement) in form_page and _esc(axis.label) in form_page
    select = re.search(r'<select id="f-departement".*?</select>', form_page, re.DOTALL).group(0)
    options = re.findall(r'<option value="([^"]*)">', select)
    assert options == ["", *schema.DEPARTEMENTS], "departments as a list, from the schema"
    budget = re.search(r'<select id="f-moyens-budget_annuel".*?</select>', form_page, re.DOTALL).group(0)
    assert re.findall(r'<option value="([^"]*)">', budget) == ["", *schema.BUDGETS], "a group's choice, from the schema"
    for title in schema.BODY_SECTIONS:
        assert f'data-partie="{_esc(title)}"' in form_page


def test_form_page_has_no_blank_line_inside_its_html(form_page):
    """Markdown would read the form's HTML as text after a blank line."""
    form = form_page.split('<div class="proposer" id="proposer-zone" hidden>', 1)[1].split("</div>\n\n", 1)[0]
    assert "\n\n" not in form and "<form" in form


def test_validator_is_pinned_and_served_by_the_site():
    package = json.loads((ROOT / "package.json").read_text(encoding="utf-8"))
    version = package["dependencies"]["@cfworker/json-schema"]
    assert re.fullmatch(r"\d+\.\d+\.\d+", version), "an exact version"
    lock = json.loads((ROOT / "package-lock.json").read_text(encoding="utf-8"))
    assert lock["packages"]["node_modules/@cfworker/json-schema"]["version"] == version
    files = dict(core.build(ROOT / "cases").files)
    served = {path for path in files if path.startswith(formulaire.VALIDATOR_DIR)}
    assert f"{formulaire.VALIDATOR_DIR}/index.js" in served
    for path in served:
        original = formulaire.VALIDATOR_PACKAGE / "dist" / "esm" / path.rsplit("/", 1)[1]
        assert files[path] == original.read_text(encoding="utf-8")
        assert "new Function" not in files[path] and not re.search(r"\beval\(", files[path]), "CSP: no eval"


def test_case_page_offers_corrections_without_an_account(tmp_path):
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "totem-mobi.md").write_bytes((ROOT / "cases" / "totem-mobi.md").read_bytes())
    page = dict(core.build(cases, settings=Settings().with_(editeur={"courriel": "redaction@exemple.invalid"})).pages)[
        "cas/totem-mobi.md"]
    actions = re.search(r'<p class="cas-actions".*</p>', page).group(0)
    assert 'href="../../contribuer/proposer/?cas=totem-mobi">Proposer une modification</a>' in actions
    mailto = re.search(r'href="(mailto:[^"]+)">Signaler une erreur', actions).group(1)
    address, query = html.unescape(mailto)[len("mailto:"):].split("?", 1)
    fields = parse_qs(query)
    assert address == "redaction@exemple.invalid"
    assert "totem-mobi" in fields["subject"][0]
    assert "cases/totem-mobi.md" in fields["body"][0] and "/cas/totem-mobi/" in fields["body"][0]
    assert "/edit/main/cases/totem-mobi.md\">Modifier sur GitHub</a>" in actions


# --- In the browser --------------------------------------------------------------------------

@pytest.fixture
def context(browser):
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR", accept_downloads=True)
    ctx.add_init_script(CSP_PROBE)
    yield ctx
    ctx.close()


REVEAL = """(selector) => {
    const el = document.querySelector(selector);
    const part = el && el.closest('.proposer-partie');
    if (part && part.hidden) document.querySelector(`#proposer-etapes [data-etape="${part.id}"]`).click();
}"""


def _reveal(page, selector):
    """Show the step that holds a control, through the list of steps (one step is shown at a time)."""
    page.evaluate(REVEAL, selector)


def _stepping(page):
    """The page's fill, check, select_option and click first show the control's step, as a person would."""
    for name in ("fill", "check", "uncheck", "select_option", "click"):
        action = getattr(page, name)

        def acting(selector, *args, _action=action, **kw):
            _reveal(page, selector)
            return _action(selector, *args, **kw)
        setattr(page, name, acting)
    return page


def _open(context, server, query=""):
    page = context.new_page()
    page.requests = []
    page.on("request", lambda r: page.requests.append(r.url))
    page.goto(server + FORM + query)
    page.wait_for_selector("#proposer[data-pret=oui]")
    return _stepping(page)


def _click_map(page, panel_key):
    """Click the middle of a panel of the map (SVG units converted to CSS pixels)."""
    panel = next(p for p in formulaire.map_panels() if p["lon"] == list(_box(panel_key)[:2]))
    x = (panel["x"][0] + panel["x"][1]) / 2
    y = (panel["y"][0] + panel["y"][1]) / 2
    _reveal(page, "#proposer-carte-cadre svg")
    svg = page.locator("#proposer-carte-cadre svg")
    svg.scroll_into_view_if_needed()
    width = svg.bounding_box()["width"]
    scale = width / float(svg.get_attribute("viewBox").split()[2])
    svg.click(position={"x": x * scale, "y": y * scale})


def _box(panel_key):
    from scripts.pages import carte
    return next(p.box for p in carte.PANELS if p.key == panel_key)


def _fill(page, case: dict):
    for key in ("titre", "resume", "porteur", "commune", "site_web", "annee"):
        if key in case:
            page.fill(f"#f-{key}", case[key])
    if "departement" in case:
        page.select_option("#f-departement", case["departement"])
    for key in ("type_porteur", "categories", "formes", "impacts", "axes"):
        for value in case.get(key, []):
            page.check(f"#f-{key}-{value}")
    page.check(f"#f-echelle-{case['echelle']}")
    page.check(f"#f-impact_principal-{case['impact_principal']}")
    if case.get("essaimage"):
        page.check("#f-essaimage")
    if "lat" in case:
        page.fill("#f-coordonnees-lat", case["lat"])
        page.fill("#f-coordonnees-lon", case["lon"])
    if "carte" in case:
        _click_map(page, case["carte"])
    for i, q in enumerate(case.get("qpv", [])):
        page.click("[data-ajouter=qpv]")
        page.fill(f"#f-qpv-{i}-code", q["code"])
        page.fill(f"#f-qpv-{i}-nom", q["nom"])
    for i, s in enumerate(case["sources"]):
        if i:
            page.click("[data-ajouter=sources]")
        page.fill(f"#f-sources-{i}-titre", s["titre"])
        if "url" in s:
            page.fill(f"#f-sources-{i}-url", s["url"])
    for n, text in case.get("corps", {}).items():
        page.fill(f"#f-corps-{n}", text)


def _submit(page):
    page.click("#proposer button[type=submit]")


def _sent(page) -> dict:
    """The sheet as carried by the download, the GitHub link and the e-mail."""
    assert page.is_visible("#proposer-envoi"), page.inner_text("#proposer-erreurs")
    with page.expect_download() as info:
        page.click("#envoi-fichier")
    download = info.value
    text = download.path().read_bytes().decode("utf-8")
    github = urlparse(page.get_attribute("#envoi-github", "href"))
    mailto = page.get_attribute("#envoi-courriel", "href")
    address, query = mailto[len("mailto:"):].split("?", 1)
    return {"fichier": text, "nom": download.suggested_filename, "github": github, "github_query": parse_qs(github.query),
            "courriel": unquote(address), "courriel_query": parse_qs(query), "apercu": page.text_content("#proposer-apercu")}


@pytest.mark.parametrize("kind", KINDS)
def test_filled_form_carries_the_same_sheet_three_ways(context, server, kind):
    case = KINDS[kind]
    page = _open(context, server)
    _fill(page, case)
    _submit(page)
    sent = _sent(page)
    sheet = sent["fichier"]
    ident = slugify(case["titre"])
    assert sent["nom"] == f"{ident}.md"
    assert sent["github"].path.endswith("/new/main")
    assert sent["github_query"]["filename"] == [f"cases/{ident}.md"]
    assert sent["github_query"]["value"] == [sheet]
    body = sent["courriel_query"]["body"][0].replace("\r\n", "\n")
    assert body.endswith("\n\n" + sheet) and f"cases/{ident}.md" in body
    assert sent["courriel"] == formulaire.PLACEHOLDER_EMAIL
    assert sent["apercu"] == sheet
    meta = yaml.safe_load(sheet.split("---\n")[1])
    assert list(meta) == [k for k in schema.FIELDS if k in meta], "the contract's key order"
    assert meta["statut"] == "contribution" and meta["id"] == ident
    assert re.search(r'^departement: "\d', sheet, re.M) or "departement" not in meta
    if kind == "outre-mer":
        lat0, lat1, lon0, lon1 = schema.FRANCE_BOXES["la-reunion"]
        assert lat0 <= meta["coordonnees"]["lat"] <= lat1 and lon0 <= meta["coordonnees"]["lon"] <= lon1
    if kind == "nationale":
        assert "commune" not in meta and "departement" not in meta
    host = urlparse(server).netloc
    assert all(urlparse(u).netloc == host for u in page.requests if urlparse(u).scheme.startswith("http"))
    assert page.evaluate("window.__csp") == []


def test_produced_sheets_pass_the_validator_unchanged_and_build(context, server, tmp_path):
    sheets = {}
    for case in KINDS.values():
        page = _open(context, server)
        _fill(page, case)
        _submit(page)
        sent = _sent(page)
        sheets[sent["nom"]] = sent["fichier"].encode("utf-8")
        page.close()
    project = make_project(tmp_path, sheets)
    run = subprocess.run([sys.executable, "-m", "scripts.validate", *[f"cases/{n}" for n in sheets]], cwd=project,
                         env=ENV, capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    out = tmp_path / "site"
    built = mkdocs("build", "--strict", "--site-dir", str(out), cwd=project)
    assert built.returncode == 0, built.stderr[-3000:]
    for name, case in zip(sheets, KINDS.values()):
        page = (out / "cas" / name[:-3] / "index.html").read_text(encoding="utf-8")
        title = typo.text(case["titre"])  # French spaces are the only change (scripts/pages/typo.py)
        assert f"<h1>{html.escape(title, quote=False)}</h1>" in page.replace("&#39;", "'")


def _validator_messages(tmp_path, sheet: str, ident: str) -> dict[str, str]:
    cases = tmp_path / "cases"
    cases.mkdir(exist_ok=True)
    (cases / f"{ident}.md").write_text(sheet, encoding="utf-8")
    return {p.key: p.message for p in validate([load(cases / f"{ident}.md", tmp_path)])}


def _plain(text: str) -> str:
    return text.replace("\u00a0", " ").replace("\u202f", " ").strip()


LONG = ("Un résumé bien trop long pour une liste, répété jusqu'à dépasser la limite. " * 8)[:450].rstrip() + "x"
INVALID = {
    "titre-absent": ("titre", "#f-titre", lambda p: p.fill("#f-titre", ""), lambda s: re.sub(r"^titre: .*$", 'titre: ""', s, flags=re.M)),
    "departement-inconnu": ("departement", "#f-departement",
                            lambda p: (p.evaluate("document.getElementById('f-departement').add(new Option('ZZ', 'ZZ'))"),
                                       p.select_option("#f-departement", "ZZ")),
                            lambda s: s.replace('departement: "13"', 'departement: "ZZ"')),
    "commune-absente": ("commune", "#f-commune",
                        lambda p: (p.fill("#f-commune", ""), p.select_option("#f-departement", "")),
                        lambda s: re.sub(r"^(commune|departement): .*\n", "", s, flags=re.M)),
    "point-hors-de-france": ("coordonnees", "#f-coordonnees-lat",  # Barcelona: inside the box, not in France
                             lambda p: (p.fill("#f-coordonnees-lat", "41.3874"), p.fill("#f-coordonnees-lon", "2.1686")),
                             lambda s: re.sub(r"^coordonnees: .*$", "coordonnees: {lat: 41.3874, lon: 2.1686}", s,
                                              flags=re.M)),
    "resume-trop-long": ("resume", "#f-resume", lambda p: p.fill("#f-resume", LONG),
                         lambda s: re.sub(r"^resume: .*$", "resume: " + json.dumps(LONG, ensure_ascii=False), s, flags=re.M)),
}


@pytest.mark.parametrize("name", INVALID)
def test_invalid_input_shows_the_validators_message_at_the_field_and_sends_nothing(context, server, tmp_path, name):
    key, control, spoil, spoil_sheet = INVALID[name]
    page = _open(context, server)
    _fill(page, LOCAL)
    _submit(page)
    valid_sheet = _sent(page)["fichier"]
    ident = slugify(LOCAL["titre"])
    spoil(page)
    assert page.is_hidden("#proposer-envoi"), "a change withdraws the sheet prepared before"
    _submit(page)
    assert page.is_hidden("#proposer-envoi")
    for link in ("#envoi-github", "#envoi-courriel", "#envoi-fichier"):
        assert page.get_attribute(link, "href") is None, "nothing can be sent"
    shown = _plain(page.inner_text(f"#erreur-{key}"))
    expected = _plain(_validator_messages(tmp_path, spoil_sheet(valid_sheet), ident)[key])
    assert shown == expected
    assert page.get_attribute(control, "aria-invalid") == "true"
    assert f"erreur-{key}" in page.get_attribute(control, "aria-describedby").split()
    summary = page.locator("#proposer-erreurs")
    assert summary.is_visible() and shown in _plain(summary.inner_text())
    assert page.evaluate("document.activeElement.id") == "proposer-erreurs"
    host = urlparse(server).netloc
    assert all(urlparse(u).netloc == host for u in page.requests if urlparse(u).scheme.startswith("http"))


def test_empty_form_lists_every_required_field(context, server):
    page = _open(context, server)
    _submit(page)
    text = page.inner_text("#proposer-erreurs")
    required = [k for k in schema.REQUIRED if k not in formulaire.NOT_ASKED]
    for key in required:
        assert page.inner_text(f"#erreur-{key}").strip(), key
        assert formulaire.label(key) in text, key


def test_long_text_goes_by_file_and_the_links_say_so(context, server):
    page = _open(context, server)
    _fill(page, {**NATIONAL, "corps": {1: "é" * 7000}})
    _submit(page)
    assert page.is_visible("#envoi-courriel-long") and page.is_visible("#envoi-github-long")
    mailto = page.get_attribute("#envoi-courriel", "href")
    assert len(mailto) < 2000 and "joint" in unquote(mailto)
    with page.expect_download() as info:
        page.click("#envoi-fichier")
    assert "é" * 7000 in info.value.path().read_text(encoding="utf-8")


def test_map_click_fills_the_coordinates_in_the_panel_clicked(context, server):
    page = _open(context, server)
    _click_map(page, "metropole")
    lat, lon = float(page.input_value("#f-coordonnees-lat")), float(page.input_value("#f-coordonnees-lon"))
    lat0, lat1, lon0, lon1 = schema.FRANCE_BOXES["metropole"]
    assert lat0 <= lat <= lat1 and lon0 <= lon <= lon1
    assert page.get_attribute("#proposer-carte-cadre svg > circle:last-of-type", "visibility") == "visible"
    page.click("#proposer-effacer-point")
    assert page.input_value("#f-coordonnees-lat") == ""


def test_js_ids_are_the_same_as_python_ids(context, server):
    titles = ["Réseau de Réemploi des 2 Rives", "L'Œuvre d'Émile", "Cœur & Âme : l'ÉTÉ 2017 !",
              "  Les « Jardins » de l’Île-Saint-Denis  ", "Æsop Straße", "ça-va--bien___oui", "Crèche « Les Lucioles »",
              "Ateliers n° 3 ½", "100 % insertion", "!!!", "", "Un titre très long " * 8,
              "Association pour le développement de l'initiative économique des jeunes entrepreneurs des quartiers"]
    page = _open(context, server)
    ids = page.evaluate("""async (titles) => {
        const m = await import(new URL('../../assets/js/proposer.js', location.href));
        return titles.map((t) => m.slugify(t, 80));
    }""", titles)
    assert ids == [slugify(t, 80) for t in titles]


def test_correction_opens_the_case_with_its_current_values(context, server):
    page = _open(context, server, "?cas=totem-mobi")
    original = (ROOT / "cases" / "totem-mobi.md").read_text(encoding="utf-8")
    meta = yaml.safe_load(original.split("---\n")[1])
    assert page.input_value("#f-titre") == meta["titre"]
    assert "Totem Mobi" in page.inner_text("#proposer-correction")
    _submit(page)
    sheet = _sent(page)["fichier"]
    assert yaml.safe_load(sheet.split("---\n")[1]) == meta, "unchanged values give the same front matter"
    body = original.split("---\n", 2)[2]
    assert sheet.split("---\n", 2)[2].strip() == body.strip()
    assert page.get_attribute("#envoi-github", "href").endswith("/edit/main/cases/totem-mobi.md")


def test_without_javascript_the_page_points_to_the_template(browser, server):
    ctx = browser.new_context(java_script_enabled=False)
    page = ctx.new_page()
    page.goto(server + FORM)
    notice = page.locator("#proposer-sans-js")
    assert notice.is_visible() and page.is_hidden("#proposer-zone")
    assert notice.locator("a[href$='contribuer/modele-de-fiche.md.txt']").count() == 1
    assert notice.locator("a[href^='mailto:']").count() == 1
    ctx.close()


SIZES = {"telephone": (390, 844), "bureau": (1366, 900)}


@pytest.mark.parametrize("scheme", ["light", "dark"])
@pytest.mark.parametrize("size", SIZES)
def test_form_is_accessible_filled_and_with_errors(browser, server, size, scheme):
    width, height = SIZES[size]
    ctx = browser.new_context(viewport={"width": width, "height": height}, color_scheme=scheme, locale="fr-FR")
    ctx.add_init_script(CSP_PROBE)
    page = _open(ctx, server)
    ARTIFACTS.mkdir(exist_ok=True)
    found = {}
    page.fill("#f-resume", LONG)
    page.select_option("#f-departement", "13")
    _submit(page)
    page.mouse.move(0, 0)  # the click left the pointer over a link of the summary (theme's hover colour)
    page.screenshot(path=str(ARTIFACTS / f"proposer-erreur-{size}-{scheme}.png"))
    found["erreur"] = Axe().run(page).response["violations"]
    page.goto(server + FORM)
    page.wait_for_selector("#proposer[data-pret=oui]")
    _fill(page, LOCAL)
    _submit(page)
    page.wait_for_selector("#proposer-envoi:not([hidden])")
    for part in ("partie-1", "champ-coordonnees", "champ-axes", "partie-texte", "proposer-envoi"):
        _reveal(page, f"#{part}")  # the step that holds it
        page.evaluate(f"document.getElementById('{part}').scrollIntoView()")
        page.screenshot(path=str(ARTIFACTS / f"proposer-rempli-{size}-{scheme}-{part}.png"))
    found["rempli"] = Axe().run(page).response["violations"]
    assert {state: [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
            for state, violations in found.items()} == {"erreur": [], "rempli": []}
    assert page.evaluate("window.__csp") == []
    ctx.close()


# --- Keeping the work: a draft in the browser, a sheet saved and loaded back ---------------------

def _front_and_body(text: str) -> tuple[dict, str]:
    _, front, body = text.split("---\n", 2)
    return yaml.safe_load(front), body.strip()


def test_draft_survives_a_reload_and_can_be_emptied(context, server):
    page = _open(context, server)
    _fill(page, LOCAL)
    _submit(page)
    before = _sent(page)["fichier"]
    assert "gardé dans ce navigateur" in page.inner_text("#proposer-travail-etat")
    page.reload()
    page.wait_for_selector("#proposer[data-pret=oui]")
    assert page.input_value("#f-titre") == LOCAL["titre"]
    assert page.is_checked("#f-axes-8") and page.input_value("#f-sources-1-titre") == LOCAL["sources"][1]["titre"]
    assert "rétabli" in page.inner_text("#proposer-travail-etat")
    _submit(page)
    assert _sent(page)["fichier"] == before, "the restored draft gives the same sheet"
    page.click("#proposer-effacer")
    assert page.input_value("#f-titre") == "" and not page.is_checked("#f-axes-8")
    assert page.locator("#lignes-sources > li").count() == 1, "a required list starts again with one row"
    page.reload()
    page.wait_for_selector("#proposer[data-pret=oui]")
    assert page.input_value("#f-titre") == "", "an emptied draft does not come back"
    assert page.evaluate("Object.keys(localStorage).filter((k) => k.startsWith('proposer'))") == []


def test_saved_sheet_loads_back_into_the_form(context, server, tmp_path):
    page = _open(context, server)
    _fill(page, {**LOCAL, "corps": {1: "Une première partie seulement."}})
    page.fill("#f-resume", "")  # work in progress: saved as it stands, not checked
    with page.expect_download() as info:
        page.click("#proposer-enregistrer")
    saved = tmp_path / info.value.suggested_filename
    info.value.save_as(saved)
    assert saved.name == f"{slugify(LOCAL['titre'])}.md"
    other = context.browser.new_context(locale="fr-FR", accept_downloads=True)
    fresh = _open(other, server)
    fresh.set_input_files("#proposer-reprendre", str(saved))
    fresh.wait_for_function("() => document.getElementById('proposer-travail-etat').textContent.includes('rouverte')")
    assert fresh.input_value("#f-titre") == LOCAL["titre"] and fresh.input_value("#f-resume") == ""
    fresh.fill("#f-resume", LOCAL["resume"])
    _submit(fresh)
    front, body = _front_and_body(_sent(fresh)["fichier"])
    expected, expected_body = _front_and_body(saved.read_text(encoding="utf-8"))
    assert front == {**expected, "resume": LOCAL["resume"]} and body == expected_body
    other.close()


def test_every_landed_sheet_loads_into_the_form_and_comes_out_the_same(context, server):
    page = _open(context, server)
    differences = {}
    landed = [path for path in sorted((ROOT / "cases").glob("*.md")) if not path.name.startswith("_")]  # not the template
    for path in landed:
        page.set_input_files("#proposer-reprendre", str(path))
        page.wait_for_function("(name) => document.getElementById('proposer-travail-etat').textContent.includes(name)",
                               arg=yaml.safe_load(path.read_text(encoding="utf-8").split("---\n")[1])["titre"][:20])
        _submit(page)
        front, body = _front_and_body(_sent(page)["fichier"])
        expected, expected_body = _front_and_body(path.read_text(encoding="utf-8"))
        if front != expected or body != expected_body:
            differences[path.name] = ({k: (expected.get(k), front.get(k)) for k in {*front, *expected}
                                       if front.get(k) != expected.get(k)}, body == expected_body)
    assert differences == {}
    assert len(landed) >= 20


# --- Plain French: what a person who never saw the file reads -------------------------------------

_HYPHENATED = [slug for vocabulary in schema.VOCABULARIES.values() for slug in vocabulary
               if isinstance(slug, str) and "-" in slug]
SCHEMA_WORDS = [
    r"(?i)\bclés?\b", r"(?i)en-têtes?", r"(?i)\byaml\b", r"(?i)\bmarkdown\b", r"(?i)\bjson\b", r"(?i)sch[ée]ma",
    r"(?i)guillemets", r"[{}]", r"\b(?:true|false|True|False)\b", r"(?i)\bslug\b", r"\bcases/", r"\.md\b",
    # the keys that are no French word as they are written (underscores, no accents)
    *[rf"\b{re.escape(key)}\b" for key in schema.FIELDS if "_" in key or key in (
        "id", "echelle", "coordonnees", "annee", "resume", "departement", "qpv", "categories")],
    r"\blat\b", r"\blon\b", r"\burl\b", r"\bregionale\b",
    *[rf"\b{re.escape(slug)}\b" for slug in _HYPHENATED],
]


def _schema_words(text: str) -> list[str]:
    return sorted({m.group(0) for pattern in SCHEMA_WORDS for m in re.finditer(pattern, text)})


def _readable(page) -> str:
    """Every text of the form a person can read or hear: its text, hidden parts included, and the words
    of its attributes."""
    return page.evaluate("""() => {
        const zone = document.getElementById('proposer-zone');
        const words = Array.from(zone.querySelectorAll('[placeholder], [aria-label], [title], [alt]'), (el) =>
            ['placeholder', 'aria-label', 'title', 'alt'].map((a) => el.getAttribute(a) || '').join(' '));
        const svg = Array.from(zone.querySelectorAll('svg')).map((s) => s.textContent);
        let text = zone.textContent;
        for (const s of svg) text = text.replace(s, ' ');
        return [document.querySelector('h1').textContent, text, ...words].join('\\n');
    }""")


def _errors(page) -> str:
    return page.inner_text("#proposer-erreurs") + "\n" + "\n".join(
        page.locator(".champ-erreur").all_inner_texts())


def test_form_speaks_plain_french_in_its_text_and_its_errors(context, server):
    page = _open(context, server)
    assert _schema_words(_readable(page)) == []
    said = []
    _submit(page)  # every required field missing
    said.append(_errors(page))
    _fill(page, LOCAL)
    page.fill("#f-resume", LONG)
    page.fill("#f-annee", "1800")
    page.fill("#f-site_web", "exemple")
    page.fill("#f-qpv-0-code", "QP1")
    page.click("[data-ajouter=sources]")
    page.fill("#f-sources-2-url", "https://example.org/sans-titre")
    page.fill("#f-coordonnees-lon", "")
    page.fill("#f-corps-2", "Un <b>gras</b> en HTML.")
    _submit(page)
    said.append(_errors(page))
    page.fill("#f-coordonnees-lon", "2.1686")
    page.fill("#f-coordonnees-lat", "41.3874")  # Barcelona
    page.fill("#f-titre", "Totem Mobi")  # an address the base already has
    page.fill("#f-commune", "")
    page.check("#f-echelle-regionale")
    _submit(page)
    said.append(_errors(page))
    page.fill("#f-titre", "!!!")
    _submit(page)
    said.append(_errors(page))
    page.fill("#f-titre", "Index")
    _submit(page)
    said.append(_errors(page))
    text = "\n".join(said)
    for expected in ("Sources", "Année", "Site web", "Quartiers prioritaires", "Coordonnées", "Titre", "Commune"):
        assert expected in text, expected
    assert len(page.locator(".champ-erreur:not(:empty)").all()) >= 2
    assert _schema_words(text) == [], text
    assert _schema_words(_readable(page)) == []


# --- Updating one's own case ------------------------------------------------------------------------

def test_every_case_page_invites_its_porteur_to_update_the_sheet():
    pages = dict(core.build(ROOT / "cases").pages)
    landed = [p.stem for p in (ROOT / "cases").glob("*.md") if not p.name.startswith("_")]
    for ident in landed:
        page = pages[f"cas/{ident}.md"]
        link = re.search(r'<p class="cas-porteur"[^>]*><a href="([^"]+)">([^<]+)</a>', page)
        assert link, ident
        assert typo.text("Vous portez ce projet ? Mettez la fiche à jour") == link.group(2)
        assert link.group(1) == "../../" + html.escape(routes_correction(ident)), "the router gives the address"


def routes_correction(ident):
    from scripts.contract import routes
    return routes.correction(ident)


def test_correction_asks_the_situation_first_once_the_schema_declares_it(monkeypatch):
    """The parts a porteur updates first come from formulaire.GROUPS: keys the schema does not declare
    are left out (issue 30 adds them), a declared one slots into its part, asked first in a correction."""
    assert formulaire.SITUATION not in formulaire.groups() or formulaire.groups()[formulaire.SITUATION]
    fields = dict(schema.FIELDS)
    from scripts.contract.fields import Choice, Date
    fields["etat"] = Choice(vocabulary=None, choices={"en-activite": "En activité", "arretee": "Arrêtée"},
                            label="Situation", help="où en est le projet")
    fields["verifie_le"] = Date(label="Vérifiée le", help="le jour où la situation a été vérifiée")
    monkeypatch.setattr(schema, "FIELDS", fields)
    parts = formulaire.groups()
    assert parts[formulaire.SITUATION][:2] == ["etat", "verifie_le"]
    assert formulaire.correction_order()[0] == formulaire.SITUATION
    order = json.loads(formulaire.page_data(Settings(), "../../"))["ordreCorrection"]
    assert order[0] == f"partie-{list(parts).index(formulaire.SITUATION) + 1}" and len(order) == len(parts)


def test_correction_says_which_fields_changed(context, server):
    page = _open(context, server, "?cas=totem-mobi")
    _submit(page)
    assert "ne change rien" in page.inner_text("#envoi-changements")
    page.fill("#f-resume", "Un service d'autopartage de véhicules électriques à bas coût, à Marseille.")
    page.check("#f-axes-2")
    page.fill("#f-corps-2", "Des effets sur la mobilité.")
    _submit(page)
    said = _plain(page.inner_text("#envoi-changements"))
    assert said == "Ce que la correction change : Résumé, Axes opérationnels, texte, partie « Impacts »."
    mail = unquote(page.get_attribute("#envoi-courriel", "href"))
    assert said in _plain(mail)


# --- Steps on a phone --------------------------------------------------------------------------------

def _steps(page) -> list[str]:
    return page.eval_on_selector_all("#proposer-etapes [data-etape]", "(bs) => bs.map((b) => b.dataset.etape)")


@pytest.mark.parametrize("size", SIZES)
def test_steps_show_one_part_at_a_time_with_progress_and_pass_axe(browser, server, size):
    width, height = SIZES[size]
    ctx = browser.new_context(viewport={"width": width, "height": height}, locale="fr-FR")
    ctx.add_init_script(CSP_PROBE)
    page = _open(ctx, server)
    ARTIFACTS.mkdir(exist_ok=True)
    steps = _steps(page)
    titles = [*formulaire.groups(), "Le texte de la fiche"]
    assert page.eval_on_selector_all("#proposer-etapes [data-etape]", "(bs) => bs.map((b) => b.textContent)") == titles
    found, heights = {}, {}
    for n, step in enumerate(steps, 1):
        page.click(f"#proposer-etapes [data-etape={step}]")
        visible = page.eval_on_selector_all(".proposer-partie", "(ps) => ps.filter((p) => !p.hidden).map((p) => p.id)")
        assert visible == [step]
        assert _plain(page.inner_text("#proposer-progression")) == f"Étape {n} sur {len(steps)} : {titles[n - 1]}"
        assert page.get_attribute(f"#proposer-etapes [data-etape={step}]", "aria-current") == "step"
        assert page.evaluate("document.activeElement.id") == f"titre-{step}", "the step's title takes the focus"
        heights[step] = page.evaluate("document.getElementById('proposer').getBoundingClientRect().height")
        page.mouse.move(0, 0)
        page.screenshot(path=str(ARTIFACTS / f"proposer-etape-{n}-{size}.png"), full_page=True)
        found[step] = Axe().run(page).response["violations"]
    assert {step: [(v["id"], [n["target"] for n in v["nodes"]][:3]) for v in violations]
            for step, violations in found.items()} == {step: [] for step in steps}
    print(size, {step: round(h / height, 1) for step, h in heights.items()}, "screens per step")
    _submit(page)
    page.mouse.move(0, 0)
    page.screenshot(path=str(ARTIFACTS / f"proposer-etape-erreur-{size}.png"))
    assert "(à corriger)" in page.inner_text("#proposer-etapes")
    assert Axe().run(page).response["violations"] == []
    ctx.close()


def test_steps_work_with_the_keyboard(browser, server):
    ctx = browser.new_context(viewport={"width": 390, "height": 844}, locale="fr-FR")
    page = _open(ctx, server)
    steps = _steps(page)
    page.focus(f"#{steps[0]} [data-vers={steps[1]}]")
    page.keyboard.press("Enter")
    assert page.is_visible(f"#{steps[1]}") and page.is_hidden(f"#{steps[0]}")
    assert page.evaluate("document.activeElement.id") == f"titre-{steps[1]}"
    page.keyboard.press("Tab")
    first = page.evaluate("document.activeElement.id")
    assert first == "f-" + formulaire.groups()[list(formulaire.groups())[1]][0], "Tab goes on to the step's first field"
    page.keyboard.type("Mon projet")
    assert page.input_value(f"#{first}") == "Mon projet"
    page.focus(f"#proposer-etapes [data-etape={steps[-1]}]")
    page.keyboard.press("Space")
    assert page.is_visible(f"#{steps[-1]}")
    page.focus("#proposer button[type=submit]")
    page.keyboard.press("Enter")
    link = page.locator("#proposer-erreurs a").first
    link.focus()
    page.keyboard.press("Enter")
    focused = page.evaluate("document.activeElement.closest('.proposer-partie').id")
    assert page.is_visible(f"#{focused}"), "an error's link shows the step of its field"
    ctx.close()


def test_a_correction_keeps_its_own_draft(context, server):
    page = _open(context, server, "?cas=totem-mobi")
    page.fill("#f-porteur", "Totem Mobi SAS")
    page.reload()
    page.wait_for_selector("#proposer[data-pret=oui]")
    assert page.input_value("#f-porteur") == "Totem Mobi SAS", "the draft of this correction comes back"
    assert page.is_visible("#proposer-correction"), "still a correction"
    _submit(page)
    assert _plain(page.inner_text("#envoi-changements")) == "Ce que la correction change : Porteur."
    fresh = _open(context, server)
    assert fresh.input_value("#f-porteur") == "", "a new case has a draft of its own"
    page.click("#proposer-effacer")
    assert page.input_value("#f-porteur") == "Totem Mobi", "emptied, the correction is back to the published values"
