"""The one key map: every binding of the app, the `?` help screen and the palette come from it.

Each key has a stable id, so a user can move it in the settings file's `keymap` table
({"main.delete": "x"}); the app checks that table (`check_keymap`) and hands what is valid
to Textual's `App.set_keymap`. `bound_keys` says what each id is bound to afterwards.
"""

from __future__ import annotations

import difflib
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from textual.binding import Binding, BindingsMap, BindingType
from textual.keys import KEY_NAME_REPLACEMENTS

from .text import clean


@dataclass(frozen=True)
class Key:
    id: str  # stable: the settings file's keymap table names the key by it
    keys: str  # Textual key names, comma separated
    action: str
    description: str
    group: str = ""  # the help screen's heading; "" keeps it out of help and the palette
    footer: bool = False
    short: str = ""  # the footer's words, where they differ from help's
    priority: bool = False  # before the focused widget sees the key (an Input would type it)

    def binding(self) -> Binding:
        return Binding(
            self.keys, self.action, self.short or self.description, show=self.footer, priority=self.priority, id=self.id
        )


TABLE_KEYS: tuple[Key, ...] = (
    Key("table.cursor_down", "j,down", "cursor_down", "Down", "Move"),
    Key("table.cursor_up", "k,up", "cursor_up", "Up", "Move"),
    Key("table.cursor_top", "g,home", "cursor_top", "Top", "Move"),
    Key("table.cursor_bottom", "G,end", "cursor_bottom", "Bottom (loads all)", "Move"),
    Key("table.page_down", "pagedown,ctrl+d", "page_down", "Page down", "Move"),
    Key("table.page_up", "pageup,ctrl+u", "page_up", "Page up", "Move"),
    Key("table.mark", "space", "toggle_mark", "Mark", "Select", footer=True),
    Key("table.visual", "v", "toggle_visual", "Visual range", "Select"),
    Key("table.mark_all", "ctrl+a", "mark_all", "Mark all matching", "Select"),
    Key("table.invert_marks", "i", "invert_marks", "Invert marks", "Select"),
)

MAIN_KEYS: tuple[Key, ...] = (
    Key("main.escape", "escape", "escape", "Cancel / clear marks, then filter", "Select"),
    Key("main.filter", "slash", "filter", "Filter", "View", footer=True),
    Key("main.sort", "o", "cycle_sort", "Sort", "View"),
    Key("main.next_pane", "tab", "next_pane", "Next pane", "View"),
    Key("main.details", "m", "toggle_details", "Details pane", "View"),
    Key("main.preview", "p", "toggle_preview", "Preview", "View"),
    Key("main.refresh", "r", "refresh", "Refresh", "View"),
    Key("main.live", "f", "toggle_live", "Live refresh on / off (follow new files)", "View"),
    Key("main.overview", "U", "overview", "Storage overview", "View"),
    Key("main.deletions", "L", "deletions", "Delete record", "View"),
    Key("main.upload", "u", "upload", "Upload", "Files", footer=True),
    Key("main.download", "s", "download", "Save", "Files", footer=True),
    Key("main.delete", "d", "delete", "Delete", "Files", footer=True),
    Key("main.pin", "P", "pin", "Pin / unpin (rules never take it)", "Files"),
    Key("main.copy_ids", "y", "copy_ids", "Copy id", "Files", footer=True),
    Key("main.copy_block", "Y", "copy_block", "Copy content block", "Files"),
    Key("main.copy_session", "ctrl+y", "copy_session", "Copy session id", "Files"),
    Key("main.chat", "c", "chat", "Chat", "Files", footer=True),
    Key("main.switch", "w", "switch", "Switch profile / workspace", "App"),
    Key("main.help", "question_mark", "help", "Help", "App", footer=True),
    Key("main.quit", "q", "quit", "Quit", "App", footer=True),
)

CHAT_KEYS: tuple[Key, ...] = (
    Key("chat.stop_or_leave", "escape", "stop_or_leave", "Stop / leave chat", "Chat pane", footer=True),
    Key("chat.clear", "ctrl+l", "clear_chat", "Clear chat", "Chat pane", footer=True),
    # Not ctrl+x: the question input's cut takes it. ctrl+o is bound by no Input, so it works where shown.
    Key("chat.close", "ctrl+o", "close_chat", "Close chat", "Chat pane", footer=True),
)

