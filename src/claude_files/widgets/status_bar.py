"""The line above the footer: filter, marks (with hidden ones), and the latest problem."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from .. import formatting
from ..model.files import FileList
from ..text import clean


class StatusBar(Static):
    DEFAULT_CSS = """
    StatusBar { height: 1; padding: 0 1; background: $boost; }
    """

    def show(self, model: FileList, message: str | None = None, *, error: bool = False) -> None:
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
        if message:
            parts.append(Text(clean(message), style="bold red" if error else "italic"))
        line = Text(" · ").join(Text(p) if isinstance(p, str) else p for p in parts) if parts else Text("")
        line.no_wrap = True
        line.overflow = "ellipsis"
        self.update(line)


def match_count(model: FileList) -> str:
    """How many match, and whether that is the whole answer or only what is loaded."""
    matched, loaded = len(model), len(model.rows)
    if not model.has_more:
        return f"{matched:,} of all {loaded:,} match"
    if model.answer_complete:
        return f"{matched:,} match (every candidate listed by the server)"
    return f"{matched:,} match among {loaded:,} loaded — End loads the rest"
