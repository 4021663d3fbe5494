"""Field kinds of the case-sheet contract, one class each (in the manner of MkDocs'
`config_options`): each kind owns its check with its French messages, its JSON
Schema fragment (carrying the same messages under `x-messages`, for the web form),
the columns it makes in the tables of the open data (`table_columns` for cas.csv and
its Table Schema, `sheet_columns` for the spreadsheets), and its label, help and
example for the contributor docs.

`schema.py` declares the fields with these kinds; the validator, `schema.json`, the
Table Schema, the exports, the form and the docs iterate over them. A message is a
template: `{valeur}` (the offending value, quoted and shortened), `{longueur}` (its
length) and `{suggestion}` (a near-miss hint, validator only) are filled when a
problem is found; every other placeholder is filled when the schema is declared.
"""

from __future__ import annotations

import datetime
import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any, Protocol

from scripts.contract import routes
from scripts.contract.problems import shown, suggest

Report = Callable[..., None]  # report(message, index=None): one problem, at the key or at item `index`

# What a one-line plain-text value may not hold: control characters (newlines and
# tabs included), lone surrogates, noncharacters. Written once, in the dialect
# common to ECMA-262 (JSON Schema, the browser) and Python's `re` (the validator).
FORBIDDEN_CHARS = r"\u0000-\u001f\u007f-\u009f\u2028\u2029\ud800-\udfff\ufdd0-\ufdef\ufffe\uffff"
ONE_LINE = f"^[^{FORBIDDEN_CHARS}]*$"
_ONE_LINE = re.compile(ONE_LINE)
_NOT_BLANK = re.compile(r"\S")

# Characters XML 1.0 does not allow (C0 controls but tab and line breaks, surrogates,
# U+FFFE and U+FFFF) and the other noncharacters: one of them makes the whole feed
# unreadable. Validation refuses them in sheets; the writer drops them all the same.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF))
XML_INVALID = re.compile(f"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufdd0-\ufdef{_NONCHARACTERS}]")

# How the tables of the open data join the values of a list in one cell.
LIST_SEPARATOR = " | "

TYPE_NAMES = {str: "texte", list: "liste", dict: "liste de clés", int: "nombre entier", float: "nombre",
              bool: "booléen", type(None): "vide"}


def fill(template: str, value: Any = None, **extra: Any) -> str:
    """A message from its template: the value quoted and shortened, never raw."""
    values = {"valeur": shown(value), "suggestion": "", **extra}
    return template.format_map(_Keep(values))


class _Keep(dict):
    """format_map helper: an unknown placeholder stays as it is."""

    def __missing__(self, key: str) -> str:
        return "{" + key + "}"


def _lower(text: str) -> str:
    """A label inside a sentence: « Catégories d'innovation » -> « catégories d'innovation »."""
    return text[:1].lower() + text[1:]


@dataclass(frozen=True)
class Column:
    """One column of a table of the open data (cas.csv, cas.xlsx, cas-excel.csv): its name, what
    it holds (in the Table Schema, the workbook's « Colonnes » sheet and the data page), its cell
    from the field's value (never called when the case has none: the cell stays empty), and its
    Table Schema type. `whole`: the column holds the key's whole value, not a part of it (a
    point's latitude)."""

    name: str
    help: str
    cell: Callable[[Any], Any]
    type: str = "string"
    whole: bool = True
    # In the spreadsheets for people (cas.xlsx, cas-excel.csv): its header in plain French (None: its
    # name); `code`: a code, on the workbook's « Codes » sheet rather than the first one (the first
    # sheet says it in words); `link`: an address, clickable in the workbook.
    title: str | None = None
    code: bool = False
    link: bool = False

    @property
    def header(self) -> str:
        return self.title or self.name


class Month(datetime.date):
    """A date of which only the month is known (the study's « février 2017 »): shown as a month."""


class SheetWriter(Protocol):
    """What the spreadsheets do with some values (the exports provide it)."""

    def absolute(self, path: str) -> str:
        """A path of the site as an absolute URL."""

    def plain_text(self, markdown: str) -> str:
        """Markdown as plain text on one line."""


