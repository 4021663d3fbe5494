"""How to cite a case: the French reference shown on its page, and files for reference managers.

- `citation()`: « Titre » (porteur), fiche de la base mise à jour le …, d'après
  l'étude … (CGET, février 2017 ; devenu l'ANCT en 2020). En ligne : URL
  (consulté le …). The porteur is left out when it only repeats the title. A case of the study
  says its facts come from the February 2017 study, and gives the sheet's review date apart:
  « fiche de la base : faits tirés de l'étude … (CGET, février 2017 ; …), fiche revue le … ».
- The publisher is the one configured (settings.editeur, mkdocs.yml), in the reference, RIS `PB` and
  BibTeX `publisher`; while it is a placeholder, they name the base itself (never a placeholder).
- `to_ris()`: RIS (Zotero, EndNote, Mendeley…), `to_bibtex()`: BibTeX (LaTeX,
  JabRef, Zotero), for one case or the whole base.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from scripts.contract import routes, schema
from scripts.contract.editeur import is_placeholder
from scripts.contract.slug import fold
from scripts.sheets.dates import STUDY_DATE, STUDY_STATUTS

BASE = "Base de projets innovation et QPV"
STUDY_TITLE = ("L'innovation, moteur de développement économique et d'emploi dans les quartiers prioritaires "
               "de la politique de la ville")
STUDY = f"« {STUDY_TITLE} », CGET, février 2017"
ANCT = "le CGET est devenu l'Agence nationale de la cohésion des territoires (ANCT) en 2020"
ANCT_SHORT = "le CGET est devenu l'ANCT en 2020"
CONSULTED = "[date de consultation]"


def porteur_shown(case: dict) -> str | None:
    """The porteur, unless it only repeats the title (« Wimoov » by Wimoov); a porteur that is the
    title with its expansion in brackets gives the expansion alone (« Adive » (Agence pour la
    diversité entrepreneuriale), not « Adive » (Adive (Agence …)))."""
    porteur, title = case["porteur"].strip(), fold(case["titre"]).strip()
    if fold(porteur) == title:
        return None
    head, bracket, rest = porteur.partition(" (")
    if bracket and fold(head) == title and rest.endswith(")") and "(" not in rest:
        return rest[:-1]
    return porteur


def publisher(editeur) -> str | None:
    """The configured publisher's name (settings.editeur), or None while it is a placeholder."""
    name = (editeur or {}).get("nom")
    return None if is_placeholder(name) else str(name)


def from_study(case: dict) -> bool:
    """A case of the study: its facts date from the study (February 2017), whatever the sheet's date."""
    return case["statut"] in STUDY_STATUTS


def review(case: dict):
    """The sheet's own date when it is not the study's (the day it was last reviewed), else None."""
    date = case.get("date")
    return None if date is None or date.origin == "etude" else date


def _date_words(case: dict) -> tuple[str, str | None]:
    """(« mise à jour le » / « en », the date) or ('', None) for an undated sheet."""
    date = case.get("date")
    if date is None:
        return "", None
    return ("mise à jour en " if date.month_only else "mise à jour le "), date


def citation(case: dict, permalink: str, consulted: str = CONSULTED, html: bool = False,
             editeur=None) -> str:
    """The French reference of a case, as text, or as HTML with <time> and a slot for the consultation date.
    editeur: the configured publisher (settings.editeur), named when it is not a placeholder."""
    e = escape if html else str

    def time(date) -> str:
        return f'<time datetime="{date.iso}">{e(date.french)}</time>' if html else date.french
    porteur = porteur_shown(case)
    by = publisher(editeur)
    sheet = f"fiche de la {BASE}" + (f", publiée par {e(by)}" if by else "")
    study = f"l'étude « {STUDY_TITLE} » (CGET, février\u00a02017\u202f; {ANCT_SHORT})"
    if from_study(case):
        reviewed = review(case)
        when = ""
        if reviewed is not None:
            when = f", fiche revue {'en' if reviewed.month_only else 'le'} {time(reviewed)}"
        body = f"{sheet}\u00a0: faits tirés de {study}{when}"
    else:
        words, date = _date_words(case)
        when = f" {words}{time(date)}" if date is not None else ""
        body = f"{sheet}{when}, d'après {study}"
    consulted = (f'<span class="cas-citer-consulte">{e(consulted)}</span>' if html else consulted)
    text = (f"« {e(case['titre'])} »{f' ({e(porteur)})' if porteur else ''}, {body}. "
            f"En ligne\u00a0: {e(permalink)} (consulté le {consulted}).")
    return Markup(text) if html else text


