"""Load case sheets: read, decode, split the front matter, parse it with line numbers.

Loading never raises on a bad sheet: what cannot be read becomes a `Problem`
naming the file, so that every sheet is either published or named in an error.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

import frontmatter
import yaml

from scripts.contract.problems import Problem
from scripts.contract.problems import shown as _short
from scripts.contract.schema import MAX_SHEET_BYTES, MAX_YAML_DEPTH, MAX_YAML_NODES

# MAX_YAML_DEPTH is checked on the parser's event stream, before anything is composed:
# composing deep nesting recurses, and overflows the C stack long before Python notices.
# A year has 4 digits, a coordinate a few dozen: longer numbers are refused before
# Python converts them (it refuses integers of more than 4,300 digits, with a traceback).
MAX_NUMBER_CHARS = 100

try:  # the C loader is several times faster; fall back when PyYAML was built without it
    _Loader = yaml.CSafeLoader
except AttributeError:  # pragma: no cover
    _Loader = yaml.SafeLoader

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
    digest: str = ""  # its key in the memo ('' without one)
    # From the memo: checked already (without a problem), and what else was kept for it.
    cached: dict | None = None

    @property
    def text(self) -> str:
        """The body as the case's text (`texte`): without its blank lines before and after."""
        return self.body.strip("\n") + "\n" if self.body.strip() else ""

    @property
    def text_line(self) -> int:
        """The line of the file where `text` starts."""
        return self.body_line + len(self.body) - len(self.body.lstrip("\n"))

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

    Files whose name starts with `_` (the template, a taxonomy file) are not cases, nor
    hidden files that are not .md; every other entry is a sheet or is named in a problem.
    """
    root = root or cases_dir.parent
    paths: list[Path] = []
    problems: list[Problem] = []
    try:
        entries = sorted(os.scandir(cases_dir), key=lambda e: e.name)
    except OSError:
        return paths, [Problem(display_path(cases_dir, root), 1, "fichier",
                               "le dossier des fiches n'existe pas ou ne peut pas être lu")]
    real_root = root.resolve()
    for entry in entries:
        name = entry.name
        if name.startswith("_"):
            continue
        path = Path(entry.path)
        rel = display_path(path, root)
        if name.startswith("."):
            # A hidden sheet would be silently unpublished: name it. Other hidden files are the
            # system's or an editor's (.gitkeep, .DS_Store, .fiche.md.swp while it is open).
            if name.endswith(".md"):
                problems.append(Problem(rel, 1, "fichier", "fiche cachée (nom commençant par un point) : une "
                                                           "fiche se nomme <id>.md ; renommez-la"))
            continue
        if entry.is_symlink():
            try:
                target = Path(os.path.realpath(path, strict=True))
            except (OSError, RuntimeError):
                problems.append(Problem(rel, 1, "fichier", "lien symbolique cassé ou en boucle : "
                                                           "remplacez-le par la fiche elle-même"))
                continue
            if not target.is_relative_to(real_root):
                problems.append(Problem(rel, 1, "fichier",
                                        "lien symbolique vers l'extérieur du dépôt : remplacez-le par la fiche elle-même"))
                continue
        if _is_dir(entry):
            problems.append(Problem(rel, 1, "fichier",
                                    "sous-dossier ignoré : placez les fiches directement dans cases/"))
        elif not name.endswith(".md"):
            problems.append(Problem(rel, 1, "fichier",
                                    "ce fichier n'est pas une fiche (.md) : renommez-le en <id>.md ou retirez-le de cases/"))
        else:
            paths.append(path)
    return paths, problems


def _is_dir(entry: os.DirEntry) -> bool:
    try:
        return entry.is_dir()
    except OSError:
        return False


SIZE_MESSAGE = "fiche trop volumineuse ({octets} octets ; au plus {limite})"  # the web form's too (formulaire.py)


def display_path(path: Path, root: Path) -> str:
    """The path as shown in messages: relative to the project, without resolving links."""
    try:
        return path.absolute().relative_to(root.absolute()).as_posix()
    except ValueError:
        return path.as_posix()


def load(path: Path, root: Path, memo=None) -> Sheet:
    """Read one sheet. Problems are recorded on the sheet, never raised.

    memo: what the previous build of this process gave for the same path and bytes (under `mkdocs
    serve`: `mkdocs_adapter/memo.py`), asked by `memo.key(rel, raw)` then `memo.sheet(key)`: a sheet
    checked without a problem before is not parsed again."""
    sheet = Sheet(rel=display_path(path, root), stem=path.name[:-3] if path.name.endswith(".md") else path.name)
    try:
        raw = path.read_bytes()
    except OSError as exc:
        sheet.problem("fichier", f"lecture impossible ({exc.strerror or exc.__class__.__name__})", 1)
        return sheet
    if memo is not None:
        sheet.digest = memo.key(sheet.rel, raw)
        entry = memo.sheet(sheet.digest)
        if entry is not None:
            (sheet.meta, sheet.body, sheet.body_line, sheet.key_lines, sheet.item_lines), sheet.cached = entry
            return sheet
    return parse(raw, sheet)


def memo_entry(sheet: Sheet, **products) -> tuple:
    """What a memo keeps of a sheet checked without a problem (see `load`)."""
    return (sheet.meta, sheet.body, sheet.body_line, sheet.key_lines, sheet.item_lines), products


def parse(raw: bytes, sheet: Sheet) -> Sheet:
    """Parse a sheet's bytes. Whatever the bytes, the outcome is a sheet or problems
    naming it: an unforeseen failure is one more problem line, never a traceback that
    would hide the other sheets' problems."""
    try:
        return _parse(raw, sheet)
    except Exception as exc:  # noqa: BLE001 (any failure names the sheet; see above)
        sheet.meta = None
        sheet.problem("fichier", f"fiche illisible ({exc.__class__.__name__}) : vérifiez l'en-tête YAML", 1)
        return sheet


