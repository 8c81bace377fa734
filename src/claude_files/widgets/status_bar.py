"""The line above the footer: filter, marks (with hidden ones), and the latest message."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer
from textual.widget import Widget

from .. import formatting
from ..model.files import FileList
from ..text import clean

SAID_SECONDS = 10.0  # how long the status line keeps the last thing said


class StatusBar(Widget):
    """Drawn from the model plus a message; redraws when the bound `note` changes
    (`data_bind`), when something is said, or when a model `revision` changes the line
    (a move of the highlight bumps the revision but rarely changes what this line says)."""

    DEFAULT_CSS = """
    StatusBar {
        height: 1; padding: 0 1; background: $boost;
        text-wrap: nowrap; text-overflow: ellipsis;  /* Textual wraps a Rich Text whatever its no_wrap */
    }
    """

    revision: reactive[int] = reactive(0, repaint=False)  # see `watch_revision`
    note: reactive[tuple[str, bool] | None] = reactive(None)  # loading words or a load error: shown first
    said: reactive[tuple[str, bool] | None] = reactive(None)  # (plain text, is it an error), for a while

    def __init__(self, model: FileList, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.model = model
        self._said_timer: Timer | None = None
        self._drawn: Text | None = None

    def watch_revision(self) -> None:
        if self.line() != self._drawn:
            self.refresh()

    def say(self, text: str, *, error: bool = False) -> None:
        """Show `text` (plain, never markup) for SAID_SECONDS, whatever else redraws the line."""
        self.said = (text, error)
        if self._said_timer is not None:
            self._said_timer.stop()
        self._said_timer = self.set_timer(SAID_SECONDS, self._forget)

    def _forget(self) -> None:
        self.said = None

    @property
    def message(self) -> tuple[str, bool] | None:
        """What the line says after the model's part: a note first, else the last thing said."""
        return self.note if self.note is not None else self.said

    def render(self) -> Text:
        self._drawn = self.line()
        return self._drawn

    def line(self) -> Text:
        """The line as it would be drawn now (what `render` draws and remembers as drawn)."""
        model = self.model
        parts: list[Text | str] = []
        if model.filter_text:
            parts.append(Text(f"filter “{clean(model.filter_text, max_len=30)}”: {match_count(model)}"))
        count, total, hidden = model.marked_summary()
        if count:
            marks = f"{count:,} marked ({formatting.size(total)})"
            if hidden:
                marks += f", {hidden:,} hidden by filter"
            parts.append(Text(marks, style="bold"))
        unloaded = model.unloaded_marks()
        if unloaded:
            parts.append(Text(f"{unloaded:,} marked not loaded (End loads them)", style="italic"))
        if model.visual_anchor is not None:
            parts.append(Text("-- VISUAL --", style="reverse"))
        if self.message is not None:
            text, error = self.message
            if text:
                parts.append(Text(clean(text), style="bold red" if error else "italic"))
        line = Text(" · ").join(Text(p) if isinstance(p, str) else p for p in parts) if parts else Text("")
        line.no_wrap = True
        line.overflow = "ellipsis"
        return line


def match_count(model: FileList) -> str:
    """How many match, and whether that is the whole answer or only what is loaded."""
    matched, loaded = len(model), len(model.rows)
    if not model.has_more:
        return f"{matched:,} of all {loaded:,} match"
    if model.answer_complete:
        return f"{matched:,} match (every candidate listed by the server)"
    return f"{matched:,} match among {loaded:,} loaded — End loads the rest"
