"""Copying file ids and content blocks from the main screen.

Over SSH the only clipboard that reaches the user's desk is the terminal's (OSC 52), so the
escape sequence goes out through Textual's own driver: written between frames, it cannot
tear a half-drawn screen the way a second writer on /dev/tty could.
"""

from __future__ import annotations

import json
from collections.abc import Callable

from .. import clipboard
from ..model.rows import scope_of
from .main_host import MainScreenHost


class ClipboardActions(MainScreenHost):
    """Mixin for MainScreen: `y`, `Y`."""

    def action_copy_ids(self) -> None:
        """`y`: the highlighted file's id, or every marked id, one per line."""
        rows = self.selected_rows()
        if not rows:
            self.say("Nothing to copy: no file is highlighted.")
            return
        what = rows[0].id if len(rows) == 1 else f"{len(rows):,} ids"
        self._copy("\n".join(row.id for row in rows), what)

    def action_copy_block(self) -> None:
        """`Y`: a Messages API content block (a JSON list of them when files are marked)."""
        rows = self.selected_rows()
        if not rows:
            self.say("Nothing to copy: no file is highlighted.")
            return
        blocks = [clipboard.content_block(row.id, row.mime_type, row.filename) for row in rows]
        if len(blocks) == 1:
            self._copy(blocks[0], "content block")
        else:
            merged = json.dumps([json.loads(block) for block in blocks], indent=2, ensure_ascii=False)
            self._copy(merged, f"{len(blocks):,} content blocks")

    def action_copy_session(self) -> None:
        """ctrl+y: the agent session id of the highlighted file (of the marked ones, each once)."""
        rows = self.selected_rows()
        sessions = list(dict.fromkeys(scope[1] for row in rows if (scope := scope_of(row)) is not None))
        if not sessions:
            self.say("Nothing to copy: the file belongs to no agent session.")
            return
        self._copy("\n".join(sessions), sessions[0] if len(sessions) == 1 else f"{len(sessions):,} session ids")

    def _copy(self, text: str, what: str) -> None:
        writer = self._terminal_writer()
        result = clipboard.copy_text(text, mode=self.app.settings.clipboard, write=writer, browser=self.app.is_web)
        self.say(clipboard.describe(result, what), error=not result.ok)

    def _terminal_writer(self) -> Callable[[bytes], None] | None:
        """Send bytes through Textual's driver (OSC 52 is ASCII); None falls back to /dev/tty."""
        driver = self.app._driver  # noqa: SLF001 - Textual has no public raw-write API
        if driver is None:
            return None

        def write(data: bytes) -> None:
            driver.write(data.decode("ascii"))
            driver.flush()

        return write
