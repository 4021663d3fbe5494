"""Validate case sheets against the contract; report every problem, in French.

Usage: python -m scripts.validate [--github] [FICHIER ...]
(all sheets of cases/ when no file is given).
"""

from __future__ import annotations

import argparse
import datetime
import os
import re
import sys
from pathlib import Path

from . import body as body_rules
from .load import Sheet, display_path, load, load_all
from .problems import Problem, suggest
from .schema import (
    AXES,
    FIELDS,
    FRANCE_BOXES,
    ID_PATTERN,
    MAX_LIST_ITEMS,
    MAX_STRING,
    QPV_PATTERN,
    URL_SCHEMES,
    VOCABULARIES,
    YEAR_MIN,
    current_year,
)

_ID = re.compile(ID_PATTERN)
_QPV = re.compile(QPV_PATTERN)
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")

TYPE_NAMES = {str: "un texte", list: "une liste", dict: "une liste de clés", int: "un nombre entier",
              bool: "true ou false", float: "un nombre", type(None): "vide"}


def _type_name(value: object) -> str:
    return TYPE_NAMES.get(type(value), type(value).__name__)


def check_sheet(sheet: Sheet) -> None:
    """Record on the sheet every problem of its front matter and body."""
    meta = sheet.meta
    if meta is None:
        return
    for key in meta:
        if key not in FIELDS:
            sheet.problem(key or "(clé vide)", "clé inconnue" + (suggest(key, FIELDS) or " (voir la liste des clés dans CONTRIBUTING.md)"))
    for key, spec in FIELDS.items():
        if key not in meta:
            if spec.required:
                sheet.problem(key, "clé obligatoire absente : ajoutez-la à l'en-tête", 1)
            continue
        CHECKS[spec.kind](sheet, key, meta[key], spec)
    _check_cross(sheet, meta)
    for line, message in body_rules.check(sheet.body):
        sheet.problem("corps", message, sheet.body_line + line - 1)


def _check_text(sheet, key, value, spec, plain=True) -> bool:
    if not isinstance(value, str):
        sheet.problem(key, f"doit être un texte, pas {_type_name(value)} : mettez la valeur entre guillemets")
        return False
    length = len(value.strip())
    limit = spec.max_length or MAX_STRING
    if length < spec.min_length:
        sheet.problem(key, "ne doit pas être vide")
        return False
    if len(value) > limit:
        sheet.problem(key, f"trop long ({len(value)} caractères ; au plus {limit}) : raccourcissez-le")
        return False
    if plain and _CONTROL.search(value):
        sheet.problem(key, "contient un caractère de contrôle invisible : retapez la valeur")
        return False
    return True


def _check_slug(sheet, key, value, spec):
    if not _check_text(sheet, key, value, spec):
        return
    if not _ID.match(value):
        sheet.problem(key, f"« {value} » n'est pas un identifiant valide : minuscules sans accents, chiffres "
                           f"et tirets simples (ex. {_slug_hint(value)})")


def _slug_hint(value: str) -> str:
    from .slug import slugify
    return slugify(value) or "mon-projet"


def _check_vocab(sheet, key, value, spec, index=None):
    vocabulary = VOCABULARIES[spec.vocabulary]
    line = sheet.line(key, index)
    if not isinstance(value, str) and spec.vocabulary == "departements":
        code = f"{value:02d}" if isinstance(value, int) and not isinstance(value, bool) else value
        sheet.problem(key, f"le code doit être écrit entre guillemets : \"{code}\" (sinon YAML le lit "
                           "comme un nombre et perd le zéro de 01 à 09)", line)
        return
    if not isinstance(value, str):
        sheet.problem(key, f"doit être un texte, pas {_type_name(value)}", line)
        return
    if value not in vocabulary:
        shown = ", ".join(vocabulary) if len(vocabulary) <= 10 else VOCABULARY_HINTS[spec.vocabulary]
        sheet.problem(key, f"valeur « {value} » inconnue{suggest(value, vocabulary)} ; valeurs possibles : {shown}",
                      line)


VOCABULARY_HINTS = {"departements": "01 à 95 (sauf 20 : 2A ou 2B pour la Corse), 971, 972, 973, 974, 976"}


def _check_list(sheet, key, value, spec) -> bool:
    if not isinstance(value, list):
        sheet.problem(key, f"doit être une liste, pas {_type_name(value)} : écrivez [valeur] ou une liste à tirets")
        return False
    if len(value) < spec.min_items:
        sheet.problem(key, "la liste ne doit pas être vide")
        return False
    if len(value) > MAX_LIST_ITEMS:
        sheet.problem(key, f"liste trop longue ({len(value)} éléments ; au plus {MAX_LIST_ITEMS})")
        return False
    return True


