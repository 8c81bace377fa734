"""The one key map: Textual bindings and the `?` help screen are both built from it."""

from __future__ import annotations

from dataclasses import dataclass

from textual.binding import Binding


@dataclass(frozen=True)
class Key:
    keys: str  # Textual key names, comma separated
    action: str
    description: str
    shown: str  # how the help screen writes the keys
    group: str
    footer: bool = False
    moves_focus: bool = False  # keys typed right after it follow the focus (widgets/typeahead.py)


TABLE_KEYS: tuple[Key, ...] = (
    Key("j,down", "cursor_down", "Down", "j ↓", "Move"),
    Key("k,up", "cursor_up", "Up", "k ↑", "Move"),
    Key("g,home", "cursor_top", "Top", "g Home", "Move"),
    Key("G,end", "cursor_bottom", "Bottom (loads all)", "G End", "Move"),
    Key("pagedown,ctrl+d", "page_down", "Page down", "PgDn ctrl+d", "Move"),
    Key("pageup,ctrl+u", "page_up", "Page up", "PgUp ctrl+u", "Move"),
    Key("space", "toggle_mark", "Mark", "space", "Select", footer=True),
    Key("v", "toggle_visual", "Visual range", "v", "Select"),
    Key("ctrl+a", "mark_all", "Mark all matching", "ctrl+a", "Select"),
    Key("i", "invert_marks", "Invert marks", "i", "Select"),
)

MAIN_KEYS: tuple[Key, ...] = (
    Key("escape", "escape", "Cancel / clear marks, then filter", "Esc", "Select"),
    Key("slash", "filter", "Filter", "/", "View", footer=True, moves_focus=True),
    Key("o", "cycle_sort", "Sort", "o", "View"),
    Key("tab", "next_pane", "Next pane", "Tab", "View", moves_focus=True),
    Key("m", "toggle_details", "Details pane", "m", "View"),
    Key("p", "toggle_preview", "Preview", "p", "View"),
    Key("r", "refresh", "Refresh", "r", "View"),
    Key("U", "overview", "Storage overview", "U", "View", moves_focus=True),
    Key("u", "upload", "Upload", "u", "Files", footer=True, moves_focus=True),
    Key("s", "download", "Save", "s", "Files", footer=True, moves_focus=True),
    Key("d", "delete", "Delete", "d", "Files", footer=True, moves_focus=True),
    Key("y", "copy_ids", "Copy id", "y", "Files", footer=True),
    Key("Y", "copy_block", "Copy content block", "Y", "Files"),
    Key("c", "chat", "Chat", "c", "Files", footer=True, moves_focus=True),
    Key("w", "switch", "Switch profile / workspace", "w", "App", moves_focus=True),
    Key("question_mark", "help", "Help", "?", "App", footer=True, moves_focus=True),
    Key("q", "app.quit", "Quit", "q", "App", footer=True),
)


def bindings(keys: tuple[Key, ...]) -> list[Binding]:
    return [Binding(key.keys, key.action, key.description, show=key.footer) for key in keys]


def focus_moving_keys(keys: tuple[Key, ...]) -> frozenset[str]:
    """Textual key names of the keys that move focus (into an input, a pane or a dialog)."""
    return frozenset(name for key in keys if key.moves_focus for name in key.keys.split(","))


CHAT_KEYS: tuple[Key, ...] = (
    Key("escape", "stop_or_leave", "Stop / leave chat", "Esc", "Chat pane", footer=True),
    Key("ctrl+l", "clear_chat", "Clear chat", "ctrl+l", "Chat pane", footer=True),
    Key("ctrl+x", "close_chat", "Close chat", "ctrl+x", "Chat pane", footer=True),
)

OVERVIEW_KEYS: tuple[Key, ...] = (
    Key("j,down", "row_down", "Down", "j ↓", "Storage overview (U)"),
    Key("k,up", "row_up", "Up", "k ↑", "Storage overview (U)"),
    Key("enter", "open_row", "Show these files in the table", "Enter", "Storage overview (U)", footer=True, moves_focus=True),
    Key("escape", "stop_or_close", "Stop loading / back", "Esc", "Storage overview (U)", footer=True, moves_focus=True),
    Key("U,q", "close", "Back to the table", "U q", "Storage overview (U)", moves_focus=True),
)

ALL_KEYS: tuple[Key, ...] = (
    TABLE_KEYS + MAIN_KEYS + CHAT_KEYS + OVERVIEW_KEYS + (Key("ctrl+p", "command_palette", "Command palette", "ctrl+p", "App"),)
)
