"""Scaffold a new case sheet from the template cases/_modele.md.

Usage: python -m scripts.new "Titre du projet" [--commune X --departement 13
       --echelle locale --porteur "…" --statut contribution]

The id comes from the title (scripts/contract/slug.py); an id already used by any sheet,
as its `id` or in its `anciens_ids`, is refused. The sheet written is valid
as it stands: placeholders are valid values, to be completed by hand.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from scripts.contract import routes
from scripts.contract.schema import FIELDS
from scripts.contract.slug import slugify
from scripts.core import TEMPLATE
from scripts.sheets.load import load, load_all
from scripts.sheets.validate import validate


class Refused(Exception):
    """A reason, in French, not to write the sheet."""


def _quote(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _set(text: str, key: str, value: str) -> str:
    """Replace the value of `key: …` in the template, keeping a trailing comment."""
    pattern = re.compile(rf"^{key}: .*?(?=[ \t]+#|$)", re.MULTILINE)
    text, count = pattern.subn(lambda _: f"{key}: {value}", text, count=1)
    if count != 1:
        raise Refused(f"le modèle {TEMPLATE} n'a pas de ligne « {key}: » : rétablissez-le")
    return text


def _check_option(key: str, value: str) -> None:
    """The contract's own check of a command-line value (schema.FIELDS), as a refusal."""
    messages: list[str] = []
    FIELDS[key].check(value, lambda message, index=None: messages.append(message))
    if messages:
        raise Refused(f"--{key} : {messages[0]}" if key != "titre" else f"titre : {messages[0]}")


def taken_ids(cases_dir: Path) -> dict[str, str]:
    """Every id in use, as `id`, in `anciens_ids` or as a file name -> who uses it."""
    sheets, _ = load_all(cases_dir)
    taken: dict[str, str] = {}
    for sheet in sheets:
        taken.setdefault(sheet.stem, sheet.rel)
        meta = sheet.meta or {}
        if isinstance(meta.get("id"), str):
            taken.setdefault(meta["id"], sheet.rel)
        for old in meta.get("anciens_ids") or []:
            if isinstance(old, str):
                taken.setdefault(old, f"{sheet.rel} (anciens_ids)")
    return taken


def scaffold(cases_dir: Path, titre: str, commune: str | None = None, departement: str | None = None,
             echelle: str = "locale", porteur: str | None = None, statut: str = "contribution") -> Path:
    """Write cases/<id>.md from the template; return its path. Raises Refused."""
    titre = titre.strip()
    commune, departement, porteur = (v.strip() if v and v.strip() else None for v in (commune, departement, porteur))
    for key, value in (("titre", titre), ("echelle", echelle), ("statut", statut), ("departement", departement),
                       ("commune", commune), ("porteur", porteur)):
        if value is not None:
            _check_option(key, value)
    ident = slugify(titre, FIELDS["id"].max_length)
    if not ident:
        raise Refused(f"le titre « {titre} » ne donne aucun identifiant : utilisez des lettres ou des chiffres")
    messages: list[str] = []
    if not FIELDS["id"].check(ident, lambda message, index=None: messages.append(message)):
        raise Refused(f"l'identifiant tiré du titre ne convient pas : {messages[0]}")
    if (commune is None) != (departement is None):
        raise Refused("indiquez --commune et --departement ensemble (ou aucun des deux)")
    owner = taken_ids(cases_dir).get(ident)
    if owner is not None:
        raise Refused(f"l'identifiant « {ident} » est déjà pris par {owner} : choisissez un autre titre, "
                      "ou corrigez la fiche existante")
    template = cases_dir / TEMPLATE
    if not template.is_file():
        raise Refused(f"modèle introuvable : {template}")
    text = template.read_text(encoding="utf-8")
    text = _set(text, "id", ident)
    text = _set(text, "titre", _quote(titre))
    text = _set(text, "echelle", echelle)
    text = _set(text, "statut", statut)
    if porteur:
        text = _set(text, "porteur", _quote(porteur))
    if commune is not None:
        text = _set(text, "commune", _quote(commune))
        text = _set(text, "departement", _quote(departement))
    elif echelle == "nationale":  # no town: the template's placeholder place goes
        text = re.sub(r"^(commune|departement):", r"#\1:", text, flags=re.MULTILINE)
    path = cases_dir / f"{ident}.md"
    with path.open("x", encoding="utf-8", newline="\n") as out:  # never overwrite a sheet
        out.write(text)
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m scripts.new",
                                     description="Crée une fiche de cas à partir du modèle cases/_modele.md.")
    parser.add_argument("titre", nargs="?", help="titre du projet ; l'identifiant en est déduit")
    parser.add_argument("--commune", help="commune (avec --departement)")
    parser.add_argument("--departement", help="code du département, ex. 13, 2A, 974")
    parser.add_argument("--echelle", default="locale", help="locale (défaut), regionale ou nationale")
    parser.add_argument("--porteur", help="organisation ou personne qui porte l'innovation")
    parser.add_argument("--statut", default="contribution", help="contribution (défaut), etude-de-cas, experience-citee")
    parser.add_argument("--cases", type=Path, default=Path("cases"), help="dossier des fiches (défaut : cases)")
    args = parser.parse_args(argv)
    titre = args.titre
    if not (titre and titre.strip()):
        if not sys.stdin.isatty():
            print('Erreur : indiquez le titre du projet, par exemple : python -m scripts.new "Titre du projet" '
                  '(ou make nouveau TITRE="Titre du projet").', file=sys.stderr)
            return 2
        try:
            titre = input("Titre du projet : ")
        except EOFError:
            titre = ""
        if not titre.strip():
            print("Erreur : aucun titre donné, aucune fiche créée.", file=sys.stderr)
            return 2
    try:
        path = scaffold(args.cases, titre, commune=args.commune, departement=args.departement,
                        echelle=args.echelle, porteur=args.porteur, statut=args.statut)
    except Refused as refusal:
        print(f"Erreur : {refusal}.", file=sys.stderr)
        return 2
    root = args.cases.resolve().parent
    problems = validate([load(path, root)])
    for problem in problems:  # only if the template itself was broken
        print(problem, file=sys.stderr)
    rel = path.resolve().relative_to(root).as_posix()
    ident = path.stem
    print(f"Fiche créée : {rel}" + (" (avec des problèmes, voir ci-dessus)" if problems else ""))
    print(f"""
Étapes suivantes :
  1. Ouvrez {rel} : remplacez chaque valeur d'exemple et chaque
     « À compléter », dans l'en-tête comme dans le texte. Chaque fait doit
     venir des sources citées dans « sources ».
  2. Vérifiez la fiche : python -m scripts.validate {rel}
  3. Regardez la page : make serve, puis http://127.0.0.1:8000/{routes.case(ident)}
  4. Ouvrez une pull request (voir CONTRIBUTING.md).""")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
