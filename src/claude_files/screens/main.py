"""The screen people live in: header, file table, metadata pane, filter line, status, footer.

It composes widgets and components and routes between them: components (components/) own
their workers and change the model, loading included (model/loading.py); the table, header
and status line watch the model's change feed by themselves; what components have to say
arrives as Messages.
"""

from __future__ import annotations

from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any

from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from .. import formatting
from ..components.asking import ask
from ..components.base import Component
from ..components.bulk import BulkDeleter
from ..components.copier import Copier
from ..components.details import DetailsFollower
from ..components.loader import PageLoader
from ..components.pins import Pinner
from ..components.previews import Previews
from ..components.select_all import SelectAll, pinned_left
from ..components.transfers import Transfers
from ..keymap import MAIN_KEYS, bindings
from ..ledger import Ledger
from ..model.files import SORT_LABELS, FileList
from ..service import FilesService
from ..text import clean
from ..widgets.chat_pane import ChatPane
from ..widgets.file_table import FileTable
from ..widgets.filter_bar import FILE_ID, FilterBar
from ..widgets.header_bar import HeaderBar
from ..widgets.metadata_pane import MetadataPane
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual import getters

    from ..app import ClaudeFilesApp

DETAILS_MIN_WIDTH = 110
CHAT_WIDE_COLUMNS = 120
CHAT_SHORT_ROWS = 20


