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
