"""ctrl+a while pages are still on the server: load them all first (the default), or mark what is loaded.

Marking "everything that matches" must mean the whole store when that is what the user
believes, so the exact answer is the default and the partial one is named as such.
"""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Static

from ..keymap import SELECT_ALL_KEYS, bindings
from ..text import markup_safe

LOAD_ALL = "all"
LOADED_ONLY = "loaded"


class SelectAllQuestion(ModalScreen[str | None]):
    """Dismisses with LOAD_ALL, LOADED_ONLY, or None (Esc)."""

    BINDINGS = bindings(SELECT_ALL_KEYS)

    DEFAULT_CSS = """
    SelectAllQuestion { align: center middle; }
    SelectAllQuestion > Vertical {
        width: 66; max-width: 95%; height: auto; max-height: 90%;
        border: round $accent; padding: 0 1; background: $surface;
    }
    SelectAllQuestion #select-all-body { height: auto; margin: 1 0; }
    SelectAllQuestion #select-all-buttons { height: auto; align-horizontal: right; }
    SelectAllQuestion Button { margin-left: 1; min-width: 8; }
    """

    def __init__(self, matched: int, loaded: int, query: str, *, narrowed: str | None = None) -> None:
        super().__init__()
        self.matched = matched
        self.loaded = loaded
        self.query_text = query
        self.narrowed = narrowed

    def compose(self) -> ComposeResult:
        if self.query_text:
            first = f"{self.matched:,} of the {self.loaded:,} loaded files match “{self.query_text}”"
        else:
            first = f"{self.loaded:,} files are loaded"
        body = Text(f"{first}, but more files are on the server.\n\n")
        rest = "this session's files" if self.narrowed else "every page"
        body.append(f"Load {rest} first to mark every match exactly (Esc stops the loading), ", style="bold")
        body.append(f"or mark only the {self.matched:,} loaded.")
        with Vertical() as box:
            box.border_title = markup_safe("Mark all matching")
            box.border_subtitle = "Enter: load first · l: loaded only · Esc cancels"
            yield Static(body, id="select-all-body")
            with Horizontal(id="select-all-buttons"):
                yield Button("Cancel", id="select-all-cancel")
                yield Button(f"Only the {self.matched:,} loaded", id="select-all-loaded")
                yield Button("Load all, then mark", id="select-all-all", variant="primary")

    def on_mount(self) -> None:
        self.query_one("#select-all-all", Button).focus()

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss({"select-all-all": LOAD_ALL, "select-all-loaded": LOADED_ONLY}.get(event.button.id or ""))
