"""The site's settings, typed, each with its one default.

What the core needs to know about where and by whom the site is published: its
absolute address, the repository contributors edit, the publisher and the host.
Built once per build by `from_config` (from mkdocs.yml's `site_url` and `extra`,
and the environment); the core receives a `Settings`, never a dict, so a
misspelt key is an AttributeError and not a silent default.

Why here and not in mkdocs.yml: the core also runs without MkDocs
(`python -m scripts.build`, the tests), and each value must have one default,
which the two would otherwise each spell.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field, replace

from scripts.contract import editeur

# The repository contributors edit (« Modifier sur GitHub », the web form's pull request).
# Overridden by mkdocs.yml's extra.depot, or by DEPOT_URL in the environment (a fork's CI).
DEPOT = "https://github.com/base-innovation-qpv/base-de-projets"
BRANCHE = "main"


@dataclass(frozen=True)
class Settings:
    site_url: str = "/"  # absolute URL of the site root, ending with / (a local build: "/")
    depot: str = DEPOT  # repository URL, without a trailing /
    branche: str = BRANCHE  # the branch sheets are edited on
    date: str | None = None  # build date (YYYY-MM-DD): never shown as a sheet's date
    # Publisher and host (editeur.py): placeholders until mkdocs.yml names them, key by key.
    editeur: Mapping[str, str] = field(default_factory=lambda: dict(editeur.EDITEUR))
    hebergeur: Mapping[str, str] = field(default_factory=lambda: dict(editeur.HEBERGEUR))

    def with_(self, **changes) -> Settings:
        """A copy with some values changed; a partial publisher or host keeps its other values."""
        for key in ("editeur", "hebergeur"):
            if key in changes:
                changes[key] = {**getattr(self, key), **(changes[key] or {})}
        return replace(self, **changes)

    def problems(self) -> list[str]:
        """What still holds a placeholder before publication (editeur.py), one French line each."""
        return editeur.problems({"editeur": self.editeur, "hebergeur": self.hebergeur}, self.site_url)

    def publication_error(self) -> str | None:
        return editeur.publication_error({"editeur": self.editeur, "hebergeur": self.hebergeur}, self.site_url)


def from_config(site_url: str | None, extra: Mapping, environ: Mapping[str, str] = os.environ) -> Settings:
    """The settings of a build: mkdocs.yml's `site_url` (itself read from SITE_URL) and `extra`
    (depot, branche, editeur, hebergeur), DEPOT_URL overriding the repository."""
    people = editeur.settings(extra)
    return Settings(site_url=site_url or "/",
                    depot=environ.get("DEPOT_URL") or extra.get("depot") or DEPOT,
                    branche=extra.get("branche") or BRANCHE,
                    editeur=people["editeur"], hebergeur=people["hebergeur"])