def _check_duplicates(sheet, key, value):
    seen = set()
    for i, item in enumerate(value):
        marker = repr(item)
        if marker in seen:
            sheet.problem(key, f"« {item} » est répété : gardez-le une seule fois", sheet.line(key, i))
        seen.add(marker)


def _check_vocab_list(sheet, key, value, spec):
    if not _check_list(sheet, key, value, spec):
        return
    for i, item in enumerate(value):
        _check_vocab(sheet, key, item, spec, index=i)
    _check_duplicates(sheet, key, value)


def _check_axes(sheet, key, value, spec):
    if not _check_list(sheet, key, value, spec):
        return
    for i, item in enumerate(value):
        if isinstance(item, bool) or not isinstance(item, int) or item not in AXES:
            sheet.problem(key, f"« {item} » n'est pas un axe : entiers de 1 à 8", sheet.line(key, i))
    _check_duplicates(sheet, key, value)


def _check_bool(sheet, key, value, spec):
    if not isinstance(value, bool):
        sheet.problem(key, f"doit valoir true ou false, pas « {value} »")


def _check_year(sheet, key, value, spec):
    if isinstance(value, bool) or not isinstance(value, int):
        sheet.problem(key, f"doit être une année (nombre entier), pas « {value} »")
    elif not YEAR_MIN <= value <= current_year():
        sheet.problem(key, f"année {value} hors limites : de {YEAR_MIN} à {current_year()}")


def _check_date(sheet, key, value, spec):
    if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
        sheet.problem(key, f"doit être une date AAAA-MM-JJ sans guillemets, pas « {value} »")
    elif value > datetime.date.today():
        sheet.problem(key, f"date {value.isoformat()} dans le futur")


def _url_ok(value) -> bool:
    return isinstance(value, str) and value.lower().startswith(URL_SCHEMES) and len(value) > 8 \
        and not re.search(r"\s", value) and len(value) <= MAX_STRING


def _check_url(sheet, key, value, spec, line=None):
    if not _url_ok(value):
        sheet.problem(key, f"adresse « {value} » refusée : seules les adresses http:// ou https:// "
                           "complètes, sans espace, sont acceptées", line)


def _check_coords(sheet, key, value, spec):
    if not isinstance(value, dict) or set(value) != {"lat", "lon"}:
        sheet.problem(key, "doit être {lat: <nombre>, lon: <nombre>} (degrés décimaux)")
        return
    lat, lon = value["lat"], value["lon"]
    if any(isinstance(v, bool) or not isinstance(v, (int, float)) for v in (lat, lon)):
        sheet.problem(key, "lat et lon doivent être des nombres décimaux (ex. 43.2965)")
        return
    if not any(a <= lat <= b and c <= lon <= d for a, b, c, d in FRANCE_BOXES.values()):
        sheet.problem(key, f"le point ({lat}, {lon}) n'est pas en France : vérifiez l'ordre lat/lon et le signe")


def _check_qpv(sheet, key, value, spec):
    if not _check_list(sheet, key, value, spec):
        return
    for i, item in enumerate(value):
        line = sheet.line(key, i)
        if not isinstance(item, dict) or set(item) != {"code", "nom"}:
            sheet.problem(key, "chaque quartier s'écrit {code: QP000000, nom: \"…\"}", line)
            continue
        if not isinstance(item["code"], str) or not _QPV.match(item["code"]):
            sheet.problem(key, f"code QPV « {item['code']} » invalide : QP suivi de six chiffres (ex. QP013001)", line)
        if not isinstance(item["nom"], str) or not item["nom"].strip() or len(item["nom"]) > 200:
            sheet.problem(key, "le nom du quartier doit être un texte non vide", line)


def _check_sources(sheet, key, value, spec):
    if not _check_list(sheet, key, value, spec):
        return
    for i, item in enumerate(value):
        line = sheet.line(key, i)
        if not isinstance(item, dict) or "titre" not in item or not set(item) <= {"titre", "url"}:
            extra = suggest(next(iter(set(item) - {"titre", "url"}), ""), ["titre", "url"]) \
                if isinstance(item, dict) else ""
            sheet.problem(key, f"chaque source s'écrit {{titre: \"…\", url: \"https://…\"}} (url facultative){extra}",
                          line)
            continue
        titre = item["titre"]
        if not isinstance(titre, str) or not titre.strip() or len(titre) > 300:
            sheet.problem(key, "le titre d'une source doit être un texte non vide (300 caractères au plus)", line)
        if "url" in item:
            _check_url(sheet, key, item["url"], spec, line)


def _check_id_list(sheet, key, value, spec):
    if not _check_list(sheet, key, value, spec):
        return
    for i, item in enumerate(value):
        if not isinstance(item, str) or not _ID.match(item) or len(item) > FIELDS["id"].max_length:
            sheet.problem(key, f"« {item} » n'est pas un identifiant valide", sheet.line(key, i))
    _check_duplicates(sheet, key, value)