class Field:
    """One front-matter key. Subclasses set `kind`, `messages` and implement `check` and `fragment`.

    `sheet_help` says what its spreadsheet column holds, when `help`, written for contributors,
    does not say it to a reader of the spreadsheet; `form_help` says it to a person filling the
    web form, who never sees the file (no key names, quotes or braces), when `help` must speak of
    the file; `sheet=False` leaves it out of the spreadsheets (a maintainers' key: cas.json and
    cas.csv still have it)."""

    kind = "field"
    table_type = "string"
    messages: dict[str, str] = {}
    labels: dict | None = None  # each value's label, for a kind with a vocabulary
    ordered = False  # in a list, read in their own order in the spreadsheets (axes 1 to 8)

    def __init__(self, *, required: bool = False, label: str, help: str, example: Any = None,
                 placeholder: Any = None, sheet_help: str | None = None, form_help: str | None = None,
                 sheet: bool = True):
        self.required = required
        self.label = label
        self.help = help
        self.form_help = help if form_help is None else form_help
        self.example = example
        # What the template shows (« À compléter : … »); the example when not set.
        self.placeholder = example if placeholder is None else placeholder
        self.sheet_help = help if sheet_help is None else sheet_help
        self.in_sheet = sheet
        self.messages = {k: v.format_map(_Keep(self.placeholders())) for k, v in type(self).messages.items()}

    # Compatibility with code reading the former dataclass.
    vocabulary: str | None = None
    max_length: int | None = None
    min_items: int = 0

    def text(self, value: Any) -> str:
        """The value as one line of text in cas.csv: a code, a number, a date, a list joined."""
        return str(value)

    def sheet_value(self, value: Any) -> Any:
        """The value in a spreadsheet, for people: a number stays a number, a date a date."""
        return value

    def table_columns(self, key: str) -> list[Column]:
        """The columns of cas.csv this field makes: by default one, its value as text."""
        return [Column(key, self.help, self.text, self.table_type)]

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        """The columns of the spreadsheets this field makes: by default one, its value for people,
        headed by its label."""
        return [Column(key, self.sheet_help, self.sheet_value, title=self.label)]

    def placeholders(self) -> dict[str, Any]:
        """Values filled into the message templates once, when the field is declared."""
        return {}

    def say(self, report: Report, keyword: str, value: Any = None, index: int | None = None, **extra: Any) -> None:
        report(fill(self.messages[keyword], value, **extra), index)

    def check(self, value: Any, report: Report) -> None:
        raise NotImplementedError

    def fragment(self) -> dict:
        raise NotImplementedError

    def json_schema(self) -> dict:
        """The property's JSON Schema, with its messages and help."""
        out = self.fragment()
        out["title"] = self.label
        out["description"] = self.help
        out["x-messages"] = dict(self.messages)
        return out


class Text(Field):
    """Plain text on one line: what the contributor typed is what the reader sees."""

    kind = "texte"
    messages = {
        "type": "doit être un texte, pas « {valeur} » : mettez la valeur entre guillemets",
        "minLength": "ne doit pas être vide",
        "maxLength": "trop long ({longueur} caractères ; au plus {limite}) : raccourcissez-le",
        "pattern": "doit être un texte d'une seule ligne, sans retour à la ligne, tabulation ni caractère "
                   "invisible : retapez la valeur",
    }

    def __init__(self, *, max_length: int, **kw: Any):
        self.max_length = max_length
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"limite": self.max_length}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not isinstance(value, str):
            self.say(report, "type", value, index)
        elif not _NOT_BLANK.search(value):
            self.say(report, "minLength", value, index)
        elif len(value) > self.max_length:
            self.say(report, "maxLength", value, index, longueur=len(value))
        elif not _ONE_LINE.match(value):
            self.say(report, "pattern", value, index)
        else:
            return True
        return False

    def fragment(self) -> dict:
        # minLength refuses "", the pattern refuses blanks and forbidden characters: spaces, the first
        # other character, then anything allowed. Three classes that do not overlap, so that a regex
        # engine never backtracks (`[^F]*[^\\sF][^F]*` took the square of the length to refuse a value).
        return {"type": "string", "minLength": 1, "maxLength": self.max_length,
                "pattern": f"^[^\\S{FORBIDDEN_CHARS}]*[^\\s{FORBIDDEN_CHARS}][^{FORBIDDEN_CHARS}]*$"}

    def json_schema(self) -> dict:
        out = super().json_schema()
        out["x-messages"]["pattern"] = self.messages["pattern"]
        return out