_OVERVIEW = "Storage overview (U)"
OVERVIEW_KEYS: tuple[Key, ...] = (
    Key("overview.down", "j,down", "row_down", "Down", _OVERVIEW),
    Key("overview.up", "k,up", "row_up", "Up", _OVERVIEW),
    Key(
        "overview.open",
        "enter",
        "open_row",
        "Show these files in the table",
        _OVERVIEW,
        footer=True,
    ),
    Key("overview.close", "escape,U,q", "close", "Back to the table", _OVERVIEW, footer=True, short="Back"),
    Key(
        "overview.organization",
        "O",
        "organization",
        "Organization: every workspace against the cap",
        _OVERVIEW,
        footer=True,
        short="Organization",
    ),
)
_ORGANIZATION = "Organization (U, then O)"
ORGANIZATION_KEYS: tuple[Key, ...] = (
    Key("organization.down", "j,down", "row_down", "Down", _ORGANIZATION),
    Key("organization.up", "k,up", "row_up", "Up", _ORGANIZATION),
    Key("organization.open", "enter", "open_row", "Open this workspace's overview", _ORGANIZATION, footer=True, short="Open"),
    Key("organization.close", "escape,O,q", "close", "Back to the overview", _ORGANIZATION, footer=True, short="Back"),
)
OVERVIEW_ROWS_KEYS: tuple[Key, ...] = (
    # On the rows, so while pages load Esc stops them first; the screen disables it after (check_action).
    Key(
        "overview.stop_or_close",
        "escape",
        "stop_loading",
        "Stop loading (then back)",
        _OVERVIEW,
        footer=True,
        short="Stop loading",
    ),
)

APP_KEYS: tuple[Key, ...] = (
    Key("app.command_palette", "ctrl+p", "command_palette", "Command palette", "App", short="palette", priority=True),
)

CONFIRM_KEYS: tuple[Key, ...] = (
    Key("confirm.cancel", "escape", "choose_no", "Cancel"),
    Key("confirm.focus_previous", "left", "app.focus_previous", "Previous button"),
    Key("confirm.focus_next", "right", "app.focus_next", "Next button"),
)
CONFIRM_YES = Key("confirm.yes", "y", "confirm", "Confirm")
"""Not a Textual binding: ConfirmModal reads it in `on_key`, as it does the callers' choice keys."""

DOWNLOAD_DIALOG_KEYS: tuple[Key, ...] = (Key("download.cancel", "escape", "cancel", "Cancel"),)
UPLOAD_DIALOG_KEYS: tuple[Key, ...] = (Key("upload.cancel", "escape", "cancel", "Cancel"),)
BULK_DELETE_KEYS: tuple[Key, ...] = (
    Key("bulk.stop_or_close", "escape", "stop_or_close", "Stop / close"),
    Key("bulk.close", "enter", "close", "Close"),
    Key("bulk.quit", "q", "close_or_quit", "Close; while deleting, quit (asks first)"),
)
_DELETIONS = "Delete record (L)"
DELETIONS_KEYS: tuple[Key, ...] = (
    Key("deletions.filter", "slash", "filter_record", "Filter the record", _DELETIONS, footer=True, short="Filter"),
    Key("deletions.close", "escape,q,L", "close", "Back to the table", _DELETIONS, footer=True, short="Back"),
)
DELETIONS_FILTER_KEYS: tuple[Key, ...] = (Key("deletions.filter_cancel", "escape", "cancel", "Cancel the filter"),)
HELP_KEYS: tuple[Key, ...] = (
    Key("help.close", "escape,q,question_mark", "dismiss", "Close", footer=True),
    Key("help.down", "j,down", "scroll(1)", "Down"),
    Key("help.up", "k,up", "scroll(-1)", "Up"),
    Key("help.page_down", "pagedown,ctrl+d,space", "scroll_page(1)", "Page down"),
    Key("help.page_up", "pageup,ctrl+u", "scroll_page(-1)", "Page up"),
    Key("help.top", "g,home", "scroll_home", "Top"),
    Key("help.bottom", "G,end", "scroll_end", "Bottom"),
)
NO_KEY_KEYS: tuple[Key, ...] = (Key("no_key.quit", "q,escape", "app.quit", "Quit", footer=True),)
PATH_INPUT_KEYS: tuple[Key, ...] = (Key("path.complete", "tab", "complete", "Complete"),)
SELECT_ALL_KEYS: tuple[Key, ...] = (
    Key("select_all.cancel", "escape", "choose('')", "Cancel"),
    Key("select_all.load_all", "a", "choose('all')", "Load all first"),
    Key("select_all.loaded_only", "l", "choose('loaded')", "Only loaded"),
    Key("select_all.focus_previous", "left", "app.focus_previous", "Previous button"),
    Key("select_all.focus_next", "right", "app.focus_next", "Next button"),
)
LOAD_PROGRESS_KEYS: tuple[Key, ...] = (Key("load_progress.stop", "escape", "stop", "Stop"),)
SWITCHER_KEYS: tuple[Key, ...] = (
    Key("switcher.close", "escape,w", "close", "Close", footer=True),
    Key("switcher.down", "j,down", "move(1)", "Down"),
    Key("switcher.up", "k,up", "move(-1)", "Up"),
)

