"""Trust, round 3 (issue 28), in Chromium: the web form's e-mail and GitHub links carry the sheet and
nothing else, whatever a contributor types (no extra recipient, header or parameter, no other file)."""

from __future__ import annotations

from html.parser import HTMLParser
from urllib.parse import parse_qsl, urlparse

import pytest
import yaml
from test_formulaire import LOCAL, _fill, _open, _sent, _submit, context  # noqa: F401 (context: a fixture)

from scripts.contract.settings import Settings
from scripts.pages import formulaire

# Each tries to add a recipient, a header or a parameter to the mailto: or GitHub link, or to end it.
HOSTILE = {
    "destinataires": "Atelier&cc=pirate@exemple.fr&bcc=autre@exemple.fr",
    "en-têtes": "Atelier?subject=Autre&body=Autre#fin",
    "paramètres GitHub": "Atelier&filename=.github/workflows/x.yml&value=x",
    "encodé": "Atelier%0D%0ABcc:%20pirate@exemple.fr%26to=x",
    "retour à la ligne": "Atelier\r\nBcc: pirate@exemple.fr",
    "points-virgules": "Atelier; to=pirate@exemple.fr, cc=x",
}


@pytest.mark.parametrize("title", HOSTILE.values(), ids=HOSTILE.keys())
def test_form_links_carry_only_the_sheet_whatever_the_title(context, server, title):  # noqa: F811
    page = _open(context, server)
    _fill(page, {**LOCAL, "titre": title})
    _submit(page)
    sent = _sent(page)
    sheet = sent["fichier"]
    meta = yaml.safe_load(sheet.split("---\n")[1])
    ident = meta["id"]
    assert sent["nom"] == f"{ident}.md"
    # E-mail: the one address, a subject and the body, nothing else.
    mailto = page.get_attribute("#envoi-courriel", "href")
    address, query = mailto[len("mailto:"):].split("?", 1)
    assert address == formulaire.email(Settings())
    pairs = parse_qsl(query, keep_blank_values=True)
    assert [key for key, _ in pairs] == ["subject", "body"], pairs
    subject, text = (value for _, value in pairs)
    assert "\n" not in subject and "\r" not in subject
    assert text.replace("\r\n", "\n").endswith("\n\n" + sheet)
    # GitHub: the repository's new-file page, the sheet's one file name and its text.
    github = sent["github"]
    depot = urlparse(Settings().depot)
    assert (github.scheme, github.netloc) == (depot.scheme, depot.netloc)
    assert github.path == f"{depot.path}/new/{Settings().branche}" and github.fragment == ""
    pairs = parse_qsl(github.query, keep_blank_values=True)
    assert pairs == [("filename", f"cases/{ident}.md"), ("value", sheet)]
    assert "\n" not in meta["titre"] and "\r" not in meta["titre"]


# --- Item 5: the form refuses, in French, what the validator refuses in a body ---------------------------

from scripts.sheets import body as body_rules  # noqa: E402

