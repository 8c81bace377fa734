"""`?`: every key as it is bound now (the key map moved by the settings' keymap), plus the
clipboard hint for tmux users."""

from __future__ import annotations

from itertools import groupby

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..clipboard import TMUX_HINT
from ..keymap import ALL_KEYS, CONFIRM_YES, HELP_KEYS, BoundKeys, bindings, key_label

CLIPBOARD_HINT = "y and Y copy with OSC 52, which reaches your local clipboard even over SSH.\n" + TMUX_HINT


def key_table(bound: BoundKeys) -> Table:
    """`bound`: key id → the keys bound to it now (`ClaudeFilesApp.bound_keys`)."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold cyan", no_wrap=True, min_width=12)
    table.add_column()
    for group, keys in groupby(ALL_KEYS, key=lambda key: key.group):
        table.add_row(Text(group, style="bold underline"), "")
        for key in keys:
            table.add_row(key_label(bound[key.id]), key.description)
    table.add_row("", "")
    table.add_row(Text("Dialogs", style="bold underline"), "")
    table.add_row(key_label(bound[CONFIRM_YES.id]), f"confirm (Enter and {key_label(bound['confirm.cancel'])} cancel)")
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings(HELP_KEYS)

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 72; max-width: 95%; height: 90%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    """

    def __init__(self, bound: BoundKeys) -> None:
        super().__init__()
        self.bound = bound

    def compose(self) -> ComposeResult:
        with VerticalScroll(can_focus=False) as scroll:  # the screen's keys scroll it: j/k as in the table
            scroll.border_title = "claude-files keys"
            scroll.border_subtitle = f"{key_label(self.bound['help.close'][:1])} closes"
            yield Static(key_table(self.bound))
            yield Static(Text("\n" + CLIPBOARD_HINT, style="italic"))

    @property
    def _scroll(self) -> VerticalScroll:
        return self.query_one(VerticalScroll)

    def action_scroll(self, rows: int) -> None:
        self._scroll.scroll_relative(y=rows, animate=False)

    def action_scroll_page(self, pages: int) -> None:
        self._scroll.scroll_relative(y=pages * max(1, self._scroll.scrollable_content_region.height - 1), animate=False)

    def action_scroll_home(self) -> None:
        self._scroll.scroll_home(animate=False)

    def action_scroll_end(self) -> None:
        self._scroll.scroll_end(animate=False)
