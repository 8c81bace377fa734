"""A one-line bar drawn from the model: the header and the status line."""

from __future__ import annotations

from collections.abc import Callable

from rich.text import Text
from textual.widget import Widget

from ..model.change import Change
from ..model.files import FileList


class LineBar(Widget):
    """One line computed by `line()` from the model; it watches the model's change feed and,
    on a change that bumped the revision, redraws only when the line changed (a move of the
    highlight or a mark rarely changes what a bar says)."""

    DEFAULT_CSS = """
    LineBar {
        height: 1; padding: 0 1;
        text-wrap: nowrap; text-overflow: ellipsis;  /* Textual wraps a Rich Text whatever its no_wrap */
    }
    """

    def __init__(self, model: FileList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self._drawn: Text | None = None
        self._seen_revision = model.revision
        self._stop_watching: Callable[[], None] | None = None

    def on_mount(self) -> None:
        self._stop_watching = self.model.watch(self._model_changed)

    def on_unmount(self) -> None:
        if self._stop_watching is not None:
            self._stop_watching()

    def _model_changed(self, change: Change) -> None:
        """At once, not batched: whoever sees the model change (a test waiting on it) finds the
        redraw already asked for, so the next frame shows it."""
        if self.model.revision != self._seen_revision:
            self._seen_revision = self.model.revision
            if self.line() != self._drawn:
                self.refresh()

    def render(self) -> Text:
        self._drawn = self.line()
        return self._drawn

    def line(self) -> Text:
        """The line as it would be drawn now (what `render` draws and remembers as drawn)."""
        raise NotImplementedError
