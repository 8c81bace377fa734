"""Shown instead of a traceback when the SDK finds nothing to authenticate with.

Says why (the SDK's own words, with anything secret-shaped cut), what was looked at, and
every way to fix it.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Center, Middle
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..credentials import Lookup, sanitise
from ..keymap import NO_KEY_KEYS, bindings

FIXES = """Any one of these fixes it:

  export ANTHROPIC_API_KEY=sk-ant-…   an API key, then claude-files
  ant auth login                      sign in; its profile is used
  claude-files --profile NAME         a profile from the config dir
  claude-files --demo                 a local server with sample files
"""


def message(reason: str | None, lookup: Lookup) -> Text:
    text = Text("claude-files has no credentials for the Claude API.\n\n", style="bold")
    if reason:
        text.append(sanitise(reason) + "\n\n")
    text.append("Looked at:\n", style="bold")
    text.append("".join(f"  {line}\n" for line in lookup.lines()))
    text.append("\n" + FIXES)
    return text


class NoKeyScreen(Screen[None]):
    BINDINGS = bindings(NO_KEY_KEYS)

    DEFAULT_CSS = """
    NoKeyScreen Static { width: 76; max-width: 100%; border: round $warning; padding: 0 1; }
    """

    def __init__(self, reason: str | None = None, lookup: Lookup | None = None) -> None:
        super().__init__()
        self.reason = reason
        self.lookup = lookup or Lookup.now()

    @property
    def text(self) -> str:
        """What the panel says, as plain text (for tests: no wrapping in it)."""
        return message(self.reason, self.lookup).plain

    def compose(self) -> ComposeResult:
        with Middle(), Center():
            panel = Static(message(self.reason, self.lookup))
            panel.border_title = "claude-files"
            yield panel
        yield Footer()
