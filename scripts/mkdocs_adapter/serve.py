"""`mkdocs serve`: a failed rebuild is reported, not raised, and the problems are shown on every page.

The server then goes on serving the last good build, which the failed one left untouched (MkDocs
alone would hold every request until a build succeeds). Every HTML page it serves starts with the
problems of the last build, put in by a WSGI middleware around the server's application (the
standard library's `WSGIServer.get_app` / `set_app`): nothing is written into the site.
"""

from __future__ import annotations

import logging
from html import escape

log = logging.getLogger("mkdocs.hooks.base")


def wire(server, builder, session) -> None:
    """Rebuilds go through the preview when only sheets changed (preview.py), failures are kept for
    the banner, and every HTML answer carries the banner while there are problems."""

    def rebuild() -> None:
        try:
            if session.preview is None or not session.preview.update():
                builder()
        except Exception as exc:  # noqa: BLE001 (reported here and in the page; the server goes on)
            log.error(f"{exc} Le site servi reste celui de la dernière construction réussie.")
            if not session.failure:
                session.failure = [f"la construction a échoué ({exc.__class__.__name__}) : voir le terminal"]

    server.builder = rebuild
    server.set_app(_with_banner(server.get_app(), lambda: session.failure))


def _with_banner(app, problems):
    """The WSGI application `app`, its HTML answers starting with the banner of `problems()`."""

    def banner_app(environ, start_response):
        answer: dict = {}

        def start(status, headers, exc_info=None):
            answer.update(status=status, headers=headers, exc_info=exc_info)
            return lambda data: None  # the write() callable; the server's application never uses it

        body = app(environ, start)
        headers = answer.get("headers", [])
        html = any(name.lower() == "content-type" and value.startswith("text/html") for name, value in headers)
        failure = problems()
        if html and failure:
            try:
                content = b"".join(body)
            finally:
                close = getattr(body, "close", None)
                if close is not None:
                    close()
            content = with_problems(content, failure)
            headers = [(name, value) for name, value in headers if name.lower() != "content-length"]
            headers.append(("Content-Length", str(len(content))))
            body = [content]
        start_response(answer["status"], headers, answer.get("exc_info"))
        return body

    return banner_app


def with_problems(content: bytes, failure: list[str]) -> bytes:
    """The page with the problems of the last build at the top of its body."""
    shown = failure[:50] + ([f"… et {len(failure) - 50} autres"] if len(failure) > 50 else [])
    lines = "".join(f"<li><code>{escape(line)}</code></li>" for line in shown)
    banner = ('<div role="alert" class="echec-construction" style="background:#fff3cd;color:#3d2e00;'
              'padding:1em;border-bottom:3px solid #b00020;font-size:.8rem">'
              "<p><strong>La dernière construction a échoué</strong> ; cette page est celle de la dernière "
              f"construction réussie. À corriger :</p><ul>{lines}</ul></div>")
    head, marker, rest = content.partition(b"<body")
    if not marker:
        return content
    tag_end = rest.find(b">") + 1
    return head + marker + rest[:tag_end] + banner.encode("utf-8") + rest[tag_end:]
