"""The filter line under the table: the query input, and under it what is wrong or how to write one.

It applies what is typed to the model once typing pauses (the views redraw themselves), keeps
a wrong query from emptying the table (the reason shows under the input, the table keeps the
last good query), and restores the filter it opened with on Esc. What Enter leads to (a file
id jumping to its file, the server narrowing a query) is the screen's: it gets `Submitted`.
"""

from __future__ import annotations

import re

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.timer import Timer
from textual.widgets import Input

from ..model.files import FileList
from .query_input import QueryInput
from .query_message import QueryMessage

FILTER_DEBOUNCE = 0.08
"""Keys typed faster than this are filtered once, at the last one: no flicker through half-typed keys."""

FILE_ID = re.compile(r"^file_[A-Za-z0-9]{8,64}$")
PLACEHOLDER = "filter: a name, or a query like age>90d type:pdf (Enter: keep, Esc: cancel)"


class FilterBar(Vertical):
    """Hidden until `open()`; Enter keeps the filter (posting `Submitted`), `close()` restores it."""

    DEFAULT_CSS = """
    FilterBar { height: auto; }
    """

    class Submitted(Message):
        """Enter on a valid query or a file id: the bar has closed."""

        def __init__(self, bar: FilterBar, value: str) -> None:
            super().__init__()
            self.bar = bar
            self.value = value  # the query applied, or a file id (not applied: the screen jumps to it)

        @property
        def control(self) -> FilterBar:
            return self.bar

        @property
        def is_file_id(self) -> bool:
            return bool(FILE_ID.match(self.value))

    def __init__(self, model: FileList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self._before = ""  # the filter when the bar opened: Esc goes back to it
        self._anchor: str | None = None  # the file highlighted when the bar opened
        self._timer: Timer | None = None

    def compose(self) -> ComposeResult:
        yield QueryInput(placeholder=PLACEHOLDER, id="filter")
        yield QueryMessage(id="filter-message")

    @property
    def input(self) -> QueryInput:
        return self.query_one(QueryInput)

    @property
    def pending(self) -> bool:
        """Typed into the filter, not yet applied (the debounce is running)."""
        return self._timer is not None

    def open(self) -> None:
        """Show and focus the input; already open: keep what is typed there, applied or pending."""
        if not self.display:
            self._before = self.model.filter_text
            self._anchor = self.model.highlighted.id if self.model.highlighted is not None else None
            self.input.value = self.model.filter_text
            self.display = True
            self.query_one(QueryMessage).show_hint()
        self.screen.set_focus(self.input)  # at once, so keys typed right after `/` land in the field

    def close(self) -> bool:
        """Esc: hide, and show the filter it opened with. False when it was not open."""
        if not self.display:
            return False
        self.display = False
        self._cancel()
        self.model.set_filter(self._before)
        self._highlight_anchor()
        return True

    def _highlight_anchor(self) -> None:
        """The file highlighted when the bar opened, while it matches, else the top row: where
        the highlight lands depends on the text typed, never on which texts on the way the
        debounce applied (a burst skips some; typed slowly each one moved the highlight)."""
        if self._anchor is None or not self.model.select_id(self._anchor):
            self.model.move_to(0)

    def _cancel(self) -> None:
        if self._timer is not None:
            self._timer.stop()
            self._timer = None

    def apply(self, text: str) -> bool:
        """Filter by `text`; a wrong query leaves the table as it was and says why under the input."""
        self._cancel()
        applied = self.model.set_filter(text)
        if self.display:
            self._highlight_anchor()
        error = self.model.filter_error
        if error is not None:
            self.query_one(QueryMessage).show_error(error, self.model.filter_text)
        elif text.strip() and not self.model.filter_text:
            self.query_one(QueryMessage).show_no_terms()
        else:
            self.query_one(QueryMessage).show_hint()
        return applied

    @on(Input.Changed, "#filter")
    def _changed(self, event: Input.Changed) -> None:
        event.stop()
        if not self.display:  # typed ahead of Enter/Esc, which already settled the filter
            return
        self._cancel()
        text = event.value.strip()
        self._timer = self.set_timer(FILTER_DEBOUNCE, lambda: self.apply(text))

    @on(Input.Submitted, "#filter")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        value = event.value.strip()
        self._cancel()  # Enter settles the filter now
        if not FILE_ID.match(value) and not self.apply(value):
            self.app.bell()  # a wrong query: the input stays open with the reason under it
            return
        self.display = False
        self.post_message(self.Submitted(self, value))

    @on(QueryInput.Choices)
    def _choices(self, event: QueryInput.Choices) -> None:
        event.stop()
        self.apply(event.query_input.value.strip())  # now, so the pending one cannot hide the choices
        self.query_one(QueryMessage).show_hint(event.choices)
