"""`?`: every key, from the one key map, plus the clipboard hint for tmux users."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..clipboard import TMUX_HINT
from ..keymap import ALL_KEYS

CLIPBOARD_HINT = "y and Y copy with OSC 52, which reaches your local clipboard even over SSH.\n" + TMUX_HINT


def key_table() -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True, min_width=12)
    table.add_column()
    for group, keys in groupby(ALL_KEYS, key=lambda key: key.group):
        table.add_row(Text(group, style="bold underline"), "")
        for key in keys:
            table.add_row(key.shown, key.description)
    table.add_row("", "")
    table.add_row(Text("Dialogs", style="bold underline"), "")
    table.add_row("y", "confirm (Enter and Esc cancel)")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close")]

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 95%; height: 90%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    """

    def compose(self) -> ComposeResult:
        with VerticalScroll() as scroll:
            scroll.border_title = "claude-files keys"
            scroll.border_subtitle = "Esc closes"
            yield Static(key_table())
            yield Static(Text("\n" + CLIPBOARD_HINT, style="italic"))

    def action_dismiss(self) -> None:  # type: ignore[override]
        self.dismiss(None)