class Commune(Text):
    """A commune's name, checked against the official geography (`communes.py`) in the department
    given by the key `within` (checked by the validator only: JSON Schema cannot hold 35,000 names).
    The match ignores case, accents, hyphens and apostrophes; pages show the official name."""

    kind = "commune"
    messages = {
        **Text.messages,
        "unknown": "commune « {valeur} » inconnue dans le département {departement}{suggestion}",
    }

    def __init__(self, *, within: str, **kw: Any):
        self.within = within
        super().__init__(**kw)

    def check_within(self, value: str, departement: str, report: Report, index: int | None = None) -> bool:
        """The commune exists in that department (a department code already checked)."""
        from scripts.contract import communes
        from scripts.contract.vocabularies import DEPARTEMENTS
        if communes.find(value, departement) is not None:
            return True
        name = f"{DEPARTEMENTS[departement][0]} ({departement})"
        near = communes.closest(value, departement)
        other = [c for c in communes.elsewhere(value) if c.departement != departement]
        if near:
            hint = " : vouliez-vous dire " + ", ".join(f"« {n} »" for n in near) + " ?"
        elif other:
            hint = " : « " + other[0].nom + " » est dans le département " + ", ".join(
                f"{DEPARTEMENTS[c.departement][0]} ({c.departement})" for c in other[:3]) + " ; corrigez le département"
        else:
            hint = " : écrivez le nom d'une commune actuelle du département (géographie officielle d'Etalab)"
        self.say(report, "unknown", value, index, departement=name, suggestion=hint)
        return False


class PatternText(Field):
    """A one-word text with a pattern and a length limit (an id, a URL): one constructor and one
    check order for both, so the validator and `schema.json` refuse the same values in the same words.
    Subclasses add their own last refusal through `refuses`."""

    def __init__(self, *, pattern: str, max_length: int, **kw: Any):
        self.pattern, self.max_length = pattern, max_length
        self._pattern = re.compile(pattern)
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"limite": self.max_length}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not isinstance(value, str):
            self.say(report, "type", value, index)
        elif len(value) > self.max_length:
            self.say(report, "maxLength", value, index, longueur=len(value))
        elif not self._pattern.match(value):
            self.say(report, "pattern", value, index, **self.hints(value))
        elif self.refuses(value):
            self.say(report, "not", value, index)
        else:
            return True
        return False

    def hints(self, value: str) -> dict[str, str]:
        """Extra placeholders of the pattern message (a suggestion), for a string the pattern refused."""
        return {}

    def refuses(self, value: str) -> bool:
        """A value of the right pattern that is still refused (reported as `not`)."""
        return False

    def fragment(self) -> dict:
        return {"type": "string", "maxLength": self.max_length, "pattern": self.pattern}


class Identifier(PatternText):
    """A case id: lower case, digits and single hyphens; some ids are reserved by the site."""

    kind = "identifiant"
    messages = {
        "type": "doit être un texte, pas « {valeur} »",
        "maxLength": "trop long ({longueur} caractères ; au plus {limite}) : raccourcissez-le",
        "pattern": "« {valeur} » n'est pas un identifiant valide : minuscules sans accents, chiffres et tirets "
                   "simples{suggestion}",
        "not": "« {valeur} » est un nom réservé par le site (celui d'une de ses rubriques ou d'un de ses fichiers, "
               "comme /" + routes.data() + " ou /" + routes.feed() + ") : choisissez un autre identifiant",
    }

    def __init__(self, *, reserved: frozenset[str], **kw: Any):
        self.reserved = reserved
        super().__init__(**kw)

    def hints(self, value: str) -> dict[str, str]:
        from scripts.contract.slug import slugify
        return {"suggestion": f" (ex. {slugify(value) or 'mon-projet'})"}

    def refuses(self, value: str) -> bool:
        return value in self.reserved

    def fragment(self) -> dict:
        return {"type": "string", "pattern": self.pattern, "maxLength": self.max_length,
                "not": {"enum": sorted(self.reserved)}}


