"""A path field with shell-like Tab completion (~ and $VARS kept as typed).

Tab completes as far as the candidates agree; while several candidates remain it lists them
and stays; on a complete path (or nothing to complete) it moves focus on. The candidates are
announced for the dialog to show.
"""

from __future__ import annotations

from pathlib import Path

from textual.message import Message
from textual.widgets import Input

from ..keymap import PATH_INPUT_KEYS, bindings
from ..localfs import complete_path


class PathInput(Input):
    BINDINGS = bindings(PATH_INPUT_KEYS)

    class Completions(Message):
        """Several candidates matched; the dialog lists them."""

        def __init__(self, path_input: PathInput, candidates: list[str]) -> None:
            super().__init__()
            self.path_input = path_input
            self.candidates = candidates

        @property
        def control(self) -> PathInput:
            return self.path_input

    def __init__(self, value: str = "", *, cwd: Path | None = None, **kwargs: object) -> None:
        super().__init__(value, **kwargs)  # type: ignore[arg-type]
        self.cwd = cwd
        self._listed_for: str | None = None  # the value whose candidates were listed (the next Tab moves on)

    def action_complete(self) -> None:
        """Complete as far as the candidates agree; when that adds nothing, list the candidates
        and stay (an ambiguous start is not a path to leave behind: more Tabs jumped into the
        expiry); a path that completes already, or nothing to complete, moves on."""
        if not self.value:
            self.screen.focus_next()
            return
        completed, candidates = complete_path(self.value, self.cwd)
        if completed != self.value:
            self.value = completed
            self.cursor_position = len(completed)
        elif len(candidates) <= 1 or (self._listed_for == self.value and self.value in candidates):
            self.screen.focus_next()
            return
        self._listed_for = self.value
        self.post_message(self.Completions(self, candidates if len(candidates) > 1 else []))