OWNERS: tuple[tuple[Key, ...], ...] = (
    TABLE_KEYS,
    MAIN_KEYS,
    CHAT_KEYS,
    OVERVIEW_KEYS,
    OVERVIEW_ROWS_KEYS,
    ORGANIZATION_KEYS,
    APP_KEYS,
    CONFIRM_KEYS,
    (CONFIRM_YES,),
    DOWNLOAD_DIALOG_KEYS,
    UPLOAD_DIALOG_KEYS,
    BULK_DELETE_KEYS,
    DELETIONS_KEYS,
    DELETIONS_FILTER_KEYS,
    HELP_KEYS,
    NO_KEY_KEYS,
    PATH_INPUT_KEYS,
    SWITCHER_KEYS,
    SELECT_ALL_KEYS,
    LOAD_PROGRESS_KEYS,
)
"""The keys of each screen or widget: a key must be unique only within its owner."""

ALL_KEYS: tuple[Key, ...] = (
    TABLE_KEYS + MAIN_KEYS + CHAT_KEYS + OVERVIEW_KEYS + OVERVIEW_ROWS_KEYS + ORGANIZATION_KEYS + DELETIONS_KEYS + APP_KEYS
)
"""What help and the command palette list, in help's order."""

KEY_BY_ID: dict[str, Key] = {key.id: key for owner in OWNERS for key in owner}

BoundKeys = Mapping[str, tuple[str, ...]]
"""Key id → the Textual key names bound to it."""

_LABELS = {
    "down": "↓",
    "up": "↑",
    "left": "←",
    "right": "→",
    "home": "Home",
    "end": "End",
    "pagedown": "PgDn",
    "pageup": "PgUp",
    "escape": "Esc",
    "enter": "Enter",
    "tab": "Tab",
    "space": "space",
    "question_mark": "?",
    "slash": "/",
}


def bindings(keys: tuple[Key, ...]) -> list[BindingType]:
    return [key.binding() for key in keys]


def key_label(names: Iterable[str]) -> str:
    """How help writes keys: `j ↓`, `PgDn ctrl+d`, `Esc`."""
    return " ".join(_LABELS.get(name, name) for name in names)


def normalize_keys(keys: str) -> str:
    """A user's key string in Textual's key names (`?` → question_mark), as `App.set_keymap` does."""
    return ",".join(_key_name(key.strip()) for key in keys.split(","))


def _key_name(key: str) -> str:
    if len(key) != 1 or key.isalnum():
        return key
    try:
        name = unicodedata.name(key).lower().replace("-", "_").replace(" ", "_")
    except ValueError:
        return key
    return KEY_NAME_REPLACEMENTS.get(name, name)


def bound_keys(keymap: Mapping[str, str]) -> dict[str, tuple[str, ...]]:
    """What each id is bound to once `keymap` applies, worked out per owner the way Textual does
    it on every key press (its `BindingsMap.apply_keymap`), so a default key that a remap took
    over is gone from the key it used to serve."""
    found: dict[str, list[str]] = {key_id: [] for key_id in KEY_BY_ID}
    for owner in OWNERS:
        owner_map = BindingsMap(bindings(owner))
        owner_map.apply_keymap(keymap)
        for name, named in owner_map.key_to_bindings.items():
            for binding in named:
                if binding.id is not None and name not in found[binding.id]:
                    found[binding.id].append(name)
    return {key_id: tuple(names) for key_id, names in found.items()}


def check_keymap(table: Mapping[str, object]) -> tuple[dict[str, str], list[str]]:
    """The settings file's `keymap` table → (what is valid, normalized; a plain sentence for
    each entry that is not). A bad entry is left out, so its key keeps the default."""
    valid: dict[str, str] = {}
    problems: list[str] = []
    for key_id, keys in table.items():
        if key_id not in KEY_BY_ID:
            near = difflib.get_close_matches(key_id, KEY_BY_ID, n=1)
            hint = f' (did you mean "{near[0]}"?)' if near else ""
            problems.append(f'keymap: no key has the id "{clean(key_id, max_len=40)}"{hint}; entry ignored.')
            continue
        default = KEY_BY_ID[key_id]
        names = normalize_keys(keys) if isinstance(keys, str) else ""
        if not names or any(not name or any(ch.isspace() for ch in name) for name in names.split(",")):
            problems.append(
                f'keymap: "{key_id}" needs keys such as "x" or "ctrl+x,f2", not {clean(repr(keys), max_len=40)}; '
                f"{default.description} stays on {key_label(default.keys.split(','))}."
            )
            continue
        valid[key_id] = names
    for key_id, bound in bound_keys(valid).items():
        if not bound:
            problems.append(f"keymap: {KEY_BY_ID[key_id].description} ({key_id}) has no key left: other keys took them.")
    return valid, problems
