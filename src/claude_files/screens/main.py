"""The screen people live in: header, file table, metadata pane, filter line, status, footer.

Every network call runs in a worker; the handlers update the `FileList` model and ask the
widgets to redraw. Transfers, bulk actions and chat live in mixins beside this file.
"""

from __future__ import annotations

import re
from typing import Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import Footer, Input
from textual.worker import Worker, WorkerState

from .. import formatting
from ..keymap import MAIN_KEYS, bindings
from ..model.files import SORT_LABELS, FileList
from ..service import FIRST_PAGE_SIZE, PAGE_SIZE, FilesService, ServiceError
from ..text import clean
from ..widgets.file_table import FileTable
from ..widgets.header_bar import HeaderBar
from ..widgets.metadata_pane import MetadataPane
from ..widgets.query_input import QueryInput
from ..widgets.status_bar import StatusBar
from .main_bulk import BulkActions
from .main_chat import ChatActions
from .main_clipboard import ClipboardActions
from .main_filter import FilterActions
from .main_ledger import LedgerActions
from .main_preview import PreviewActions
from .main_select_all import SelectAllActions
from .main_session import SessionActions
from .main_transfers import TransferActions

METADATA_DEBOUNCE = 0.3
SAID_SECONDS = 10.0  # how long the status line keeps the last message
DETAILS_MIN_WIDTH = 110
FILE_ID = re.compile(r"^file_[A-Za-z0-9]{8,64}$")


