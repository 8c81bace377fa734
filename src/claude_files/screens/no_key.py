"""Shown instead of a traceback when no API key is set."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..keymap import NO_KEY_KEYS, bindings

MESSAGE = """No API key is set, so claude-files cannot reach the Claude API.

Set your key and start again:

    export ANTHROPIC_API_KEY=sk-ant-…
    claude-files

Or try it right now with the built-in local server and sample files:

    claude-files --demo
"""


class NoKeyScreen(Screen[None]):
    BINDINGS = bindings(NO_KEY_KEYS)

    DEFAULT_CSS = """
    NoKeyScreen Static { width: 70; max-width: 100%; border: round $warning; padding: 1 2; }
    """

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            panel = Static(Text(MESSAGE))
            panel.border_title = "claude-files"
            yield panel
        yield Footer()
