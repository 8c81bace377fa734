"""A virtual file table on Textual's Line API: only the visible rows are ever drawn.

`DataTable` took 37 s to fill with 100k rows; this widget holds no per-row state of its
own. It draws from the `FileList` model and turns keys into model moves and messages. It
watches the model: whoever changes it (a key here, a page arriving, a delete) changes only
the model, and the table catches up once, after the changes of that moment, with the
cheapest redraw that covers them (see model/change.py).
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import Any

from rich.cells import set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.geometry import Size
from textual.message import Message
from textual.scroll_view import ScrollView
from textual.strip import Strip

from .. import formatting
from ..adapters.textual_private import update_scrollbars
from ..keymap import TABLE_KEYS, bindings
from ..model.change import Change
from ..model.files import FileList, scope_of
from ..model.loading import Words
from ..text import clean, fit

# (title, width, right-aligned); the name column takes what is left.
_FIXED = (("Size", 9, True), ("Type", 9, False), ("Created", 9, False), ("Expires", 8, False))
_SESSION = ("Session", 10, False)  # shown once any loaded file belongs to an agent session
EMPTY_TEXT = "No files yet. Press u to upload one."
PIN_SIGN = "⚑"
"""Before a pinned file's name (in a column of its own once this connection has a pin)."""
NEW_SIGN = "+"
"""In the mark's cell of a file live refresh brought, until it is highlighted."""
AGES_EVERY = 30.0  # seconds between redraws of the Created and Expires ages
# Which column the sort is on, and which way it runs.
_SORT_ARROWS = {"newest": ("Created", "▼"), "oldest": ("Created", "▲"), "name": ("Name", "▲"), "size": ("Size", "▼")}


class TableMessage(Message):
    """Base of the table's messages: `control` is the table that sent it, as in Textual's widgets."""

    def __init__(self, table: FileTable) -> None:
        super().__init__()
        self.table = table

    @property
    def control(self) -> FileTable:
        return self.table


