"""`P`: pin or unpin the highlighted or marked files, and hand the screen's model its pins.

The model only holds the set of pinned ids (it reads no file); this component reads the pin
store once the connection is known (on mount, again on refresh), changes the model at once
when `P` is pressed (so a burst of keys sees it), and writes the store in the background, in
order, taking the change back if the write fails.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from typing import Any

from textual import work

from ..ledger import Place
from ..model.files import FileList
from ..pins import Pin, PinsError, PinStore, now_text, place_of
from ..service_errors import ServiceError
from ..text import clean
from .base import Component, Connect


class Pinner(Component):
    """The pins of `model`'s connection: loaded into it, changed by `toggle`, saved to the store."""

    def __init__(self, model: FileList, connect: Connect, on_change: Callable[[], None], store: PinStore | None = None) -> None:
        """`on_change` runs after the model's pins changed (the details pane redraws)."""
        super().__init__()
        self.model = model
        self.connect = connect
        self.on_change = on_change
        self.store = store or PinStore()
        self.place: Place | None = None  # set once the pins are loaded: deletes wait for it
        self.error: str | None = None  # why the pins could not be read (deletes are refused)
        self._writes = asyncio.Lock()

    @property
    def refusal(self) -> str | None:
        """Why nothing may be deleted now (pins unknown), or None."""
        if self.error is not None:
            return f"Pins could not be read, so nothing is deleted: {self.error}"
        if self.place is None:
            return "Pins are still loading; try again in a moment."
        return None

    @work(exclusive=True, group="pins-load", exit_on_error=False)
    async def load(self) -> None:
        """Read this connection's pins (again: a `claude-files pin` elsewhere shows after `r`)."""
        try:
            service = await self.connect()
        except ServiceError:
            return  # no connection: the page loader says why
        place = place_of(service.identity)
        async with self._writes:
            try:
                ids = self.store.ids(place)  # one small file, read on the loop: no key waits on a thread
            except PinsError as error:
                self.error = str(error)
                self.say(f"Pins not loaded: {error}", error=True)
                return
        self.place, self.error = place, None
        self.model.set_pins(ids)
        self.on_change()

    def reread(self) -> None:
        """Before a delete: add the pins saved since the last load, under any connection (as rm
        keeps them), so a `claude-files pin` in another terminal is never deleted by `d`. Only
        adds: a `P` whose write is still on its way stays pinned. One small file, read on the loop."""
        if self.place is None:
            return
        try:
            saved = self.store.kept_ids()
        except PinsError as error:
            self.error = str(error)  # `refusal` now says why nothing is deleted
            return
        new = saved - self.model.pins
        if new:
            self.model.set_pinned(list(new), True)
            self.on_change()

    def toggle(self, rows: Sequence[Any]) -> None:
        """Pin the files, or unpin them when every one is pinned already."""
        place = self.place
        if place is None:
            self.say(self.refusal or "Pins are still loading.", error=self.error is not None)
            return
        if not rows:
            self.say("No file to pin.")
            return
        pins = self.model.pins
        unpin = all(row.id in pins for row in rows)
        changed = [row for row in rows if (row.id in pins) == unpin]
        self.model.set_pinned([row.id for row in changed], not unpin)
        self.on_change()
        what, it = (clean(changed[0].filename, max_len=40), "it") if len(changed) == 1 else (f"{len(changed):,} files", "them")
        if unpin:
            self.say(f"Unpinned {what}.")
        else:
            self.say(f"Pinned {what}: ctrl+a, rules and rm never take {it} (P unpins).")
        self._save(place, changed, pinned=not unpin)

    @work(group="pins-save", exit_on_error=False)
    async def _save(self, place: Place, rows: list[Any], *, pinned: bool) -> None:
        stamp = now_text()
        ids = [row.id for row in rows]
        async with self._writes:  # one write at a time, in the order of the keys
            try:
                if pinned:
                    await asyncio.to_thread(self.store.change, place, pin=[Pin(row.id, row.filename, stamp) for row in rows])
                else:
                    await asyncio.to_thread(self.store.change, place, unpin=ids)
            except PinsError as error:
                self.model.set_pinned(ids, not pinned)
                self.on_change()
                self.say(f"Could not save the pins, so that change is undone: {error}", error=True)
