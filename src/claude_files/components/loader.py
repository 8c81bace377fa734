"""Pages of the file list: the first, the next as the highlight nears the end, all of them on
End, a reload on `r` that keeps your place, files by id, and a query's server-side narrowing.

Every fetch runs in a worker of this component and changes only the model: the rows, and
`model.loading` (model/loading.py), from which the header, the row under the files and the
status line draw what they say about loading.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable
from typing import Any, Protocol, TypeVar

from textual import work

from ..model.files import SORTS, FileList
from ..model.loading import Activity
from ..service import FIRST_PAGE_SIZE, IDS_PER_REQUEST, PAGE_SIZE, FilesService, ServiceError
from .base import Component, Connect

T = TypeVar("T")


class Stopped(Exception):
    """The user stopped the loading (Esc on its progress): nothing more is fetched."""


class PageLoader(Component):
    """Loads pages into `model`; at most one loader of pages runs at a time, or cursors would cross."""

    def __init__(self, model: FileList, connect: Connect) -> None:
        super().__init__()
        self.model = model
        self.connect = connect

    # --- pages ----------------------------------------------------------------------------

    def load_first_page(self) -> None:
        """The model says "loading…" (or "refreshing…" over the last view's rows) at once; the worker
        starts once that is drawn (its first request imports the SDK, which must not hold up the first frame)."""
        load = self.model.loading.begin(Activity.FIRST)
        self.screen.call_after_refresh(self._load_pages, load, reset=True)

    def refresh_listing(self) -> None:
        """r: reload from the top, keeping the highlight on the same file id."""
        self._load_pages(self.model.loading.begin(Activity.REFRESH, stoppable=True, retry=True), reset=True)

    def prefetch(self) -> None:
        """The highlight nears the loaded end: the next page, unless a filter is on (it offers
        instead) or another sort than the server's is: a page then lands among the rows, not
        below them, and the file at the end stays there, so each page asked for the next."""
        model, loading = self.model, self.model.loading
        if model.filter_text or model.sort != SORTS[0]:
            return
        if not loading.fetching and loading.error is None and model.next_page:
            self._load_pages(loading.begin(Activity.MORE))

    def load_all(self) -> bool:
        """End: every page still on the server. False when there is none or a load runs."""
        if self.model.loading.fetching or not self.model.next_page:
            return False
        self._load_pages(self.model.loading.begin(Activity.ALL, stoppable=True), load_all=True)
        return True

    def retry(self) -> None:
        activity = Activity.MORE if self.model.rows else Activity.FIRST
        reset = not self.model.loaded_once or self.model.stale.active
        self._load_pages(self.model.loading.begin(activity, retry=True), reset=reset)

    def cancel_load_all(self) -> bool:
        """Esc while End loads every page (or `r` searches for the highlighted file): stop. True
        when something was stopped (see `LoadState.may_stop`)."""
        if not self.model.loading.may_stop:
            return False
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()
                self.model.loading.stop()
                self.say("stopped loading", toast=False)
                return True
        return False

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _load_pages(self, load: int, reset: bool = False, load_all: bool = False) -> None:
        """Pages from the server; `load` is this load's number (`LoadState.begin`, taken by the
        caller before this worker cancels the one it replaces)."""
        model, loading = self.model, self.model.loading
        try:
            service = await self.connect()
            if reset:
                await self._reload(service, load)
            more = not reset
            while more or (load_all and model.next_page):
                more = False
                cursor = model.next_page
                page = await service.list_page(cursor, FIRST_PAGE_SIZE if cursor is None else PAGE_SIZE)
                model.add_page(page.files, page.next_page)
                loading.succeeded(load)
                if load_all and model.next_page:
                    loading.progressed(load, len(model.rows))
            if load_all:
                model.move_to(len(model) - 1)
        except ServiceError as error:
            loading.failed(load, error)
            if error.kind == "no_key":
                self.app.show_no_key(error)
        finally:
            loading.ended(load)

    async def _reload(self, service: FilesService, load: int) -> None:
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
            self.model.loading.progressed(load, len(rows))
            page = await service.list_page(page.next_page, PAGE_SIZE)
            rows += page.files
            ids.update(row.id for row in page.files)
        model.refresh_first_pages(rows, page.next_page)
        self.model.loading.succeeded(load)

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
        load = self.model.loading.begin(Activity.CANDIDATES)  # before the load it replaces is cancelled
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()  # one loader of pages at a time, or cursors would cross
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
            self.model.loading.ended(load)

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
