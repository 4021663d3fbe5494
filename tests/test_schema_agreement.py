"""The validator and the published JSON Schema give the same verdict, field by field,
on a generated corpus of valid and invalid values (both derive from scripts/contract/schema.py)."""

from __future__ import annotations

import datetime
import json

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from scripts.contract import geo, schema
from scripts.exports.schema_json import front_matter_schema
from scripts.sheets.load import Sheet
from scripts.sheets.validate import check_sheet

BASE = {
    "id": "exemple", "titre": "Exemple", "resume": "Un résumé.", "porteur": "Association",
    "type_porteur": ["association"], "commune": "Marseille", "departement": "13", "echelle": "locale",
    "categories": ["sociale"], "impact_principal": "emploi", "axes": [2], "statut": "contribution",
    "sources": [{"titre": "Une source"}],
}
VALIDATOR = jsonschema.Draft202012Validator(front_matter_schema())

text = st.text(alphabet=st.characters(codec="utf-8"), max_size=30) | st.sampled_from(
    ["", " ", "a\nb", "a\tb", "\u0085", "\ufffe", "x" * 121, "x" * 401, "x" * 2001, "ok", "Île-de-France"])
urls = st.sampled_from(["http://x", "https://x", "http://x.fr", "https://exemple.fr/a?b=c#d", "ftp://x.fr",
                        "javascript:alert(1)", "https://a b.fr", "HTTPS://EXEMPLE.FR", "http://.fr", "//x.fr",
                        "https://" + "a" * 2000 + ".fr", "mailto:a@b.fr", "https://x.fr/\u0000"])
# Strings at every length limit of the contract, one under and one over.
_LIMITS = {n for f in schema.FIELDS.values() for n in (getattr(f, "max_length", None),
                                                        getattr(getattr(f, "item", None), "max_length", None)) if n}
boundaries = st.sampled_from(sorted({n + d for n in _LIMITS for d in (-1, 0, 1)})).map("é".__mul__)
hosts = st.sampled_from(["x", "x.fr", ".fr", "a b.fr", "exemple.fr", "x.fr:80", "@x.fr", "x.fr "])
urls = urls | st.builds(lambda scheme, host, rest: scheme + host + rest,
                        st.sampled_from(["http://", "https://", "HTTP://", "ftp://", "", "//", "https:/"]), hosts,
                        st.sampled_from(["", "/", "/a b", "?q=1", "#x", "/\t"]))
scalars = st.none() | st.booleans() | st.integers(-5, 3000) | st.floats(allow_nan=False, allow_infinity=False)
slugs = st.sampled_from(["sociale", "emploi", "association", "locale", "contribution", "13", "2A", "974", "20",
                         "Sociale", "mobilty", "index", "mon-projet", "a--b", "-a", "x" * 81, "QP013001",
                         "QP13001"])
values = st.recursive(scalars | text | urls | slugs | boundaries | st.integers(0, 10),
                      lambda inner: st.lists(inner, max_size=4) | st.dictionaries(
                          st.sampled_from(["titre", "url", "code", "nom", "lat", "lon", "autre"]), inner, max_size=3),
                      max_leaves=8)


def _validator_verdict(meta: dict) -> bool:
    sheet = Sheet(rel="cases/exemple.md", stem="exemple", meta=meta)
    check_sheet(sheet)
    return not sheet.problems


def _schema_verdict(meta: dict) -> bool:
    return VALIDATOR.is_valid(json.loads(json.dumps(meta, default=str)))


# The commune is checked against the official geography by the validator alone (VALIDATOR_ONLY):
# test_a_commune_the_validator_accepts_is_in_the_schema below.
@pytest.mark.parametrize("key", [k for k in schema.FIELDS if k not in ("mis_a_jour", "coordonnees", "commune",
                                                                       "departement")])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_same_verdict_on_every_field(key, value):
    meta = {**BASE, key: value}
    # the id = file name rule is the validator's alone: the file is named after the id
    verdict = _id_verdict(value) if key == "id" else _validator_verdict(meta)
    assert verdict == _schema_verdict(meta), (key, value)


@pytest.mark.parametrize("key", ["commune", "departement"])
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(value=values)
def test_a_commune_the_validator_accepts_is_in_the_schema(key, value):
    meta = {**BASE, key: value}
    if _validator_verdict(meta):
        assert _schema_verdict(meta), (key, value)
    if not _schema_verdict(meta):
        assert not _validator_verdict(meta), (key, value)


def _id_verdict(value) -> bool:
    sheet = Sheet(rel=f"cases/{value}.md", stem=str(value), meta={**BASE, "id": value})
    check_sheet(sheet)
    return not sheet.problems


@pytest.mark.parametrize("key,value,valid", [
    ("site_web", "http://x", False), ("site_web", "http://x.fr", True),
    ("resume", "x" * 400, True), ("resume", "x" * 401, False),
    ("titre", "Un titre\n\nsur deux lignes", False), ("porteur", "  ", False),
    ("sources", [{"titre": "a\n\n<script>", "url": "https://x.fr"}], False),
    ("qpv", [{"code": "QP013001", "nom": "Nom\u0007"}], False),
    ("id", "index", False), ("annee", schema.current_year(), True), ("annee", schema.current_year() + 1, False),
])
def test_named_rules_agree(key, value, valid):
    meta = {**BASE, key: value}
    verdict = _id_verdict(value) if key == "id" else _validator_verdict(meta)
    assert verdict is valid and _schema_verdict(meta) is valid


