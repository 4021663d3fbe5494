"""Atom feed of new and updated cases, newest first, and robots.txt.

A case's date is the one its page shows (`dates.py`: `mis_a_jour`, else the last
commit that changed the sheet, else « février 2017 » for the study's own cases;
the synthesis gives no day, Atom needs one, so its first day stands for the
month). Only a sheet with none of these (a contribution outside git) falls back
on the build date, which SOURCE_DATE_EPOCH fixes.

Both are Jinja templates (templates/flux.xml.j2, robots.txt.j2) like every other
page, rendered by an environment of their own: the HTML one escapes for HTML
and puts Markdown-safe line breaks in values, which an XML feed does not want.
"""

from __future__ import annotations

import datetime
from pathlib import Path
from xml.sax import saxutils

import jinja2
from markupsafe import Markup

from scripts.contract import routes
from scripts.contract.fields import XML_INVALID

TEMPLATES = Path(__file__).parent / "templates"


def escape(text: str) -> str:
    """Text for an XML element or attribute, without the characters XML forbids."""
    return saxutils.escape(XML_INVALID.sub("", text), {'"': "&quot;"})


def _xml_finalize(value: object) -> object:
    """Every value the feed prints is escaped for XML (and its forbidden characters dropped):
    turned into Markup here, so the environment's autoescaping leaves it as it is."""
    return value if isinstance(value, Markup) else Markup(escape(str(value)))


_ENV = jinja2.Environment(loader=jinja2.FileSystemLoader(TEMPLATES), autoescape=True, finalize=_xml_finalize,
                          undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
                          keep_trailing_newline=True)

MAX_ENTRIES = 50


def case_date(case: dict, built: datetime.date) -> datetime.date:
    date = case.get("date")
    return date.value if date is not None else built


def _instant(day: datetime.date) -> str:
    """Atom wants a date-time: the day's first second, UTC."""
    return f"{day.isoformat()}T00:00:00Z"


SITE_TITLE = "Base de projets innovation et QPV"


def atom(cases: list[dict], site_url: str, built: datetime.date, page: str | None = None,
         title: str | None = None) -> str:
    """The site's feed (its newest MAX_ENTRIES cases), or the feed of the index page at route `page`
    (routes.py), holding every case of that page, titled after it."""
    dated = sorted(cases, key=lambda c: (case_date(c, built), c["id"]), reverse=True)
    if page is None:
        dated = dated[:MAX_ENTRIES]
    updated = max((case_date(c, built) for c in dated), default=built)
    entries = [{"title": case["titre"], "url": routes.absolute(site_url, routes.case(case["id"])),
                "summary": case["resume"], "updated": _instant(case_date(case, built))} for case in dated]
    here = routes.HOME if page is None else page
    heading = f"{SITE_TITLE} : nouveaux cas et mises à jour" if page is None else f"{SITE_TITLE} : {title}"
    return _ENV.get_template("flux.xml.j2").render(
        title=heading, page_url=routes.absolute(site_url, here), author=SITE_TITLE,
        feed_url=routes.absolute(site_url, routes.feed(here)), updated=_instant(updated), entries=entries)


def robots(site_url: str) -> str:
    return _ENV.get_template("robots.txt.j2").render(sitemap_url=routes.absolute(site_url, routes.sitemap_xml()))