class Code(Field):
    """A code with a fixed pattern (a QPV identifier)."""

    kind = "code"
    messages = {"type": "{message}", "pattern": "{message}"}

    def __init__(self, *, pattern: str, message: str, **kw: Any):
        self.pattern, self.message = pattern, message
        self._pattern = re.compile(pattern)
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"message": self.message}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not isinstance(value, str) or not self._pattern.match(value):
            self.say(report, "pattern", value, index)
            return False
        return True

    def fragment(self) -> dict:
        return {"type": "string", "pattern": self.pattern}


class Choice(Field):
    """One value of a vocabulary."""

    kind = "choix"
    messages = {
        "type": "doit être un texte, pas « {valeur} »",
        "enum": "valeur « {valeur} » inconnue{suggestion} ; valeurs possibles : {valeurs}",
    }

    def __init__(self, *, vocabulary: str, choices: dict, hint: str | None = None, name_column: str | None = None,
                 **kw: Any):
        self.vocabulary, self.choices, self.hint = vocabulary, choices, hint
        # A place's name (« nom du département »): its spreadsheet column is `<key>_nom`, said thus,
        # instead of `<key>_libelle`, « <label>, en toutes lettres ».
        self.name_column = name_column
        super().__init__(**kw)

    @property
    def labels(self) -> dict:  # type: ignore[override]
        return self.choices

    def placeholders(self) -> dict[str, Any]:
        return {"valeurs": self.hint or ", ".join(map(str, self.choices))}

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        """The code, then its label in the column beside it."""
        if self.name_column:
            label = Column(f"{key}_nom", self.name_column, self.choices.__getitem__, title=self.label)
        else:
            label = Column(f"{key}_libelle", f"{_lower(self.label)}, en toutes lettres", self.choices.__getitem__,
                           title=self.label)
        return [Column(key, self.sheet_help, self.sheet_value, code=True), label]

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not isinstance(value, str):
            self.say(report, "type", value, index)
        elif value not in self.choices:
            self.say(report, "enum", value, index, suggestion=suggest(value, self.choices))
        else:
            return True
        return False

    def fragment(self) -> dict:
        return {"type": "string", "enum": list(self.choices)}


class Departement(Choice):
    """A department code, always quoted: YAML reads 01 as the number 1."""

    kind = "département"
    messages = {**Choice.messages,
                "type": "le code doit être écrit entre guillemets : \"{valeur}\" (sinon YAML le lit comme un "
                        "nombre et perd le zéro de 01 à 09)"}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if isinstance(value, int) and not isinstance(value, bool):
            report(self.messages["type"].replace("{valeur}", f"{value:02d}"), index)
            return False
        return super().check(value, report, index)


