"""A sheet's Markdown body to HTML, as untrusted input, by design rather than by blacklist.

Two gates, each enough on its own:
1. the parser (markdown-it-py, CommonMark) is configured for contributor text:
   raw HTML off, no attribute syntax, links only to http, https, mailto or a
   path inside the site, checked after entity and percent decoding; images only
   from the site itself;
2. its HTML then goes through an allowlist sanitizer (nh3): only the elements
   and attributes below survive, URLs only with the schemes below.

Short quotations between « » are then marked `<q>` (`quotations.py`), before the second gate.

`body.py` reports what a contributor should fix, line by line, from the same
parser; nothing here depends on it. A body is read once for its check, its page
and its plain text (`read`, `take`): a reading that keeps every link, taken by
the renderer only when its every link passed gate 1 (else read again by the
renderer's own parser), by the checker only where raw HTML cannot start. The module knows nothing of MkDocs: links
to other pages (`wimoov.md`, `../etude/index.md`) are resolved to the site's
URLs here, and returned so that the build checks they exist before writing.
"""

from __future__ import annotations

import copy
import posixpath
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from urllib.parse import unquote

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token

from scripts.contract.fields import XML_INVALID
from scripts.contract.problems import shown as _short
from scripts.contract.slug import slugify
from scripts.sheets import plain, quotations

LINK_SCHEMES = frozenset({"http", "https", "mailto"})

# What the HTML of a body may contain, and nothing else: no id, class, style or
# data-* from a contributor (heading ids are generated below), no event handler.
ALLOWED_TAGS = frozenset({"p", "br", "hr", "h1", "h2", "h3", "h4", "h5", "h6", "strong", "em", "s", "del",
                          "code", "pre", "blockquote", "q", "ul", "ol", "li", "a", "img",
                          "table", "thead", "tbody", "tr", "th", "td"})
ALLOWED_ATTRIBUTES = {"a": frozenset({"href", "title", "rel"}), "img": frozenset({"src", "alt", "title"}),
                      "ol": frozenset({"start"}),
                      **{f"h{n}": frozenset({"id"}) for n in range(1, 7)}}
LINK_REL = "nofollow noopener"

# Browsers drop tabs and line breaks anywhere in a URL, and leading controls and
# spaces, before they read the scheme: « java&Tab;script: » is javascript:.
_URL_NOISE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*):")


def _decoded(url: str) -> str:
    """The URL as a browser reads it: percent-decoded, without the characters it ignores."""
    return _URL_NOISE.sub("", unquote(url)).lstrip("".join(map(chr, range(0x21))))


def scheme(url: str) -> str | None:
    """The URL's scheme, lower case, as a browser would see it; None for a relative URL."""
    match = _SCHEME.match(_decoded(url))
    return match.group(1).lower() if match else None


def leaves_site(url: str) -> bool:
    """A scheme-less URL that still names another host (//host, \\\\host) or starts at the root."""
    decoded = _decoded(url)
    return decoded.startswith(("/", "\\"))


def link_allowed(url: str) -> bool:
    """A link target the site accepts: http, https, mailto, or a path inside the site."""
    found = scheme(url)
    if found is not None:
        return found in LINK_SCHEMES
    return not leaves_site(url)


def image_allowed(url: str) -> bool:
    """An image comes from the site itself: a relative path, no scheme, no other host."""
    return scheme(url) is None and not leaves_site(url) and bool(_decoded(url))


def parser(html: bool = False) -> MarkdownIt:
    """CommonMark with tables and strikethrough. `html=True` only for the checker, which
    needs to see raw HTML to name it; the renderer never turns it on."""
    md = MarkdownIt("commonmark", {"html": html, "linkify": False, "typographer": False})
    md.enable(["table", "strikethrough"])
    return md


_PARSER = parser()
_PARSER.validateLink = link_allowed  # refused links stay literal text


@dataclass
class Reading:
    """A body as the renderer's parser reads it with every link kept (`read`)."""
    tokens: list[Token]
    # Every link target it read passed `link_allowed`: the renderer's parser, which refuses the
    # others, makes the very same decisions, so these are its tokens too.
    allowed: bool
    size: int  # tokens, inline children included
    # Raw HTML among its tokens (a reading for the checker, `read(text, html=True)`): never kept, never
    # rendered (the renderer reads such a body again with its own parser; the check refuses it).
    raw: bool = False

    def plain(self) -> str:
        """The body as plain text (plain.py)."""
        return plain.from_tokens(self.tokens)


