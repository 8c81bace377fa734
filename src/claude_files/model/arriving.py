"""New files from a live check merged into the file list, and files it finds gone: `FileList`'s
live-refresh half (components/live.py asks; model/live.py times the asking).

Split out of files.py so that each part reads on its own; `FileList` inherits it and provides
the rows, the view and the highlight it works on. Pure: no Textual, no SDK, no I/O.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Collection, Iterable, Sequence
from datetime import datetime
from typing import TYPE_CHECKING, Any

from claude_files.model.change import PAINTED, ROWS
from claude_files.model.listing import SORT_KEY
from claude_files.model.live import Merged
from claude_files.model.marking import Marking
from claude_files.model.rows import FileRecord, Row, records


class Arriving(Marking):
    """Which files a live check brought (`new_ids`, until highlighted) and how they come in."""

    if TYPE_CHECKING:  # what FileList provides
        sort: str
        loaded_once: bool
        loaded_bytes: int
        rows_revision: int
        has_scopes: bool
        _view: list[FileRecord] | None

        def remove(self, ids: Iterable[str]) -> int: ...
        def index_of(self, file_id: str) -> int | None: ...
        def select_id(self, file_id: str) -> bool: ...
        def _clamp(self) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self.new_ids: set[str] = set()  # brought by live refresh, not highlighted yet (`look_at`)

    def newest_ids(self, count: int) -> frozenset[str]:
        """The ids of the `count` newest loaded files, taken as a live check is sent: only these
        can be found gone by its answer (a file uploaded meanwhile is missing from it, not gone)."""
        return frozenset(row.id for row in self.rows[:count])

    def merge_newest(self, files: Sequence[Row], next_page: str | None, known: Collection[str]) -> Merged:
        """A live check's answer, the server's newest page: files not loaded come in at their place
        by creation time (in `new_ids` until looked at); files of `known` newer than the page's
        oldest (all of them when the page is the whole listing) that it lacks are gone, marks too.
        The highlight, the visual range and the filter stay on the same files."""
        if not self.loaded_once:
            return Merged([], [], 0)
        files = records(files)
        listed = {row.id for row in files}
        boundary = min((row.created_at for row in files), default=None) if next_page else None
        by_id = self.by_id
        gone = [
            file_id
            for file_id in known
            if file_id not in listed and file_id in by_id and (boundary is None or by_id[file_id].created_at > boundary)
        ]
        fresh = [row for row in files if row.id not in by_id]
        if not gone and not fresh:
            return Merged([], [], 0)
        view = self.view
        visual = view[self.visual_anchor].id if self.visual_anchor is not None and self.visual_anchor < len(view) else None
        unmarked = len(self.marks.intersection(gone))
        self.new_ids.difference_update(gone)
        self.remove(gone)  # the highlight moves on as after a delete
        if fresh:
            self._insert_by_time(fresh)
        if visual is not None:
            self.visual_anchor = self.index_of(visual)
            if self.visual_anchor is None:
                self.visual_anchor = min(self.cursor, len(self.view) - 1) if self.view else None
        self.changed(ROWS)
        return Merged(fresh, gone, unmarked)

    def _insert_by_time(self, fresh: list[FileRecord]) -> None:
        """New files among the newest rows, each before the first loaded row not newer than it."""
        anchor = self.highlighted
        rows = self.rows
        oldest = min(timestamp(row.created_at) for row in fresh)
        head = 0
        while head < len(rows) and timestamp(rows[head].created_at) >= oldest:
            head += 1
        keys = [-timestamp(row.created_at) for row in rows[:head]]
        for row in reversed(fresh):  # the oldest first, each before its equals: ties keep the page's order
            at = bisect_left(keys, -timestamp(row.created_at))
            keys.insert(at, -timestamp(row.created_at))
            rows.insert(at, row)
            self.by_id[row.id] = row
        self.new_ids.update(row.id for row in fresh)
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or any(row.scope is not None for row in fresh)
        self.loaded_bytes += sum(row.size_bytes for row in fresh)
        if self._view is None or not self._place_in_view(fresh):
            self._rebuild_view(anchor)
        elif anchor is None or not self.select_id(anchor.id):
            self._clamp()

    def _place_in_view(self, fresh: list[FileRecord]) -> bool:
        """New rows into a filtered or sorted view at their places: filtering every row again took
        90 ms a check at 200k rows. False when the view must be rebuilt (`is:duplicate` depends on every row)."""
        view = self._view
        if view is None or self.filter.query.needs_duplicates:
            return False
        keep = self.filter.predicate(self.rows, self.rows_revision) if self.filter.active else None
        key, after_equals = _SORT_KEYS[self.sort]
        place = bisect_right if after_equals else bisect_left
        for row in reversed(fresh):  # as in `_insert_by_time`, so ties fall as a full sort of `rows` puts them
            if keep is None or keep(row):
                view.insert(place(view, key(row), key=key), row)
        return True

    def look_at(self, file_id: str) -> None:
        """The file was highlighted: it is no longer new."""
        if file_id in self.new_ids:
            self.new_ids.discard(file_id)
            self.changed(PAINTED, shown=False)


def timestamp(moment: datetime) -> float:
    return moment.timestamp()


_SORT_KEYS: dict[str, tuple[Callable[[Row], Any], bool]] = {
    # The order `_rebuild_view` gives, as a key to bisect on, and whether a row goes after its equals
    # (a new row is newer than the loaded ones it ties with: before them, but after them when reversed).
    "newest": (lambda row: -timestamp(row.created_at), False),
    "oldest": (lambda row: timestamp(row.created_at), True),
    "name": (SORT_KEY["name"], False),
    "size": (SORT_KEY["size"], False),
}
