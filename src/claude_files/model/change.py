"""How the model tells its views what changed, so nobody has to remember which redraw to call.

`FileList` mutations (and its `LoadState`'s) report a `Change`; whoever draws the list (the table, the header, the
status line) watches the feed and redraws what the change touched, once per frame however many
changes came. `revision` counts every change a header or status line could show (not plain
highlight moves), so a view can bind to it. Pure: no Textual, no I/O.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass


@dataclass(frozen=True)
class Change:
    """What one mutation touched."""

    rows: bool = False  # the view's rows changed: came, went, filtered, sorted
    appended_from: int | None = None  # only rows added at the end of the view, from this index
    cursor: bool = False  # the highlight moved
    painted: bool = False  # something drawn changed in place: marks, a row's metadata, completeness
    loading: bool = False  # the list's LoadState (loading.py): the row under the files may come or go

    def merged(self, other: Change) -> Change:
        """One change standing for both (what a view catching up once per frame applies)."""
        if self.rows or other.rows:
            appended = None
        elif self.appended_from is None or other.appended_from is None:
            appended = self.appended_from if other.appended_from is None else other.appended_from
        else:
            appended = min(self.appended_from, other.appended_from)
        return Change(
            rows=self.rows or other.rows,
            appended_from=appended,
            cursor=self.cursor or other.cursor,
            painted=self.painted or other.painted,
            loading=self.loading or other.loading,
        )


ROWS = Change(rows=True)
CURSOR = Change(cursor=True)
PAINTED = Change(painted=True)
LOADING = Change(loading=True)

Watcher = Callable[[Change], None]


class ChangeFeed:
    """The watchers of a model and its revision."""

    def __init__(self) -> None:
        self.revision = 0
        self._watchers: list[Watcher] = []

    def watch(self, watcher: Watcher) -> Callable[[], None]:
        """Call `watcher` after every change; returns the call that stops it."""
        self._watchers.append(watcher)
        return lambda: self._watchers.remove(watcher) if watcher in self._watchers else None

    def changed(self, change: Change, *, shown: bool = True) -> None:
        """Tell the watchers; `shown=False` for a change no header or status line shows."""
        if shown:
            self.revision += 1
        for watcher in list(self._watchers):
            watcher(change)
