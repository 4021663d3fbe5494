"""Atom feed of new and updated cases (/flux.xml), newest first.

A case's date is the one its page shows (`dates.py`: `mis_a_jour`, else the last
commit that changed the sheet, else « février 2017 » for the study's own cases;
the synthesis gives no day, Atom needs one, so its first day stands for the
month). Only a sheet with none of these (a contribution outside git) falls back
on the build date, which SOURCE_DATE_EPOCH fixes.
"""

from __future__ import annotations

import datetime
import re
from xml.sax import saxutils

# Characters XML 1.0 does not allow (C0 controls but tab and line breaks, surrogates,
# U+FFFE and U+FFFF) and the other noncharacters: one of them makes the whole feed
# unreadable. Validation refuses them in sheets; the writer drops them all the same.
_NONCHARACTERS = "".join(chr(plane * 0x10000 + last) for plane in range(1, 17) for last in (0xFFFE, 0xFFFF))
XML_INVALID = re.compile(f"[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]|[\ufdd0-\ufdef{_NONCHARACTERS}]")


def escape(text: str) -> str:
    """Text for an XML element or attribute, without the characters XML forbids."""
    return saxutils.escape(XML_INVALID.sub("", text), {'"': "&quot;"})


MAX_ENTRIES = 50


def case_date(case: dict, built: datetime.date) -> datetime.date:
    date = case.get("date")
    return date.value if date is not None else built


def atom(cases: list[dict], site_url: str, built: datetime.date) -> str:
    dated = sorted(cases, key=lambda c: (case_date(c, built), c["id"]), reverse=True)[:MAX_ENTRIES]
    updated = max((case_date(c, built) for c in dated), default=built)
    lines = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="fr">',
        "<title>Base de projets innovation et QPV : nouveaux cas et mises à jour</title>",
        f'<link rel="alternate" type="text/html" href="{escape(site_url)}"/>',
        f'<link rel="self" type="application/atom+xml" href="{escape(site_url)}flux.xml"/>',
        f"<id>{escape(site_url)}flux.xml</id>",
        f"<updated>{updated.isoformat()}T00:00:00Z</updated>",
        "<author><name>Base de projets innovation et QPV</name></author>",
    ]
    for case in dated:
        url = f"{site_url}cas/{case['id']}/"
        lines += [
            "<entry>",
            f"<title>{escape(case['titre'])}</title>",
            f'<link rel="alternate" type="text/html" href="{escape(url)}"/>',
            f"<id>{escape(url)}</id>",
            f"<updated>{case_date(case, built).isoformat()}T00:00:00Z</updated>",
            f"<summary>{escape(case['resume'])}</summary>",
            "</entry>",
        ]
    lines.append("</feed>")
    return "\n".join(lines) + "\n"


def robots(site_url: str) -> str:
    return f"User-agent: *\nAllow: /\n\nSitemap: {site_url}sitemap.xml\n"
