"""Every metadata field of the highlighted file, with the words a person needs beside them."""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

from rich.console import Console, ConsoleOptions, Group, RenderableType, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from .. import formatting
from ..model.rows import scope_of
from ..text import clean

AGES_REDRAW_SECONDS = 30.0
"""How often "2m ago" and "in 3h" are worked out again while the same file stays highlighted."""
NOT_DOWNLOADABLE_WHY = "uploads cannot be downloaded; only files created by code execution or skills can"
PINNED_WHY = "yes, on this machine only: rules, ctrl+a and rm never select it; P unpins"


def describe_file(row: Any, note: str | None = None, *, pinned: bool = False) -> Table:
    """A two-column grid of the file's fields; all values are Text, never markup."""
    grid = Table.grid(padding=(0, 1))
    grid.add_column(style="bold", no_wrap=True)
    grid.add_column(overflow="fold")
    expires = row.expires_at
    fields: list[tuple[str, str]] = [
        ("name", clean(row.filename)),
        ("id", clean(row.id)),
        ("type", clean(row.mime_type)),
        ("size", f"{formatting.size(row.size_bytes)} ({formatting.exact_size(row.size_bytes)})"),
        ("created", f"{formatting.absolute(row.created_at)}\n{formatting.ago(row.created_at)}"),
        (
            "download",
            "yes: press s to save" if row.downloadable else f"no: {NOT_DOWNLOADABLE_WHY}",
        ),
        (
            "expires",
            "never" if expires is None else f"{formatting.absolute(expires)}\n{formatting.expiry(expires)}",
        ),
    ]
    scope = scope_of(row)
    if scope is not None:
        fields.append((clean(scope[0]), f"{clean(scope[1])}\nctrl+y copies it"))
    if pinned:
        fields.append(("pinned", PINNED_WHY))
    for label, value in fields:
        grid.add_row(label, Text(value))
    if note:
        grid.add_row("", Text(clean(note), style="italic"))
    return grid


class MetadataPane(Static, can_focus=True):
    """Shows the highlighted file; the screen refreshes it from `retrieve_metadata`."""

    DEFAULT_CSS = """
    MetadataPane { width: 42; max-width: 55%; height: 1fr; padding: 0 1; border-left: vkey $panel; }
    """

    _details: RenderableType = ""
    _preview: RenderableType | None = None
    _described: tuple[Any, str | None] | None = None  # the row shown and its note, to redraw its ages

    def __init__(self, *, pins: Collection[str] = (), id: str | None = None) -> None:
        """`pins`: the model's pinned ids (its own set, so later pins show)."""
        super().__init__(id=id)
        self.pins = pins

    def on_mount(self) -> None:
        self.set_interval(AGES_REDRAW_SECONDS, self._redraw_ages)

    def show_file(self, row: Any | None, note: str | None = None) -> None:
        self._described = None if row is None else (row, note)
        self._details = Text("No file highlighted.", style="dim") if row is None else self._describe(row, note)
        self._redraw()

    def _describe(self, row: Any, note: str | None) -> RenderableType:
        return _DrawnOnce(describe_file(row, note, pinned=row.id in self.pins))

    def _redraw_ages(self) -> None:
        """Ages are relative to now: a file left highlighted must not keep saying "just now"."""
        if self.display:
            self.redescribe()

    def redescribe(self) -> None:
        """Draw the file shown again (its ages moved on, or it was pinned or unpinned)."""
        if self._described is None:
            return
        self._details = self._describe(*self._described)
        self._redraw()

    def show_gone(self, file_id: str) -> None:
        self._described = None
        self._details = Text(f"{clean(file_id)} was deleted elsewhere; it has left the list.", style="italic")
        self._preview = None
        self._redraw()

    def show_preview(self, preview: RenderableType | None) -> None:
        """Below the fields: the file's preview and where its local copy is (widgets/preview)."""
        self._preview = preview
        self._redraw()

    def _redraw(self) -> None:
        self.update(self._details if self._preview is None else Group(self._details, self._preview))


class _DrawnOnce:
    """A renderable laid out once per console and width, its lines kept: the fields' grid cost a
    Rich table layout each time the pane was drawn (the "loading…" line, then the preview),
    10–20 ms on a loaded machine just as the preview arrives (V1)."""

    def __init__(self, renderable: RenderableType) -> None:
        self.renderable = renderable
        self._lines: tuple[Console, int, list[list[Segment]]] | None = None
        self._measured: tuple[Console, int, Measurement] | None = None

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        width = options.max_width
        drawn = self._lines
        if drawn is None or drawn[0] is not console or drawn[1] != width:
            drawn = self._lines = (console, width, console.render_lines(self.renderable, options.update(height=None), pad=False))
        new_line = Segment.line()
        for line in drawn[2]:
            yield from line
            yield new_line

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        measured = self._measured
        if measured is None or measured[0] is not console or measured[1] != options.max_width:
            measured = self._measured = (console, options.max_width, Measurement.get(console, options, self.renderable))
        return measured[2]
