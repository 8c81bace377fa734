"""The marks, the visual range and the pins of the file list: `FileList`'s half that loads nothing.

Split out of files.py so that each half reads on its own; `FileList` inherits it and provides
the rows, the view and the highlight it works on. Pure: no Textual, no SDK, no I/O.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from claude_files.model.change import PAINTED, ROWS, ChangeFeed
from claude_files.model.rows import FileRecord, Row

if TYPE_CHECKING:
    from claude_files.model.query_filter import QueryFilter


class Marking(ChangeFeed):
    """Which files are marked (by id, loaded or not) and pinned, and what marked them."""

    if TYPE_CHECKING:  # what FileList provides
        rows: list[FileRecord]
        by_id: dict[str, FileRecord]
        cursor: int
        filter: QueryFilter

        @property
        def view(self) -> list[FileRecord]: ...
        @property
        def highlighted(self) -> FileRecord | None: ...
        def move_by(self, delta: int) -> bool: ...
        def matches(self, row: Row) -> bool: ...
        def _rebuild_view(self, anchor: Row | None) -> None: ...

    def __init__(self) -> None:
        super().__init__()
        self.marks: set[str] = set()
        self.pins: set[str] = set()  # handed in (`set_pins`): the model reads no file
        self.visual_anchor: int | None = None
        self._rule: tuple[str, set[str]] | None = None  # ctrl+a under a query: its text and the ids it marked
        self._pins_passed: set[str] = set()  # pinned files ctrl+a or invert left unmarked, since marks were cleared

    def _forget_marks(self, ids: set[str]) -> bool:
        """Files that are gone lose their marks, loaded or not; True when some of them were marked."""
        had = not ids.isdisjoint(self.marks)
        self.marks -= ids
        if not self.marks:
            self._pins_passed.clear()  # that selection is done with
        if self._rule is not None:
            self._rule[1].difference_update(ids)
        return had

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

    def pins_kept(self, marked: Iterable[Row]) -> int:
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

    def marked_rows(self) -> list[FileRecord]:
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
