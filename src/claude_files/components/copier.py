"""Copying file ids, content blocks and session ids (`y`, `Y`, ctrl+y).

Over SSH the only clipboard that reaches the user's desk is the terminal's (OSC 52), so the
escape sequence goes out through Textual's own driver: written between frames, it cannot
tear a half-drawn screen the way a second writer on /dev/tty could.
"""

from __future__ import annotations

import json
from typing import Any

from .. import clipboard
from ..adapters.textual_private import terminal_writer
from ..model.rows import scope_of
from .base import Component


class Copier(Component):
    """Puts text on the user's clipboard and says how it went. The rows come from the caller
    (the marked files, else the highlighted one); `copy` also serves as a plain callable."""

    def copy_ids(self, rows: list[Any]) -> None:
        """`y`: the highlighted file's id, or every marked id, one per line."""
        if not rows:
            self.say("Nothing to copy: no file is highlighted.")
            return
        what = rows[0].id if len(rows) == 1 else f"{len(rows):,} ids"
        self.copy("\n".join(row.id for row in rows), what)

    def copy_block(self, rows: list[Any]) -> None:
        """`Y`: a Messages API content block (a JSON list of them when files are marked)."""
        if not rows:
            self.say("Nothing to copy: no file is highlighted.")
            return
        blocks = [clipboard.content_block(row.id, row.mime_type, row.filename) for row in rows]
        if len(blocks) == 1:
            self.copy(blocks[0], "content block")
        else:
            merged = json.dumps([json.loads(block) for block in blocks], indent=2, ensure_ascii=False)
            self.copy(merged, f"{len(blocks):,} content blocks")

    def copy_session(self, rows: list[Any]) -> None:
        """ctrl+y: the agent session id of the highlighted file (of the marked ones, each once)."""
        sessions = list(dict.fromkeys(scope[1] for row in rows if (scope := scope_of(row)) is not None))
        if not sessions:
            self.say("Nothing to copy: the file belongs to no agent session.")
            return
        self.copy("\n".join(sessions), sessions[0] if len(sessions) == 1 else f"{len(sessions):,} session ids")

    def copy(self, text: str, what: str) -> None:
        """Copy `text` the way the settings say and tell the user, naming it `what`."""
        writer = terminal_writer(self.app)
        result = clipboard.copy_text(text, mode=self.app.settings.clipboard, write=writer, browser=self.app.is_web)
        self.say(clipboard.describe(result, what), error=not result.ok)
