"""The last view of this place: drawn at once on start (stale), kept when it changes, and a
guard that lets nothing act on a stale row until the server has confirmed it.

`restore` runs in the screen's `on_mount`, before the first frame and before the SDK is
imported: the cache is one small JSON file (listing_cache.py). The page loader's first
listing then replaces the rows (`FileList.refresh_first_pages`). Saving follows the model:
a second after the first rows change (a refresh, a delete, an upload), in a thread.
"""

from __future__ import annotations

import asyncio
from collections.abc import Mapping
from datetime import datetime
from typing import Any

from textual.timer import Timer

from ..listing_cache import ListingCache, encode_rows, launch_key, place_of
from ..model.change import Change
from ..model.files import FileList
from ..session import Session
from ..text import clean
from .base import Component

SAVE_AFTER = 1.0  # seconds of quiet before the first rows are written again

GUARDED = {
    "main.delete": "delete",
    "main.download": "download",
    "main.chat": "chat",
    "main.copy_ids": "copy_ids",
    "main.copy_block": "copy_block",
    "main.copy_session": "copy_session",
}
"""Key id → the screen's action that must not act on a stale row (`d`, `s`, `c`, `y`, `Y`, ctrl+y)."""
WHOLE_LISTING = ("table.mark_all", "table.cursor_bottom")
"""Keys that mean every file listed: while stale that would be only the cached page (ctrl+a; End,
which loads the pages after it: on the cached page it found none to load and stopped at its
last row, above the files the fresh listing then said were there)."""


class LastView(Component):
    """Restores and keeps `model`'s first rows for the screen's place; guards the stale ones."""

    def __init__(self, model: FileList, cache: ListingCache | None = None) -> None:
        super().__init__()
        self.model = model
        self.cache = cache
        self._launch: str | None = None  # the start's launch key: which place it resolved to is kept
        self._saved: list[dict[str, Any]] | None = None
        self._timer: Timer | None = None
        self._save_due = False  # the timer runs: a change is not written yet
        self._session: Session | None = None  # the screen's connection (its place, once connected)
        self._held: dict[str, tuple[str | None, str, str]] = {}  # action → (the file waited for, its name, "as of …")

    @property
    def enabled(self) -> bool:
        """Off for the demo: its server gives the sample files new ids each run, so last run's
        rows would be files that never come back (a mark on one lost, `d` on one refused)."""
        launch = self.app.launch
        return self.app.settings.listing_cache and not launch.no_cache and not launch.demo

    # --- restore and keep ---------------------------------------------------------------

    def restore(self) -> None:
        """Draw the place's cached rows, stale, if there are any (never raises: no cache is no rows)."""
        if not self.enabled:
            return
        self.cache = self.cache or ListingCache()
        self._session = session = self.app.session_of(self.screen)
        if session.identity is not None:  # a place switched to: known already
            cached = self.cache.read_place(place_of(session.identity))
        else:
            launch = self.app.launch
            self._launch = launch_key(
                base_url=launch.base_url,
                profile=launch.profile,
                workspace=launch.workspace,
                key_given=launch.api_key is not None,
            )
            cached = self.cache.read_launch(self._launch)
        if cached is not None and cached.rows:
            self.model.show_cached(cached.rows, cached.as_of)

    def on_mount(self) -> None:
        self.model.watch(self._model_changed)

    def on_unmount(self) -> None:
        """Quitting within a second of a change: the last view is written now (small, synchronous)."""
        if self._timer is not None and self._save_due:
            self._timer.stop()
            self._save(now=True)

    def _model_changed(self, change: Change) -> None:
        if self.model.stale.active:
            return
        self._held.pop("whole", None)  # ctrl+a waited: said once per stale view
        if (change.rows or change.appended_from is not None) and self.enabled:
            if self._timer is not None:
                self._timer.stop()
            self._save_due = True
            self._timer = self.set_timer(SAVE_AFTER, self._save)

    def _save(self, *, now: bool = False) -> None:
        self._save_due = False
        session = self._session
        listed_at = self.model.stale.listed_at
        if session is None or session.identity is None or listed_at is None or self.model.stale.active or self.cache is None:
            return
        rows = encode_rows(self.model.rows)
        if rows == self._saved:
            return
        self._saved = rows
        if now:
            try:
                self.cache.write(self._launch, place_of(session.identity), list(self.model.rows[: len(rows)]), listed_at)
            except OSError:
                pass
            return
        self.run_worker(self._write(place_of(session.identity), list(self.model.rows[: len(rows)]), listed_at), group="last-view")

    async def _write(self, place: Mapping[str, Any], rows: list[Any], listed_at: datetime) -> None:
        assert self.cache is not None
        try:
            await asyncio.to_thread(self.cache.write, self._launch, place, rows, listed_at)
        except OSError:
            self._saved = None  # best effort: a read-only cache dir must not break anything

    # --- the guard ------------------------------------------------------------------------

    def holds(self, key: str, bound: Mapping[str, tuple[str, ...]]) -> bool:
        """Should `key` wait (key_order.py's `waits_before`)? Yes when it acts on a stale row
        while the fresh listing is on its way; the first time, say what it waits for."""
        stale = self.model.stale
        if not stale.active or not stale.refreshing:
            return False
        if any(key in bound.get(key_id, ()) for key_id in WHOLE_LISTING):
            if "whole" not in self._held:
                self._held["whole"] = (None, "", "")
                self.say(f"Waiting for the fresh listing (shown {stale.words(short=True)})…", toast=False)
            return True
        action = next((action for key_id, action in GUARDED.items() if key in bound.get(key_id, ())), None)
        if action is None or not self._stale_selection():
            return False
        if action not in self._held:
            marks = self.model.effective_marks()
            row = self.model.highlighted
            name = "the marked files" if marks else clean(row.filename, max_len=40) if row is not None else "the file"
            self._held[action] = (None if marks or row is None else row.id, name, stale.words(short=True))
            self.say(f"Waiting for the server to confirm {name} (shown {stale.words(short=True)})…", toast=False)
        return True

    def refusal(self, action: str) -> str | None:
        """Why `action` must not act now, or None: its file went while the key waited, or it is
        still stale (the refresh failed, or the action came from the palette, which does not wait)."""
        held = self._held.pop(action, None)
        if held is not None:
            file_id, name, as_of = held
            row = self.model.highlighted
            if file_id is not None and (row is None or row.id != file_id):
                return f"{name} no longer exists (it was listed {as_of}); nothing done."
        stale = self.model.stale
        if self._stale_selection():
            then = "wait for the refresh" if stale.refreshing else "r refreshes"
            return f"Not done: the list is {stale.words(short=True)} and the server has not confirmed it yet ({then})."
        return None

    def _stale_selection(self) -> bool:
        stale = self.model.stale
        if not stale.active:
            return False
        marks = self.model.effective_marks()
        if marks:
            return not marks.isdisjoint(stale.ids)
        row = self.model.highlighted
        return row is not None and stale.covers(row.id)