REFUSED = {
    "lien javascript": "Voir [ceci](javascript:alert(1)).",
    "lien javascript encodé": "Voir [ceci](java%73cript:alert(1)).",
    "lien javascript majuscules": "Voir [ceci]( JAVASCRIPT:alert(1)).",
    "autolien javascript": "Voir <javascript:alert(1)>.",
    "lien par référence": "Voir [ceci][a].\n\n[a]: javascript:alert(1)",
    "image distante": "![pisteur](https://pisteur.example/x.png)",
    "image par schéma": "![x](data:image/png;base64,AAAA)",
    "lien vers la racine": "Voir [ceci](/etc/passwd).",
    "lien sans schéma": "Voir [ceci](//evil.example/).",
    "attributs avec =": "Un texte {=x}.",
    "attributs onclick": "Un texte {onclick=alert(1)}.",
    "attributs classe": "Un titre {: .rouge}",
}
# Schemes in disguise (issue 28, item 5a): each is read as the parser reads it (character references,
# backslash escapes, percent-encoding, tabs and line breaks a browser drops, controls XML forbids).
OBFUSCATED = {
    "référence décimale": "Voir [ceci](java&#115;cript:alert(1)).",
    "référence en tête": "Voir [ceci](&#106;avascript:alert(1)).",
    "référence hexadécimale": "Voir [ceci](&#x6A;avascript:alert(1)).",
    "deux-points nommé": "Voir [ceci](javascript&colon;alert(1)).",
    "deux-points décimal": "Voir [ceci](javascript&#58;alert(1)).",
    "deux-points échappé": "Voir [ceci](javascript\\:alert(1)).",
    "casse mêlée": "Voir [ceci](JaVaScRiPt:alert(1)).",
    "tabulation": "Voir [ceci](<java\tscript:alert(1)>).",
    "tabulation nommée": "Voir [ceci](java&Tab;script:alert(1)).",
    "retour à la ligne nommé": "Voir [ceci](java&NewLine;script:alert(1)).",
    "retour à la ligne décimal": "Voir [ceci](java&#10;script:alert(1)).",
    "tabulation encodée": "Voir [ceci](java%09script:alert(1)).",
    "caractère de contrôle devant": "Voir [ceci](\x01javascript:alert(1)).",
    "référence par définition": "Voir [ceci][a].\n\n[a]: java&#115;cript:alert(1)",
    "définition entre chevrons": "Voir [ceci][a].\n\n[a]: <java\tscript:alert(1)>",
    "data": "Voir [ceci](data:text/html;base64,PHNjcmlwdD4=).",
    "vbscript": "Voir [ceci](vbscript:msgbox(1)).",
    "image par référence": "![x](&#104;ttps://pisteur.example/x.png)",
    "hôte par référence": "Voir [ceci](&sol;&sol;evil.example/).",
}
# Links the parser reads across lines or around brackets (the form reads a whole part, not a line).
# These and the disguises go through the form in the sweep below (one page for all).
SPREAD = {
    "texte du lien sur deux lignes": "Voir [ceci\nlà](javascript:alert(1)).",
    "cible à la ligne": "Voir [ceci](\njavascript:alert(1)).",
    "définition sur deux lignes": "Voir [ceci][a].\n\n[a]:\n  javascript:alert(1)",
    "crochets dans le texte du lien": "Voir [un [lien] imbriqué](javascript:alert(1)).",
    "image dans un lien": "Voir [![logo](logo.png)](javascript:alert(1)).",
    "image distante dans un lien": "Voir [![x](https://pisteur.example/x.png)](https://exemple.fr).",
    "balise sur deux lignes": "Une image <img\nsrc=x onerror=alert(1)>.",
}
# Disguises the parser does not read as a scheme at all: text, or a path inside the site (harmless).
HARMLESS = {
    "référence sans point-virgule": "Voir [ceci](java&#115cript:alert(1)).",
    "autolien à référence": "Voir <java&#115;cript:alert(1)>.",
    "référence nulle": "Voir [ceci](&#0;javascript:alert(1)).",
    "tabulation sans chevrons": "Voir [ceci](java\tscript:alert(1)).",
}


class _Targets(HTMLParser):
    def __init__(self):
        super().__init__()
        self.targets = []

    def handle_starttag(self, tag, attrs):
        self.targets += [value or "" for name, value in attrs if name in ("href", "src")]


@pytest.mark.parametrize("text", [*OBFUSCATED.values(), *SPREAD.values(), *HARMLESS.values()],
                         ids=[*OBFUSCATED, *SPREAD, *HARMLESS])
