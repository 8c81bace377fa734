"""What every component of the main screen shares: a hidden widget that can say things."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from textual.message import Message
from textual.widget import Widget
from textual.worker import Worker, WorkerState

if TYPE_CHECKING:
    from textual import getters

    from ..app import ClaudeFilesApp
    from ..service import FilesService

Connect = Callable[[], Awaitable["FilesService"]]
"""A component's connection, handed to it when its screen makes it (connected on first call):
never looked up from whichever worker happens to be calling."""


class Component(Widget):
    """A part of a screen that works but draws nothing: it owns its workers (so they run
    against its screen's connection) and reports by posting Messages, as harlequin's workers do."""

    DEFAULT_CSS = """
    Component { display: none; }
    """

    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    class Said(Message):
        """Something to tell the user: a line in the status bar, and a toast unless `toast` is False."""

        def __init__(self, component: Component, text: str, *, error: bool = False, toast: bool = True) -> None:
            super().__init__()
            self.component = component
            self.text = text  # plain text, never markup
            self.error = error
            self.toast = toast

        @property
        def control(self) -> Component:
            return self.component

    def say(self, text: str, *, error: bool = False, toast: bool = True) -> None:
        self.post_message(self.Said(self, text, error=error, toast=toast))

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        """Nothing unexpected in a worker reaches the screen as a traceback: it becomes words
        (`Worker.StateChanged` does not bubble, so each component turns its own)."""
        if event.state == WorkerState.ERROR:
            error = event.worker.error
            self.say(f"Something went wrong: {type(error).__name__}: {error}", error=True)
