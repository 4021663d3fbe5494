"""The RGAA 4.1 audit of the site: its grid, read and checked, and the rates computed from it.

- `data/rgaa-criteres.csv`: the 106 criteria of RGAA 4.1.2 (number, theme, title), from the
  official referential (DINUM, accessibilite.numerique.gouv.fr, Licence Ouverte 2.0);
- `data/grille-rgaa.csv`: the audit, one row per criterion, page of the sample and support
  (ordinateur, mobile): status C / NC / NA, how it was verified (an automated test named
  `tests/…::test_…`, or a manual procedure), its date, and a note for every NC or NA.

Rates follow the RGAA method (« Méthode technique », calcul du taux de conformité):
a criterion is non-conforming (NC) if it fails on at least one page of the sample, conforming (C)
if it is applicable somewhere and fails nowhere, not applicable (NA) if it applies nowhere; the
global rate is C / (C + NC). The average rate is the mean of each page's own rate. Until every
row has been assessed (and heard with a screen reader where its note says so) the audit is incomplete and the site is « non conforme » whatever the rate.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from pathlib import Path

from scripts.contract import routes

DATA = Path(__file__).parent / "data"
CRITERIA = DATA / "rgaa-criteres.csv"
GRID = DATA / "grille-rgaa.csv"
PUBLISHED = routes.accessibility("grille-rgaa.csv")  # where the site serves the grid

# The sample (RGAA method: home, contact, legal notice, statement, site map, search with results,
# one page of each template, the pages with forms, the 404 page), as page id -> URL path.
SAMPLE = {page: "/" + route for page, route in {
    "accueil": routes.HOME,
    "mentions-legales": routes.legal(),  # the publisher's contact and legal notice
    "accessibilite": routes.accessibility(),
    "plan-du-site": routes.site_map(),
    "recherche": routes.search(q="mobilite"),
    "cas": routes.case("totem-mobi"),
    "tous-les-cas": routes.CASES,
    "categories": routes.category(),
    "categorie": routes.category("sociale"),
    "impacts": routes.impact(),
    "impact": routes.impact("mobilite"),
    "orientations": routes.orientation(),
    "orientation": routes.orientation(1),
    "territoires": routes.territoires(),
    "region": routes.region("ile-de-france"),
    "carte": routes.carte(),
    "donnees": routes.data(),
    "proposer": routes.proposer(),
    "404": "404.html",  # the theme's, written by MkDocs
}.items()}
SUPPORTS = ("ordinateur", "mobile")  # Chromium at 1366 px and at 390 px
STATUSES = ("C", "NC", "NA")
NOT_ASSESSED = "non évalué"
# A row assessed without a screen reader, whose rendering a person must still hear (NVDA, VoiceOver):
# its status counts in the rates, but the audit is not complete while one is left.
SCREEN_READER = "à confirmer avec un lecteur d'écran"
COLUMNS = ("critere", "page", "support", "statut", "verification", "date", "note")

# Footer and statement wording by the RGAA's rules.
ETAT_NON = "non conforme"
ETAT_PARTIEL = "partiellement conforme"
ETAT_TOTAL = "totalement conforme"


@dataclass(frozen=True)
class Criterion:
    number: str
    theme: str
    title: str


@dataclass
class Audit:
    criteria: dict[str, Criterion]
    rows: list[dict]
    statuses: dict[str, str] = field(default_factory=dict)  # criterion -> C / NC / NA over the sample
    page_rates: dict[str, float] = field(default_factory=dict)  # page -> rate of that page

    @property
    def conformes(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "C")

    @property
    def non_conformes(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "NC")

    @property
    def non_applicables(self) -> int:
        return sum(1 for s in self.statuses.values() if s == "NA")

    @property
    def taux(self) -> float:
        """Global rate over the sample, in percent: C / (C + NC)."""
        applicable = self.conformes + self.non_conformes
        return 100.0 * self.conformes / applicable if applicable else 0.0

    @property
    def taux_moyen(self) -> float:
        return sum(self.page_rates.values()) / len(self.page_rates) if self.page_rates else 0.0

    @property
    def complet(self) -> bool:
        return self.non_evalues == 0 and not self.to_confirm()

    @property
    def etat(self) -> str:
        """« non conforme » without a complete audit or below 50 %, « totalement » at 100 %."""
        if not self.complet or self.taux < 50:
            return ETAT_NON
        return ETAT_TOTAL if self.taux == 100 else ETAT_PARTIEL

    @property
    def date(self) -> str:
        """The latest date in the grid: when the audit was last brought up to date."""
        return max((r["date"] for r in self.rows if r["date"]), default="")

    def failures(self) -> list[tuple[Criterion, list[dict]]]:
        """Each NC criterion with its NC rows that carry a finding (not the « non évalué » ones)."""
        out = []
        for number, status in self.statuses.items():
            if status != "NC":
                continue
            found = [r for r in self.rows if r["critere"] == number and r["statut"] == "NC"
                     and not r["note"].startswith(NOT_ASSESSED)]
            if found:
                out.append((self.criteria[number], found))
        return out

    def pending(self) -> list[str]:
        """Numbers of the criteria not assessed yet on every page of the sample."""
        numbers = {r["critere"] for r in self.rows if r["note"].startswith(NOT_ASSESSED)}
        return [number for number in self.criteria if number in numbers]

    def to_confirm(self) -> list[str]:
        """Numbers of the criteria assessed through Chromium's accessibility tree only, still to be
        heard with a screen reader."""
        numbers = {r["critere"] for r in self.rows if SCREEN_READER in r["note"]}
        return [number for number in self.criteria if number in numbers]

    @property
    def non_evalues(self) -> int:
        return len(self.pending())

    def tools(self) -> list[str]:
        """Automated tests and manual procedures named in the grid, each once."""
        return sorted({r["verification"] for r in self.rows if r["verification"]})


def read_criteria(path: Path | None = None) -> dict[str, Criterion]:
    with (path or CRITERIA).open(encoding="utf-8", newline="") as f:
        return {row["critere"]: Criterion(row["critere"], row["thematique"], row["intitule"])
                for row in csv.DictReader(f)}


def read_grid(path: Path | None = None) -> list[dict]:
    with (path or GRID).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def problems(rows: list[dict], criteria: dict[str, Criterion]) -> list[str]:
    """Everything that makes the grid unusable, in French, one line each."""
    out = []
    seen = set()
    for line, row in enumerate(rows, start=2):
        key = (row.get("critere"), row.get("page"), row.get("support"))
        where = f"{GRID.name}, ligne {line}"
        if key in seen:
            out.append(f"{where} : ligne en double ({', '.join(map(str, key))})")
        seen.add(key)
        if row.get("critere") not in criteria:
            out.append(f"{where} : critère inconnu « {row.get('critere')} »")
        if row.get("page") not in SAMPLE:
            out.append(f"{where} : page hors échantillon « {row.get('page')} »")
        if row.get("support") not in SUPPORTS:
            out.append(f"{where} : support inconnu « {row.get('support')} » (attendu : {', '.join(SUPPORTS)})")
        if row.get("statut") not in STATUSES:
            out.append(f"{where} : statut « {row.get('statut')} » (attendu : C, NC ou NA)")
        if row.get("statut") in ("NC", "NA") and not (row.get("note") or "").strip():
            out.append(f"{where} : un statut {row.get('statut')} demande une note qui dit pourquoi")
        if row.get("statut") == "C" and not (row.get("verification") or "").strip():
            out.append(f"{where} : un critère conforme doit dire comment il a été vérifié")
    missing = {(c, p, s) for c in criteria for p in SAMPLE for s in SUPPORTS} - seen
    for c, p, s in sorted(missing)[:20]:
        out.append(f"{GRID.name} : aucune ligne pour le critère {c}, page {p}, support {s}")
    return out


def compute(rows: list[dict], criteria: dict[str, Criterion]) -> Audit:
    audit = Audit(criteria=criteria, rows=rows)
    by_criterion: dict[str, set[str]] = {number: set() for number in criteria}
    by_page: dict[str, dict[str, set[str]]] = {page: {number: set() for number in criteria} for page in SAMPLE}
    for row in rows:
        by_criterion[row["critere"]].add(row["statut"])
        by_page[row["page"]][row["critere"]].add(row["statut"])

    def status(found: set[str]) -> str:
        if "NC" in found:
            return "NC"
        return "C" if "C" in found else "NA"

    audit.statuses = {number: status(found) for number, found in by_criterion.items()}
    for page, per_criterion in by_page.items():
        statuses = [status(found) for found in per_criterion.values() if found]
        applicable = sum(1 for s in statuses if s != "NA")
        if applicable:
            audit.page_rates[page] = 100.0 * statuses.count("C") / applicable
    return audit


def audit(grid: Path | None = None, criteria: Path | None = None) -> Audit:
    """The audit from the grid in the repository; a grid with problems is an error, never a rate."""
    known = read_criteria(criteria or CRITERIA)
    rows = read_grid(grid or GRID)
    found = problems(rows, known)
    if found:
        raise ValueError("Grille RGAA inutilisable :\n" + "\n".join(found))
    return compute(rows, known)


def grid_csv(audit: Audit) -> str:
    """The published grid: every row, with the criterion's theme and title for readers."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["critere", "thematique", "intitule", "page", "adresse", *COLUMNS[2:]])
    for row in audit.rows:
        criterion = audit.criteria[row["critere"]]
        writer.writerow([criterion.number, criterion.theme, criterion.title, row["page"], SAMPLE[row["page"]],
                         *(row[c] for c in COLUMNS[2:])])
    return out.getvalue()


def percent(value: float) -> str:
    """French spelling of a rate: « 23,6 % » (no-break space before %)."""
    return f"{value:.1f}".replace(".", ",") + "\u00a0%"


MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
          "novembre", "décembre")


def french_date(iso: str) -> str:
    """'2026-11-26' -> '26 novembre 2026' ('1er' for the first day)."""
    year, month, day = (int(part) for part in iso.split("-"))
    return f"{'1er' if day == 1 else day} {MONTHS[month - 1]} {year}"


def count(n: int, noun: str, plural: str | None = None) -> str:
    """French grammar of counts: « aucun critère », « 1 critère », « 2 critères »."""
    if n == 0:
        return f"aucun {noun}"
    return f"{n} {noun if n == 1 else plural or noun + 's'}"