class MainScreen(Screen[None]):
    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    BINDINGS = bindings(MAIN_KEYS)

    # The screen gets a -narrow or -wide class; ChatPane's CSS puts itself below or beside the table.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (CHAT_WIDE_COLUMNS, "-wide")]
    # Under CHAT_SHORT_ROWS the chat pane folds its notes and, when narrow, covers the table.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (CHAT_SHORT_ROWS, "-tall")]

    def __init__(self) -> None:
        super().__init__()
        self.model = FileList(clock=lambda: formatting.now())  # ages in queries as in the table
        self.loader = PageLoader(self.model)
        self.bulk = BulkDeleter(self.model, fetch_ids=self.loader.fetch_ids)
        self.select_all = SelectAll(self.model, load_candidates=self.loader.load_candidates)
        self._details_override: bool | None = None
        self.ledger = Ledger()  # what was uploaded from where: previews read it, uploads record into it
        self.details = MetadataPane(pins=self.model.pins, id="details")
        self.pinner = Pinner(self.model, on_change=self.details.redescribe)
        self.previews = Previews(self.model, self.details, self.ledger)
        self.follower = DetailsFollower(self.model, self.details)
        self.copier = Copier()
        self.transfers = Transfers(self.model, self.ledger, copy=self.copier.copy)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.app.session_of(self)
        yield HeaderBar(self.model, session, self.app.settings, id="header")
        with Horizontal(id="body"):
            yield FileTable(self.model, id="files")
            yield self.details
            chat = ChatPane(id="chat")
            chat.display = False
            yield chat
        yield FilterBar(self.model)
        yield self.transfers  # the transfer progress, above the status line once there is some
        yield StatusBar(self.model, id="status")
        yield self.loader
        yield self.bulk
        yield self.select_all
        yield self.pinner
        yield self.previews
        yield self.copier
        yield self.follower
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still works; ? lists it

    @property
    def table(self) -> FileTable:
        return self.query_one(FileTable)

    def waits_before(self, key: events.Key | events.Paste) -> bool:
        """Keys typed ahead wait (key_order.py: Esc goes) for ctrl+a's load and marking once its
        question is answered: the `d` of `ctrl+a Enter d` is meant for the files marked."""
        return self.select_all.running

    def on_mount(self) -> None:
        self.filter_bar.display = False
        self._place_details()
        self.table.focus()
        self.pinner.load()  # before the first page asks for the connection: pins are known before any row shows
        self.loader.load_first_page()  # the first frame already says "loading…"

    # --- what the status line says --------------------------------------------------------

    def say(self, message: str, *, error: bool = False, toast: bool = True) -> None:
        """A line in the status bar (kept there for a while, whatever else redraws it) plus a
        toast unless `toast=False`; `message` is plain text, never markup."""
        self.query_one(StatusBar).say(message, error=error)
        if toast:
            self.notify(clean(message), severity="error" if error else "information", markup=False)

    @property
    def status_message(self) -> tuple[str, bool] | None:
        """What the status line says now, beside the model's part."""
        return self.query_one(StatusBar).message

    def on_component_said(self, event: Component.Said) -> None:
        self.say(event.text, error=event.error, toast=event.toast)

    # --- loading pages --------------------------------------------------------------------

    @on(FileTable.NeedMore)
    def _prefetch(self) -> None:
        self.loader.prefetch()

    @on(FileTable.LoadAll)
    def _load_all(self) -> None:
        self.loader.load_all()

    @on(FileTable.RetryLoad)
    def _retry(self) -> None:
        self.loader.retry()

    def action_refresh(self) -> None:
        """r: reload from the top, keeping the highlight on the same file id (and the pins,
        which `claude-files pin` may have changed meanwhile)."""
        self.pinner.load()
        self.loader.refresh_listing()

    # --- highlight and metadata ---------------------------------------------------------

    @on(FileTable.Highlighted)
    def _highlighted(self, event: FileTable.Highlighted) -> None:
        self.follower.follow(event.row)
        chat = self.chat_pane
        if chat.display:
            chat.follow(event.row)  # the chat pane follows the highlighted file's conversation
        self.previews.show(event.row)

    def on_details_follower_gone(self, event: DetailsFollower.Gone) -> None:
        if event.file_id not in self.transfers.deleted_here and not self.bulk.bulk_targets(event.file_id):
            self.say(f"{event.file_id} was deleted elsewhere.", error=True)

    def forget_files(self, ids: list[str]) -> None:
        """Files that are gone (deleted here or elsewhere) leave the table."""
        self.model.remove(ids)

    # --- filter and sort ----------------------------------------------------------------

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

    @property
    def filter_pending(self) -> bool:
        """Typed into the filter, not yet applied (the debounce is running)."""
        return self.filter_bar.pending

    def action_filter(self) -> None:
        self.filter_bar.open()

    @on(FilterBar.Submitted)
    def _filter_submitted(self, event: FilterBar.Submitted) -> None:
        self.table.focus()
        if event.is_file_id:
            self.model.set_filter("")  # a pasted id jumps to its file, shown among the others
            if not self.model.select_id(event.value):
                self.loader.jump_to_id(event.value)
        else:
            self.model.move_to(0)
        if self.model.narrowing is not None and not self.model.answer_complete:
            self.loader.load_narrowed()  # `scope:ID` / `id=…`: the server lists just the candidates
        elif self.model.filter_text and self.model.next_page:
            self.notify("The filter covers loaded files only; press End to load the rest.", markup=False)

    def on_paste(self, event: events.Paste) -> None:
        """A file id pasted onto the table (not into an input) jumps to that file."""
        value = event.text.strip()
        if self.focused is self.table and FILE_ID.match(value):
            event.stop()
            self.model.set_filter("")
            if not self.model.select_id(value):
                self.loader.jump_to_id(value)

    def action_clear_filter(self) -> None:
        self.model.set_filter("")

    def action_escape(self) -> None:
        """Esc: close the filter input, stop a load-all, clear marks, then the filter."""
        if self.filter_bar.close():
            self.table.focus()
            return
        if self.loader.cancel_load_all() or self.transfers.cancel() or self.model.clear_marks():
            return
        self.action_clear_filter()

    def action_cycle_sort(self) -> None:
        sort = self.model.cycle_sort()
        self.say(f"sorted {SORT_LABELS[sort]} (loaded files)", toast=False)

    # --- where it is connected ------------------------------------------------------------

    def action_switch(self) -> None:
        """w: another profile or workspace, on its own screen (this one stays as it is)."""
        from .switcher import SwitcherScreen

        switcher = SwitcherScreen(self.app.session_of(self), self.app.launch.base_url)
        self._switch_when_chosen(ask(self.app, switcher))

    @work(group="switch", exit_on_error=False)
    async def _switch_when_chosen(self, answer: Awaitable[FilesService | None]) -> None:
        service = await answer
        if service is not None:
            self.app.switch_session(service)

    READ_ONLY_REFUSED = {"upload": "main.upload", "delete": "main.delete"}  # action -> key id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only session does not offer u and d: hidden from the footer (their keys
        still say why, in `on_key`)."""
        if action in self.READ_ONLY_REFUSED and self.app.session_of(self).read_only(self.app.settings):
            return False
        return True

    def on_key(self, event: events.Key) -> None:
        """u or d in a read-only session: their bindings are off (check_action), so say why here."""
        bound = self.app.bound_keys()
        for action, key_id in self.READ_ONLY_REFUSED.items():
            if event.key in bound[key_id] and self.check_action(action, ()) is False:
                event.stop()
                self.refused_read_only(action)
                return

    def refused_read_only(self, what: str) -> bool:
        """True (and say why) when this session may not change anything: u and d ask first."""
        reason = self.app.session_of(self).read_only_reason(self.app.settings)
        if reason is not None:
            self.say(f"Read-only: {what} refused ({reason}).", error=True)
        return reason is not None

    # --- chat -----------------------------------------------------------------------------

    @property
    def chat_pane(self) -> ChatPane:
        return self.query_one(ChatPane)

    def action_chat(self) -> None:
        """c: open the pane (or focus it) with the question input focused."""
        pane = self.chat_pane
        pane.display = True
        pane.open(self.model.highlighted)

    def on_chat_pane_left(self, event: ChatPane.Left) -> None:
        """Focus back to the table; on a small terminal, where the pane covers it, the pane goes
        too (its conversations stay; `c` brings it back): keys must not move a hidden table."""
        if self.has_class("-short") and self.has_class("-narrow"):
            event.pane.display = False
        self.table.focus()

    def on_chat_pane_file_gone(self, event: ChatPane.FileGone) -> None:
        """The row leaves the table (the pane then follows the next file), so the words go to the status line."""
        self.forget_files([event.file_id])
        self.say(event.text, error=True)

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
        self.previews.show(self.model.highlighted)

    def action_next_pane(self) -> None:
        self.focus_next()

    def action_overview(self) -> None:
        """U: the storage overview; Enter there comes back with a row's query as the filter."""
        from .overview import OverviewScreen

        self.app.push_screen(OverviewScreen(self.loader), self.apply_query)

    def action_deletions(self) -> None:
        """L: the record of every delete made from this machine (read-only; Enter is restore's door)."""
        from .deletions import DeletionsScreen

        self.app.push_screen(DeletionsScreen())

    def apply_query(self, text: str | None) -> None:
        """Show the files a query selects (a door of the overview), from the top, ready for ctrl+a."""
        if text is None or not self.model.set_filter(text):
            return
        self.model.move_to(0)
        self.table.focus()

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

    # --- bulk delete and select-all -------------------------------------------------------

    def delete_marked(self) -> None:
        """`d` with marks (action_delete hands over here): confirm, then delete them all."""
        self.bulk.delete_marked()

    def on_bulk_deleter_finished(self, event: BulkDeleter.Finished) -> None:
        self.table.focus()  # the report closed: keys go back to the list (tmux: j/k/d were ignored)

    @on(FileTable.PinnedLeft)
    def _pinned_left(self, event: FileTable.PinnedLeft) -> None:
        """ctrl+a marked the rest: the status line says what it left (the marks count is there already)."""
        self.say(pinned_left(event.count).strip(), toast=False)

    @on(FileTable.MarkAllAsked)
    def _mark_all_asked(self) -> None:
        """ctrl+a while the answer is not complete: ask whether to load the rest first."""
        self.select_all.mark_all()

    # --- transfers: upload, download, delete one file, and quitting while one runs --------

    def action_upload(self) -> None:
        if not self.refused_read_only("upload"):
            self.transfers.choose_upload()

    def action_download(self) -> None:
        self.transfers.choose_download()

    def action_delete(self) -> None:
        """`d`: the marked files go through the bulk delete; else the highlighted one, confirmed."""
        if self.refused_read_only("delete"):
            return
        if self.pinner.refusal is not None:
            self.say(self.pinner.refusal, error=True)
            return
        if self.model.effective_marks():
            self.delete_marked()
            return
        row = self.model.highlighted
        if row is None:
            self.say("No file to delete.")
            return
        if row.id in self.model.pins:
            self.say(f"{clean(row.filename, max_len=40)} is pinned: press P to unpin it first, then d.", error=True)
            return
        self.transfers.delete_one(row)

    def action_pin(self) -> None:
        """P: pin the highlighted or marked files (unpin, when all of them are pinned)."""
        self.pinner.toggle(self.selected_rows())

    async def action_quit(self) -> None:
        """`q`: quit at once, unless a bulk delete or a transfer runs: then ask (quitting.py)."""
        await self.app.action_quit()

    # --- previews and copying ---------------------------------------------------------------

    def action_toggle_preview(self) -> None:
        """p: previews on or off; remembered for next time."""
        self.previews.toggle()

    def action_copy_ids(self) -> None:
        """y: the highlighted file's id, or every marked id, one per line."""
        self.copier.copy_ids(self.selected_rows())

    def action_copy_block(self) -> None:
        """Y: a Messages API content block (a JSON list of them when files are marked)."""
        self.copier.copy_block(self.selected_rows())

    def action_copy_session(self) -> None:
        """ctrl+y: the agent session id of the highlighted file (of the marked ones, each once)."""
        self.copier.copy_session(self.selected_rows())
