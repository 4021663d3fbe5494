"""What a case page shows besides its fields: structured data, citation, links to
report or correct it, and its body rendered as untrusted Markdown (`safe_markdown`)."""

from __future__ import annotations

import re

from markupsafe import Markup

from scripts.contract import routes, schema
from scripts.contract.settings import Settings
from scripts.exports import references
from scripts.pages import formulaire
from scripts.pages.escaping import script_safe_json
from scripts.sheets import safe_markdown


def jsonld(case: dict, permalink: str) -> str:
    """schema.org description of a case (a CreativeWork about a project)."""
    data = {
        "@context": "https://schema.org",
        "@type": "CreativeWork",
        "name": case["titre"],
        "description": case["resume"],
        "url": permalink,
        "inLanguage": "fr",
        "about": {"@type": "Project", "name": case["titre"],
                  "sponsor": {"@type": "Organization", "name": case["porteur"]}},
        "isPartOf": {"@type": "Dataset", "name": "Base de projets innovation et QPV"},
        "citation": [source["titre"] for source in case["sources"]],
    }
    if "commune" in case:
        data["spatialCoverage"] = {"@type": "Place", "name": case["commune"],
                                   "address": {"@type": "PostalAddress", "addressLocality": case["commune"],
                                               "addressCountry": "FR"}}
        if "coordonnees" in case:
            data["spatialCoverage"]["geo"] = {"@type": "GeoCoordinates", "latitude": case["coordonnees"]["lat"],
                                              "longitude": case["coordonnees"]["lon"]}
    if case.get("date") is not None:
        data["dateModified"] = case["date"].iso
    if "annee" in case:
        data["about"]["foundingDate"] = str(case["annee"])
    about = data["about"]
    if "contact" in case:
        kind = "url" if case["contact"].lower().startswith("https://") else "email"
        about["sponsor"]["contactPoint"] = {"@type": "ContactPoint", "contactType": "contact public", kind: case["contact"]}
    moyens = case.get("moyens") or {}
    if moyens.get("financeurs"):
        about["funder"] = [{"@type": "Organization", "name": name} for name in moyens["financeurs"]]
    if "budget_annuel" in moyens:
        about["additionalProperty"] = [{"@type": "PropertyValue", "name": "Budget annuel",
                                        "value": schema.BUDGETS[moyens["budget_annuel"]]}]
    if "etp" in moyens:
        about.setdefault("additionalProperty", []).append(
            {"@type": "PropertyValue", "name": "Équivalents temps plein", "value": moyens["etp"]})
    for r in case.get("resultats", []):
        about.setdefault("additionalProperty", []).append(
            {"@type": "PropertyValue", "name": r["indicateur"], "value": r["valeur"],
             **({"observationDate": str(r["annee"])} if "annee" in r else {}), "description": f"Source : {r['source']}"})
    if case.get("changement_echelle"):
        about["keywords"] = [schema.CHANGEMENT_ECHELLE[s] for s in case["changement_echelle"]]
    if case.get("essaime_a"):
        about["location"] = [{"@type": "Place", "name": p["commune"],
                              "address": {"@type": "PostalAddress", "addressLocality": p["commune"],
                                          "addressCountry": "FR"}} for p in case["essaime_a"]]
    if "etat" in case:
        about["additionalProperty"] = [*about.get("additionalProperty", []),
                                       {"@type": "PropertyValue", "name": "Situation", "value": schema.ETAT[case["etat"]],
                                        "observationDate": case["verifie_le"].isoformat()}]
    return script_safe_json(data)



def citation(case: dict, permalink: str, settings: Settings | None = None) -> Markup:
    """The French reference shown on a case page (see references.py), naming the configured publisher."""
    return references.citation(case, permalink, html=True, editeur=settings.editeur if settings else None)


def issue_query(case: dict) -> str:
    from urllib.parse import urlencode
    return urlencode({"template": "erreur-fiche.md", "title": f"Erreur dans la fiche {case['id']}",
                      "body": f"Fiche : cases/{case['id']}.md\nPage : /{routes.case(case['id'])}\n\nCe qui est inexact :\n\n"
                              "Source de la correction :\n"})


def report_mailto(case: dict, settings: Settings) -> str:
    """« Signaler une erreur » without a GitHub account: an e-mail to the publisher naming the case."""
    from urllib.parse import quote
    permalink = routes.absolute(settings.site_url, routes.case(case["id"]))
    body = (f"Fiche : cases/{case['id']}.md\nPage : {permalink}\n\nCe qui est inexact :\n\n"
            "Source de la correction :\n").replace(" :", "\u00a0:").replace("\n", "\r\n")
    return (f"mailto:{formulaire.email(settings)}?subject={quote('Erreur dans la fiche ' + case['id'])}"
            f"&body={quote(body)}")


def correction_url(case: dict, base: str) -> str:
    """« Proposer une modification »: the web form opened on the case."""
    return base + routes.correction(case["id"])



# Ids the case page gives its own sections (case.md.j2) or the theme's header uses:
# never given to a heading of the body.
CASE_PAGE_IDS = frozenset({"sources", "cas-proches", "citer", "reproduire", "recherche-entete-q"})


def contact_href(contact: str) -> str:
    """A contact's link: the https:// page itself, or mailto: for an e-mail address."""
    return contact if contact.lower().startswith("https://") else "mailto:" + contact


def etp(value: float) -> str:
    """Full-time equivalents in French: « 2,5 », « 3 »."""
    text = f"{value:g}" if isinstance(value, float) else str(value)
    return text.replace(".", ",")


def body(case: dict) -> safe_markdown.Body:
    """The case's Markdown body as sanitized HTML, its headings and its links inside the site."""
    return safe_markdown.render(case["texte"], routes.case_source(case["id"]), routes.page_url, CASE_PAGE_IDS)


_HEADING = re.compile(r'<h([1-6]) id="([^"<>]+)"[^<>]*>(.*?)</h\1>', re.DOTALL)
_TAG = re.compile(r"<[^<>]*>")


def headings(page: str) -> list[tuple[int, str, str]]:
    """(level, id, title as HTML) of every heading with an id of a generated HTML page,
    for the table of contents."""
    return [(int(m.group(1)), m.group(2), _TAG.sub("", m.group(3)).strip()) for m in _HEADING.finditer(page)]



_SECTION_HEADING = re.compile(r"<h([2-6])( id=\"[^\"<>]*\")>([^<>]*)</h\1>")


def searchable(body_html: str) -> str:
    """The body as the search indexes it: the recommended section headings every sheet carries
    (schema.BODY_SECTIONS) are left out of the index (they would match every case); any other
    heading is the case's own text."""
    import html as _html
    sections = {_fold_quotes(name) for name in schema.BODY_SECTIONS}

    def mark(match: re.Match) -> str:
        if _fold_quotes(_html.unescape(match.group(3)).strip()) not in sections:
            return match.group(0)
        return f"<h{match.group(1)}{match.group(2)} data-pagefind-ignore>{match.group(3)}</h{match.group(1)}>"
    return _SECTION_HEADING.sub(mark, body_html)


def _fold_quotes(text: str) -> str:
    return text.replace("\u2019", "'").replace("\u00a0", " ")