class FileTable(ScrollView, can_focus=True):
    """The file list; header on the first line, rows below, a status row at the end."""

    BINDINGS = bindings(TABLE_KEYS)

    COMPONENT_CLASSES = {
        "file-table--header",
        "file-table--cursor",
        "file-table--marked",
        "file-table--visual",
        "file-table--status",
        "file-table--dim",
        "file-table--new",
    }

    DEFAULT_CSS = """
    FileTable { height: 1fr; }
    """

    class Highlighted(TableMessage):
        """The highlight moved to another file (or to none)."""

        def __init__(self, table: FileTable, row: Any | None) -> None:
            super().__init__(table)
            self.row = row

    class NeedMore(TableMessage):
        """The highlight or scroll came within a screenful of the loaded end."""

    class LoadAll(TableMessage):
        """`End`/`G` with pages still on the server."""

    class RetryLoad(TableMessage):
        """Enter on a failed 'load more' row."""

    class MarkAllAsked(TableMessage):
        """ctrl+a while files that may match are still on the server: the screen asks what to do."""

    class PinnedLeft(TableMessage):
        """ctrl+a left pinned files unmarked: the screen says how many."""

        def __init__(self, table: FileTable, count: int) -> None:
            super().__init__(table)
            self.count = count

    def __init__(self, model: FileList, *, name: str | None = None, id: str | None = None) -> None:
        super().__init__(name=name, id=id)
        self.model = model
        self._last_highlight: str | None = None
        self._clock: datetime = formatting.now()
        self._base_style: Style | None = None
        self._pending: Change | None = None  # what changed in the model since the table last caught up
        self._stop_watching: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self._stop_watching = self.model.watch(self._model_changed)
        self.set_interval(AGES_EVERY, self._age)

    def _age(self) -> None:
        """ "3m ago" must not stay 3m for an hour: ages are worked out again now and then (only
        the visible lines are drawn, so this costs nothing on 100k rows)."""
        self._clock = formatting.now()
        self.refresh()

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

    def _model_changed(self, change: Change) -> None:
        if change.loading:  # a few a load: the row under the files is redrawn at once, as the header is
            self.refresh_rows()
            return
        if self._pending is None:
            self._pending = change
            self.call_later(self._catch_up)
        else:
            self._pending = self._pending.merged(change)

    def _catch_up(self) -> None:
        """Redraw once for everything the model reported since the last time."""
        change, self._pending = self._pending, None
        if change is None:
            return
        if change.rows:
            self.refresh_rows()
            return
        if change.appended_from is not None:
            self.rows_appended(change.appended_from)
        if change.cursor:
            self._scroll_cursor_into_view()
        if change.cursor or change.painted:
            self.refresh()
        self._announce_highlight()

    # --- the table's own state ----------------------------------------------------------

    def refresh_rows(self) -> None:
        """The rows changed: resize the virtual area, keep the cursor in view, redraw."""
        self._resize_virtual_area()
        self._clock = formatting.now()
        self._scroll_cursor_into_view()
        self.refresh()
        self._announce_highlight()

    def rows_appended(self, first_new: int) -> None:
        """Rows were added at the end from index `first_new` (a page arrived, no filter or sort).

        Only the scrollbar changes unless the new rows (or the status row) are on screen, so
        while 100 pages load the table redraws nothing it already shows.
        """
        self._resize_virtual_area()
        if first_new <= int(self.scroll_offset.y) + self._page_height:
            self.refresh()
        self._announce_highlight()

    def _status_row(self) -> Words | None:
        """The row under the files: what loading says (model/loading.py), else the empty store's invitation."""
        model = self.model
        words = model.loading.row(model)
        if words is None and model.loaded_once and not model.rows and not model.has_more:
            return Words(EMPTY_TEXT)
        return words

    def _resize_virtual_area(self) -> None:
        extra = 1 if self._status_row() else 0
        virtual = Size(self.size.width, len(self.model) + extra + 1)
        if virtual != self.virtual_size:
            # Our box is 1fr whatever the row count, so a new height needs the scrollbar redrawn,
            # not a layout of the whole screen (13 ms → 7 ms a page while 100 pages load).
            # A scrollbar that appears or goes still asks for its own layout.
            self.set_reactive(FileTable.virtual_size, virtual)
            update_scrollbars(self, virtual)

    # --- drawing ------------------------------------------------------------------------

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._base_style = None

    @property
    def _row_style(self) -> Style:
        """`rich_style` walks every ancestor (~70 µs, half of drawing a row): once per style change."""
        if self._base_style is None:
            self._base_style = self.rich_style
        return self._base_style

    @property
    def _signs(self) -> int:
        """Cells before the name: the mark, the pin (once there are pins) and the download sign."""
        return 3 if self.model.pins else 2

    def _columns(self, width: int) -> tuple[int, list[tuple[str, int, bool]]]:
        """The name column keeps at least 16 cells: narrow tables drop Session, Expires, then Type;
        under 8 cells for the name, Created and then Size go too. A column is dropped whole,
        never cut: a clipped size ("10.0" of "10.0 MB") reads as another number."""
        fixed = [*_FIXED, _SESSION] if self.model.has_scopes else list(_FIXED)

        signs = self._signs

        def room() -> int:
            return width - signs - sum(w + 1 for _, w, _ in fixed)

        for optional in ("Session", "Expires", "Type"):
            if room() >= 16:
                break
            fixed = [col for col in fixed if col[0] != optional]
        for optional in ("Created", "Size"):
            if room() >= 8:
                break
            fixed = [col for col in fixed if col[0] != optional]
        return max(0, room()), fixed

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            return self._header(width)
        index = int(self.scroll_offset.y) + y - 1
        view = self.model.view
        if index < len(view):
            return self._row(index, view[index], width)
        status = self._status_row() if index == len(view) else None
        if status:
            style = self.get_component_rich_style("file-table--status")
            if status.error:
                style += Style(color="red", bold=True)
            return Strip([Segment(set_cell_size("  " + clean(status.text), width), style)], width)
        return Strip.blank(width, self._row_style)

    def _header(self, width: int) -> Strip:
        name_width, fixed = self._columns(width)
        arrow_on, arrow = _SORT_ARROWS[self.model.sort]
        titles = {title: f"{title} {arrow}" if title == arrow_on else title for title, _, _ in (("Name", 0, 0), *fixed)}
        text = (
            " " * self._signs
            + titles["Name"].ljust(name_width)
            + "".join(" " + (titles[t].rjust(w) if right else titles[t].ljust(w)) for t, w, right in fixed)
        )
        style = self.get_component_rich_style("file-table--header")
        return Strip([Segment(set_cell_size(text, width), style)], width)

    def _row(self, index: int, row: Any, width: int) -> Strip:
        model = self.model
        name_width, fixed = self._columns(width)
        marked = row.id in model.marks
        in_visual = index in model.visual_range()
        new = row.id in model.new_ids  # brought by live refresh, not highlighted yet
        mark = "●" if marked or in_visual else NEW_SIGN if new else " "
        download = "⇣" if row.downloadable else " "
        if model.pins:
            download = (PIN_SIGN if row.id in model.pins else " ") + download
        cells = {
            "Size": formatting.size(row.size_bytes),
            "Type": formatting.short_type(row.mime_type),
            "Created": formatting.ago(row.created_at, self._clock),
            "Expires": formatting.expiry(row.expires_at, self._clock) if row.expires_at else "",
            "Session": _short_session(row),
        }
        text = (
            mark
            + download
            + fit(row.filename, name_width)
            + "".join(" " + fit(cells[t], w, right=right) for t, w, right in fixed)
        )
        style = self._row_style
        if marked or in_visual:
            style += self.get_component_rich_style("file-table--visual" if in_visual else "file-table--marked")
        elif new:
            style += self.get_component_rich_style("file-table--new")
        if index == model.cursor:
            style += self.get_component_rich_style("file-table--cursor", partial=True)
        return Strip([Segment(set_cell_size(text, width), style)], width)

    # --- keeping the cursor in view ------------------------------------------------------

    @property
    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def _scroll_cursor_into_view(self) -> None:
        """On the last file the row under it comes into view too: End must show 'loading all…'
        or '⚠ … (r: retry)', not leave it one line below the screen."""
        cursor = self.model.cursor
        bottom = cursor + 1 if cursor == len(self.model) - 1 and self._status_row() else cursor
        top = int(self.scroll_offset.y)
        height = self._page_height
        if cursor < top:
            self.scroll_to(y=cursor, animate=False, immediate=True)
        elif bottom >= top + height:
            self.scroll_to(y=min(cursor, bottom - height + 1), animate=False, immediate=True)

    def _announce_highlight(self) -> None:
        row = self.model.highlighted
        row_id = row.id if row is not None else None
        if row_id != self._last_highlight:
            self._last_highlight = row_id
            self.post_message(self.Highlighted(self, row))
        if self.model.near_end(self._page_height):
            self.post_message(self.NeedMore(self))

    def watch_scroll_y(self, old: float, new: float) -> None:
        super().watch_scroll_y(old, new)
        if self.model.has_more and new + 2 * self._page_height >= len(self.model):
            self.post_message(self.NeedMore(self))

    def on_resize(self, event: events.Resize) -> None:
        self.refresh_rows()

    # --- actions ------------------------------------------------------------------------

    def action_cursor_down(self) -> None:
        self.model.move_by(1)

    def action_cursor_up(self) -> None:
        self.model.move_by(-1)

    def action_cursor_top(self) -> None:
        if not self.model.move_to(0):
            self._scroll_cursor_into_view()  # already there, maybe scrolled away by the wheel

    def action_cursor_bottom(self) -> None:
        if self.model.has_more:
            self.post_message(self.LoadAll(self))
        if not self.model.move_to(len(self.model) - 1):
            self._scroll_cursor_into_view()

    def action_page_down(self) -> None:
        self.model.move_by(self._page_height)
        self.scroll_to(y=self.scroll_offset.y + self._page_height, animate=False, immediate=True)

    def action_page_up(self) -> None:
        self.model.move_by(-self._page_height)
        self.scroll_to(y=max(0, self.scroll_offset.y - self._page_height), animate=False, immediate=True)

    def action_toggle_mark(self) -> None:
        self.model.toggle_mark()

    def action_toggle_visual(self) -> None:
        self.model.toggle_visual()

    def action_mark_all(self) -> None:
        """ctrl+a marks every match; while some may still be on the server the screen asks first."""
        if not self.model.answer_complete:
            self.post_message(self.MarkAllAsked(self))
            return
        self.model.mark_all_matching()
        pinned = self.model.pinned_in_view()
        if pinned:
            self.post_message(self.PinnedLeft(self, pinned))

    def action_invert_marks(self) -> None:
        self.model.invert_marks()

    def key_enter(self) -> None:
        if self.model.loading.retry_offered:
            self.post_message(self.RetryLoad(self))

    def on_click(self, event: events.Click) -> None:
        if event.y == 0:
            return
        index = int(self.scroll_offset.y) + event.y - 1
        if index < len(self.model):
            self.model.move_to(index)


def _short_session(row: Any) -> str:
    """The session id without its `sesn_` prefix, cut to the column (the details pane has it whole)."""
    scope = scope_of(row)
    if scope is None:
        return ""
    short = clean(scope[1]).removeprefix("sesn_")
    return short if len(short) <= _SESSION[1] else short[: _SESSION[1] - 1] + "…"
