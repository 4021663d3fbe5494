"""Job summary of the pull-request preview, in French (Markdown on stdout, for $GITHUB_STEP_SUMMARY).

Lists the case sheets the pull request adds or changes with their validation result
(`python -m scripts.validate FICHIER`), the other files it changes, and how a reviewer opens the
preview with the Content-Security-Policy kept (`make apercu DOSSIER=...`).

Everything that comes from the pull request (file names, validation messages) is untrusted: it
reaches this script through git and files, never through the workflow's expressions, and is
written out as literal text (HTML entities in tables, code blocks with a long enough fence).

Environment: GITHUB_BASE_REF (target branch), CONSTRUCTION (outcome of the build step),
ARTEFACT and ARTEFACT_URL (name and address of the uploaded preview), GITHUB_SERVER_URL,
GITHUB_REPOSITORY and GITHUB_RUN_ID (the run's page).
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

# The acceptance criteria, declared once in the contract (scripts/contract/review.py).
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
from scripts.contract import review  # noqa: E402

NBSP, NNBSP = "\u00a0", "\u202f"
SHEETS = re.compile(r"^cases/[^/]+\.md$")
PORT = 8001  # the Makefile's APERCU_PORT
MAX_OTHERS = 30


@dataclass
class Changes:
    added: list[str] = field(default_factory=list)
    modified: list[str] = field(default_factory=list)
    deleted: list[str] = field(default_factory=list)
    others: list[str] = field(default_factory=list)


@dataclass
class Result:
    code: int
    problems: int
    output: str


def _git_names(root: Path, base: str, diff_filter: str) -> list[str]:
    run = subprocess.run(["git", "diff", "-z", "--name-only", "--no-renames", f"--diff-filter={diff_filter}",
                          f"origin/{base}...HEAD"], cwd=root, capture_output=True, check=True)
    return [name.decode("utf-8", "replace") for name in run.stdout.split(b"\0") if name]


def changes(root: Path, base: str) -> Changes:
    """What the pull request changes, from the merge base with the target branch."""
    added = set(_git_names(root, base, "A"))
    kept = _git_names(root, base, "d")  # every change but deletions
    deleted = _git_names(root, base, "D")
    sheet = SHEETS.match
    return Changes(added=sorted(n for n in added if sheet(n)),
                   modified=sorted(n for n in kept if sheet(n) and n not in added),
                   deleted=sorted(n for n in deleted if sheet(n)),
                   others=sorted(n for n in set(kept) | set(deleted) if not sheet(n)))


def validate(root: Path, name: str, python: str) -> Result:
    env = {k: v for k, v in os.environ.items() if k != "GITHUB_ACTIONS"}  # no annotations here
    run = subprocess.run([python, "-m", "scripts.validate", name], cwd=root, env=env,
                         capture_output=True, text=True, errors="replace")
    problems = sum(1 for line in run.stdout.splitlines() if line.startswith(f"{name}:"))
    # The problems as the validator words them; its own output in full if it failed otherwise.
    shown = run.stdout if run.returncode == 1 and problems else run.stdout + run.stderr
    return Result(run.returncode, problems, shown.strip())


def literal(text: str) -> str:
    """Text shown as is in Markdown and HTML: punctuation as entities, control characters replaced."""
    text = re.sub(r"[\x00-\x1f\x7f]", "\ufffd", text)
    return "".join(f"&#{ord(c)};" if not c.isalnum() and c != " " and ord(c) < 128 else c for c in text)


def code_block(text: str) -> str:
    fence = "`" * max(3, 1 + max((len(m) for m in re.findall(r"`+", text)), default=0))
    return f"{fence}text\n{text}\n{fence}"


def count(n: int, singular: str, plural: str, none: str) -> str:
    return none if n == 0 else f"{n} {singular if n == 1 else plural}"


def _verdict(result: Result) -> str:
    if result.code == 0:
        return "✅ aucun problème"
    if result.code == 1 and result.problems:
        return "❌ " + count(result.problems, "problème", "problèmes", "")
    return f"⚠️ le vérificateur a échoué (code {result.code})"


def render(found: Changes, results: dict[str, Result], *, built: bool, artefact: str, url: str,
           run_url: str) -> str:
    lines = ["## Aperçu de la pull request", ""]
    sheets = found.added + found.modified
    lines.append(f"**Fiches ajoutées ou modifiées{NBSP}:** "
                 + count(len(sheets), "fiche", "fiches", "aucune") + ".")
    lines.append("")
    if sheets:
        lines += ["| Fiche | Changement | Vérification |", "|---|---|---|"]
        for name in sheets:
            kind = "ajoutée" if name in found.added else "modifiée"
            lines.append(f"| <code>{literal(name)}</code> | {kind} | {_verdict(results[name])} |")
        lines.append("")
        for name in sheets:
            if results[name].code != 0:
                lines += [f"Problèmes de <code>{literal(name)}</code>{NBSP}:", "", code_block(results[name].output), ""]
    if found.deleted:
        lines += [f"**Fiches supprimées{NBSP}:** " + ", ".join(f"<code>{literal(n)}</code>" for n in found.deleted)
                  + ".", ""]
    if found.others:
        shown = ", ".join(f"<code>{literal(n)}</code>" for n in found.others[:MAX_OTHERS])
        more = len(found.others) - MAX_OTHERS
        lines += [f"**Autres fichiers modifiés{NBSP}:** {shown}"
                  + (f" et {count(more, 'autre', 'autres', '')}" if more > 0 else "") + ".", "",
                  "> L'aperçu est construit par le code de cette pull request. Si elle touche à "
                  "`scripts/`, `overrides/`, `docs/`, `mkdocs.yml` ou aux dépendances, relisez ce code "
                  "avant d'ouvrir l'aperçu" + NBSP + ": c'est lui qui écrit la politique de sécurité des pages.",
                  ""]
    if sheets:
        lines += ["### Critères d'acceptation", "",
                  "À vérifier dans chaque fiche, les mêmes que sur la page «" + NNBSP + "Contribuer" + NNBSP + "» du site"
                  + NBSP + ":", ""]
        lines += [f"- [ ] **{name}**{NBSP}: {text}" for name, text in review.CRITERIA]
        lines.append("")
    lines += ["### Ouvrir l'aperçu", ""]
    if not built:
        lines += ["L'aperçu n'a pas pu être construit" + NBSP + ": voyez le journal de l'étape "
                  f"«{NNBSP}Construire l'aperçu{NNBSP}» et les problèmes ci-dessus.", ""]
        return "\n".join(lines) + "\n"
    link = f"[{artefact}]({url})" if url else f"`{artefact}`"
    lines += [
        "Le site est construit comme pour la publication, avec sa politique de sécurité du contenu (CSP)" + NBSP
        + ": un script glissé dans une fiche ne s'exécuterait pas dans votre navigateur. "
        "N'utilisez pas `make serve` pour relire" + NNBSP + "; il sert le site sans cette politique.",
        "",
        f"1. Téléchargez l'artefact {link} (section *Artifacts* de [cette exécution]({run_url})), "
        f"ou en ligne de commande{NBSP}: `gh run download {os.environ.get('GITHUB_RUN_ID', '')} -n {artefact} -D {artefact}`.",
        f"2. Décompressez-le{NBSP}: `unzip {artefact}.zip -d {artefact}` (inutile avec `gh`).",
        f"3. Depuis votre copie du dépôt (inutile de récupérer la branche de la pull request){NBSP}: "
        f"`make apercu DOSSIER=chemin/vers/{artefact}`, puis ouvrez http://127.0.0.1:{PORT}/.",
        "",
    ]
    return "\n".join(lines) + "\n"


def main() -> int:
    root = Path.cwd()
    base = os.environ.get("GITHUB_BASE_REF", "main")
    venv = root / ".venv" / "bin" / "python"
    python = str(venv) if venv.exists() else sys.executable
    found = changes(root, base)
    results = {name: validate(root, name, python) for name in found.added + found.modified}
    run_url = "{}/{}/actions/runs/{}".format(os.environ.get("GITHUB_SERVER_URL", "https://github.com"),
                                             os.environ.get("GITHUB_REPOSITORY", ""),
                                             os.environ.get("GITHUB_RUN_ID", ""))
    sys.stdout.write(render(found, results, built=os.environ.get("CONSTRUCTION") == "success",
                            artefact=os.environ.get("ARTEFACT", "apercu"), url=os.environ.get("ARTEFACT_URL", ""),
                            run_url=run_url))
    return 0


if __name__ == "__main__":
    sys.exit(main())