# The parser of the readings: the renderer's, every link kept as the checker and the plain text keep
# them; each reading is made by a copy of it that notes the links the renderer refuses.
_READER = parser()
# The checker's, for a body where raw HTML may start (« < » then a letter, « / », « ! » or « ? »): when it
# finds none there, its tokens are the renderer's (tests/test_trust.py holds it over fuzzed bodies).
_READER_HTML = parser(html=True)

# The readings of large bodies, kept from their check (body.py) until the render takes them: a build
# checks every sheet before it renders any, and then reads such a body once instead of twice. Small
# bodies are not kept (the readings of thousands would fill the memory for little gain), nor more
# tokens than KEEP_TOKENS (a long table of 200 KB is 330,000 tokens, about 110 MB).
KEEP_FROM = 20_000  # characters
KEEP_TOKENS = 500_000
_KEPT: dict[str, Reading] = {}


def _read(text: str, html: bool = False) -> Reading:
    refused = []

    def keep_link(url: str) -> bool:
        if not link_allowed(url):
            refused.append(url)
        return True
    reader = copy.copy(_READER_HTML if html else _READER)  # its own validateLink: two threads may read at once
    reader.validateLink = keep_link
    tokens = reader.parse(XML_INVALID.sub("", text), {})
    raw = html and any(t.type.startswith("html_") or any(c.type.startswith("html_") for c in t.children or ())
                       for t in tokens)
    return Reading(tokens, not refused, len(tokens) + sum(len(t.children) for t in tokens if t.children), raw)


def read(text: str, html: bool = False) -> Reading:
    """The reading of `text` for the checker (`html`: by the parser that reads raw HTML, to name it),
    kept when large and free of raw HTML for the render to take: not to be changed."""
    reading = _KEPT.get(text)
    if reading is None:
        reading = _read(text, html)
        if not reading.raw and len(text) >= KEEP_FROM and reading.size <= KEEP_TOKENS:
            while True:  # the oldest go first
                kept = list(_KEPT.items())
                if not kept or sum(r.size for _, r in kept) + reading.size <= KEEP_TOKENS:
                    break
                _KEPT.pop(kept[0][0], None)
            _KEPT[text] = reading
    return reading


def take(text: str) -> Reading:
    """The reading of `text`, its own to change: out of the kept ones, or made now."""
    reading = _KEPT.pop(text, None)
    return reading if reading is not None else _read(text)


def forget() -> None:
    """Drop the kept readings (a benchmark timing each stage from nothing)."""
    _KEPT.clear()


def plain_text(text: str) -> str:
    """« ## Impacts\n\nDes **emplois** » -> « Impacts. Des emplois »: no Markdown syntax, no line break."""
    return _read(text).plain()


@dataclass
class Link:
    line: int  # line within the body, from 1
    href: str  # as written (decoded by the parser)
    target: str  # the site path it leads to: another case's source ('<id>.md' resolved), 'assets/x.png', a section
    anchor: str  # without '#', or ''


@dataclass
class Body:
    html: str
    headings: list[tuple[int, str, str]] = field(default_factory=list)  # (level, id, text)
    links: list[Link] = field(default_factory=list)  # links to pages of the site, to check
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line within the body, message)
    plain: str = ""  # the body as plain text (`plain_text`), made from the same reading

    @property
    def ids(self) -> set[str]:
        return {ident for _, ident, _ in self.headings}


def inline_lines(tokens: list[Token]):
    """(token, line within the body from 1) for every block token and inline child.

    Inline children carry no line of their own: count the line breaks before them
    from the line their block starts on.
    """
    line = 1
    for token in tokens:
        if token.map:
            line = token.map[0] + 1
        yield token, line
        if token.children:
            child_line = line
            for child in token.children:
                yield child, child_line
                if child.type in ("softbreak", "hardbreak"):
                    child_line += 1
                else:
                    child_line += child.content.count("\n")


def _heading_text(inline: Token) -> str:
    return "".join(c.content for c in inline.children or () if c.type in ("text", "code_inline"))