def test_a_disguised_scheme_is_refused_or_harmless_on_the_page(text):
    """The validator refuses each disguise it reads as a scheme, and each link spread over lines or
    brackets; on the page (the renderer alone, as if the checker had let it through), no link or image
    leads anywhere but http(s), mailto or the site."""
    from scripts.contract import routes
    from scripts.sheets import safe_markdown
    if text not in HARMLESS.values():
        assert body_rules.check(text), "the validator refuses it"
    else:
        assert body_rules.check(text) == []
    scan = _Targets()
    scan.feed(safe_markdown.render(text, "cas/exemple.md", routes.page_url).html)
    for target in scan.targets:  # as the browser reads the attribute: entities decoded by HTMLParser
        assert safe_markdown.scheme(target) in (None, *safe_markdown.LINK_SCHEMES), target
        assert not target.startswith("//"), target


ACCEPTED = {
    "lien https": "Voir [le site](https://exemple.fr/a?b=c).",
    "courriel": "Écrire à [l'équipe](mailto:equipe@exemple.fr).",
    "autolien": "Voir <https://exemple.fr>.",
    "accolades de texte": "Un ensemble { a, b } de valeurs.",
    "crochets dans le texte d'un lien": "Voir [un [bon] lien](https://exemple.fr/a_(b)).",
    "code": "Le code `[x](javascript:alert(1))` montré tel quel.",
}


def _body_problems(page, text: str) -> str | None:
    """What the form says at the first part of the text once `text` is in it (None: it hands out the sheet)."""
    page.fill("#f-corps-1", text)
    _submit(page)
    if page.is_visible("#proposer-envoi"):
        return None
    return page.inner_text("#erreur-corps-1").replace("\u00a0", " ").replace("\u202f", " ")


@pytest.mark.parametrize("name", REFUSED)
def test_form_names_what_the_validator_refuses_in_a_body(context, server, name):  # noqa: F811
    text = REFUSED[name]
    expected = {message for _, message in body_rules.check(text)}
    assert expected, "the validator refuses it"
    page = _open(context, server)
    _fill(page, LOCAL)
    shown = _body_problems(page, text)
    assert shown is not None, "the form handed out a sheet the validator refuses"
    for message in expected:
        assert message.replace("\u00a0", " ").replace("\u202f", " ") in shown, (message, shown)
    assert page.is_hidden("#proposer-envoi")


@pytest.mark.parametrize("name", ACCEPTED)
def test_form_hands_out_what_the_validator_accepts_in_a_body(context, server, name):  # noqa: F811
    text = ACCEPTED[name]
    assert body_rules.check(text) == []
    page = _open(context, server)
    _fill(page, LOCAL)
    assert _body_problems(page, text) is None


def test_form_refuses_a_sheet_over_the_size_limit(context, server):  # noqa: F811
    page = _open(context, server)
    _fill(page, LOCAL)
    shown = _body_problems(page, "Un texte très long. " * 10_001)
    assert shown is not None and "fiche trop volumineuse" in shown and "au plus 200000" in shown, shown


@pytest.mark.parametrize("char", ["\u0000", "\u0007", "\ufffe"])
def test_a_control_character_in_a_body_gives_a_sheet_the_validator_accepts(context, server, tmp_path, char):  # noqa: F811
    """Once, a NUL stopped the form with « URI malformed » and neither a sheet nor an error."""
    from scripts.sheets.load import load
    from scripts.sheets.validate import validate
    page = _open(context, server)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _fill(page, LOCAL)
    shown = _body_problems(page, f"Un texte{char}avec un caractère de contrôle.")
    assert errors == []
    if shown is None:  # handed out: the validator accepts that very sheet
        sent = _sent(page)
        (tmp_path / "cases").mkdir()
        path = tmp_path / "cases" / sent["nom"]
        path.write_text(sent["fichier"], encoding="utf-8")
        assert validate([load(path, tmp_path)]) == []
    else:
        assert shown.strip(), "a problem named in French"


# --- Item 5b: the hostile corpus through the form, in one page -------------------------------------------

def _golden_bodies() -> dict[str, str]:
    """The bodies of the golden sheets the validator refuses (those that have one)."""
    from helpers import GOLDEN
    out = {}
    for path in sorted((GOLDEN / "invalid").glob("*.md")):
        parts = path.read_text(encoding="utf-8", errors="replace").split("\n---\n", 1)
        if len(parts) == 2 and parts[1].strip():
            out[f"corps de {path.stem}"] = parts[1]
    return out


