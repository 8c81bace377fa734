"""The chat pane's hooks into the main screen."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult


class ChatActions:
    """Mixin for MainScreen: `c`, and following the highlight."""

    def compose_chat(self) -> ComposeResult:
        yield from ()

    def action_chat(self) -> None:
        self.say("Chat is not available yet.")  # type: ignore[attr-defined]

    def on_highlight_changed(self, row: Any | None) -> None:
        """The chat pane follows the highlighted file's conversation."""
