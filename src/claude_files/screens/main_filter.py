"""The filter's own parts of the main screen: the line under the input, applying a query, Tab's choices."""

from __future__ import annotations

from typing import Any

from textual import on
from textual.app import ComposeResult

from ..widgets.query_input import QueryInput
from ..widgets.query_message import QueryMessage


class FilterActions:
    """Mixin for MainScreen: a wrong query never empties the table; it says why under the input."""

    model: Any
    query_one: Any

    def compose_filter_message(self) -> ComposeResult:
        yield QueryMessage(id="filter-message")

    def _show_filter_input(self, shown: bool) -> None:
        self.query_one("#filter").display = shown
        message = self.query_one(QueryMessage)
        message.display = shown
        if shown:
            message.show_hint()

    def _apply_filter(self, text: str) -> bool:
        """Filter by `text`; a wrong query leaves the table as it was and says why under the input."""
        before = self.model.filter_text
        applied: bool = self.model.set_filter(text)
        error = self.model.filter_error
        if error is not None:
            self.query_one(QueryMessage).show_error(error, self.model.filter_text)
        else:
            self.query_one(QueryMessage).show_hint()
        if applied and self.model.filter_text != before:
            self._show_filtered()  # type: ignore[attr-defined]
        return applied

    @on(QueryInput.Choices)
    def _completion_choices(self, event: QueryInput.Choices) -> None:
        self.query_one(QueryMessage).show_hint(event.choices)