def _parse(raw: bytes, sheet: Sheet) -> Sheet:
    if len(raw) > MAX_SHEET_BYTES:
        sheet.problem("fichier", SIZE_MESSAGE.format(octets=len(raw), limite=MAX_SHEET_BYTES), 1)
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
    fm, body, body_line = split(text)
    if fm is None:
        sheet.problem("en-tête", "en-tête YAML absent : la fiche doit commencer par une ligne --- puis les clés, "
                                 "puis une autre ligne ---", 1)
        return sheet
    if body_line == 0:
        sheet.problem("en-tête", "en-tête YAML non fermé : ajoutez une ligne --- après la dernière clé", 1)
        return sheet
    sheet.body = body
    sheet.body_line = body_line
    _parse_yaml(fm, sheet)
    return sheet


# python-frontmatter's YAML handler splits the front matter from the body: its fences are lines of
# three dashes or more, trailing spaces tolerated (editors leave them).
_HANDLER = frontmatter.YAMLHandler()


def split(text: str) -> tuple[str | None, str, int]:
    """(YAML, body, the body's first line) of '---\\n<yaml>\\n---\\n<body>', as python-frontmatter's
    handler splits it. (None, "", 0) when the text does not open with a fence; ("", "", 0) when the
    front matter is not closed. The YAML keeps its place: it is given back with one blank line per line
    a fence took beyond its own, so that its first line is always line 2 of the file (FM_LINE)."""
    opening = _HANDLER.FM_BOUNDARY.match(text)
    if opening is None:
        return None, "", 0
    try:
        fm, body = _HANDLER.split(text)
    except ValueError:  # one fence only
        return "", "", 0
    body_start = len(text) - len(body)
    # The opening fence ends before a line break (its pattern ends with `$`): the YAML starts after it.
    fm = fm[1:] if fm.startswith("\n") else fm
    first = text.count("\n", 0, opening.end() + 1) + 1  # the line of the YAML's first character
    return "\n" * (first - FM_LINE) + fm, body, text.count("\n", 0, body_start) + 1


def _parse_yaml(fm: str, sheet: Sheet) -> None:
    loader = _Loader(fm)
    try:
        trouble = _check_events(fm)
        if trouble:
            line, key, message = trouble
            sheet.problem(key, message, line)
            return
        node = loader.get_single_node()
        if node is None:
            sheet.problem("en-tête", "en-tête YAML vide : ajoutez les clés obligatoires", 1)
            return
        trouble = _check_nodes(node, loader)
        if trouble:
            line, key, message = trouble
            sheet.problem(key, message, line)
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


_ALIAS = "les ancres et alias YAML (&, *) ne sont pas acceptés : écrivez chaque valeur en entier"


