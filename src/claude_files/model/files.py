"""The file list as pure state: loaded pages, the next cursor, highlight, filter, sort (and,
through `Marking`, marks and pins).

No Textual, no SDK, no I/O. Files come in as any rows with the Files API metadata attributes
(the SDK's `FileMetadata` in the app) and are kept as compact `FileRecord`s (`rows.record`):
a million loaded files hold ~0.4 GB, not the SDK objects' 1.8 GB.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterable, Sequence
from datetime import UTC, datetime
from typing import cast

from claude_files.model.arriving import Arriving, timestamp
from claude_files.model.change import CURSOR, LOADING, PAINTED, ROWS, Change
from claude_files.model.listing import SORTS, Narrowing, narrowing_of, sort_rows
from claude_files.model.loading import LoadState
from claude_files.model.query import QueryError
from claude_files.model.query_filter import QueryFilter
from claude_files.model.rows import FileRecord, Row, record, records, scope_of
from claude_files.model.stale import Staleness

__all__ = ["SORTS", "SORT_LABELS", "Change", "FileList", "FileRecord", "Row", "record", "scope_of"]

SORT_LABELS = {"newest": "newest first", "oldest": "oldest first", "name": "name A→Z", "size": "largest first"}


class FileList(Arriving):
    """Everything the file table shows, and how the user has narrowed and marked it.

    Every mutation reports a `Change` to the watchers (see change.py): callers change the
    model, and the views redraw themselves."""

    def __init__(self, clock: Callable[[], datetime] | None = None) -> None:
        super().__init__()
        self.rows: list[FileRecord] = []  # API order: newest first
        self.by_id: dict[str, FileRecord] = {}
        self.next_page: str | None = None
        self.loaded_once = False
        self.sort = SORTS[0]
        self.filter = QueryFilter(clock or (lambda: datetime.now(UTC)), self.marks, self.pins)
        self.cursor = 0
        self._view: list[FileRecord] | None = None  # None: the view is `rows` itself
        self.loaded_bytes = 0
        self.rows_revision = 0  # bumped whenever rows come or go (what `is:duplicate` depends on)
        self.has_scopes = False  # some loaded file belongs to a session: the table shows the column
        self.complete_for: set[Narrowing] = set()  # server narrowings fully loaded (`mark_complete`)
        self._strays: set[str] = set()  # fetched by id ahead of their page: placed by time until it comes
        self.stale = Staleness()  # rows shown from the last view's cache, until the server confirms them
        self.loading = LoadState(self._loading_changed)  # what the page loader is doing

    # --- loading ----------------------------------------------------------------------

    def _loading_changed(self) -> None:
        """The page loader's state moved: the last view's rows are "refreshing…" exactly while it fetches."""
        if self.stale.active:
            self.stale.refreshing = self.loading.fetching
        self.changed(LOADING)

    @property
    def has_more(self) -> bool:
        return self.next_page is not None or not self.loaded_once

    def add_page(self, files: Sequence[Row], next_page: str | None) -> int:
        """Append a page (skipping ids already loaded); returns how many rows were new.

        A stray (see `add_strays`) met in its page moves to its place in the page order.
        """
        anchor = self.highlighted
        by_id = self.by_id
        page = records(files)
        arrived = self._strays.intersection(row.id for row in page) if self._strays else set()
        if arrived:
            self._strays -= arrived
            self.rows = [row for row in self.rows if row.id not in arrived]
            for file_id in arrived:
                self.loaded_bytes -= by_id.pop(file_id).size_bytes
            self._rebuild_view(anchor)
        fresh = [row for row in page if row.id not in by_id]
        for row in fresh:
            by_id[row.id] = row
        self.rows.extend(fresh)
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or any(row.scope is not None for row in fresh)
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

    def replace_all(self, files: Sequence[Row], next_page: str | None) -> None:
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

    def show_cached(self, files: Sequence[Row], as_of: datetime) -> None:
        """The last view's rows (listing_cache.py), drawn before anything is fetched: stale
        until `refresh_first_pages` replaces them."""
        self.stale.start(as_of, {row.id for row in files})
        self.add_page(files, None)

    def refresh_first_pages(self, files: Sequence[Row], next_page: str | None) -> None:
        """The fresh first pages replace what is shown (a refresh, or the stale rows drawn at
        start): the highlight stays on its file and marks stay by id; files gone leave, new
        ones come in the server's order. A mark on a stale row the listing proves gone (newer
        than its last row, or the listing is whole) goes too; one further down stays unloaded."""
        if self.stale.active:
            oldest = files[-1].created_at if files and next_page else None
            shown = [self.by_id[i] for i in self.stale.ids & self.marks if i in self.by_id]
            gone = {row.id for row in shown if oldest is None or row.created_at > oldest} - {row.id for row in files}
            self.marks -= gone
        self.stale.confirmed(datetime.now(UTC))
        self.replace_all(files, next_page)

    def add_strays(self, files: Sequence[Row]) -> None:
        """Files fetched by id (a pasted id) before their page: each goes where its creation
        time puts it among the loaded rows (newest first), and to its exact place once its
        page arrives (`add_page`), so End never leaves it out of order."""
        anchor = self.highlighted
        for row in records(files):
            if row.id not in self.by_id:
                self.rows.append(row)
                self.by_id[row.id] = row
                self.loaded_bytes += row.size_bytes
                self._strays.add(row.id)
                self.has_scopes = self.has_scopes or row.scope is not None  # its session column shows too
        self._place_strays()
        self._rebuild_view(anchor)
        self.changed(ROWS)

    def _place_strays(self) -> None:
        """Put each stray among the paged rows by creation time (the API's order, newest first)."""
        strays = [row for row in self.rows if row.id in self._strays]
        self.rows = [row for row in self.rows if row.id not in self._strays]
        keys = [-timestamp(row.created_at) for row in self.rows]
        for row in sorted(strays, key=lambda row: -timestamp(row.created_at), reverse=True):
            self.rows.insert(bisect_left(keys, -timestamp(row.created_at)), row)

    def insert_new(self, file: Row) -> None:
        """A file just uploaded: it goes on top (newest first) and gets the highlight."""
        row = record(file)
        if row.id in self.by_id:
            self.remove([row.id])
        self.rows.insert(0, row)
        self.by_id[row.id] = row
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or row.scope is not None
        self.loaded_bytes += row.size_bytes
        self._rebuild_view(None)
        if not self.select_id(row.id):
            self._clamp()
        self.changed(ROWS)

    def update(self, file: Row) -> None:
        """Fresh metadata for a loaded file (from retrieve)."""
        old = self.by_id.get(file.id)
        if old is None:
            return
        row = record(file)
        self.by_id[row.id] = row
        self.loaded_bytes += row.size_bytes - old.size_bytes
        self.rows[self.rows.index(old)] = row
        self.rows_revision += 1
        self.has_scopes = self.has_scopes or row.scope is not None
        if self._view is not None and old in self._view:  # a filter may hide it by the time it arrives
            self._view[self._view.index(old)] = row
        self.changed(PAINTED)

    def remove(self, ids: Iterable[str]) -> int:
        """Drop rows (deleted); the highlight moves to the row after the last removed."""
        asked = set(ids)
        self._strays -= asked
        unloaded_marked = self._forget_marks(asked)  # a gone file's mark goes too, loaded or not
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
    def view(self) -> list[FileRecord]:
        return self.rows if self._view is None else self._view

    def __len__(self) -> int:
        return len(self.view)

    @property
    def filter_text(self) -> str:
        """The query the view shows (the last good one); "" for one with no terms (`""`): that is no
        filter, so never a rule that ctrl+a, the delete confirmation or the status line name."""
        return self.filter.text if self.filter.active else ""

    @property
    def filter_error(self) -> QueryError | None:
        """What is wrong with the latest text given to `set_filter` (a QueryError), or None."""
        return self.filter.error

    @property
    def answer_complete(self) -> bool:
        """Has every file that can match been loaded? (All pages, or the server's narrowing of this query.)"""
        return not self.has_more or (self.narrowing is not None and self.narrowing in self.complete_for)

    @property
    def narrowing(self) -> Narrowing | None:
        """How the server can list the files this query can match, or None."""
        return narrowing_of(self.filter.query)

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
            self._view = self._select(self._view)
            if anchor is None or not self.select_id(anchor.id):
                self._clamp()
        else:
            self._rebuild_view(anchor)
        self.changed(ROWS)
        return True

    def mark_complete(self, narrowing: Narrowing) -> None:
        """Every file the server's `narrowing` lists is loaded: counts under it are exact now."""
        self.complete_for.add(narrowing)
        self.changed(PAINTED)

    def cycle_sort(self) -> str:
        anchor = self.highlighted
        self.sort = SORTS[(SORTS.index(self.sort) + 1) % len(SORTS)]
        self._rebuild_view(anchor)
        self.changed(ROWS)
        return self.sort

    def matches(self, row: Row) -> bool:
        return self.filter.predicate(self.rows, self.rows_revision)(row)

    def _select(self, rows: list[FileRecord]) -> list[FileRecord]:
        """The rows among `rows` the filter lets through, in order (one loop, no call a row)."""
        return cast(list[FileRecord], self.filter.compiled(self.rows, self.rows_revision).select(rows))

    def _rebuild_view(self, anchor: Row | None) -> None:
        active = self.filter.active
        if not active and self.sort == "newest":
            self._view = None
        else:
            rows = self.rows
            if active:
                rows = self._select(rows)
            self._view = sort_rows(rows, self.sort)
        if anchor is None or not self.select_id(anchor.id):
            self._clamp()

    # --- highlight --------------------------------------------------------------------

    @property
    def highlighted(self) -> FileRecord | None:
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
