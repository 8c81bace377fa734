"""Copying file ids and content blocks from the main screen."""

from __future__ import annotations


class ClipboardActions:
    """Mixin for MainScreen: `y`, `Y`."""

    def action_copy_ids(self) -> None:
        self.say("Copy is not available yet.")  # type: ignore[attr-defined]

    def action_copy_block(self) -> None:
        self.say("Copy is not available yet.")  # type: ignore[attr-defined]
