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

from textual import work
from textual.timer import Timer

from ..ledger import Ledger, LocalCopy, Place, read_local_head
from ..model.preview_cache import PreviewBytes, PreviewCache
from ..service import ServiceError
from ..widgets.metadata_pane import MetadataPane
from ..widgets.preview.render import MEDIA_LIMIT, Preview, byte_limit, kind_of, laid_out, render
from ..widgets.preview.section import UPLOAD_NOT_RETURNED, copy_line, section, words
from .main_host import MainScreenHost

PREVIEW_DEBOUNCE = 0.3
DETAILS_LINES = 11  # rows the fields above the preview take (name … expires)


class PreviewActions(MainScreenHost):
    """Mixin for MainScreen: `p`, and the preview following the highlight."""

    preview_cache: PreviewCache
    ledger: Ledger
    _preview_timer: Timer | None = None
    _last_highlight: float = 0.0

    def init_previews(self) -> None:
        self.preview_cache = PreviewCache()
        self.ledger = Ledger()

    def action_toggle_preview(self) -> None:
        """p: previews on or off; remembered for next time."""
        settings = self.app.settings
        settings.show_preview = not settings.show_preview
        settings.save()
        self._last_highlight = 0.0
        self.preview_highlighted(self.model.highlighted)

    def preview_highlighted(self, row: Any | None) -> None:
        """Called on every highlight change: draw from the cache, or fetch (soon, or at once)."""
        now = time.monotonic()
        settling = now - self._last_highlight < PREVIEW_DEBOUNCE
        self._last_highlight = now
        if self._preview_timer is not None:
            self._preview_timer.stop()
        self._cancel_preview()
        pane = self.query_one(MetadataPane)
        if row is None or not pane.display:
            pane.show_preview(None)
            return
        if not self.app.settings.show_preview and row.downloadable:
            pane.show_preview(None)  # uploads still say where their local copy is
            return
        if row.id not in self.preview_cache:
            pane.show_preview(section("loading…") if self.app.settings.show_preview else None)
        if settling and row.id not in self.preview_cache:
            self._preview_timer = self.set_timer(PREVIEW_DEBOUNCE, lambda: self._load_preview(row))
        else:
            self._load_preview(row)

    def _cancel_preview(self) -> None:
        for worker in self.workers:
            if worker.group == "preview" and worker.is_running:
                worker.cancel()

    @work(exclusive=True, group="preview", exit_on_error=False)
    async def _load_preview(self, row: Any) -> None:
        try:
            drawn = await self._preview_of(row)
        except ServiceError as error:
            if error.kind == "not_found":
                return  # the metadata refresh says it and removes the row
            drawn = section("not available", words(error.text))
        highlighted = self.model.highlighted
        if highlighted is not None and highlighted.id == row.id:
            self.query_one(MetadataPane).show_preview(drawn)

    async def _preview_of(self, row: Any) -> Any:
        """The pane's preview section for `row` (fetching, reading the local copy, rendering)."""
        wanted = self.app.settings.show_preview
        kind = kind_of(row.filename, row.mime_type)
        copy: LocalCopy | None = None
        head = self.preview_cache.get(row.id)
        if head is None:
            service = await self.app.get_service()
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
                self.preview_cache.put(row.id, head)
        width, height = self._preview_area()
        args = (row.filename, row.mime_type, row.size_bytes, head.data, head.truncated, width, height)
        drawn = await asyncio.to_thread(_render_laid_out, *args)
        return section(drawn.caption, drawn.body, copy)

    def _preview_area(self) -> tuple[int, int]:
        """Cells the preview can use below the fields (an image is scaled to fit them)."""
        size = self.query_one(MetadataPane).content_size
        return max(8, size.width), max(4, size.height - DETAILS_LINES - 2)


def _render_laid_out(filename: str, mime: str, size: int, data: bytes, truncated: bool, width: int, height: int) -> Preview:
    """Decode, build and lay out the preview, all in one worker thread."""
    return laid_out(render(filename, mime, size, data, truncated, width, height), width, height)