class List(Field):
    """A list of items of one kind (`item`), with bounds and, optionally, no repetition."""

    kind = "liste"
    messages = {
        "type": "doit être une liste, pas « {valeur} » : écrivez [valeur] ou une liste à tirets",
        "minItems": "ne doit pas être vide : au moins une valeur, à choisir ou à ajouter",
        "maxItems": "liste trop longue ({longueur} éléments ; au plus {limite})",
        "uniqueItems": "« {valeur} » est répété : gardez-le une seule fois",
    }

    def __init__(self, *, item: Field | Any, min_items: int = 0, max_items: int, unique: bool = True, **kw: Any):
        self.item, self.min_items, self.max_items, self.unique = item, min_items, max_items, unique
        self.vocabulary = getattr(item, "vocabulary", None)
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"limite": self.max_items}

    def check(self, value: Any, report: Report) -> None:
        if not isinstance(value, list):
            return self.say(report, "type", value)
        if len(value) < self.min_items:
            return self.say(report, "minItems", value)
        if len(value) > self.max_items:
            return self.say(report, "maxItems", value, longueur=len(value))
        seen: set[str] = set()
        for i, item in enumerate(value):
            if self.item.check(item, report, index=i) and self.unique:
                marker = repr(item)
                if marker in seen:
                    self.say(report, "uniqueItems", item, i)
                seen.add(marker)

    def text(self, value: list) -> str:
        return LIST_SEPARATOR.join(self.item.text(v) for v in value)

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        """The items joined; for a vocabulary, their labels joined in the column beside it."""
        ordered = sorted if self.item.ordered else list
        labels = self.item.labels
        columns = [Column(key, self.sheet_help, lambda value: LIST_SEPARATOR.join(
            self.item.text(v) for v in ordered(value)), title=None if labels is not None else self.label,
            code=labels is not None)]
        if labels is not None:
            columns.append(Column(f"{key}_libelles", f"{_lower(self.label)}, en toutes lettres",
                                  lambda value: LIST_SEPARATOR.join(labels[v] for v in ordered(value)),
                                  title=self.label))
        return columns

    def fragment(self) -> dict:
        out = {"type": "array", "items": self.item.json_schema(), "maxItems": self.max_items}
        if self.min_items:
            out["minItems"] = self.min_items
        if self.unique:
            out["uniqueItems"] = True
        return out


class AxisNumber(Field):
    """An operational axis: an integer among the study's axes."""

    kind = "axe"
    messages = {"type": "« {valeur} » n'est pas un axe : entiers de {premier} à {dernier}",
                "enum": "« {valeur} » n'est pas un axe : entiers de {premier} à {dernier}"}

    ordered = True

    def __init__(self, *, axes: dict[int, str], **kw: Any):
        """axes: each axis, with its label (« Axe 2 : … »)."""
        self.axes = list(axes)
        self.labels = axes
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"premier": min(self.axes), "dernier": max(self.axes)}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if isinstance(value, bool) or not isinstance(value, int) or value not in self.axes:
            self.say(report, "enum", value, index)
            return False
        return True

    def fragment(self) -> dict:
        return {"type": "integer", "enum": list(self.axes)}


class Boolean(Field):
    kind = "oui/non"
    table_type = "boolean"
    messages = {"type": "doit valoir true ou false, pas « {valeur} »"}

    def text(self, value: bool) -> str:
        return "true" if value else "false"

    def sheet_value(self, value: bool) -> str:
        return "oui" if value else "non"

    def check(self, value: Any, report: Report) -> None:
        if not isinstance(value, bool):
            self.say(report, "type", value)

    def fragment(self) -> dict:
        return {"type": "boolean"}


class Year(Field):
    kind = "année"
    table_type = "integer"
    messages = {"type": "doit être une année (nombre entier), pas « {valeur} »",
                "minimum": "année {valeur} hors limites : de {min} à {max}",
                "maximum": "année {valeur} hors limites : de {min} à {max}"}

    def __init__(self, *, minimum: int, maximum: int, **kw: Any):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"min": self.minimum, "max": self.maximum}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if isinstance(value, bool) or not isinstance(value, int):
            self.say(report, "type", value, index)
        elif not self.minimum <= value <= self.maximum:
            self.say(report, "minimum" if value < self.minimum else "maximum", value, index)
        else:
            return True
        return False

    def fragment(self) -> dict:
        return {"type": "integer", "minimum": self.minimum, "maximum": self.maximum}


class Date(Field):
    """A calendar date, written AAAA-MM-JJ without quotes (YAML then reads a date).
    Validator only: a date in the future (JSON Schema cannot compare with today)."""

    kind = "date"
    table_type = "date"
    messages = {"type": "doit être une date AAAA-MM-JJ sans guillemets, pas « {valeur} »",
                "format": "doit être une date AAAA-MM-JJ sans guillemets, pas « {valeur} »",
                "future": "date {valeur} dans le futur"}

    def text(self, value: datetime.date) -> str:
        return value.isoformat()

    def check(self, value: Any, report: Report) -> None:
        if isinstance(value, datetime.datetime) or not isinstance(value, datetime.date):
            self.say(report, "type", value)
        elif value > datetime.date.today():
            report(self.messages["future"].replace("{valeur}", value.isoformat()), None)

    def fragment(self) -> dict:
        return {"type": "string", "format": "date", "pattern": "^\\d{4}-\\d{2}-\\d{2}$"}


