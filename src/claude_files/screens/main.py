"""The screen people live in: header, file table, metadata pane, filter line, status, footer.

It composes widgets and components and routes between them: components (components/) own
their workers and change the model, loading included (model/loading.py); the table, header
and status line watch the model's change feed by themselves; what components have to say
arrives as Messages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.reactive import var
from textual.widgets import Footer
from textual.worker import Worker, WorkerState

from .. import formatting
from ..components.bulk import BulkDeleter
from ..components.chatting import Chatting
from ..components.copier import Copier
from ..components.details import DetailsFollower
from ..components.last_view import LastView
from ..components.live import LiveRefresher
from ..components.loader import PageLoader
from ..components.pins import Pinner
from ..components.previews import Previews
from ..components.select_all import SelectAll
from ..components.switching import Switching
from ..components.transfers import Transfers
from ..keymap import MAIN_KEYS, bindings
from ..ledger import Ledger
from ..model.change import Change
from ..model.files import SORT_LABELS, FileList
from ..session import Session
from ..widgets.chat_pane import ChatPane
from ..widgets.file_table import FileTable
from ..widgets.filter_bar import FILE_ID, FilterBar
from ..widgets.header_bar import HeaderBar
from ..widgets.metadata_pane import MetadataPane
from ..widgets.status_bar import StatusBar
from .main_actions import MainActions

if TYPE_CHECKING:
    from textual import getters

    from ..app import ClaudeFilesApp
    from ..service import FilesService

DETAILS_MIN_WIDTH = 110
CHAT_WIDE_COLUMNS = 120
CHAT_SHORT_ROWS = 20


class MainScreen(MainActions):
    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    BINDINGS = bindings(MAIN_KEYS)

    # The screen gets a -narrow or -wide class; ChatPane's CSS puts itself below or beside the table.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (CHAT_WIDE_COLUMNS, "-wide")]
    # Under CHAT_SHORT_ROWS the chat pane folds its notes and, when narrow, covers the table.
    VERTICAL_BREAKPOINTS = [(0, "-short"), (CHAT_SHORT_ROWS, "-tall")]

    live_words: var[str] = var("")  # live refresh's piece of the header

    def __init__(self, session: Session) -> None:
        """`session`: the connection this screen shows, handed to every component that reaches it."""
        super().__init__()
        self.session = session
        self.model = FileList(clock=lambda: formatting.now())  # ages in queries as in the table
        self.loader = PageLoader(self.model, self.service)
        self.bulk = BulkDeleter(self.model, self.service, fetch_ids=self.loader.fetch_ids)
        self.select_all = SelectAll(self.model, load_candidates=self.loader.load_candidates)
        self._details_override: bool | None = None
        self.ledger = Ledger()  # what was uploaded from where: previews read it, uploads record into it
        self.details = MetadataPane(pins=self.model.pins, id="details")
        self.pinner = Pinner(self.model, self.service, on_change=self.details.redescribe)
        self.previews = Previews(self.model, self.details, self.ledger, self.service)
        self.follower = DetailsFollower(self.model, self.details, self.service)
        self.copier = Copier()
        self.transfers = Transfers(self.model, self.ledger, self.service, copy=self.copier.copy)
        self.switching = Switching(self.service)
        self.chat = ChatPane(id="chat")
        self.chatting = Chatting(self.chat, self.service)
        self.live = LiveRefresher(
            self.model, self.service, busy=lambda: self.model.loading.fetching or self.bulk.running or self.select_all.running
        )
        self.last_view = LastView(self.model)
        self._showed_stale = False  # the details and preview wait for the fresh row (see `_highlighted`)

    async def service(self) -> FilesService:
        """This screen's connection (connected on first use): what its components are handed."""
        return await self.app.connect(self.session)

    # --- layout -------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        session = self.session
        header = HeaderBar(self.model, session, self.app.settings, id="header")
        yield header.data_bind(live=MainScreen.live_words)
        with Horizontal(id="body"):
            yield FileTable(self.model, id="files")
            yield self.details
            self.chat.display = False
            yield self.chat
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
        yield self.switching
        yield self.chatting
        yield self.live
        yield self.last_view
        yield Footer(compact=True, show_command_palette=False)  # ctrl+p still works; ? lists it

    def waits_before(self, key: events.Key | events.Paste) -> bool:
        """Keys typed ahead wait (key_order.py: Esc goes) for ctrl+a's load and marking once its
        question is answered: the `d` of `ctrl+a Enter d` is meant for the files marked."""
        return self.select_all.running or (isinstance(key, events.Key) and self.last_view.holds(key.key, self.app.bound_keys()))

    def on_mount(self) -> None:
        self.filter_bar.display = False
        self._place_details()
        self.table.focus()
        self.model.watch(self._model_changed)
        self.last_view.restore()  # the last view's rows, stale, in the first frame (before the SDK loads)
        if self.model.stale.active:  # the SDK's import (in a thread) must not hold up the frame that shows them
            self.call_after_refresh(self._first_loads)
        else:  # nothing to show before the first page: the loader starts its worker once "loading…" is drawn
            self._first_loads()

    def _first_loads(self) -> None:
        self.pinner.load()  # before the first page asks for the connection: pins are known before any row shows
        self.loader.load_first_page()

    def _model_changed(self, change: Change) -> None:
        if self._showed_stale and not self.model.stale.active:
            self._showed_stale = False
            self.call_later(self._follow_fresh)  # once the swap is done: the highlight is on its file again

    def _follow_fresh(self) -> None:
        """The rows are fresh now: the details and preview the stale highlight went without."""
        self._highlighted(FileTable.Highlighted(self.table, self.model.highlighted))

    # --- loading pages --------------------------------------------------------------------

    # --- live refresh ---------------------------------------------------------------------

    def on_live_refresher_state_changed(self, event: LiveRefresher.StateChanged) -> None:
        self.live_words = event.words

    def on_live_refresher_gone(self, event: LiveRefresher.Gone) -> None:
        """Files deleted elsewhere left the list: a word in the status line (not for those deleted here)."""
        ids = [i for i in event.ids if not self.bulk.expects_gone(i)]
        if ids:
            count = f"{len(ids)} file{'s' if len(ids) > 1 else ''}"
            marked = f" ({event.unmarked} of them marked)" if event.unmarked else ""
            self.say(f"{count} deleted elsewhere left the list{marked}.", toast=False)

    def action_toggle_live(self) -> None:
        """f: live refresh on or off."""
        on = self.live.toggle()
        every = f"{self.live.policy.interval:g}"
        self.say(f"Live refresh on: new files every {every} s while you look." if on else "Live refresh off.", toast=False)

    @on(FileTable.NeedMore)
    def _prefetch(self) -> None:
        self.loader.prefetch()

    @on(FileTable.LoadAll)
    def _load_all(self) -> None:
        self.loader.load_all()

    @on(FileTable.RetryLoad)
    def _retry(self) -> None:
        self.loader.retry()
        self.live.retry_now()

    def action_refresh(self) -> None:
        """r: reload from the top, keeping the highlight on the same file id (and the pins,
        which `claude-files pin` may have changed meanwhile); live refresh retries too."""
        self.pinner.load()
        self.loader.refresh_listing()
        self.live.retry_now()

    # --- highlight and metadata ---------------------------------------------------------

    @on(FileTable.Highlighted)
    def _highlighted(self, event: FileTable.Highlighted) -> None:
        if event.row is not None and self.model.stale.covers(event.row.id):
            self._showed_stale = True
            self.details.show_file(event.row)  # what the cache knows; nothing fetched for a stale row
            return
        if event.row is not None:
            self.model.look_at(event.row.id)  # no longer new
        self.follower.follow(event.row)
        chat = self.chat_pane
        if chat.display:
            chat.follow(event.row)  # the chat pane follows the highlighted file's conversation
        self.previews.show(event.row)

    def on_details_follower_gone(self, event: DetailsFollower.Gone) -> None:
        if not self.bulk.expects_gone(event.file_id):
            self.say(f"{event.file_id} was deleted elsewhere.", error=True)

    # --- filter and sort ----------------------------------------------------------------

    @property
    def filter_bar(self) -> FilterBar:
        return self.query_one(FilterBar)

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

        self.app.push_screen(DeletionsScreen(self.service))

    def apply_query(self, text: str | None) -> None:
        """Show the files a query selects (a door of the overview), from the top, ready for ctrl+a."""
        if text is None or not self.model.set_filter(text):
            return
        self.model.move_to(0)
        self.table.focus()

    def action_help(self) -> None:
        from ..dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(self.app.bound_keys()))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Nothing unexpected reaches the screen as a traceback: it becomes a message."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.say(f"Something went wrong: {type(error).__name__}: {error}", error=True)
