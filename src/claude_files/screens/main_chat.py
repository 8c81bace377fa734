"""The chat pane's hooks into the main screen: `c` opens it, the highlight picks the conversation."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult

from ..widgets.chat_pane import ChatPane
from .main_host import MainScreenHost

WIDE_COLUMNS = 120
SHORT_ROWS = 20


class ChatActions(MainScreenHost):
    """Mixin for MainScreen: `c`, and following the highlight."""

    # The screen gets a -narrow or -wide class; ChatPane's CSS puts itself below or beside the table.
    HORIZONTAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-narrow"), (WIDE_COLUMNS, "-wide")]
    # Under SHORT_ROWS the chat pane folds its notes and, when narrow, covers the table.
    VERTICAL_BREAKPOINTS: list[tuple[int, str]] | None = [(0, "-short"), (SHORT_ROWS, "-tall")]

    def compose_chat(self) -> ComposeResult:
        pane = ChatPane(id="chat")
        pane.display = False
        yield pane

    @property
    def chat_pane(self) -> ChatPane:
        return self.query_one(ChatPane)

    def action_chat(self) -> None:
        """c: open the pane (or focus it) with the question input focused."""
        pane = self.chat_pane
        pane.display = True
        pane.open(self.model.highlighted)

    def on_highlight_changed(self, row: Any | None) -> None:
        """The chat pane follows the highlighted file's conversation."""
        pane = self.chat_pane
        if pane.display:
            pane.follow(row)

    def on_chat_pane_left(self, event: ChatPane.Left) -> None:
        self.table.focus()

    def on_chat_pane_file_gone(self, event: ChatPane.FileGone) -> None:
        """The row leaves the table (the pane then follows the next file), so the words go to the status line."""
        self.forget_files([event.file_id])
        self.say(event.text, error=True)