class Url(PatternText):
    """A complete http(s) address with a host name: the one URL rule of the contract (clickable in
    the workbook)."""

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        return [Column(key, self.sheet_help, self.sheet_value, title=self.label, link=True)]

    kind = "adresse web"
    messages = {"type": "adresse « {valeur} » refusée : seules les adresses http:// ou https:// complètes, "
                        "sans espace, sont acceptées",
                "pattern": "adresse « {valeur} » refusée : seules les adresses http:// ou https:// complètes, "
                           "sans espace, sont acceptées",
                "maxLength": "adresse trop longue ({longueur} caractères ; au plus {limite})"}


class Record(Field):
    """A mapping with known keys, each of its own kind (a source, a QPV, a point)."""

    messages = {"type": "{forme}", "required": "{forme}", "additionalProperties": "{forme}"}

    def __init__(self, *, keys: dict[str, Field], required_keys: tuple[str, ...], shape: str,
                 line: Callable[[dict], str] | None = None, **kw: Any):
        """line: the record as one line of text in cas.csv, when its keys in order do not read well."""
        self.keys, self.required_keys, self.shape, self.line = keys, required_keys, shape, line
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"forme": self.shape}

    @property
    def kind(self) -> str:  # type: ignore[override]
        return "{" + ", ".join(self.keys) + "}"

    def text(self, value: dict) -> str:
        """« QP013001 Nom du quartier », « Titre (https://…) »: its required keys, then each other one
        it has, in brackets (or its own `line`)."""
        if self.line is not None:
            return self.line(value)
        words = [self.keys[k].text(value[k]) for k in self.keys if k in self.required_keys]
        words += [f"({self.keys[k].text(value[k])})" for k in self.keys if k not in self.required_keys and k in value]
        return " ".join(words)

    def shape_ok(self, value: Any) -> bool:
        return isinstance(value, dict) and set(self.required_keys) <= set(value) <= set(self.keys)

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not self.shape_ok(value):
            extra = sorted(set(value) - set(self.keys)) if isinstance(value, dict) else []
            hint = suggest(extra[0], self.keys) if extra and isinstance(extra[0], str) else ""
            report(self.messages["type"] + hint, index)
            return False
        if not all([self.keys[k].check(v, report, index) for k, v in value.items()]):
            return False
        return all(self.keys[k].check_within(value[k], value[f.within], report, index)
                   for k, f in self.keys.items() if k in value and getattr(f, "within", None) in value)

    def fragment(self) -> dict:
        return {"type": "object", "properties": {k: f.json_schema() for k, f in self.keys.items()},
                "required": list(self.required_keys), "additionalProperties": False}


class Group(Record):
    """A map of optional keys, each of its own kind (the resources of an initiative): one column a key
    in the tables of the open data (`<key>_<sub>`), so a spreadsheet can sort and filter on each."""

    kind = "groupe de clés"

    def __init__(self, *, keys: dict[str, Field], shape: str, **kw: Any):
        super().__init__(keys=keys, required_keys=(), shape=shape, **kw)

    def table_columns(self, key: str) -> list[Column]:
        return [Column(f"{key}_{sub}", f"{_lower(f.label)} ({f.help}), tirée de {key}",
                       lambda value, sub=sub, f=f: f.text(value[sub]) if sub in value else "", f.table_type,
                       whole=False)
                for sub, f in self.keys.items()]

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        columns = []
        for sub, f in self.keys.items():
            for column in f.sheet_columns(f"{key}_{sub}", out):
                columns.append(Column(column.name, column.help,
                                      lambda value, sub=sub, cell=column.cell: cell(value[sub]) if sub in value
                                      else None, column.type, whole=False,
                                      title=f"{self.label} : {_lower(column.title)}" if column.title else None,
                                      code=column.code, link=column.link))
        return columns

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not self.shape_ok(value):
            extra = sorted(set(value) - set(self.keys)) if isinstance(value, dict) else []
            hint = suggest(extra[0], self.keys) if extra and isinstance(extra[0], str) else ""
            report(self.messages["type"] + hint, index)
            return False
        ok = True
        for sub, v in value.items():
            # each problem names the sub-key, at the key's line (the map is on one line or a few)
            def named(message: str, _index: int | None = None, sub: str = sub) -> None:
                report(f"{sub} : {message}", index)
            ok = (self.keys[sub].check(v, named) is not False) and ok
        return ok