CHECKS = {
    "text": _check_text,
    "slug": _check_slug,
    "vocab": _check_vocab,
    "vocab_list": _check_vocab_list,
    "axes": _check_axes,
    "bool": _check_bool,
    "year": _check_year,
    "date": _check_date,
    "url": _check_url,
    "coords": _check_coords,
    "qpv": _check_qpv,
    "sources": _check_sources,
    "id_list": _check_id_list,
}


def _check_cross(sheet: Sheet, meta: dict) -> None:
    ident = meta.get("id")
    if isinstance(ident, str) and _ID.match(ident) and ident != sheet.stem:
        sheet.problem("id", f"« {ident} » diffère du nom du fichier « {sheet.stem}.md » : renommez le fichier "
                            f"en {ident}.md ou corrigez l'id")
    echelle = meta.get("echelle")
    if echelle in ("locale", "regionale") and "commune" not in meta:
        sheet.problem("commune", f"obligatoire quand echelle vaut {echelle} : indiquez la commune", 1)
    if "commune" in meta and "departement" not in meta:
        sheet.problem("departement", "obligatoire avec commune : indiquez le code du département (ex. \"13\")",
                      sheet.line("commune"))
    if "departement" in meta and "commune" not in meta:
        sheet.problem("commune", "un département est indiqué sans commune : ajoutez la commune",
                      sheet.line("departement"))
    principal = meta.get("impact_principal")
    impacts = meta.get("impacts")
    if isinstance(impacts, list) and isinstance(principal, str) and principal in impacts:
        sheet.problem("impacts", f"« {principal} » est déjà impact_principal : retirez-le de impacts",
                      sheet.line("impacts", impacts.index(principal)))
    anciens = meta.get("anciens_ids")
    if isinstance(anciens, list) and isinstance(ident, str) and ident in anciens:
        sheet.problem("anciens_ids", "ne doit pas contenir l'id actuel de la fiche")


def check_unique(sheets: list[Sheet]) -> None:
    """Ids are unique across every `id` and every `anciens_ids`."""
    owners: dict[str, Sheet] = {}
    for sheet in sheets:
        if sheet.meta is None:
            continue
        claimed = []
        if isinstance(sheet.meta.get("id"), str):
            claimed.append(("id", sheet.meta["id"], None))
        anciens = sheet.meta.get("anciens_ids")
        if isinstance(anciens, list):
            claimed += [("anciens_ids", a, i) for i, a in enumerate(anciens) if isinstance(a, str)]
        for key, ident, index in claimed:
            other = owners.get(ident)
            if other is not None and other is not sheet:
                sheet.problem(key, f"l'identifiant « {ident} » est déjà pris par {other.rel} : choisissez-en un autre",
                              sheet.line(key, index))
            else:
                owners[ident] = sheet


def validate(sheets: list[Sheet]) -> list[Problem]:
    """Check every sheet; return all problems, sorted by file and line."""
    for sheet in sheets:
        check_sheet(sheet)
    check_unique(sheets)
    return sorted(p for sheet in sheets for p in sheet.problems)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.validate",
                                     description="Vérifie les fiches de cas (toutes celles de cases/ par défaut).")
    parser.add_argument("fichiers", nargs="*", type=Path, help="fiches à vérifier")
    parser.add_argument("--github", action="store_true",
                        help="ajoute des annotations GitHub (automatique si GITHUB_ACTIONS est défini)")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches (défaut : cases)")
    args = parser.parse_args(argv)
    root = args.cases.resolve().parent
    sheets, problems = load_all(args.cases, root)
    if args.fichiers:
        # Uniqueness needs every sheet; report only the files asked for.
        wanted = {display_path(f, root) for f in args.fichiers}
        problems = [p for p in problems if p.file in wanted]
        missing = [f for f in args.fichiers if display_path(f, root) not in {s.rel for s in sheets}]
        for f in missing:
            if f.exists() and f.suffix == ".md" and not f.name.startswith("_"):
                sheets.append(load(f, root))
            elif not f.name.startswith("_") and f.suffix == ".md":
                problems.append(Problem(display_path(f, root), 1, "fichier", "fichier introuvable"))
        problems += [p for p in validate(sheets) if p.file in wanted]
    else:
        problems += validate(sheets)
    problems.sort()
    github = args.github or bool(os.environ.get("GITHUB_ACTIONS"))
    for p in problems:
        print(p)
        if github:
            print(p.github())
    checked = len(args.fichiers) if args.fichiers else len(sheets)
    if problems:
        files = len({p.file for p in problems})
        print(f"\n{len(problems)} problème(s) dans {files} fichier(s) ; {checked} fiche(s) vérifiée(s).",
              file=sys.stderr)
        return 1
    print(f"{checked} fiche(s) vérifiée(s) : aucun problème.", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