@given(day=st.dates(min_value=datetime.date(1900, 1, 1), max_value=datetime.date.today()))
def test_dates_agree(day):
    """YAML hands the validator a date; JSON tools see its ISO text."""
    assert _validator_verdict({**BASE, "mis_a_jour": day}) and _schema_verdict({**BASE, "mis_a_jour": day.isoformat()})


@settings(max_examples=300, deadline=None)
@given(lat=st.floats(-30, 60), lon=st.floats(-70, 60))
def test_points_the_validator_accepts_are_in_the_schema_boxes(lat, lon):
    """The outline is finer than JSON Schema can say: accepted by the validator implies
    accepted by the schema; outside every box, both refuse."""
    meta = {**BASE, "coordonnees": {"lat": lat, "lon": lon}}
    if _validator_verdict(meta):
        assert _schema_verdict(meta)
    if not _schema_verdict(meta):
        assert not _validator_verdict(meta)


@pytest.mark.parametrize("lat,lon,inside", [
    (43.2965, 5.3698, True), (41.3874, 2.1686, False), (51.1279, 1.3134, False), (50.82, -0.14, False),
    (49.21, -2.13, False), (14.6161, -61.0588, True), (16.2411, -61.5331, True), (4.9372, -52.326, True),
    (-20.8821, 55.4507, True), (-12.7806, 45.2279, True), (42.70, 9.45, True), (50.63, 3.06, True),
])
def test_france_means_france(lat, lon, inside):
    """Barcelona, Dover, Brighton and Jersey are in the box around France, not in France."""
    assert geo.in_france(lat, lon) is inside
    assert _validator_verdict({**BASE, "coordonnees": {"lat": lat, "lon": lon}}) is inside


def test_every_field_says_its_messages_in_the_schema():
    published = front_matter_schema()
    for key, field in schema.FIELDS.items():
        prop = published["properties"][key]
        assert prop["x-messages"] == field.messages and prop["title"] == field.label
    for rule in published["allOf"]:
        assert rule["x-message"] and rule["x-cle"] in schema.FIELDS


TEXT_PATHS = [("titre", None), ("resume", None), ("porteur", None), ("commune", None),
              ("sources", "titre"), ("qpv", "nom")]


def _with_text(key, sub, value):
    if sub is None:
        return {**BASE, key: value}
    item = {"titre": value} if key == "sources" else {"code": "QP013001", "nom": value}
    return {**BASE, key: [item]}


@pytest.mark.parametrize("key,sub", TEXT_PATHS)
@pytest.mark.parametrize("value", ["avant\n\naprès", "bloc |\n  suite", "a\rb", "cloche\u0007", "fin\ufffe",
                                   "sep\u2028aration", "\u0085", "moitié\ud800"])
def test_plain_text_fields_are_one_line_without_invisible_characters(key, sub, value):
    """A blank line in a field used to end the page's HTML block: the rest became Markdown."""
    meta = _with_text(key, sub, value)
    sheet = Sheet(rel="cases/exemple.md", stem="exemple", meta=meta)
    check_sheet(sheet)
    assert [p.key for p in sheet.problems] == [key]
    assert "\n" not in str(sheet.problems[0]) and "\r" not in str(sheet.problems[0])
    assert not _schema_verdict(meta)


@pytest.mark.parametrize("key,sub", TEXT_PATHS)
def test_emoji_and_any_printable_unicode_are_text(key, sub):
    meta = _with_text(key, sub, "Café 🚲 « vélo » & <co> 💡 𝔘")
    if key == "commune":  # plain text, then not a commune of the department
        sheet = Sheet(rel="cases/exemple.md", stem="exemple", meta=meta)
        check_sheet(sheet)
        assert [p.message.split(" « ")[0] for p in sheet.problems] == ["commune"]
        return
    assert _validator_verdict(meta) is True


def test_the_territory_grid_is_generated_from_the_atlas():
    """scripts/contract/data/france.json is what `python -m scripts.contract.geo` makes from world-atlas (npm)."""
    stored = json.loads(geo.DATA.read_text(encoding="utf-8"))
    assert stored == json.loads(json.dumps(geo.generate()))


def test_values_in_messages_are_quoted_shortened_and_on_one_line():
    sheet = Sheet(rel="cases/exemple.md", stem="exemple",
                  meta={**BASE, "echelle": "x" * 500 + "\ncases/autre.md:1: id: faux problème"})
    check_sheet(sheet)
    (line,) = [str(p) for p in sheet.problems]
    assert line.count("\n") == 0 and "cases/autre.md:1" not in line.split("« ", 1)[0]
    assert len(line) < 300 and "…" in line


def test_scaffold_refuses_a_reserved_id(tmp_path):
    """`make nouveau TITRE="Index"` would have replaced the /cas/ listing."""
    from scripts.tools import new
    cases = tmp_path / "cases"
    cases.mkdir()
    (cases / "_modele.md").write_text((schema_root() / "cases" / "_modele.md").read_text(encoding="utf-8"),
                                      encoding="utf-8")
    with pytest.raises(new.Refused, match="réservé"):
        new.scaffold(cases, "Index")
    assert list(cases.glob("*.md")) == [cases / "_modele.md"]


def schema_root():
    from helpers import ROOT
    return ROOT
