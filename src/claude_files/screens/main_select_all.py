"""ctrl+a on a partial load, and loading the files a query can match: a straight-line flow in a worker.

The question, the loading with its progress, and the marking follow one another in one
worker (`push_screen_wait`), so there is no state machine spread over callbacks.
Where the server can narrow (`scope:ID` lists by session, an exact `id=` list by ids) only
those files are fetched; otherwise every page.
"""

from __future__ import annotations

import asyncio
from typing import Any

from textual import work

from ..service import IDS_PER_REQUEST, PAGE_SIZE, ServiceError
from ..widgets.file_table import FileTable
from .load_progress import LoadProgress
from .main_host import MainScreenHost
from .select_all import LOAD_ALL, SelectAllQuestion


class Stopped(Exception):
    """Esc on the progress: nothing more is fetched."""


class SelectAllActions(MainScreenHost):
    """Mixin for MainScreen: ctrl+a asked while the answer is not complete; narrowed loads on Enter."""

    def on_file_table_mark_all_asked(self, event: FileTable.MarkAllAsked) -> None:  # `@on` is not seen in a plain mixin
        self._select_all_flow()

    @work(exclusive=True, group="select-all", exit_on_error=False)
    async def _select_all_flow(self) -> None:
        model = self.model
        narrowing = model.narrowing
        question = SelectAllQuestion(len(model), len(model.rows), model.filter_text, narrowed=narrowing)
        answer = await self.app.push_screen_wait(question)
        if answer is None:
            self.say("Nothing marked.")
            return
        if answer == LOAD_ALL:
            progress = LoadProgress("this session's files" if narrowing and narrowing.startswith("scope:") else "every page")
            await self.app.push_screen(progress)
            try:
                await self.load_candidates(progress)
            except Stopped:
                self.say(f"Stopped loading ({len(model.rows):,} files loaded); nothing marked.")
                return
            except ServiceError as error:
                self.say(f"Could not load every page, so nothing is marked: {error.text}", error=True)
                return
            finally:
                progress.dismiss()
        added = model.mark_all_matching()
        self.table.refresh()
        complete = "" if model.answer_complete else f" (of {len(model.rows):,} loaded; more are on the server)"
        self.say(f"Marked {added:,} file{'s' if added != 1 else ''}{complete}.")

    @work(exclusive=True, group="narrowed", exit_on_error=False)
    async def load_narrowed(self) -> None:
        """After Enter on `scope:ID` or `id=…`: fetch just the files that can match, so the count is exact."""
        try:
            await self.load_candidates(None)
        except (Stopped, ServiceError) as error:
            if isinstance(error, ServiceError) and error.kind != "no_sessions":
                self.say(f"Could not list the matching files on the server: {error.text}", error=True)

    async def load_candidates(self, progress: LoadProgress | None) -> None:
        """Load every file the filter can match: the server's narrowing when there is one, else all pages."""
        model = self.model
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()  # one loader of pages at a time, or cursors would cross
        self.fetching = True
        try:
            service = await self.app.get_service()
            narrowing = model.narrowing
            if narrowing is not None and narrowing.startswith("ids:"):
                ids = narrowing.removeprefix("ids:").split(",")
                found = await _until_stopped(service.list_ids(ids[:IDS_PER_REQUEST]), progress)
                self._add(found, progress, 1)
            elif narrowing is not None and not service.sessions_refused:
                scope_id, cursor, pages = narrowing.removeprefix("scope:"), None, 0
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
            model.complete_for.add(narrowing)
        finally:
            self.fetching = False
            self.table.set_status(self._more_text() if model.next_page else self._end_text())
            self.refresh_chrome()

    def _add(self, files: list[Any], progress: LoadProgress | None, pages: int) -> None:
        if files:
            self.model.add_page(files, self.model.next_page)
        self.table.refresh_rows()
        self.refresh_chrome()
        if progress is not None:
            progress.show(len(self.model.rows), pages)


async def _until_stopped(request: Any, progress: LoadProgress | None) -> Any:
    """Await `request`, unless Esc on the progress comes first (then the request is cancelled)."""
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
