"""A one-line bar drawn from the model: the header and the status line."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.widget import Widget


class LineBar(Widget):
    """One line computed by `line()`; redraws on a bound model `revision` only when the line
    changes (a move of the highlight bumps the revision but rarely changes what a bar says)."""

    DEFAULT_CSS = """
    LineBar {
        height: 1; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;  /* Textual wraps a Rich Text whatever its no_wrap */
    }
    """

    revision: reactive[int] = reactive(0, repaint=False)  # see `watch_revision`

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._drawn: Text | None = None

    def watch_revision(self) -> None:
        if self.line() != self._drawn:
            self.refresh()

    def render(self) -> Text:
        self._drawn = self.line()
        return self._drawn

    def line(self) -> Text:
        """The line as it would be drawn now (what `render` draws and remembers as drawn)."""
        raise NotImplementedError
