"""Load case sheets: read, decode, split the front matter, parse it with line numbers.

Loading never raises on a bad sheet: what cannot be read becomes a `Problem`
naming the file, so that every sheet is either published or named in an error.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from .problems import Problem
from .schema import MAX_SHEET_BYTES, MAX_YAML_NODES

try:  # the C loader is several times faster; fall back when PyYAML was built without it
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

_FRONT_MATTER = frontmatter.YAMLHandler()
FM_LINE = 2  # the front matter's first line in the file (line 1 is '---')


@dataclass
class Sheet:
    """One case sheet as read from disk."""

    rel: str  # "cases/<name>.md", the name used in every message
    stem: str  # file name without .md
    meta: dict | None = None
    body: str = ""
    body_line: int = 1
    key_lines: dict[str, int] = field(default_factory=dict)
    item_lines: dict[str, list[int]] = field(default_factory=dict)  # lines of a list value's items
    problems: list[Problem] = field(default_factory=list)

    def line(self, key: str, index: int | None = None) -> int:
        """Line of a key (or of item `index` of its list value) in the file."""
        items = self.item_lines.get(key)
        if index is not None and items and index < len(items):
            return items[index]
        return self.key_lines.get(key, 1)

    def problem(self, key: str, message: str, line: int | None = None) -> Problem:
        p = Problem(self.rel, line if line is not None else self.line(key), key, message)
        self.problems.append(p)
        return p


def discover(cases_dir: Path, root: Path | None = None) -> tuple[list[Path], list[Problem]]:
    """The sheet files of `cases_dir`, and a problem for every other entry.

    Files whose name starts with `_` (the template) or `.` (e.g. .gitkeep) are not cases.
    """
    root = root or cases_dir.parent
    paths: list[Path] = []
    problems: list[Problem] = []
    if not cases_dir.is_dir():
        return paths, [Problem(display_path(cases_dir, root), 1, "fichier", "le dossier des fiches n'existe pas")]
    real_root = root.resolve()
    for entry in sorted(os.scandir(cases_dir), key=lambda e: e.name):
        name = entry.name
        if name.startswith((".", "_")):
            continue
        path = Path(entry.path)
        rel = display_path(path, root)
        if entry.is_symlink():
            target = path.resolve()
            if not target.is_relative_to(real_root):
                problems.append(Problem(rel, 1, "fichier",
                                        "lien symbolique vers l'extérieur du dépôt : remplacez-le par la fiche elle-même"))
                continue
        if entry.is_dir():
            problems.append(Problem(rel, 1, "fichier",
                                    "sous-dossier ignoré : placez les fiches directement dans cases/"))
        elif not name.endswith(".md"):
            problems.append(Problem(rel, 1, "fichier",
                                    "ce fichier n'est pas une fiche (.md) : renommez-le en <id>.md ou retirez-le de cases/"))
        else:
            paths.append(path)
    return paths, problems


def display_path(path: Path, root: Path) -> str:
    """The path as shown in messages: relative to the project, without resolving links."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def load(path: Path, root: Path) -> Sheet:
    """Read one sheet. Problems are recorded on the sheet, never raised."""
    sheet = Sheet(rel=display_path(path, root), stem=path.name[:-3] if path.name.endswith(".md") else path.name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        sheet.problem("fichier", f"lecture impossible ({exc.strerror})", 1)
        return sheet
    return parse(raw, sheet)


def parse(raw: bytes, sheet: Sheet) -> Sheet:
    if len(raw) > MAX_SHEET_BYTES:
        sheet.problem("fichier", f"fiche trop volumineuse ({len(raw)} octets ; au plus {MAX_SHEET_BYTES})", 1)
        return sheet
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw.count(b"\n", 0, exc.start) + 1
        sheet.problem("fichier", "le fichier n'est pas en UTF-8 : enregistrez-le en UTF-8 depuis votre éditeur", line)
        return sheet
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    if not text.strip():
        sheet.problem("fichier", "fichier vide : une fiche commence par un en-tête YAML entre deux lignes ---", 1)
        return sheet
    if not text.startswith("---\n") or not _FRONT_MATTER.detect(text):
        sheet.problem("en-tête", "en-tête YAML absent : la fiche doit commencer par une ligne --- puis les clés, "
                                 "puis une autre ligne ---", 1)
        return sheet
    fm, body, body_line = _split(text)
    if fm is None:
        sheet.problem("en-tête", "en-tête YAML non fermé : ajoutez une ligne --- après la dernière clé", 1)
        return sheet
    sheet.body = body
    sheet.body_line = body_line
    _parse_yaml(fm, sheet)
    return sheet


_CLOSING = re.compile(r"^---[ \t]*$", re.MULTILINE)


def _split(text: str) -> tuple[str | None, str, int]:
    """Split '---\\n<yaml>\\n---\\n<body>' into the YAML, the body and the body's first line."""
    end = _CLOSING.search(text, 4)
    if end is None:
        return None, "", 1
    body_start = min(end.end() + 1, len(text))
    return text[4:end.start()], text[body_start:], text.count("\n", 0, body_start) + 1


def _parse_yaml(fm: str, sheet: Sheet) -> None:
    loader = _Loader(fm)
    try:
        node = loader.get_single_node()
        if node is None:
            sheet.problem("en-tête", "en-tête YAML vide : ajoutez les clés obligatoires", 1)
            return
        trouble = _check_nodes(node)
        if trouble:
            line, message = trouble
            sheet.problem("en-tête", message, line)
            return
        data = loader.construct_document(node)
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + FM_LINE if mark else 1
        sheet.problem("en-tête", f"YAML illisible ({_explain(exc.problem)}) : vérifiez l'indentation, "
                                 "les deux-points et les guillemets", line)
        return
    except yaml.YAMLError as exc:
        sheet.problem("en-tête", f"YAML illisible ({exc.__class__.__name__})", 1)
        return
    finally:
        loader.dispose()
    if not isinstance(data, dict):
        sheet.problem("en-tête", "l'en-tête doit être une liste de clés « clé: valeur »", FM_LINE)
        return
    for key_node, value_node in node.value:
        key = key_node.value
        sheet.key_lines[key] = key_node.start_mark.line + FM_LINE
        if isinstance(value_node, yaml.SequenceNode):  # keep line numbers, not the nodes (memory)
            sheet.item_lines[key] = [item.start_mark.line + FM_LINE for item in value_node.value]
    sheet.meta = data


_PLAIN_TAGS = {f"tag:yaml.org,2002:{t}" for t in ("str", "int", "float", "bool", "null", "seq", "map", "timestamp")}


_YAML_PROBLEMS = {
    "did not find expected key": "clé attendue",
    "mapping values are not allowed here": "deux-points inattendu",
    "could not find expected ':'": "deux-points attendu",
    "found unexpected end of stream": "guillemet ou crochet non fermé",
    "found character '\\t' that cannot start any token": "tabulation : indentez avec des espaces",
    "found undefined alias": "alias inconnu",
    "did not find expected node content": "valeur attendue",
    "did not find expected ',' or ']'": "virgule ou crochet ] attendu",
    "did not find expected ',' or '}'": "virgule ou accolade } attendue",
    "found unexpected ':'": "deux-points inattendu",
}


def _explain(problem: str | None) -> str:
    """PyYAML's English diagnosis, in French."""
    if not problem:
        return "syntaxe invalide"
    for english, french in _YAML_PROBLEMS.items():
        if problem.startswith(english):
            return french
    if problem.startswith("expected <block end>"):
        return "indentation incohérente"
    if problem.startswith("found unknown escape character"):
        return "barre oblique inverse \\ inattendue entre guillemets"
    return "syntaxe invalide"


def _check_nodes(root: yaml.Node) -> tuple[int, str] | None:
    """Refuse what a contributor never needs and an attacker might: aliases,
    unknown tags, duplicate keys, non-string keys and huge trees."""
    if not isinstance(root, yaml.MappingNode):
        return FM_LINE, "l'en-tête doit être une liste de clés « clé: valeur »"
    seen: set[int] = set()
    stack = [root]
    count = 0
    while stack:
        node = stack.pop()
        line = node.start_mark.line + FM_LINE
        if id(node) in seen:
            return line, "les ancres et alias YAML (&, *) ne sont pas acceptés : écrivez chaque valeur en entier"
        seen.add(id(node))
        count += 1
        if count > MAX_YAML_NODES:
            return line, f"en-tête trop grand (plus de {MAX_YAML_NODES} valeurs)"
        if node.tag not in _PLAIN_TAGS:
            return line, f"étiquette YAML « {node.tag} » non acceptée : écrivez une valeur simple"
        if isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    return key_node.start_mark.line + FM_LINE, "une clé doit être un mot (texte)"
                if key_node.value in keys:
                    return (key_node.start_mark.line + FM_LINE,
                            f"clé « {key_node.value} » écrite deux fois : gardez-en une seule")
                keys.add(key_node.value)
                stack.append(value_node)
        elif isinstance(node, yaml.SequenceNode):
            stack.extend(node.value)
    return None


def load_all(cases_dir: Path, root: Path | None = None) -> tuple[list[Sheet], list[Problem]]:
    root = root or cases_dir.parent
    paths, problems = discover(cases_dir, root)
    return [load(p, root) for p in paths], problems
