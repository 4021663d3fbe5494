"""How to cite a case: the French reference shown on its page, and files for reference managers.

- `citation()`: « Titre » (porteur), fiche de la base mise à jour le …, d'après
  l'étude … (CGET, février 2017 ; devenu l'ANCT en 2020). En ligne : URL
  (consulté le …). The porteur is left out when it only repeats the title.
- `to_ris()`: RIS (Zotero, EndNote, Mendeley…), `to_bibtex()`: BibTeX (LaTeX,
  JabRef, Zotero), for one case or the whole base.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

from scripts.contract import routes, schema
from scripts.contract.slug import fold

BASE = "Base de projets innovation et QPV"
STUDY_TITLE = ("L'innovation, moteur de développement économique et d'emploi dans les quartiers prioritaires "
               "de la politique de la ville")
STUDY = f"« {STUDY_TITLE} », CGET, février 2017"
ANCT = "le CGET est devenu l'Agence nationale de la cohésion des territoires (ANCT) en 2020"
ANCT_SHORT = "le CGET est devenu l'ANCT en 2020"
CONSULTED = "[date de consultation]"


def porteur_shown(case: dict) -> str | None:
    """The porteur, unless it only repeats the title (« Wimoov (porteur : Wimoov) »)."""
    return None if fold(case["porteur"]).strip() == fold(case["titre"]).strip() else case["porteur"]


def _date_words(case: dict) -> tuple[str, str | None]:
    """(« mise à jour le » / « en », the date) or ('', None) for an undated sheet."""
    date = case.get("date")
    if date is None:
        return "", None
    return ("mise à jour en " if date.month_only else "mise à jour le "), date


def citation(case: dict, permalink: str, consulted: str = CONSULTED, html: bool = False) -> str:
    """The French reference of a case, as text, or as HTML with <time> and a slot for the consultation date."""
    e = escape if html else str
    porteur = porteur_shown(case)
    words, date = _date_words(case)
    when = ""
    if date is not None:
        when = (f' {words}<time datetime="{date.iso}">{e(date.french)}</time>' if html
                else f" {words}{date.french}")
    consulted = (f'<span class="cas-citer-consulte">{e(consulted)}</span>' if html else consulted)
    text = (f"« {e(case['titre'])} »{f' ({e(porteur)})' if porteur else ''}, fiche de la {BASE}{when}, "
            f"d'après l'étude « {STUDY_TITLE} » (CGET, février\u00a02017\u202f; {ANCT_SHORT}). "
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
    return f"{lead}D'après l'étude {STUDY} ({ANCT})."


def ris_entry(case: dict, permalink: str) -> str:
    lines = [("TY", "ELEC"), ("TI", case["titre"]), ("AU", f"{BASE},"), ("T2", BASE), ("PB", BASE)]
    date = case.get("date")
    if date is not None:
        lines.append(("PY", str(date.value.year)))
        lines.append(("DA", date.value.strftime("%Y/%m/") + ("" if date.month_only else date.value.strftime("%d"))))
    lines += [("UR", permalink), ("AB", case["resume"]), ("LA", "fr")]
    if "commune" in case:
        lines.append(("CY", case["commune"]))
    lines += [("KW", word) for word in _keywords(case)]
    lines += [("N1", _note(case)), ("ID", f"baseqpv-{case['id']}"), ("ER", "")]
    return "".join(f"{tag}  - {_one_line(value)}\r\n" for tag, value in lines)


def to_ris(cases: list[dict], site_url: str, entries: dict[str, str] | None = None) -> str:
    """Every case's RIS entry; `entries`: those already made, by id (see `entries`)."""
    entries = entries if entries is not None else {}
    return "\r\n".join(entries.get(c["id"]) or ris_entry(c, routes.absolute(site_url, routes.case(c["id"])))
                        for c in sorted(cases, key=lambda c: c["id"]))


_BIBTEX_SPECIAL = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&", "$": r"\$",
                   "#": r"\#", "_": r"\_", "~": r"\textasciitilde{}", "^": r"\textasciicircum{}"}


_BIBTEX_TABLE = str.maketrans(_BIBTEX_SPECIAL)


def _bib(text: str) -> str:
    return _one_line(text).translate(_BIBTEX_TABLE)


def bibtex_entry(case: dict, permalink: str) -> str:
    fields = [("title", "{" + _bib(case["titre"]) + "}"), ("author", "{" + _bib(BASE) + "}"),
              ("organization", _bib(BASE)), ("howpublished", f"Fiche de la {_bib(BASE)}")]
    date = case.get("date")
    if date is not None:
        fields += [("year", str(date.value.year)), ("month", str(date.value.month)), ("date", date.iso)]
    fields += [("url", permalink), ("abstract", _bib(case["resume"])), ("language", "french"),
               ("keywords", _bib(", ".join(_keywords(case)))), ("note", _bib(_note(case)))]
    body = ",\n".join(f"  {key} = {{{value}}}" for key, value in fields)
    return f"@misc{{baseqpv-{case['id']},\n{body}\n}}\n"


def to_bibtex(cases: list[dict], site_url: str, entries: dict[str, str] | None = None) -> str:
    """Every case's BibTeX entry; `entries`: those already made, by id (see `entries`)."""
    entries = entries if entries is not None else {}
    return "\n".join(entries.get(c["id"]) or bibtex_entry(c, routes.absolute(site_url, routes.case(c["id"])))
                      for c in sorted(cases, key=lambda c: c["id"]))


def entries(cases: list[dict], site_url: str) -> tuple[dict[str, str], dict[str, str]]:
    """(RIS, BibTeX) entry of each case by id, made once for the per-case files and the whole files."""
    permalinks = {c["id"]: routes.absolute(site_url, routes.case(c["id"])) for c in cases}
    return ({c["id"]: ris_entry(c, permalinks[c["id"]]) for c in cases},
            {c["id"]: bibtex_entry(c, permalinks[c["id"]]) for c in cases})
