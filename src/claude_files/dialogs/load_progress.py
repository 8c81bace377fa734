"""Loading every page before an exact ctrl+a: how far it got, and Esc to stop it."""

from __future__ import annotations

import asyncio

from textual import events
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Static

from ..keymap import LOAD_PROGRESS_KEYS, bindings


class LoadProgress(ModalScreen[None]):
    """Shows pages and files loaded so far; Esc sets `stopped` (the loading flow watches it)."""

    BINDINGS = bindings(LOAD_PROGRESS_KEYS)

    DEFAULT_CSS = """
    LoadProgress { align: center middle; }
    LoadProgress > Vertical {
        width: 60; max-width: 95%; height: auto;
        border: round $accent; padding: 0 1; background: $surface;
    }
    LoadProgress #load-progress-count { height: 1; margin: 1 0; }
    LoadProgress #load-progress-hint { height: 1; color: $text-muted; }
    """

    def __init__(self, what: str) -> None:
        super().__init__()
        self.what = what
        self.stopped = asyncio.Event()

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Loading before marking"
            yield Static(f"Loading {self.what}…", id="load-progress-count", markup=False)
            yield Static("Esc stops: nothing is marked.", id="load-progress-hint", markup=False)

    def waits_before(self, key: events.Key | events.Paste) -> bool:
        """Keys typed ahead wait until it closes (key_order.py: Esc goes): they are meant for the table."""
        return True

    def show(self, files: int, pages: int) -> None:
        """`files` loaded in all, `pages` fetched by this run."""
        self.query_one("#load-progress-count", Static).update(
            f"Loading {self.what}… {files:,} files loaded ({pages:,} page{'s' if pages != 1 else ''})"
        )

    def action_stop(self) -> None:
        self.stopped.set()
        self.query_one("#load-progress-hint", Static).update("Stopping…")
