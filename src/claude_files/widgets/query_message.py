"""The line under the filter input: what is wrong with the query, or how to write one."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import Static

from ..model.query import QueryError
from ..text import clean

HINT = "keys: name: id: type: size> age> created> expires< is: scope:  ·  -term negates  ·  Tab completes"


class QueryMessage(Static):
    """One line: the error (red) with the query the table still shows, else a hint or Tab's choices."""

    DEFAULT_CSS = """
    QueryMessage { height: 1; padding: 0 1; color: $text-muted; }
    """

    def show_error(self, error: QueryError, shown: str) -> None:
        line = Text("⚠ ", style="bold red")
        line.append(clean(error.message), style="red")
        line.append("  · still showing ", style="italic")
        line.append(f"“{clean(shown, max_len=40)}”" if shown else "all", style="italic")
        self._set(line)

    def show_hint(self, choices: list[str] | None = None) -> None:
        """The hint; with `choices` what Tab can complete (an empty list: nothing here)."""
        if choices == []:
            self._set(Text("Tab: nothing to complete here  ·  Enter keeps the filter, Esc cancels"))
        elif choices:
            self._set(Text("Tab: " + "  ".join(clean(choice) for choice in choices)))
        else:
            self._set(Text(HINT))

    def show_no_terms(self) -> None:
        """Only quotes or spaces: no filter at all, so ctrl+a under it marks everything, never as a rule."""
        self._set(Text("No terms here (only quotes or spaces): this is no filter, every file shows", style="italic"))

    def _set(self, line: Text) -> None:
        line.no_wrap = True
        line.overflow = "ellipsis"
        self.update(line)
