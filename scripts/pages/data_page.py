"""What the data page (/donnees/) shows: one card per file, and the first rows."""

from __future__ import annotations

from scripts.contract import routes
from scripts.exports import open_data


def _size(content: str | bytes) -> str:
    """« 812 octets », « 48,2 ko », « 1,3 Mo » (decimal units, French decimal comma)."""
    n = len(content.encode("utf-8") if isinstance(content, str) else content)
    if n < 1000:
        return f"{n}\u00a0octets"
    value, unit = (n / 1000, "ko") if n < 1_000_000 else (n / 1_000_000, "Mo")
    return f"{value:.1f}".replace(".", ",") + f"\u00a0{unit}"


# The resource cards of /donnees/: file, title, format, what a row is called, who it is for.
RESOURCES = (
    ("cas.xlsx", "Classeur Excel", "XLSX", "lignes", "Pour Excel ou LibreOffice Calc, à utiliser tel quel : en-têtes "
     "en français, valeurs en toutes lettres (les codes dans l'onglet « Codes »), vraies dates, liens cliquables, "
     "prêt à imprimer, et un onglet « Colonnes » qui explique chaque colonne."),
    ("cas-excel.csv", "CSV pour Excel", "CSV (point-virgule)", "lignes", "S'ouvre d'un double clic dans Excel en français : "
     "séparateur point-virgule, virgule décimale, UTF-8 avec BOM ; les colonnes du premier onglet du classeur."),
    ("cas.csv", "CSV standard", "CSV (virgule)", "lignes", "Le format d'échange : séparateur virgule, UTF-8, une ligne par "
     "cas, le texte en Markdown ; décrit par un schéma Table Schema (voir « Pour les développeurs »)."),
    ("cas.json", "JSON", "JSON", "objets", "Pour les programmes : toutes les clés des fiches, le texte en Markdown."),
    ("cas.ris", "Références RIS", "RIS", "références", "Toutes les fiches pour un logiciel de références "
     "(Zotero, EndNote, Mendeley)."),
    ("cas.bib", "Références BibTeX", "BibTeX", "références", "Toutes les fiches pour LaTeX, JabRef ou Zotero."),
)
PREVIEW_COLUMNS = ("titre", "porteur", "echelle_libelle", "commune", "impact_principal_libelle")


def data_context(cases: list[dict], data: list[tuple[str, str | bytes]], site_url: str) -> dict:
    """What /donnees/ shows: one card per file (size, date, rows), and the first rows."""
    content = {path.removeprefix(routes.data()): body for path, body in data}
    newest = max((c["date"] for c in cases if c.get("date")), key=lambda d: d.value, default=None)
    cards = [{"fichier": name, "titre": title, "format": fmt, "unite": unit, "usage": usage,
              "taille": _size(content[name])}
             for name, title, fmt, unit, usage in RESOURCES if name in content]
    people = open_data.people_columns(site_url)
    shown = [i for i, column in enumerate(people) if column.name in PREVIEW_COLUMNS]
    columns = [(people[i].header, people[i].help) for i in shown]
    rows = [[row[i] or "" for i in shown]
            for row in open_data.people_rows(sorted(cases, key=lambda c: c["id"])[:3], site_url)]
    return {"cartes": cards, "date": newest, "apercu": {"colonnes": columns, "lignes": rows},
            "tailles": {name: _size(body) for name, body in content.items()}}
