"""Typed settings: one default per value, read from mkdocs.yml and the environment in one place."""

from __future__ import annotations

import dataclasses
import re

import pytest
import yaml
from helpers import ROOT

from scripts import core
from scripts.contract import editeur
from scripts.contract.settings import DEPOT, Settings, from_config
from scripts.pages import formulaire


def test_each_default_is_spelt_once():
    """The repository's address is written in settings.py only (not in mkdocs.yml, the hooks or render)."""
    spelt = [p.relative_to(ROOT).as_posix() for p in [*ROOT.joinpath("scripts").rglob("*.py"), ROOT / "mkdocs.yml"]
             if "github.com/base-innovation-qpv" in p.read_text(encoding="utf-8")]
    assert spelt == ["scripts/contract/settings.py"]
    extra = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)["extra"]
    assert "depot" not in extra and "branche" not in extra


def test_settings_from_config_and_environment():
    assert from_config(None, {}, {}) == Settings()
    assert Settings().depot == DEPOT and Settings().branche == "main" and Settings().site_url == "/"
    fork = from_config("https://ville.fr/base/", {"depot": "https://github.com/ville/base", "branche": "prod",
                                                  "editeur": {"nom": "Ville"}}, {})
    assert (fork.site_url, fork.depot, fork.branche) == ("https://ville.fr/base/", "https://github.com/ville/base",
                                                         "prod")
    assert fork.editeur["nom"] == "Ville" and fork.editeur["courriel"] == editeur.EDITEUR["courriel"]
    assert from_config(None, {"depot": "https://github.com/a/b"}, {"DEPOT_URL": "https://github.com/c/d"}).depot \
        == "https://github.com/c/d"
    with pytest.raises(dataclasses.FrozenInstanceError):
        Settings().site_url = "https://x.fr/"  # type: ignore[misc]


def test_partial_publisher_keeps_its_other_placeholders():
    ready = Settings().with_(editeur={"courriel": "redaction@ville.fr"})
    assert ready.editeur == {**editeur.EDITEUR, "courriel": "redaction@ville.fr"}
    assert ready.hebergeur == editeur.HEBERGEUR and formulaire.email(ready) == "redaction@ville.fr"
    assert any("extra.editeur.nom" in line for line in ready.problems())
    assert "Publication refusée" in Settings(site_url="https://ville.fr/").publication_error()


def test_settings_reach_the_pages_and_the_schema_id():
    """The configured site address and repository are what the pages and schema.json say."""
    settings = Settings(site_url="https://ville.fr/base/", depot="https://github.com/ville/base", branche="prod")
    result = core.build(ROOT / "tests" / "golden" / "valid", ROOT, settings=settings)
    pages, files = dict(result.pages), dict(result.files)
    assert '"$id": "https://ville.fr/base/donnees/schema.json"' in files["donnees/schema.json"]
    case = next(path for path in pages if re.fullmatch(r"cas/[a-z0-9-]+\.md", path) and path != "cas/index.md")
    assert "https://github.com/ville/base/edit/prod/cases/" in pages[case]
    assert "https://ville.fr/base/" + case[:-3] + "/" in pages[case]
