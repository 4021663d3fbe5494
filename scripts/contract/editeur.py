"""Who publishes the site: settings with placeholders, and the check before publication.

The publisher is configured once, in mkdocs.yml (`extra.editeur`, `extra.hebergeur`),
and shown in the footer, the legal notice, the personal-data page and the
accessibility statement. Nothing here is a real publisher: the placeholders say
« à renseigner » and the e-mail uses example.org, so they can be detected.
"""

from __future__ import annotations

import re
from urllib.parse import urlparse

EDITEUR = {
    "nom": "[Nom de l'éditeur à renseigner]",
    "adresse_ou_site": "[Adresse postale ou site web de l'éditeur à renseigner]",
    "courriel": "contact@base-innovation-qpv.example",
    "directeur_publication": "[Directeur ou directrice de la publication à renseigner]",
}
HEBERGEUR = {
    "nom": "[Nom de l'hébergeur à renseigner]",
    "adresse": "[Adresse et téléphone de l'hébergeur à renseigner]",
}
# Where the default site address lives (mkdocs.yml's site_url without SITE_URL).
PLACEHOLDER_SITE = "https://base-innovation-qpv.example/"

LABELS = {
    "editeur": ("l'éditeur", {"nom": "nom", "adresse_ou_site": "adresse ou site web", "courriel": "courriel",
                              "directeur_publication": "directeur ou directrice de la publication"}),
    "hebergeur": ("l'hébergeur", {"nom": "nom", "adresse": "adresse et téléphone"}),
}
_RESERVED_DOMAIN = re.compile(r"(^|\.)(example|invalid|test|localhost)(\.[a-z]+)?$", re.IGNORECASE)


def is_placeholder(value: object) -> bool:
    text = str(value or "").strip()
    if not text or ("[" in text and "à renseigner" in text):
        return True
    domain = text.rpartition("@")[2] if "@" in text else urlparse(text).hostname or ""
    return bool(domain) and bool(_RESERVED_DOMAIN.search(domain))


def settings(extra: dict) -> dict:
    """The publisher and host from mkdocs.yml's `extra`, each key defaulting to its placeholder."""
    return {"editeur": {**EDITEUR, **(extra.get("editeur") or {})},
            "hebergeur": {**HEBERGEUR, **(extra.get("hebergeur") or {})}}


def problems(config: dict, site_url: str) -> list[str]:
    """What still holds a placeholder, one French line each (empty when ready to publish)."""
    out = []
    if is_placeholder(site_url) or not urlparse(site_url).scheme.startswith("http"):
        out.append(f"adresse du site (SITE_URL) : « {site_url} » n'est pas une adresse publique")
    for key, (who, fields) in LABELS.items():
        for field, label in fields.items():
            value = config[key].get(field, "")
            if is_placeholder(value):
                out.append(f"extra.{key}.{field} ({label} de {who}) : « {value} » est à renseigner dans mkdocs.yml")
    return out


def publication_error(config: dict, site_url: str) -> str | None:
    found = problems(config, site_url)
    if not found:
        return None
    return ("Publication refusée : l'éditeur ou l'adresse du site sont encore des exemples.\n  - "
            + "\n  - ".join(found)
            + "\nRenseignez-les dans mkdocs.yml (extra.editeur, extra.hebergeur) et dans SITE_URL, "
              "puis relancez la construction.")


LOCAL_WARNING = ("Attention : construction locale (SITE_URL non défini). Les liens absolus (adresse canonique, "
                 "citations, plan du site, flux) utilisent l'adresse d'exemple {site} ; l'éditeur n'est pas "
                 "renseigné. Pour publier : make publier SITE_URL=https://… (vérifie l'éditeur et l'adresse).")