def _one_line(text: str) -> str:
    return re.sub(r"[ \t\r\n]+", " ", str(text)).strip()  # keeps French no-break spaces


def _keywords(case: dict) -> list[str]:
    words = [schema.CATEGORIES[s] for s in case["categories"]]
    words += [schema.FORMES[s] for s in case.get("formes", [])]
    words += [schema.IMPACTS[s] for s in [case["impact_principal"], *case.get("impacts", [])]]
    if "region" in case:
        words.append(schema.REGIONS[case["region"]])
    return words


def _note(case: dict) -> str:
    porteur = porteur_shown(case)
    lead = f"Porteur : {porteur}. " if porteur else ""
    if not from_study(case):
        return f"{lead}D'après l'étude {STUDY} ({ANCT})."
    reviewed = review(case)
    after = f" Fiche revue {'en' if reviewed.month_only else 'le'} {reviewed.french}." if reviewed is not None else ""
    return f"{lead}Faits tirés de l'étude {STUDY} ({ANCT}).{after}"


def _facts_date(case: dict):
    """(date, month only) a reference is dated by: the study's for its cases, else the sheet's (or None)."""
    if from_study(case):
        return STUDY_DATE, True
    date = case.get("date")
    return (None, False) if date is None else (date.value, date.month_only)


def ris_entry(case: dict, permalink: str, editeur=None) -> str:
    lines = [("TY", "ELEC"), ("TI", case["titre"]), ("AU", f"{BASE},"), ("T2", BASE),
             ("PB", publisher(editeur) or BASE)]
    day, month_only = _facts_date(case)
    if day is not None:
        lines.append(("PY", str(day.year)))
        lines.append(("DA", day.strftime("%Y/%m/") + ("" if month_only else day.strftime("%d"))))
    lines += [("UR", permalink), ("AB", case["resume"]), ("LA", "fr")]
    if "commune" in case:
        lines.append(("CY", case["commune"]))
    lines += [("KW", word) for word in _keywords(case)]
    lines += [("N1", _note(case)), ("ID", f"baseqpv-{case['id']}"), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def to_ris(cases: list[dict], site_url: str, entries: dict[str, str] | None = None, editeur=None) -> str:
    """Every case's RIS entry; `entries`: those already made, by id (see `entries`)."""
    entries = entries if entries is not None else {}
    return "\r\n".join(entries.get(c["id"]) or ris_entry(c, routes.absolute(site_url, routes.case(c["id"])), editeur)
                        for c in sorted(cases, key=lambda c: c["id"]))


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def _bib(text: str) -> str:
    return _one_line(text).translate(_BIBTEX_TABLE)


def bibtex_entry(case: dict, permalink: str, editeur=None) -> str:
    by = publisher(editeur)
    fields = [("title", "{" + _bib(case["titre"]) + "}"), ("author", "{" + _bib(BASE) + "}"),
              ("organization", _bib(by or BASE))]
    if by:
        fields.append(("publisher", _bib(by)))
    fields.append(("howpublished", f"Fiche de la {_bib(BASE)}"))
    day, month_only = _facts_date(case)
    if day is not None:
        iso = day.strftime("%Y-%m") if month_only else day.isoformat()
        fields += [("year", str(day.year)), ("month", str(day.month)), ("date", iso)]
    fields += [("url", permalink), ("abstract", _bib(case["resume"])), ("language", "french"),
               ("keywords", _bib(", ".join(_keywords(case)))), ("note", _bib(_note(case)))]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{baseqpv-{case['id']},\n{body}\n}}\n"


def to_bibtex(cases: list[dict], site_url: str, entries: dict[str, str] | None = None, editeur=None) -> str:
    """Every case's BibTeX entry; `entries`: those already made, by id (see `entries`)."""
    entries = entries if entries is not None else {}
    return "\n".join(entries.get(c["id"]) or bibtex_entry(c, routes.absolute(site_url, routes.case(c["id"])), editeur)
                      for c in sorted(cases, key=lambda c: c["id"]))


def entries(cases: list[dict], site_url: str, editeur=None) -> tuple[dict[str, str], dict[str, str]]:
    """(RIS, BibTeX) entry of each case by id, made once for the per-case files and the whole files.
    editeur: the configured publisher (settings.editeur)."""
    permalinks = {c["id"]: routes.absolute(site_url, routes.case(c["id"])) for c in cases}
    return ({c["id"]: ris_entry(c, permalinks[c["id"]], editeur) for c in cases},
            {c["id"]: bibtex_entry(c, permalinks[c["id"]], editeur) for c in cases})