class MainScreen(
    SessionActions,
    FilterActions,
    BulkActions,
    SelectAllActions,
    TransferActions,
    ClipboardActions,
    ChatActions,
    PreviewActions,
    LedgerActions,
    Screen[None],
):
    BINDINGS = bindings(MAIN_KEYS)

    def __init__(self) -> None:
        super().__init__()
        self.model = FileList(clock=lambda: formatting.now())  # ages in queries as in the table
        self.fetching = False
        self.load_error: ServiceError | None = None
        self._meta_timer: Timer | None = None
        self._filter_before = ""
        self._details_override: bool | None = None
        self._said: tuple[str, bool] | None = None
        self._said_timer: Timer | None = None
        self.deleted_here: set[str] = set()  # ids our own `d` removed: a 404 on them is no news
        self.init_previews()

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield HeaderBar(id="header")
        with Horizontal(id="body"):
            yield FileTable(self.model, id="files")
            yield MetadataPane(id="details")
            yield from self.compose_chat()
        yield QueryInput(placeholder="filter: a name, or a query like age>90d type:pdf (Enter: keep, Esc: cancel)", id="filter")
        yield from self.compose_filter_message()
        yield StatusBar(id="status")
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still works; ? lists it

    @property
    def table(self) -> FileTable:
        return self.query_one(FileTable)

    def on_mount(self) -> None:
        self._show_filter_input(False)
        self._place_details()
        self.table.focus()
        self.fetching = True  # the first frame already says "loading…" in the header too
        self.refresh_chrome()
        self.call_after_refresh(self.load_first_page)

    def refresh_chrome(self, message: str | None = None, *, error: bool = False) -> None:
        """Redraw header and status line from the model."""
        session = self.app.session_of(self)
        self.query_one(HeaderBar).show(
            where=session.where,
            workspace=session.workspace,
            model=self.model,
            loading=self.fetching,
            profile=session.profile,
            read_only=session.read_only(self.app.settings),
        )
        if message is None and self.load_error is not None:
            message, error = self.load_error.text, True
        elif message is None and self._said is not None:
            message, error = self._said
        self.query_one(StatusBar).show(self.model, message, error=error)

    def say(self, message: str, *, error: bool = False, toast: bool = True) -> None:
        """A line in the status bar (kept there for a while, whatever else redraws it) plus a
        toast unless `toast=False`; `message` is plain text, never markup."""
        self._said = (message, error)
        if self._said_timer is not None:
            self._said_timer.stop()
        self._said_timer = self.set_timer(SAID_SECONDS, self._forget_said)
        self.refresh_chrome(message, error=error)
        if toast:
            self.notify(clean(message), severity="error" if error else "information", markup=False)

    def _forget_said(self) -> None:
        self._said = None
        self.refresh_chrome()

    # --- loading pages ------------------------------------------------------------------

    def load_first_page(self) -> None:
        self.fetching = True
        self.table.set_status("loading…")
        self._load_pages(reset=True)

    @work(exclusive=True, group="pages", exit_on_error=False)
    async def _load_pages(self, reset: bool = False, load_all: bool = False) -> None:
        table = self.table
        try:
            service = await self.app.get_service()
            if reset:
                await self._reload(service)
            more = not reset
            while more or (load_all and self.model.next_page):
                more = False
                cursor = self.model.next_page
                page = await service.list_page(cursor, FIRST_PAGE_SIZE if cursor is None else PAGE_SIZE)
                first_new = len(self.model)
                appended_at_end = self.model.view is self.model.rows
                self.model.add_page(page.files, page.next_page)
                if appended_at_end:
                    table.rows_appended(first_new)
                else:
                    table.refresh_rows()
                self.load_error = None
                if load_all and self.model.next_page:
                    self.refresh_chrome(f"loading all… {len(self.model.rows):,} files so far (Esc stops)")
            if load_all:
                self.model.move_to(len(self.model) - 1)
        except ServiceError as error:
            self.load_error = error
            self.fetching = False  # before the header is redrawn: it must not say "loading…"
            table.set_status(f"⚠ {error.message}  (r: retry)", error=True)
            self.refresh_chrome()
            if error.kind == "no_key":
                self.app.show_no_key(error)
            return
        finally:
            self.fetching = False
        table.set_status(self._more_text() if self.model.next_page else self._end_text())
        self.refresh_chrome()

    async def _reload(self, service: FilesService) -> None:
        """Page 1 again, then the pages after it until the highlighted file is among them, so
        `r` keeps your place however deep it is. The rows are swapped in once, at the end: the
        table keeps its scroll position and the rows around the highlight stay where they were.
        The search stops one page past what was loaded (the file may have moved down by what
        was added meanwhile); a file gone meanwhile leaves the highlight on the same row number."""
        anchor = self.model.highlighted if self.model.loaded_once else None
        reach = len(self.model.rows) + PAGE_SIZE
        page = await service.list_page(None, FIRST_PAGE_SIZE)
        rows = list(page.files)
        ids = {row.id for row in rows}
        while anchor is not None and anchor.id not in ids and page.next_page and len(rows) < reach:
            self.table.set_status(f"refreshing… {len(rows):,} files reloaded, finding the highlighted one (Esc stops)")
            page = await service.list_page(page.next_page, PAGE_SIZE)
            rows += page.files
            ids.update(row.id for row in page.files)
        self.model.replace_all(rows, page.next_page)
        self.load_error = None

    def _end_text(self) -> str | None:
        if not self.model.rows:
            return "No files yet. Press u to upload one."
        return None

    def _more_text(self) -> str:
        """The row under the files while pages remain; a filter offers to load them, not loads."""
        if self.model.filter_text:
            return "More files on the server are not searched yet: press End to load them all."
        return "loading more…"

    @on(FileTable.NeedMore)
    def _prefetch(self) -> None:
        if not self.fetching and self.load_error is None and self.model.next_page and not self.model.filter_text:
            self.fetching = True
            self._load_pages()

    @on(FileTable.LoadAll)
    def _load_all(self) -> None:
        if self.model.next_page:
            self.fetching = True
            self.table.set_status("loading all…  (Esc cancels)")
            self._load_pages(load_all=True)

    @on(FileTable.RetryLoad)
    def _retry(self) -> None:
        self.load_error = None
        self.fetching = True
        self.table.set_status("loading more…" if self.model.rows else "loading…")
        self._load_pages(reset=not self.model.loaded_once)

    def action_refresh(self) -> None:
        """r: reload from the top, keeping the highlight on the same file id."""
        self.load_error = None
        self.fetching = True
        self.table.set_status("refreshing…")
        self.refresh_chrome("refreshing…")
        self._load_pages(reset=True)

    def cancel_load_all(self) -> bool:
        for worker in self.workers:
            if worker.group == "pages" and worker.is_running:
                worker.cancel()
                self.fetching = False
                self.table.set_status("loading more…  (stopped; scroll down to continue)")
                self.refresh_chrome("stopped loading")
                return True
        return False

    # --- highlight and metadata ---------------------------------------------------------

    @on(FileTable.Highlighted)
    def _highlighted(self, event: FileTable.Highlighted) -> None:
        self.query_one(MetadataPane).show_file(event.row)
        self.on_highlight_changed(event.row)
        self.preview_highlighted(event.row)
        if self._meta_timer is not None:
            self._meta_timer.stop()
        if event.row is not None:
            file_id = event.row.id
            self._meta_timer = self.set_timer(METADATA_DEBOUNCE, lambda: self._fetch_metadata(file_id))

    @work(exclusive=True, group="metadata", exit_on_error=False)
    async def _fetch_metadata(self, file_id: str) -> None:
        try:
            service = await self.app.get_service()
            fresh = await service.retrieve(file_id)
        except ServiceError as error:
            if error.kind == "not_found":
                self.forget_files([file_id])
                self.query_one(MetadataPane).show_gone(file_id)
                if file_id not in self.deleted_here and not self.bulk_targets(file_id):
                    self.say(f"{file_id} was deleted elsewhere.", error=True)
            return
        self.model.update(fresh)
        current = self.model.highlighted
        if current is not None and current.id == file_id:
            self.query_one(MetadataPane).show_file(fresh)
        self.table.refresh()

    def forget_files(self, ids: list[str]) -> None:
        """Files that are gone (deleted here or elsewhere) leave the table."""
        if self.model.remove(ids):
            self.table.refresh_rows()
            if not self.model.rows and not self.model.next_page:
                self.table.set_status(self._end_text())
            self.refresh_chrome()

    @on(FileTable.MarksChanged)
    def _marks_changed(self) -> None:
        self.refresh_chrome()

    # --- filter and sort ----------------------------------------------------------------

    def action_filter(self) -> None:
        field = self.query_one("#filter", Input)
        if field.display:  # already open: keep what is typed there, applied or still pending
            self.set_focus(field)
            return
        self._filter_before = self.model.filter_text
        field.value = self.model.filter_text
        self._show_filter_input(True)
        self.set_focus(field)  # at once, so keys typed right after `/` land in the field

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        if not event.input.display:  # typed ahead of Enter/Esc, which already settled the filter
            return
        self.schedule_filter(event.value.strip())

    def _show_filtered(self) -> None:
        """Redraw after the filter changed; pages left on the server are offered, not fetched."""
        if self.model.next_page and not self.fetching and self.load_error is None:
            self.table.status_text = self._more_text()
        self.table.refresh_rows()
        self.refresh_chrome()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        value = event.value.strip()
        self.cancel_scheduled_filter()  # Enter settles the filter now
        if not FILE_ID.match(value) and not self._apply_filter(value):
            self.app.bell()  # a wrong query: the input stays open with the reason under it
            return
        self._show_filter_input(False)
        self.table.focus()
        if FILE_ID.match(value):
            self.model.set_filter("")  # a pasted id jumps to its file, shown among the others
            if not self.model.select_id(value):
                self.jump_to_id(value)
        else:
            self.model.move_to(0)
        self._show_filtered()
        if self.model.narrowing is not None and not self.model.answer_complete:
            self.load_narrowed()  # `scope:ID` / `id=…`: the server lists just the candidates
        elif self.model.filter_text and self.model.next_page:
            self.notify("The filter covers loaded files only; press End to load the rest.", markup=False)

    def close_filter_input(self) -> bool:
        field = self.query_one("#filter", Input)
        if not field.display:
            return False
        self._show_filter_input(False)
        self.cancel_scheduled_filter()
        self.model.set_filter(self._filter_before)
        self.table.focus()
        self._show_filtered()
        return True

    def on_paste(self, event: events.Paste) -> None:
        """A file id pasted onto the table (not into an input) jumps to that file."""
        value = event.text.strip()
        if self.focused is self.table and FILE_ID.match(value):
            event.stop()
            self.model.set_filter("")
            if self.model.select_id(value):
                self._show_filtered()
            else:
                self.jump_to_id(value)

    @work(exclusive=True, group="jump", exit_on_error=False)
    async def jump_to_id(self, file_id: str) -> None:
        """A pasted file id that is not loaded yet: fetch it with `ids=` and show it."""
        try:
            service = await self.app.get_service()
            found = await service.list_ids([file_id])
        except ServiceError as error:
            self.say(error.text, error=True)
            return
        if not found:
            self.say(f"No file {file_id} in this workspace.", error=True)
            return
        self.model.add_strays(found)
        self.model.select_id(file_id)
        self.table.refresh_rows()
        self.refresh_chrome()

    def action_clear_filter(self) -> None:
        if self.model.filter_text:
            self.model.set_filter("")
            self._show_filtered()

    def action_escape(self) -> None:
        """Esc: close the filter input, stop a load-all, clear marks, then the filter."""
        if self.close_filter_input() or self.cancel_load_all() or self.cancel_transfers():
            return
        if self.model.clear_marks():
            self.table.refresh()
            self.refresh_chrome()
            return
        self.action_clear_filter()

    def action_cycle_sort(self) -> None:
        sort = self.model.cycle_sort()
        self.table.refresh_rows()
        self.refresh_chrome(f"sorted {SORT_LABELS[sort]} (loaded files)")

    # --- panes and help -----------------------------------------------------------------

    def _place_details(self) -> None:
        """The pane shows when wanted and the terminal is wide enough to keep the names readable."""
        wanted = self._details_override
        if wanted is None:
            wanted = self.app.settings.show_details and self.size.width >= DETAILS_MIN_WIDTH
        self.query_one(MetadataPane).display = wanted

    def on_resize(self) -> None:
        self._place_details()

    def action_toggle_details(self) -> None:
        """m: show or hide the details pane, whatever the width; remembered for next time."""
        pane = self.query_one(MetadataPane)
        self._details_override = not pane.display
        self.app.settings.show_details = self._details_override
        self.app.settings.save()
        self._place_details()
        self.table.refresh_rows()
        self.preview_highlighted(self.model.highlighted)

    def action_next_pane(self) -> None:
        self.focus_next()

    def action_overview(self) -> None:
        """U: the storage overview; Enter there comes back with a row's query as the filter."""
        from .overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self), self.apply_query)

    def apply_query(self, text: str | None) -> None:
        """Show the files a query selects (a door of the overview), from the top, ready for ctrl+a."""
        if text is None or not self.model.set_filter(text):
            return
        self.model.move_to(0)
        self.table.focus()
        self._show_filtered()

    def load_everything(self) -> bool:
        """Load every page still on the server (the overview asks); False when there is none."""
        if self.fetching or not self.model.next_page:
            return False
        self._load_all()
        return True

    def action_help(self) -> None:
        from .help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.bound_keys()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Nothing unexpected reaches the screen as a traceback: it becomes a message."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.say(f"Something went wrong: {type(error).__name__}: {error}", error=True)

    def selected_rows(self) -> list[Any]:
        """The files an action applies to: the marked ones, else the highlighted one."""
        rows = self.model.marked_rows()
        if rows:
            return rows
        row = self.model.highlighted
        return [row] if row is not None else []