def _check_events(fm: str) -> tuple[int, str, str] | None:
    """Bound the tree on the parser's event stream, before it is composed: depth,
    number of values, anchors and aliases (a few aliases can stand for millions of
    values). (line, top-level key, message) of the first problem."""
    depth = count = 0
    key, at_key = "en-tête", True  # top-level keys and values alternate at depth 1
    for event in yaml.parse(fm, Loader=_Loader):
        line = event.start_mark.line + FM_LINE
        starts = isinstance(event, (yaml.ScalarEvent, yaml.SequenceStartEvent, yaml.MappingStartEvent))
        if starts and depth == 1:
            if at_key:
                key = _short(event.value) if isinstance(event, yaml.ScalarEvent) else "en-tête"
            at_key = not at_key
        if isinstance(event, yaml.AliasEvent) or getattr(event, "anchor", None) is not None:
            return line, "en-tête", _ALIAS
        if isinstance(event, (yaml.SequenceStartEvent, yaml.MappingStartEvent)):
            depth += 1
            if depth > MAX_YAML_DEPTH:
                return line, key, (f"trop imbriqué (plus de {MAX_YAML_DEPTH} niveaux de listes ou de clés) : "
                                   "vérifiez les crochets [ ] et les accolades { }")
        elif isinstance(event, (yaml.SequenceEndEvent, yaml.MappingEndEvent)):
            depth -= 1
        if starts:
            count += 1
            if count > MAX_YAML_NODES:
                return line, "en-tête", f"en-tête trop grand (plus de {MAX_YAML_NODES} valeurs)"
    return None


def _check_nodes(root: yaml.Node, loader) -> tuple[int, str, str] | None:
    """Refuse what a contributor never needs and an attacker might: aliases, unknown
    tags, duplicate keys, non-string keys, and values Python cannot build (impossible
    dates, numbers of thousands of digits). (line, key, message) of the first one."""
    if not isinstance(root, yaml.MappingNode):
        return FM_LINE, "en-tête", "l'en-tête doit être une liste de clés « clé: valeur »"
    seen: set[int] = set()
    stack: list[tuple[yaml.Node, str]] = [(root, "en-tête")]
    count = 0
    while stack:
        node, key = stack.pop()
        line = node.start_mark.line + FM_LINE
        if id(node) in seen:
            return line, "en-tête", _ALIAS
        seen.add(id(node))
        count += 1
        if count > MAX_YAML_NODES:
            return line, "en-tête", f"en-tête trop grand (plus de {MAX_YAML_NODES} valeurs)"
        if node.tag not in _PLAIN_TAGS:
            return line, "en-tête", f"étiquette YAML « {_short(node.tag)} » non acceptée : écrivez une valeur simple"
        if isinstance(node, yaml.ScalarNode):
            trouble = _scalar_problem(node, loader)
            if trouble:
                return line, key, trouble
        elif isinstance(node, yaml.MappingNode):
            keys = set()
            for key_node, value_node in node.value:
                if not isinstance(key_node, yaml.ScalarNode) or key_node.tag != "tag:yaml.org,2002:str":
                    return key_node.start_mark.line + FM_LINE, "en-tête", "une clé doit être un mot (texte)"
                if key_node.value in keys:
                    return (key_node.start_mark.line + FM_LINE, "en-tête",
                            f"clé « {_short(key_node.value)} » écrite deux fois : gardez-en une seule")
                keys.add(key_node.value)
                stack.append((value_node, key_node.value if node is root else key))
        elif isinstance(node, yaml.SequenceNode):
            stack.extend((item, key) for item in node.value)
    return None


def _scalar_problem(node: yaml.ScalarNode, loader) -> str | None:
    if node.tag in ("tag:yaml.org,2002:int", "tag:yaml.org,2002:float") and len(node.value) > MAX_NUMBER_CHARS:
        return f"nombre trop long ({len(node.value)} caractères) : vérifiez la valeur"
    if node.tag == "tag:yaml.org,2002:timestamp":
        try:
            loader.construct_yaml_timestamp(node)
        except (ValueError, OverflowError):
            return f"date impossible « {_short(node.value)} » : vérifiez le jour et le mois (AAAA-MM-JJ)"
    return None



def load_all(cases_dir: Path, root: Path | None = None, memo=None) -> tuple[list[Sheet], list[Problem]]:
    root = root or cases_dir.parent
    paths, problems = discover(cases_dir, root)
    return [load(p, root, memo) for p in paths], problems
