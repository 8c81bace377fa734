"""The filter's own parts of the main screen: the line under the input, applying a query, Tab's choices."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.timer import Timer

from ..widgets.query_input import QueryInput
from ..widgets.query_message import QueryMessage
from .main_host import MainScreenHost

FILTER_DEBOUNCE = 0.08
"""Keys typed faster than this are filtered once, at the last one: no flicker through half-typed keys."""


class FilterActions(MainScreenHost):
    """Mixin for MainScreen: a wrong query never empties the table; it says why under the input."""

    _filter_timer: Timer | None = None

    def compose_filter_message(self) -> ComposeResult:
        yield QueryMessage(id="filter-message")

    def _show_filter_input(self, shown: bool) -> None:
        self.query_one("#filter").display = shown
        message = self.query_one(QueryMessage)
        message.display = shown
        if shown:
            message.show_hint()

    @property
    def filter_pending(self) -> bool:
        """Typed into the filter, not yet applied (the debounce is running)."""
        return self._filter_timer is not None

    def schedule_filter(self, text: str) -> None:
        """A key in the filter input: filter once typing pauses (Enter filters at once)."""
        self.cancel_scheduled_filter()
        self._filter_timer = self.set_timer(FILTER_DEBOUNCE, lambda: self._apply_filter(text))

    def cancel_scheduled_filter(self) -> None:
        if self._filter_timer is not None:
            self._filter_timer.stop()
            self._filter_timer = None

    def _apply_filter(self, text: str) -> bool:
        """Filter by `text`; a wrong query leaves the table as it was and says why under the input."""
        self.cancel_scheduled_filter()
        before = self.model.filter_text
        applied: bool = self.model.set_filter(text)
        error = self.model.filter_error
        if error is not None:
            self.query_one(QueryMessage).show_error(error, self.model.filter_text)
        else:
            self.query_one(QueryMessage).show_hint()
        if applied and self.model.filter_text != before:
            self._show_filtered()
        return applied

    def on_query_input_choices(self, event: QueryInput.Choices) -> None:  # `@on` is not seen in a plain mixin
        self._apply_filter(event.query_input.value.strip())  # now, so the pending one cannot hide the choices
        self.query_one(QueryMessage).show_hint(event.choices)
