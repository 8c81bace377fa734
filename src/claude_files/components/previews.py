"""Previews in the details pane (`p` toggles): the highlighted file's head, fetched in a worker.

j and k never wait: a highlight only arms a timer or starts an exclusive worker that the next
highlight cancels (cancelling closes the download). The first highlight after a pause fetches
at once; highlights closer together than the debounce wait until the keys settle, so holding
j down fetches nothing. Heads are cached by file id (model/preview_cache.py). Uploads, which
the API never returns, are previewed from their local copy when the ledger knows it and it is
unchanged.
"""

from __future__ import annotations

import asyncio
import time
from typing import Any

from rich.console import RenderableType
from textual import work
from textual.timer import Timer

from ..ledger import Ledger, LocalCopy, Place, read_local_head
from ..model.files import FileList
from ..model.preview_cache import PreviewBytes, PreviewCache
from ..service import ServiceError
from ..widgets.metadata_pane import MetadataPane
from ..widgets.preview.render import MEDIA_LIMIT, Preview, byte_limit, kind_of, laid_out, render
from ..widgets.preview.section import UPLOAD_NOT_RETURNED, copy_line, section, words
from .base import Component, Connect

PREVIEW_DEBOUNCE = 0.3
DETAILS_LINES = 11  # rows the fields above the preview take (name … expires)


class Previews(Component):
    """Follows the highlight (`show`) and draws the preview into the details pane.

    The pane is handed in rather than reached through a message: it is the one view previews
    draw into, and it is also what says whether there is anywhere to draw (hidden or not) and
    how much room there is (its content size). Drawing straight into it keeps "loading…" and
    the blanking on a hidden pane in step with the highlight, as the fields above it are.
    """

    def __init__(self, model: FileList, pane: MetadataPane, ledger: Ledger, connect: Connect) -> None:
        super().__init__()
        self.model = model
        self.connect = connect
        self.pane = pane
        self.ledger = ledger  # shared with the upload side, which records into it
        self.cache = PreviewCache()
        self._timer: Timer | None = None
        self._last_highlight = 0.0

    def toggle(self) -> None:
        """p: previews on or off; remembered for next time. Always said: with the pane hidden
        the key would seem to do nothing, and with it shown an earlier 'Previews off' would
        otherwise stay on the status line while previews came back."""
        settings = self.app.settings
        settings.show_preview = not settings.show_preview
        settings.save()
        state = "on" if settings.show_preview else "off"
        where = " — the details pane is hidden (m shows it)" if not self.pane.display else ""
        self.say(f"Previews {state}{where}.", toast=False)
        self._last_highlight = 0.0
        self.show(self.model.highlighted)

    def show(self, row: Any | None) -> None:
        """Called on every highlight change: draw from the cache, or fetch (soon, or at once)."""
        now = time.monotonic()
        settling = now - self._last_highlight < PREVIEW_DEBOUNCE
        self._last_highlight = now
        if self._timer is not None:
            self._timer.stop()
        self.workers.cancel_group(self, "preview")
        pane = self.pane
        if row is None or not pane.display:
            pane.show_preview(None)
            return
        if not self.app.settings.show_preview and row.downloadable:
            pane.show_preview(None)  # uploads still say where their local copy is
            return
        if row.id not in self.cache:
            pane.show_preview(section("loading…") if self.app.settings.show_preview else None)
        if settling and row.id not in self.cache:
            self._timer = self.set_timer(PREVIEW_DEBOUNCE, lambda: self.load(row))
        else:
            self.load(row)

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def load(self, row: Any) -> None:
        """Fetch (or read, or take from the cache) `row`'s head and draw it, if still highlighted."""
        try:
            drawn = await self._preview_of(row)
        except ServiceError as error:
            if error.kind == "not_found":
                return  # the metadata refresh says it and removes the row
            drawn = section("not available", words(error.text))
        highlighted = self.model.highlighted
        if highlighted is not None and highlighted.id == row.id:
            self.pane.show_preview(drawn)

    async def _preview_of(self, row: Any) -> RenderableType | None:
        """The pane's preview section for `row` (fetching, reading the local copy, rendering)."""
        wanted = self.app.settings.show_preview
        kind = kind_of(row.filename, row.mime_type)
        copy: LocalCopy | None = None
        head = self.cache.get(row.id)
        if head is None:
            service = await self.connect()
            if not row.downloadable:
                upload = await asyncio.to_thread(self.ledger.find, Place.of(service.identity), row.id)
                if upload is None:
                    return section("none", words(UPLOAD_NOT_RETURNED)) if wanted else None
                copy = await asyncio.to_thread(self.ledger.local_copy, upload)
                if not wanted:
                    return copy_line(copy)
                if not copy.usable:
                    return section("none", words("Press c to ask Claude about it."), copy)
                data, truncated = await asyncio.to_thread(read_local_head, upload.path, byte_limit(kind))
                head = PreviewBytes(data, truncated, "local")  # not cached: the local file may change
            elif kind in ("image", "pdf") and row.size_bytes > MEDIA_LIMIT:
                return section(kind, words(f"Too large to preview: previews read {kind}s up to 20 MB."))
            else:
                data, truncated = await service.read_head(row.id, byte_limit(kind))
                head = PreviewBytes(data, truncated)
                self.cache.put(row.id, head)
        width, height = self._area()
        args = (row.filename, row.mime_type, row.size_bytes, head.data, head.truncated, width, height)
        drawn = await asyncio.to_thread(_render_laid_out, *args)
        return section(drawn.caption, drawn.body, copy)

    def _area(self) -> tuple[int, int]:
        """Cells the preview can use below the fields (an image is scaled to fit them)."""
        size = self.pane.content_size
        return max(8, size.width), max(4, size.height - DETAILS_LINES - 2)


def _render_laid_out(filename: str, mime: str, size: int, data: bytes, truncated: bool, width: int, height: int) -> Preview:
    """Decode, build and lay out the preview, all in one worker thread."""
    return laid_out(render(filename, mime, size, data, truncated, width, height), width, height)