class Quantity(Field):
    """A number between two bounds (full-time equivalents)."""

    kind = "nombre"
    table_type = "number"
    messages = {"type": "doit être un nombre (ex. 2 ou 2.5), pas « {valeur} »",
                "minimum": "nombre {valeur} hors limites : de {min} à {max}",
                "maximum": "nombre {valeur} hors limites : de {min} à {max}"}

    def __init__(self, *, minimum: float, maximum: float, **kw: Any):
        self.minimum, self.maximum = minimum, maximum
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"min": self.minimum, "max": self.maximum}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            self.say(report, "type", value, index)
        elif not self.minimum <= value <= self.maximum:
            self.say(report, "minimum" if value < self.minimum else "maximum", value, index)
        else:
            return True
        return False

    def fragment(self) -> dict:
        return {"type": "number", "minimum": self.minimum, "maximum": self.maximum}


class Contact(PatternText):
    """An organisation's public contact: an https:// page or an e-mail address."""

    kind = "contact"
    messages = {"type": "contact « {valeur} » refusé : indiquez une page de contact https://… ou une adresse "
                        "électronique générique (contact@…)",
                "pattern": "contact « {valeur} » refusé : indiquez une page de contact https://… ou une adresse "
                           "électronique générique (contact@…){suggestion}",
                "maxLength": "contact trop long ({longueur} caractères ; au plus {limite})"}

    def hints(self, value: str) -> dict[str, str]:
        if value.lower().startswith("http://"):
            return {"suggestion": " ; une adresse en http:// s'écrit ici en https://"}
        if value.lower().startswith("mailto:"):
            return {"suggestion": " ; écrivez l'adresse sans « mailto: »"}
        return {}

    def is_email(self, value: str) -> bool:
        return "@" in value and not value.lower().startswith("https://")


class Number(Field):
    kind = "nombre"
    table_type = "number"
    messages = {"type": "{message}"}

    def __init__(self, *, message: str, **kw: Any):
        self.message = message
        super().__init__(**kw)

    def placeholders(self) -> dict[str, Any]:
        return {"message": self.message}

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            report(self.messages["type"], index)
            return False
        return True

    def fragment(self) -> dict:
        return {"type": "number"}


class Point(Record):
    """A point in France. JSON Schema checks the boxes of the territories; the validator
    also checks the outline itself (a box around France holds Barcelona)."""

    kind = "point"
    messages = {**Record.messages, "anyOf": "le point {valeur} n'est pas en France : vérifiez que la latitude "
                                            "et la longitude ne sont pas inversées, et leur signe (moins à l'ouest "
                                            "de Greenwich)"}

    def __init__(self, *, boxes: dict[str, tuple[float, float, float, float]],
                 inside: Callable[[float, float], bool], **kw: Any):
        self.boxes, self.inside = boxes, inside
        super().__init__(**kw)

    def table_columns(self, key: str) -> list[Column]:
        """One column a coordinate (`latitude`, `longitude`: their labels), so a spreadsheet can use them."""
        return [Column(_lower(f.label), f"{_lower(f.label)} du point du cas ({f.help}), tirée de {key}",
                       lambda value, k=k, f=f: f.text(value[k]), f.table_type, whole=False)
                for k, f in self.keys.items()]

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        return [Column(_lower(f.label), f"{_lower(f.label)} du point du cas ({f.help})",
                       lambda value, k=k: value[k], f.table_type, whole=False, title=f.label)
                for k, f in self.keys.items()]

    def check(self, value: Any, report: Report, index: int | None = None) -> bool:
        if not super().check(value, report, index):
            return False
        lat, lon = value["lat"], value["lon"]
        if not self.inside(lat, lon):
            report(self.messages["anyOf"].replace("{valeur}", f"({lat}, {lon})"), index)
            return False
        return True

    def fragment(self) -> dict:
        out = super().fragment()
        out["anyOf"] = [{"properties": {"lat": {"minimum": a, "maximum": b}, "lon": {"minimum": c, "maximum": d}}}
                        for a, b, c, d in self.boxes.values()]
        return out

    def json_schema(self) -> dict:
        out = super().json_schema()
        out["x-messages"]["anyOf"] = self.messages["anyOf"]
        return out