def _corpus() -> dict[str, dict[str, str]]:
    """Each hostile text of the project's corpora, as the fields of the form it goes into: the body's first
    part, or the title, summary and carrier at once (test_hostile.py's way)."""
    from test_hostile import ATTACKS
    texts = {f"attaque {i}": attack for i, attack in enumerate(ATTACKS)}
    texts.update(REFUSED)
    texts.update({f"déguisé : {name}": text for name, text in OBFUSCATED.items()})
    texts.update(SPREAD)
    texts.update(ACCEPTED)
    texts.update({f"inoffensif : {name}": text for name, text in HARMLESS.items()})
    items = {f"{name} (texte)": {"#f-corps-1": text} for name, text in texts.items()}
    items.update({f"{name} (texte)": {"#f-corps-1": text} for name, text in _golden_bodies().items()})
    items.update({f"attaque {i} (titre, résumé, porteur)": {"#f-titre": attack, "#f-resume": attack, "#f-porteur": attack}
                  for i, attack in enumerate(ATTACKS)})
    return items


CORPUS = _corpus()

# In the page: each item's fields set, the form sent, what it says or hands out read, the fields put back.
SWEEP = """(items) => {
    const form = document.getElementById("proposer");
    const envoi = document.getElementById("proposer-envoi");
    const out = {};
    for (const [name, fields] of Object.entries(items)) {
        const kept = {};
        for (const [selector, value] of Object.entries(fields)) {
            const box = document.querySelector(selector);
            kept[selector] = box.value;
            box.value = value;
        }
        form.requestSubmit();
        out[name] = envoi.hidden ? { problems: document.getElementById("proposer-erreurs").innerText }
                                 : { sheet: envoi.dataset.fiche };
        for (const [selector, value] of Object.entries(kept)) document.querySelector(selector).value = value;
    }
    return out;
}"""


@pytest.fixture(scope="module")
def swept(browser, server):
    """What the form did with every item of the corpus, in one page (one batch)."""
    ctx = browser.new_context(viewport={"width": 1366, "height": 900}, locale="fr-FR")
    page = _open(ctx, server)
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    _fill(page, LOCAL)
    _submit(page)
    assert page.is_visible("#proposer-envoi"), "the reference sheet is handed out"
    results = page.evaluate(SWEEP, CORPUS)
    ctx.close()
    assert errors == []
    return results


def _validator_problems(sheet: str, folder) -> list:
    """What scripts.sheets validation says of `sheet`, saved under its id as a contributor would."""
    from scripts.sheets.load import load
    from scripts.sheets.validate import validate
    ident = yaml.safe_load(sheet.split("---\n")[1])["id"]
    (folder / "cases").mkdir(exist_ok=True)
    path = folder / "cases" / f"{ident}.md"
    path.write_text(sheet, encoding="utf-8")
    return validate([load(path, folder)])


@pytest.mark.parametrize("name", CORPUS)
def test_the_form_hands_out_only_what_the_validator_accepts(swept, tmp_path, name):
    """Each hostile text through the form: either it names a problem in French and hands out nothing, or
    the validator accepts the very sheet it hands out. What the validator refuses in a body, the form
    names with the validator's own words."""
    result = swept[name]
    body = CORPUS[name].get("#f-corps-1")
    expected = {message for _, message in body_rules.check(body)} if body is not None else set()
    if "sheet" in result:
        assert not expected, f"the form handed out a body the validator refuses: {expected}"
        assert _validator_problems(result["sheet"], tmp_path) == []
    else:
        shown = result["problems"].replace("\u00a0", " ").replace("\u202f", " ")
        assert any(word in shown for word in ("refusé", "interdit", "obligatoire", "au plus", "invalide", "doit")), shown
        for message in expected:
            assert message.replace("\u00a0", " ").replace("\u202f", " ") in shown, (message, shown)
