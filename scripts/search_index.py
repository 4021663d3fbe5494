"""Search index (Pagefind), built in the background while pages are rendered.

Pagefind runs as its own process; pages are handed to it as soon as they are
rendered, so its indexing overlaps the rest of the build instead of following it.
Pagefind: accent-blind, French stemming, chunked index, filters.
"""

from __future__ import annotations

import asyncio
import queue
import threading

from pagefind.index import PagefindIndex

_DONE = object()


class BackgroundIndex(threading.Thread):
    """add(url, html) while the site is built; finish() writes the index to `output_dir`."""

    def __init__(self, output_dir: str):
        super().__init__(name="pagefind", daemon=True)
        self.output_dir = output_dir
        self.pages: queue.Queue = queue.Queue()
        self.error: BaseException | None = None
        self.count = 0
        self.start()

    def add(self, url: str, html: str) -> None:
        self.pages.put((url, html))

    def finish(self) -> int:
        """Wait for the index to be written; raise the indexer's error if it failed."""
        self.pages.put(_DONE)
        self.join()
        if self.error is not None:
            raise self.error
        return self.count

    def cancel(self) -> None:
        self.pages.put(None)

    def run(self) -> None:
        try:
            asyncio.run(self._index())
        except BaseException as exc:  # reported by finish()
            self.error = exc

    async def _index(self) -> None:
        loop = asyncio.get_running_loop()
        config = {"force_language": "fr", "output_path": self.output_dir}
        async with PagefindIndex(config=config) as index:
            while True:
                item = await loop.run_in_executor(None, self.pages.get)
                if item is _DONE:
                    return  # leaving the context writes the files
                if item is None:
                    raise RuntimeError("indexation annulée")
                url, html = item
                await index.add_html_file(content=html, url=url)
                self.count += 1
