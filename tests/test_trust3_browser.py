"""Trust, round 3 (issue 28), in Chromium: the web form's e-mail and GitHub links carry the sheet and
nothing else, whatever a contributor types (no extra recipient, header or parameter, no other file)."""

from __future__ import annotations

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
ACCEPTED = {
    "lien https": "Voir [le site](https://exemple.fr/a?b=c).",
    "courriel": "Écrire à [l'équipe](mailto:equipe@exemple.fr).",
    "autolien": "Voir <https://exemple.fr>.",
    "accolades de texte": "Un ensemble { a, b } de valeurs.",
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