# Kinds of the values derived from the front matter (`schema.DERIVED`): never written by contributors,
# so never checked; published in the open data.

class PagePath(Field):
    """The path of a page of the site: absolute in the spreadsheets, read away from the site."""

    kind = "chemin"

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        return [Column(key, self.sheet_help, out.absolute, title=self.label, link=True)]


class Body(Field):
    """The body of a sheet, in Markdown: as plain text on one line in the spreadsheets."""

    kind = "texte Markdown"

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        return [Column(key, self.sheet_help, out.plain_text, title=self.label)]


class SheetDate(Field):
    """The date of a sheet (`sheets.dates.SheetDate`), in the spreadsheets under its own column name."""

    kind = "date de la fiche"

    def __init__(self, *, column: str, **kw: Any):
        self.column = column
        super().__init__(**kw)

    def text(self, value: Any) -> str:
        return value.iso

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        """A date (a month for the study's cases, whose day is not known)."""
        def cell(value: Any) -> datetime.date:
            day = value.value
            return Month(day.year, day.month, 1) if value.month_only else day
        return [Column(self.column, self.sheet_help, cell, title=self.label)]


class DerivedCode(Field):
    """A code derived from the front matter (the INSEE code of the commune): on the « Codes » sheet."""

    kind = "code"

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        return [Column(key, self.sheet_help, self.sheet_value, code=True)]


class Grouping(Field):
    """A group of communes derived from the commune (an intercommunality, an EPT): {code, nom, type},
    `code` its SIREN. Three columns in cas.csv (`<key>_code`, `<key>_nom`, `<key>_type`); in the
    spreadsheets, its name and its kind in words (codes on the « Codes » sheet)."""

    kind = "{code, nom, type}"

    def __init__(self, *, types: dict[str, str], with_type: bool = True, type_label: str | None = None, **kw: Any):
        self.types, self.with_type, self.type_label = types, with_type, type_label
        super().__init__(**kw)

    def text(self, value: dict) -> str:
        return f"{value['code']} {value['nom']}"

    def table_columns(self, key: str) -> list[Column]:
        what = _lower(self.label)
        return [Column(f"{key}_code", f"{what} : numéro SIREN", lambda v: v["code"], whole=False),
                Column(f"{key}_nom", f"{what} : nom officiel", lambda v: v["nom"], whole=False),
                Column(f"{key}_type", f"{what} : nature ({', '.join(sorted(self.types))})", lambda v: v["type"],
                       whole=False)]

    def sheet_columns(self, key: str, out: SheetWriter) -> list[Column]:
        what = _lower(self.label)
        columns = [Column(f"{key}_code", f"{what} : numéro SIREN", lambda v: v["code"], whole=False, code=True),
                   Column(f"{key}_nom", f"{what} : nom officiel", lambda v: v["nom"], whole=False, title=self.label)]
        if self.with_type:
            columns.append(Column(f"{key}_type", f"{what} : nature, en toutes lettres",
                                  lambda v: self.types[v["type"]], whole=False,
                                  title=self.type_label or f"Nature ({what})"))
        return columns
