"""Pages of the file list: the first, the next as the highlight nears the end, all of them on
End, a reload on `r` that keeps your place, files by id, and a query's server-side narrowing.

Every fetch runs in a worker of this component and changes only the model (whose views redraw
themselves); what the screen shows about loading (the header's "loading…", the row under the
files, the status note) follows `StateChanged`.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

from textual import work
from textual.message import Message

from ..model.files import SORTS, FileList
from ..service import FIRST_PAGE_SIZE, IDS_PER_REQUEST, PAGE_SIZE, FilesService, ServiceError
from .base import Component, Connect

T = TypeVar("T")


class Stopped(Exception):
    """The user stopped the loading (Esc on its progress): nothing more is fetched."""


class PageLoader(Component):
    """Loads pages into `model`; at most one loader of pages runs at a time, or cursors would cross."""

    class StateChanged(Message):
        """`fetching`, `load_error`, `note` or `status_row` changed."""

        def __init__(self, loader: PageLoader) -> None:
            super().__init__()
            self.loader = loader

        @property
        def control(self) -> PageLoader:
            return self.loader

        def can_replace(self, message: Message) -> bool:
            return isinstance(message, PageLoader.StateChanged)

    def __init__(self, model: FileList, connect: Connect) -> None:
        super().__init__()
        self.model = model
        self.connect = connect
        self.fetching = False
        self._latest_load = 0  # see `_began`
        self._stoppable = 0  # the number of the last load Esc may stop: End's load-all, a refresh's search
        self.load_error: ServiceError | None = None
        self.note: str | None = None  # progress words for the status line ("loading all… 5,000 files so far")
        self.status_row: tuple[str | None, bool] = ("loading…", False)  # the row under the files, is it an error

    def _state(self, status: str | None = None, *, error: bool = False, note: str | None = None) -> None:
        self.status_row = (status, error)
        self.model.stale.refreshing = self.fetching  # the header's "as of 14:02 · refreshing…"
        self.note = note
        self.post_message(self.StateChanged(self))

    def idle_row(self) -> str | None:
        """The row under the files while nothing loads: an offer of the rest, or nothing."""
        if self.model.next_page:
            if self.model.filter_text:
                return "More files on the server are not searched yet: press End to load them all."
            if self.model.sort != SORTS[0]:  # prefetch waits for the server's order
                return "More files on the server are not sorted in yet: press End to load them all."
            return "loading more…"
        return None

    # --- pages ----------------------------------------------------------------------------

    def load_first_page(self) -> None:
        self.fetching = True
        self._state("refreshing…" if self.model.stale.active else "loading…")
        self._load_pages(self._began(), reset=True)

    def refresh_listing(self) -> None:
        """r: reload from the top, keeping the highlight on the same file id."""
        self.load_error = None
        self.fetching = True
        self._state("refreshing…", note="refreshing…")
        self._stoppable = self._began()
        self._load_pages(self._stoppable, reset=True)

    def prefetch(self) -> None:
        """The highlight nears the loaded end: the next page, unless a filter is on (it offers
        instead) or another sort than the server's is: a page then lands among the rows, not
        below them, and the file at the end stays there, so each page asked for the next."""
        model = self.model
        if model.filter_text or model.sort != SORTS[0]:
            return
        if not self.fetching and self.load_error is None and model.next_page:
            self.fetching = True
            self._state("loading more…")
            self._load_pages(self._began())

    def load_all(self) -> bool:
        """End: every page still on the server. False when there is none or a load runs."""
        if self.fetching or not self.model.next_page:
            return False
        self.fetching = True
        self._state("loading all…  (Esc cancels)")
        self._stoppable = self._began()
        self._load_pages(self._stoppable, load_all=True)
        return True

    def retry(self) -> None:
        self.load_error = None
        self.fetching = True
        self._state("loading more…" if self.model.rows else "loading…")
        self._load_pages(self._began(), reset=not self.model.loaded_once or self.model.stale.active)

    def cancel_load_all(self) -> bool:
        """Esc while End loads every page (or `r` searches for the highlighted file): stop. True
        when something was stopped. Never the first page or the next one: Esc while the first
        loaded left the table empty, "stopped" (issue 24)."""
        if not self.fetching or self._stoppable != self._latest_load:
            return False
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()
                self.fetching = False
                self._state("loading more…  (stopped; scroll down to continue)")
                self.say("stopped loading", toast=False)
                return True
        return False

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _load_pages(self, load: int, reset: bool = False, load_all: bool = False) -> None:
        """Pages from the server; `load` is this load's number (`_began`, taken by the caller)."""
        model = self.model
        try:
            service = await self.connect()
            if reset:
                await self._reload(service)
            more = not reset
            while more or (load_all and model.next_page):
                more = False
                cursor = model.next_page
                page = await service.list_page(cursor, FIRST_PAGE_SIZE if cursor is None else PAGE_SIZE)
                model.add_page(page.files, page.next_page)
                self.load_error = None
                if load_all and model.next_page:
                    self._state("loading all…  (Esc cancels)", note=f"loading all… {len(model.rows):,} files so far (Esc stops)")
            if load_all:
                model.move_to(len(model) - 1)
        except ServiceError as error:
            if load == self._latest_load:  # else a later load says how it went
                self.load_error = error
                self.fetching = False  # before the header is redrawn: it must not say "loading…"
                self._state(f"⚠ {error.message}  (r: retry)", error=True)
            if error.kind == "no_key":
                self.app.show_no_key(error)
            return
        finally:
            if load == self._latest_load:  # a load that replaced this one says what loads now
                self.fetching = False
        if load == self._latest_load:
            self._state(self.idle_row())

    def _began(self) -> int:
        """Number a load as it starts (before it cancels the one it replaces): only the latest
        may say that nothing loads any more. A cancelled load clearing `fetching` said "nothing
        loads" while its successor ran: End then started a load-all that cancelled a refresh
        (found in tmux); a refresh during ctrl+a's load of candidates is the same case."""
        self._latest_load += 1
        return self._latest_load

    async def _reload(self, service: FilesService) -> None:
        """Page 1 again, then the pages after it until the highlighted file is among them, so
        `r` keeps your place however deep it is. The rows are swapped in once, at the end: the
        table keeps its scroll position and the rows around the highlight stay where they were.
        The search stops one page past what was loaded (the file may have moved down by what
        was added meanwhile); a file gone meanwhile leaves the highlight on the same row number."""
        model = self.model
        anchor = model.highlighted if model.loaded_once else None
        reach = len(model.rows) + PAGE_SIZE
        page = await service.list_page(None, FIRST_PAGE_SIZE)
        rows = list(page.files)
        ids = {row.id for row in rows}
        while anchor is not None and anchor.id not in ids and page.next_page and len(rows) < reach and not _passed(anchor, rows):
            self._state(f"refreshing… {len(rows):,} files reloaded, finding the highlighted one (Esc stops)", note="refreshing…")
            page = await service.list_page(page.next_page, PAGE_SIZE)
            rows += page.files
            ids.update(row.id for row in page.files)
        model.refresh_first_pages(rows, page.next_page)
        self.load_error = None

    # --- files by id, and a query's candidates ----------------------------------------------

    @work(exclusive=True, group="jump", exit_on_error=False)
    async def jump_to_id(self, file_id: str) -> None:
        """A pasted file id that is not loaded yet: fetch it with `ids=` and highlight it."""
        try:
            service = await self.connect()
            found = await service.list_ids([file_id])
        except ServiceError as error:
            self.say(error.text, error=True)
            return
        if not found:
            self.say(f"No file {file_id} in this workspace.", error=True)
            return
        self.model.add_strays(found)
        self.model.select_id(file_id)

    async def fetch_ids(self, wanted: list[str]) -> list[Any]:
        """The files with these ids (100 a request); ids of files gone are simply not returned."""
        service = await self.connect()
        found: list[Any] = []
        for start in range(0, len(wanted), IDS_PER_REQUEST):
            found += await service.list_ids(wanted[start : start + IDS_PER_REQUEST])
        self.model.add_strays(found)
        return found

    @work(exclusive=True, group="narrowed", exit_on_error=False)
    async def load_narrowed(self) -> None:
        """After Enter on `scope:ID` or `id=…`: fetch just the files that can match, so the count is exact."""
        try:
            await self.load_candidates()
        except (Stopped, ServiceError) as error:
            if isinstance(error, ServiceError) and error.kind != "no_sessions":
                self.say(f"Could not list the matching files on the server: {error.text}", error=True)

    async def load_candidates(self, progress: Progress | None = None) -> None:
        """Load every file the filter can match: the server's narrowing when there is one, else all pages.

        Raises Stopped when `progress` is stopped, ServiceError when the server refuses."""
        model = self.model
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()  # one loader of pages at a time, or cursors would cross
        self.fetching = True
        self._state(self.status_row[0])
        load = self._began()
        try:
            service = await self.connect()
            narrowing = model.narrowing
            if narrowing is not None and narrowing.ids is not None:
                found = await _until_stopped(service.list_ids(narrowing.ids), progress)
                self._add(found, progress, 1)
            elif narrowing is not None and not service.sessions_refused:
                scope_id, cursor, pages = narrowing.scope_id, None, 0
                while True:
                    page = await _until_stopped(service.list_page(cursor, PAGE_SIZE, scope_id=scope_id), progress)
                    pages += 1
                    self._add(page.files, progress, pages)
                    cursor = page.next_page
                    if not cursor:
                        break
            else:
                pages = 0
                while model.has_more:
                    page = await _until_stopped(service.list_page(model.next_page, PAGE_SIZE), progress)
                    pages += 1
                    model.add_page(page.files, page.next_page)
                    self._add([], progress, pages)
                return
            model.mark_complete(narrowing)
        finally:
            if load == self._latest_load:  # see `_began`
                self.fetching = False
                self._state(self.idle_row())

    def _add(self, files: list[Any], progress: Progress | None, pages: int) -> None:
        if files:
            self.model.add_page(files, self.model.next_page)
        if progress is not None:
            progress.show(len(self.model.rows), pages)


def _passed(anchor: Any, rows: list[Any]) -> bool:
    """The listing (newest first) is already past the anchor's time: not found so far, it is gone
    (a stale highlight deleted meanwhile costs no page of 1,000 at start)."""
    return bool(rows) and anchor.created_at > rows[-1].created_at


class Progress(Protocol):
    """What `load_candidates` reports to, and is stopped by (dialogs/load_progress.py)."""

    stopped: asyncio.Event

    def show(self, files: int, pages: int) -> None: ...


async def _until_stopped(request: Awaitable[T], progress: Progress | None) -> T:
    """Await `request`, unless the progress is stopped first (then the request is cancelled)."""
    if progress is None:
        return await request
    fetch = asyncio.ensure_future(request)
    stop = asyncio.ensure_future(progress.stopped.wait())
    try:
        await asyncio.wait({fetch, stop}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop.cancel()
    if progress.stopped.is_set():
        fetch.cancel()
        raise Stopped()
    return fetch.result()
