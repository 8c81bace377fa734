"""The main screen's keys that act on files, and the words it says: the half of `MainScreen`
that routes actions to components (delete, upload, download, pin, copy, chat, switch).

`MainScreen` (main.py) builds the components and lays out the views; this base class holds the
actions that hand work to them, so neither file grows past what one reads in a sitting.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual import events, on
from textual.screen import Screen

from ..components.base import Component
from ..components.bulk import BulkDeleter
from ..components.chatting import Chatting
from ..components.copier import Copier
from ..components.last_view import LastView
from ..components.pins import Pinner
from ..components.previews import Previews
from ..components.select_all import SelectAll, pinned_left
from ..components.switching import Switching
from ..components.transfers import Transfers
from ..model.files import FileList
from ..session import Session
from ..text import clean
from ..widgets.chat_pane import ChatPane
from ..widgets.file_table import FileTable
from ..widgets.status_bar import StatusBar

if TYPE_CHECKING:
    from textual import getters

    from ..app import ClaudeFilesApp


class MainActions(Screen[None]):
    """What `d`, `u`, `s`, `P`, `y`, `c`, `w` and `q` do on the main screen; MainScreen sets the parts up."""

    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    session: Session
    model: FileList
    bulk: BulkDeleter
    select_all: SelectAll
    pinner: Pinner
    previews: Previews
    copier: Copier
    transfers: Transfers
    switching: Switching
    chatting: Chatting
    last_view: LastView

    @property
    def table(self) -> FileTable:
        return self.query_one(FileTable)

    # --- what the status line says --------------------------------------------------------

    def say(self, message: str, *, error: bool = False, toast: bool = True) -> None:
        """A line in the status bar (kept there for a while, whatever else redraws it) plus a
        toast unless `toast=False`; `message` is plain text, never markup."""
        self.query_one(StatusBar).say(message, error=error)
        if toast:
            self.notify(clean(message), severity="error" if error else "information", markup=False)

    def on_component_said(self, event: Component.Said) -> None:
        self.say(event.text, error=event.error, toast=event.toast)

    def forget_files(self, ids: list[str]) -> None:
        """Files that are gone (deleted here or elsewhere) leave the table."""
        self.model.remove(ids)

    # --- where it is connected ------------------------------------------------------------

    def action_switch(self) -> None:
        """w: another profile or workspace, on its own screen (this one stays as it is)."""
        self.switching.choose()

    READ_ONLY_REFUSED = {"upload": "main.upload", "delete": "main.delete"}  # action -> key id

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """A read-only session does not offer u and d: hidden from the footer (their keys
        still say why, in `on_key`)."""
        if action in self.READ_ONLY_REFUSED and self.session.read_only(self.app.settings):
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
        reason = self.session.read_only_reason(self.app.settings)
        if reason is not None:
            self.say(f"Read-only: {what} refused ({reason}).", error=True)
        return reason is not None

    # --- chat -----------------------------------------------------------------------------

    @property
    def chat_pane(self) -> ChatPane:
        return self.query_one(ChatPane)

    def action_chat(self) -> None:
        """c: open the pane (or focus it) with the question input focused."""
        if self.stale_refused("chat"):
            return
        pane = self.chat_pane
        pane.display = True
        pane.open(self.model.highlighted)

    def on_chat_pane_left(self, event: ChatPane.Left) -> None:
        """Focus back to the table; on a small terminal, where the pane covers it, the pane goes
        too (its conversations stay; `c` brings it back): keys must not move a hidden table."""
        if self.has_class("-short") and self.has_class("-narrow"):
            event.pane.display = False
        self.table.focus()

    def on_chat_pane_asked(self, event: ChatPane.Asked) -> None:
        self.chatting.answer(event.conversation, event.turn)

    def on_chat_pane_models_wanted(self) -> None:
        self.chatting.load_models()

    def on_chat_pane_stop_wanted(self) -> None:
        self.chatting.stop()

    def on_chatting_file_gone(self, event: Chatting.FileGone) -> None:
        """The row leaves the table (the pane then follows the next file), so the words go to the status line."""
        self.forget_files([event.file_id])
        self.say(event.text, error=True)

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

    def stale_refused(self, action: str) -> bool:
        """True (and say why) when `action` would act on a row the server has not confirmed."""
        refusal = self.last_view.refusal(action)
        if refusal is not None:
            self.say(refusal, error=True)
        return refusal is not None

    def action_upload(self) -> None:
        if not self.refused_read_only("upload"):
            self.transfers.choose_upload()

    def action_download(self) -> None:
        if self.stale_refused("download"):
            return
        self.transfers.choose_download()

    def action_delete(self) -> None:
        """`d`: the marked files go through the bulk delete; else the highlighted one, confirmed."""
        if self.refused_read_only("delete") or self.stale_refused("delete"):
            return
        self.pinner.reread()
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
        self.bulk.delete_one(row)

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
        if self.stale_refused("copy_ids"):
            return
        self.copier.copy_ids(self.selected_rows())

    def action_copy_block(self) -> None:
        """Y: a Messages API content block (a JSON list of them when files are marked)."""
        if self.stale_refused("copy_block"):
            return
        self.copier.copy_block(self.selected_rows())

    def action_copy_session(self) -> None:
        """ctrl+y: the agent session id of the highlighted file (of the marked ones, each once)."""
        if self.stale_refused("copy_session"):
            return
        self.copier.copy_session(self.selected_rows())