def render(text: str, source: str, page_url: Callable[[str], str],
           reserved: frozenset[str] = frozenset()) -> Body:
    """The body of the page made from `source` (routes.case_source), as sanitized HTML.

    `page_url` gives a source path's URL path (routes.page_url); `reserved`
    holds the ids the page already uses, never given to a heading.
    """
    reading = take(text)
    body = Body(html="", plain=reading.plain())
    # Read again by the renderer's parser when a link was refused (the sheet's check reports it)
    tokens = reading.tokens if reading.allowed else _PARSER.parse(XML_INVALID.sub("", text), {})
    taken, last = set(reserved), {}
    here = page_url(source)
    for index, token in enumerate(tokens):
        if token.type == "heading_open":
            name = _heading_text(tokens[index + 1])
            ident = _unique(slugify(name) or "section", taken, last)
            token.attrSet("id", ident)
            body.headings.append((int(token.tag[1]), ident, name))
    for token, line in inline_lines(tokens):
        if token.type not in ("link_open", "image"):
            continue
        attr = "href" if token.type == "link_open" else "src"
        url = str(token.attrGet(attr) or "")
        resolved = None
        if token.type == "link_open" or image_allowed(url):
            resolved = _resolve(url, source, here, page_url, line, body)
        if resolved is not None:
            token.attrSet(attr, resolved)
        elif token.type == "image":
            _to_text(token)
        else:
            token.attrSet(attr, "#")
    html = _PARSER.renderer.render(tokens, _PARSER.options, {})
    body.html = clean(quotations.mark(html))
    return body


def _to_text(image: Token) -> None:
    """A refused image shows its description as text."""
    image.type, image.tag, image.attrs = "text", "", {}
    image.content = "".join(c.content for c in image.children or ())
    image.children = None


def _unique(ident: str, taken: set[str], last: dict[str, int]) -> str:
    """`ident`, or `ident-2`, `ident-3`… the first not taken. `last` holds the number each ident
    reached: ids are only ever added to `taken`, so the search goes on from there (counting from 1
    each time, 50,000 headings « # a » cost 1.25 billion tries)."""
    n = last.get(ident, 1)
    candidate = ident if n == 1 else f"{ident}-{n}"
    while candidate in taken:
        n += 1
        candidate = f"{ident}-{n}"
    taken.add(candidate)
    last[ident] = n
    return candidate


def _resolve(url: str, source: str, here: str, page_url, line: int, body: Body) -> str | None:
    """The URL to write in the page for `url`, recording links inside the site for checking."""
    if scheme(url) is not None:
        return url
    path, _, anchor = url.partition("#")
    path = path.partition("?")[0]
    if not path:  # an anchor on this very page
        body.links.append(Link(line, url, source, unquote(anchor)))
        return url
    target = posixpath.normpath(posixpath.join(posixpath.dirname(source), unquote(path)))
    if target == ".." or target.startswith("../"):
        body.problems.append((line, f"lien « {_short(url)} » : il sort du site ; visez une page du site"))
        return None
    if path.endswith("/") and not target.endswith("/"):
        target += "/"
    body.links.append(Link(line, url, target, unquote(anchor)))
    destination = page_url(target) if target.endswith(".md") else target
    relative = posixpath.relpath(destination or ".", here or ".")
    if not destination or destination.endswith("/"):
        relative += "/"
    return relative + (f"#{anchor}" if anchor else "")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    """Second look at every URL nh3 keeps: the same allowlist as the parser's."""
    if tag == "a" and attribute == "href":
        return value if link_allowed(value) else None
    if tag == "img" and attribute == "src":
        return value if image_allowed(value) else None
    if attribute == "id" and not re.fullmatch(r"[a-z0-9]+(?:-[a-z0-9]+)*", value):
        return None
    return value


_CLEANER = nh3.Cleaner(tags=set(ALLOWED_TAGS),
                       attributes={tag: set(names - {"rel"}) for tag, names in ALLOWED_ATTRIBUTES.items()},
                       url_schemes=set(LINK_SCHEMES), link_rel=LINK_REL, strip_comments=True,
                       attribute_filter=_attribute_filter)


def clean(html: str) -> str:
    """The allowlist gate: what the parser let through, minus anything outside the lists."""
    return _CLEANER.clean(html)
