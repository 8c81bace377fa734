"""The line above the footer: filter, marks (with hidden ones), and the latest message."""

from __future__ import annotations

from rich.text import Text
from textual.reactive import reactive
from textual.timer import Timer

from .. import formatting
from ..model.files import FileList
from ..text import clean
from .line_bar import LineBar

SAID_SECONDS = 10.0  # how long the status line keeps the last thing said


class StatusBar(LineBar):
    """Drawn from the model (filter, marks, what loading says) plus the last thing said;
    redraws when something is said or when a change of the model changes the line (a move
    of the highlight rarely does)."""

    DEFAULT_CSS = """
    StatusBar { background: $boost; }
    """

    said: reactive[tuple[str, bool] | None] = reactive(None)  # (plain text, is it an error), for a while

    def __init__(self, model: FileList, *, id: str | None = None) -> None:
        super().__init__(model, id=id)
        self._said_timer: Timer | None = None

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
        """What the line says after the filter and marks: what loading says first (the load
        error, progress), else the last thing said."""
        note = self.model.loading.note()
        return note if note is not None else self.said

    def line(self) -> Text:
        model = self.model
        parts: list[Text | str] = []
        if model.stale.active:
            parts.append(Text(model.stale.words(), style="italic"))
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
