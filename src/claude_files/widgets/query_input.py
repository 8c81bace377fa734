"""The filter input: coloured as the query is typed, and Tab completes keys and short types.

Colours come from `highlight_spans` as styles on a Rich `Text` (never markup built from what
was typed), so `[bold]` in a filter is just text. Typed-ahead keys keep their order through
the app's key queue (key_order.py), Tab included.
"""

from __future__ import annotations

from os.path import commonprefix
from typing import Any

from rich.highlighter import Highlighter
from rich.text import Text
from textual import events
from textual.message import Message
from textual.widgets import Input

from ..model.query import complete, completion_start, highlight_spans

SPAN_STYLES = {
    "key": "bold cyan",
    "op": "cyan",
    "value": "green",
    "negation": "bold magenta",
    "error": "bold red underline",
}


class QueryHighlighter(Highlighter):
    """Styles keys, operators, values, negations and the part at fault."""

    def highlight(self, text: Text) -> None:
        for start, end, kind in highlight_spans(text.plain):
            style = SPAN_STYLES.get(kind)
            if style:
                text.stylize(style, start, end)


class QueryInput(Input):
    """An Input for queries: Tab completes, or lists the choices; it never leaves (Enter and Esc do)."""

    class Choices(Message):
        """Tab found several completions and none is longer (or none at all): the screen shows them."""

        def __init__(self, query_input: QueryInput, choices: list[str]) -> None:
            super().__init__()
            self.query_input = query_input
            self.choices = choices

        @property
        def control(self) -> QueryInput:
            return self.query_input

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("highlighter", QueryHighlighter())
        super().__init__(*args, **kwargs)

    def on_key(self, event: events.Key) -> None:
        """Tab completes in turn with the keys typed before it (a binding would run ahead of them)."""
        if event.key == "tab":
            event.stop()
            event.prevent_default()
            self.complete_at_cursor()

    def complete_at_cursor(self) -> None:
        text, cursor = self.value, self.cursor_position
        choices = complete(text, cursor)
        if not choices:  # stay: keys typed next, meant for the query, must not become table commands
            self.post_message(self.Choices(self, []))
            return
        start = completion_start(text, cursor)
        typed = text[start:cursor].casefold()
        longest = choices[0] if len(choices) == 1 else commonprefix(choices)
        if len(longest) > len(typed):
            self.value = text[:start] + longest + text[cursor:]
            self.cursor_position = start + len(longest)
        else:
            self.post_message(self.Choices(self, choices))
