"""The file list as pure state: loaded pages, the next cursor, highlight, marks, filter, sort.

No Textual, no SDK, no I/O. Rows are any objects with the Files API metadata attributes
(`id, filename, mime_type, size_bytes, created_at, downloadable, expires_at`): the SDK's
`FileMetadata` in the app, `FileRecord` in tests. Rows are stored as they arrive so that
ingesting 100k of them costs a list extend, not a conversion.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import Any

from claude_files.model.change import CURSOR, LOADING, PAINTED, ROWS, Change, ChangeFeed
from claude_files.model.loading import SERVER_ORDER, LoadState
from claude_files.model.query_filter import QueryFilter
from claude_files.model.rows import FileRecord, Row, scope_of

__all__ = ["SORTS", "SORT_LABELS", "Change", "FileList", "FileRecord", "Row", "scope_of"]

SORTS: tuple[str, ...] = (SERVER_ORDER, "oldest", "name", "size")
SORT_LABELS = {"newest": "newest first", "oldest": "oldest first", "name": "name A→Z", "size": "largest first"}


class FileList(ChangeFeed):
    """Everything the file table shows, and how the user has narrowed and marked it.

    Every mutation reports a `Change` to the watchers (see change.py): callers change the
    model, and the views redraw themselves."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.rows: list[Any] = []  # API order: newest first
        self.by_id: dict[str, Any] = {}
        self.next_page: str | None = None
        self.loaded_once = False
        self.sort = SORTS[0]
        self.marks: set[str] = set()
        self.pins: set[str] = set()  # handed in (`set_pins`): the model reads no file
        self.filter = QueryFilter(clock or (lambda: datetime.now(UTC)), self.marks, self.pins)
        self.visual_anchor: int | None = None
        self.cursor = 0
        self._view: list[Any] | None = None  # None: the view is `rows` itself
        self.loaded_bytes = 0
        self.rows_revision = 0  # bumped whenever rows come or go (what `is:duplicate` depends on)
        self.has_scopes = False  # some loaded file belongs to a session: the table shows the column
        self.complete_for: set[str] = set()  # server narrowings (`scope:…`, `ids`) fully loaded (`mark_complete`)
        self._rule: tuple[str, set[str]] | None = None  # ctrl+a under a query: its text and the ids it marked
        self._pins_passed: set[str] = set()  # pinned files ctrl+a or invert left unmarked, since marks were cleared
        self._strays: set[str] = set()  # fetched by id ahead of their page: placed by time until it comes
        self.loading = LoadState(lambda: self.changed(LOADING))  # what the page loader is doing

    # --- loading ----------------------------------------------------------------------

    @property
    def has_more(self) -> bool:
        return self.next_page is not None or not self.loaded_once

    def add_page(self, files: Sequence[Any], next_page: str | None) -> int:
        """Append a page (skipping ids already loaded); returns how many rows were new.

        A stray (see `add_strays`) met in its page moves to its place in the page order.
        """
        anchor = self.highlighted
        by_id = self.by_id
        arrived = self._strays.intersection(row.id for row in files) if self._strays else set()
        if arrived:
            self._strays -= arrived
            self.rows = [row for row in self.rows if row.id not in arrived]
            for file_id in arrived:
                self.loaded_bytes -= by_id.pop(file_id).size_bytes
            self._rebuild_view(anchor)
        fresh = [row for row in files if row.id not in by_id]
        for row in fresh:
            by_id[row.id] = row
        self.rows.extend(fresh)
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or any(getattr(row, "scope", None) is not None for row in fresh)
        self.loaded_bytes += sum(row.size_bytes for row in fresh)
        self.next_page = next_page
        self.loaded_once = True
        if self._strays and fresh:
            self._place_strays()
        if self._view is not None or arrived or self._strays:
            self._rebuild_view(anchor)
            self.changed(ROWS)
        else:
            self.changed(Change(appended_from=len(self.rows) - len(fresh)))
        return len(fresh)

    def replace_all(self, files: Sequence[Any], next_page: str | None) -> None:
        """Start over (refresh) with `files`, keeping the highlight on the same id if it is
        among them, else on the same row number (the neighbours of a file gone meanwhile)."""
        anchor_id = self.highlighted.id if self.highlighted is not None else None
        old_cursor = self.cursor
        self.rows = []
        self.by_id = {}
        self.has_scopes = False
        self.complete_for.clear()
        self._strays = set()
        self.loaded_bytes = 0
        self.loaded_once = False
        self.visual_anchor = None
        self.add_page(files, next_page)
        self._rebuild_view(None)
        self.cursor = old_cursor if anchor_id is not None else 0
        if anchor_id is None or not self.select_id(anchor_id):
            self._clamp()
        self.changed(ROWS)

    def add_strays(self, files: Sequence[Any]) -> None:
        """Files fetched by id (a pasted id) before their page: each goes where its creation
        time puts it among the loaded rows (newest first), and to its exact place once its
        page arrives (`add_page`), so End never leaves it out of order."""
        anchor = self.highlighted
        for row in files:
            if row.id not in self.by_id:
                self.rows.append(row)
                self.by_id[row.id] = row
                self.loaded_bytes += row.size_bytes
                self._strays.add(row.id)
        self._place_strays()
        self._rebuild_view(anchor)
        self.changed(ROWS)

    def _place_strays(self) -> None:
        """Put each stray among the paged rows by creation time (the API's order, newest first)."""
        strays = [row for row in self.rows if row.id in self._strays]
        self.rows = [row for row in self.rows if row.id not in self._strays]
        keys = [-_timestamp(row.created_at) for row in self.rows]
        for row in sorted(strays, key=lambda row: -_timestamp(row.created_at), reverse=True):
            self.rows.insert(bisect_left(keys, -_timestamp(row.created_at)), row)

    def insert_new(self, row: Any) -> None:
        """A file just uploaded: it goes on top (newest first) and gets the highlight."""
        if row.id in self.by_id:
            self.remove([row.id])
        self.rows.insert(0, row)
        self.by_id[row.id] = row
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or getattr(row, "scope", None) is not None
        self.loaded_bytes += row.size_bytes
        self._rebuild_view(None)
        if not self.select_id(row.id):
            self._clamp()
        self.changed(ROWS)

    def update(self, row: Any) -> None:
        """Fresh metadata for a loaded file (from retrieve)."""
        old = self.by_id.get(row.id)
        if old is None:
            return
        self.by_id[row.id] = row
        self.loaded_bytes += row.size_bytes - old.size_bytes
        self.rows[self.rows.index(old)] = row
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or getattr(row, "scope", None) is not None
        if self._view is not None and old in self._view:  # a filter may hide it by the time it arrives
            self._view[self._view.index(old)] = row
        self.changed(PAINTED)

    def remove(self, ids: Iterable[str]) -> int:
        """Drop rows (deleted); the highlight moves to the row after the last removed."""
        asked = set(ids)
        unloaded_marked = not asked.isdisjoint(self.marks)
        self._strays -= asked
        self.marks -= asked  # a gone file's mark goes too, loaded or not
        if not self.marks:
            self._pins_passed.clear()  # that selection is done with
        if self._rule is not None:
            self._rule[1].difference_update(asked)
        gone = asked & self.by_id.keys()
        if not gone:
            if unloaded_marked:
                self.changed(PAINTED)  # marks of unloaded files went: the status line counts them
            return 0
        view = self.view
        next_row = None
        for row in view[self.cursor :]:
            if row.id not in gone:
                next_row = row
                break
        for file_id in gone:
            self.loaded_bytes -= self.by_id.pop(file_id).size_bytes
        self.rows = [row for row in self.rows if row.id not in gone]
        self.rows_revision += 1
        self._rebuild_view(None)
        if next_row is not None:
            self.select_id(next_row.id)
        self._clamp()
        self.changed(ROWS)
        return len(gone)

    # --- the view: filter and sort ---------------------------------------------------

    @property
    def view(self) -> list[Any]:
        return self.rows if self._view is None else self._view

    def __len__(self) -> int:
        return len(self.view)

    @property
    def filter_text(self) -> str:
        """The query the view shows (the last good one); "" for one with no terms (`""`): that is no
        filter, so never a rule that ctrl+a, the delete confirmation or the status line name."""
        return self.filter.text if self.filter.active else ""

    @property
    def filter_error(self) -> Any | None:
        """What is wrong with the latest text given to `set_filter` (a QueryError), or None."""
        return self.filter.error

    @property
    def answer_complete(self) -> bool:
        """Has every file that can match been loaded? (All pages, or the server's narrowing of this query.)"""
        return not self.has_more or (self.narrowing is not None and self.narrowing in self.complete_for)

    @property
    def narrowing(self) -> str | None:
        """How the server can list the files this query can match (`scope:ID`, `ids:…`), or None."""
        query = self.filter.query
        if query.ids is not None:
            return "ids:" + ",".join(query.ids)
        if query.scope_id is not None:
            return "scope:" + query.scope_id
        return None

    def set_filter(self, text: str) -> bool:
        """Filter by the query `text`. False (and the view as it was) when the text is not a valid query."""
        anchor = self.highlighted
        before = self.filter.text
        narrowing = self._view is not None and self.filter.narrows(before, text)
        if not self.filter.apply(text, keep_time=narrowing):
            return False
        if self.filter.text == before:
            return True
        self.visual_anchor = None
        if narrowing and self._view is not None:
            self._view = [row for row in self._view if self.matches(row)]
            if anchor is None or not self.select_id(anchor.id):
                self._clamp()
        else:
            self._rebuild_view(anchor)
        self.changed(ROWS)
        return True

    def mark_complete(self, narrowing: str) -> None:
        """Every file the server's `narrowing` lists is loaded: counts under it are exact now."""
        self.complete_for.add(narrowing)
        self.changed(PAINTED)

    def cycle_sort(self) -> str:
        anchor = self.highlighted
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._rebuild_view(anchor)
        self.changed(ROWS)
        return self.sort

    def matches(self, row: Any) -> bool:
        return self.filter.predicate(self.rows, self.rows_revision)(row)

    def _rebuild_view(self, anchor: Any) -> None:
        active = self.filter.active
        if not active and self.sort == "newest":
            self._view = None
        else:
            rows = self.rows
            if active:
                predicate = self.filter.predicate(rows, self.rows_revision)
                rows = [row for row in rows if predicate(row)]
            else:
                rows = list(rows)
            if self.sort == "oldest":
                rows.reverse()
            elif self.sort == "name":
                rows.sort(key=lambda row: row.filename.casefold())
            elif self.sort == "size":
                rows.sort(key=lambda row: row.size_bytes, reverse=True)
            self._view = rows
        if anchor is None or not self.select_id(anchor.id):
            self._clamp()

    # --- highlight --------------------------------------------------------------------

    @property
    def highlighted(self) -> Any | None:
        view = self.view
        return view[self.cursor] if 0 <= self.cursor < len(view) else None

    def index_of(self, file_id: str) -> int | None:
        row = self.by_id.get(file_id)
        if row is None:
            return None
        try:
            return self.view.index(row)
        except ValueError:
            return None

    def select_id(self, file_id: str) -> bool:
        index = self.index_of(file_id)
        if index is None:
            return False
        if index != self.cursor:
            self.cursor = index
            self.changed(CURSOR, shown=self.visual_anchor is not None)
        return True

    def move_to(self, index: int) -> bool:
        """Put the highlight on `index` (clamped); True when it moved."""
        before = self.cursor
        self.cursor = index
        self._clamp()
        if self.cursor == before:
            return False
        self.changed(CURSOR, shown=self.visual_anchor is not None)  # a visual range grows with it
        return True

    def move_by(self, delta: int) -> bool:
        return self.move_to(self.cursor + delta)

    def _clamp(self) -> None:
        self.cursor = max(0, min(self.cursor, len(self.view) - 1))

    def near_end(self, window: int) -> bool:
        """Should the next page be fetched? (highlight within `window` rows of the loaded end)"""
        return self.has_more and self.loaded_once and self.cursor >= len(self.view) - window

    # --- marks ------------------------------------------------------------------------

    def visual_range(self) -> range:
        if self.visual_anchor is None:
            return range(0)
        low, high = sorted((self.visual_anchor, self.cursor))
        return range(low, high + 1)

    def toggle_mark(self) -> None:
        """`space`: toggle the highlighted row (or end a visual range) and move down."""
        if self.visual_anchor is not None:
            self.end_visual()
            return
        row = self.highlighted
        if row is None:
            return
        self.marks.symmetric_difference_update({row.id})
        self.changed(PAINTED)
        self.move_by(1)

    def toggle_visual(self) -> bool:
        """`v`: start a visual range at the highlight, or end it (marking the range)."""
        if self.visual_anchor is None:
            if self.highlighted is None:
                return False
            self.visual_anchor = self.cursor
            self.changed(PAINTED)
            return True
        self.end_visual()
        return False

    def end_visual(self) -> None:
        view = self.view
        self.marks.update(view[i].id for i in self.visual_range())
        self.visual_anchor = None
        self.changed(PAINTED)

    def mark_all_matching(self) -> int:
        """ctrl+a: mark every row in view but the pinned ones; under a query that remembers
        the rule (for the delete summary)."""
        before = len(self.marks)
        if not self.marks:
            self._rule = (self.filter.text, set()) if self.filter.active else None
            self._pins_passed.clear()
        ids = self._unpinned_in_view()
        self.marks.update(ids)
        if self._rule is not None:
            self._rule[1].update(ids)
        self.changed(PAINTED)
        return len(self.marks) - before

    def _unpinned_in_view(self) -> list[str]:
        pins = self.pins
        if pins:
            self._pins_passed.update(row.id for row in self.view if row.id in pins)
        return [row.id for row in self.view if row.id not in pins]

    def pins_kept(self, marked: Iterable[Any]) -> int:
        """How many pinned files a delete of the `marked` rows leaves: those marked by hand and
        those ctrl+a or invert passed over (what the confirmation says were kept)."""
        return len(self.pins & ({row.id for row in marked} | self._pins_passed))

    def pinned_in_view(self) -> int:
        """How many rows in view are pinned (what ctrl+a and invert leave unmarked)."""
        pins = self.pins
        return sum(1 for row in self.view if row.id in pins) if pins else 0

    @property
    def rule(self) -> str | None:
        """The query behind the marks when ctrl+a under it made them all (and nothing changed them since)."""
        if self._rule is None or not self.marks or self.visual_anchor is not None or self.marks != self._rule[1]:
            return None
        return self._rule[0]

    def invert_marks(self) -> None:
        """Invert within the filter; marks hidden by the filter stay as they are, and a
        pinned file is never marked by it (only a mark made by hand can go)."""
        self.marks.symmetric_difference_update(self._unpinned_in_view())
        self.changed(PAINTED)

    def clear_marks(self) -> bool:
        had = bool(self.marks) or self.visual_anchor is not None
        self.marks.clear()
        self._pins_passed.clear()
        self._rule = None
        self.visual_anchor = None
        if had:
            self.changed(PAINTED)
        return had

    def effective_marks(self) -> set[str]:
        view = self.view
        return self.marks | {view[i].id for i in self.visual_range()}

    def marked_rows(self) -> list[Any]:
        """Marked files in view order, then hidden ones (still loaded) in API order."""
        marks = self.effective_marks()
        shown = [row for row in self.view if row.id in marks]
        shown_ids = {row.id for row in shown}
        hidden = [row for row in self.rows if row.id in marks and row.id not in shown_ids]
        return shown + hidden

    def unloaded_marks(self) -> int:
        """Marks whose files are not loaded now (after a refresh): kept, shown again when loaded."""
        return len(self.unloaded_mark_ids())

    def unloaded_mark_ids(self) -> list[str]:
        """The ids behind `unloaded_marks`, for fetching them by id before a bulk delete; in
        O(marks) (`set - dict.keys()` copied every loaded id: 6 ms at 100k rows, each redraw)."""
        by_id = self.by_id
        return sorted(file_id for file_id in self.marks if file_id not in by_id)

    # --- pins -------------------------------------------------------------------------

    def set_pins(self, ids: Iterable[str]) -> None:
        """This connection's pins, as the pin store holds them."""
        self.pins.clear()
        self.pins.update(ids)
        self._pins_changed()

    def set_pinned(self, ids: Iterable[str], pinned: bool) -> None:
        """`P`: pin (or unpin) these files."""
        if pinned:
            self.pins.update(ids)
        else:
            self.pins.difference_update(ids)
        self._pins_changed()

    def _pins_changed(self) -> None:
        if self.filter.query.needs_pins:  # `is:pinned` shows other rows now
            self._rebuild_view(self.highlighted)
            self.changed(ROWS)
        else:
            self.changed(PAINTED)

    def drop_marks(self, ids: Iterable[str]) -> None:
        """Marks of files that no longer exist (deleted elsewhere while not loaded)."""
        self.marks.difference_update(ids)
        self.changed(PAINTED)

    def marked_summary(self) -> tuple[int, int, int]:
        """(count, total bytes, how many are hidden by the filter) of the marked files."""
        marks = self.effective_marks()
        rows = [self.by_id[i] for i in marks if i in self.by_id]
        hidden = sum(1 for row in rows if not self.matches(row))
        return len(rows), sum(row.size_bytes for row in rows), hidden


def _timestamp(moment: datetime) -> float:
    return moment.timestamp()
