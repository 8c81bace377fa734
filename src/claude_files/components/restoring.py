"""Enter on a row of the delete record (`L`): upload the file again under a new id, as
`claude-files restore` does (restores.restore: the archived copy its delete wrote, else one in the
archive folder, else the local file the upload ledger knows), on the connection it was deleted
from only. Several may run at once: each id's claim keeps a second Enter (or a CLI restore of
the same id) from uploading it twice.

The record screen shows and asks; this component reaches the network, on the connection it is
handed, and says how it went (a `Said` the screen puts in its status line).
"""

from __future__ import annotations

from textual import work

from ..archive import default_dir
from ..deletions import Deletion
from ..restores import CannotRestore, restore
from ..service_errors import ServiceError
from ..text import clean
from .base import Component, Connect


class Restorer(Component):
    """Restores entries of the delete record on the connection `connect` hands it."""

    def __init__(self, connect: Connect) -> None:
        super().__init__()
        self.connect = connect

    @work(group="deletions-restore", exit_on_error=False)  # never cancelled by the next Enter mid-upload
    async def restore(self, entry: Deletion) -> None:
        """Upload the file again under a new id; refused when this connection is not where it was deleted from."""
        name = clean(entry.filename, max_len=40)
        try:
            service = await self.connect()
            here = service.identity
            if str(here.base_url).rstrip("/") != entry.base_url or (here.workspace or None) != (entry.workspace or None):
                where = f"{clean(entry.base_url, max_len=40)}, workspace {clean(entry.workspace or 'default', max_len=30)}"
                self.say(f"{name} was deleted from {where}: switch there (w) to restore it.", error=True)
                return
            self.say(f"Restoring {name}…")
            done = await restore(service, entry.id, [default_dir(self.app.settings)])
        except CannotRestore as error:
            busy = error.status == "restoring"  # not a lost way back: another run has it in hand
            self.say(f"{name} {'is' if busy else 'cannot come back:'} {clean(error.reason)}", error=True)
        except ServiceError as error:
            self.say(f"{name} was not restored: {clean(error.text)}", error=True)
        else:
            if done.status == "already_restored":
                self.say(f"{name} was already restored as {done.new_id}; nothing uploaded. r in the table shows it.")
                return
            self.say(f"Restored {name} as {done.new_id}, from its {done.source.replace('_', ' ')}; r in the table shows it.")
