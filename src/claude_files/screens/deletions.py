"""`L`: the delete record (deletions.py) as a read-only table, newest first, filtered with `/`.

The same query language as the file table, plus `deleted<7d`, `outcome:failed` and `by:`.
Enter on a row restores the file (archive.restore: its archived copy, else the local file
the upload ledger knows), on the connection it was deleted from only.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual import getters, on, work
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Input, Static

from .. import formatting
from ..components.base import Component, Connect
from ..components.restoring import Restorer
from ..deletions import Deletion, DeletionRecord, RecordError
from ..keymap import DELETIONS_FILTER_KEYS, DELETIONS_KEYS, bindings
from ..text import clean

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp

OUTCOME_STYLES = {"deleted": "green", "gone": "green", "failed": "bold red", "unknown": "bold yellow", "abandoned": "yellow"}
COLUMNS = (("deleted", "Deleted"), ("name", "Name"), ("size", "Size"), ("outcome", "Outcome"), ("by", "Selected by"))


class FilterInput(Input):
    """The `/` line: Enter applies the query, Esc leaves it as it was."""

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(DELETIONS_FILTER_KEYS)]

    def action_cancel(self) -> None:
        if isinstance(self.screen, DeletionsScreen):
            self.screen.close_filter()


class DeletionsScreen(Screen[None]):
    """Every recorded delete; `entries` is what the table shows, in its order."""

    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(DELETIONS_KEYS)]
    DEFAULT_CSS = """
    DeletionsScreen { layout: vertical; }
    DeletionsScreen > #deletions-title { height: 1; background: $primary-background; padding: 0 1; text-style: bold; }
    DeletionsScreen > DataTable { height: 1fr; }
    DeletionsScreen > FilterInput { display: none; }
    DeletionsScreen > FilterInput.-open { display: block; }
    DeletionsScreen > #deletions-status { height: auto; max-height: 3; padding: 0 1; color: $text-muted; }
    """

    def __init__(self, connect: Connect, record: DeletionRecord | None = None) -> None:
        """`connect`: the connection a restore goes to (the main screen's that opened this one)."""
        super().__init__()
        self.restorer = Restorer(connect)
        self.record = record or DeletionRecord()
        self.everything: list[Deletion] = []
        self.entries: list[Deletion] = []
        self.query_text = ""
        self.loaded = False

    def compose(self) -> ComposeResult:
        yield Static("Delete record", id="deletions-title")
        table: DataTable[Text | str] = DataTable(cursor_type="row", zebra_stripes=True, id="deletions-table")
        for key, label in COLUMNS:
            table.add_column(label, key=key)
        yield table
        yield FilterInput(placeholder="deleted<7d outcome:failed type:pdf …  (Enter applies, Esc cancels)", id="deletions-filter")
        yield Static(id="deletions-status")
        yield self.restorer
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(DataTable).focus()
        self._load()

    @work(exclusive=True, group="deletions-load", exit_on_error=False)
    async def _load(self) -> None:
        try:
            self.everything = await asyncio.to_thread(self.record.entries)
        except RecordError as error:
            self._status(f"Cannot read the delete record {error.path}: {error.reason}", error=True)
            return
        self.loaded = True
        self._show(self.everything)

    def apply_filter(self, text: str) -> bool:
        """Show the entries `text` selects; False (and words in the status line) when it does not parse."""
        from ..model.query import QueryError, parse

        if not text.strip():
            self.query_text = ""
            self._show(self.everything)
            return True
        try:
            test: Callable[[Any], bool] = parse(text, record=True).predicate(datetime.now(UTC))
        except QueryError as error:
            self._status(f"Filter: {error.message}", error=True)
            return False
        self.query_text = text
        self._show([entry for entry in self.everything if test(entry)])
        return True

    def _show(self, entries: Sequence[Deletion]) -> None:
        self.entries = list(entries)
        table = self.query_one(DataTable)
        table.clear()
        for index, entry in enumerate(self.entries):
            table.add_row(*_cells(entry), key=str(index))
        total = len(self.everything)
        shown = f"{len(self.entries):,} of " if self.query_text else ""
        title = f"Delete record — {shown}{total:,} entr{'y' if total == 1 else 'ies'}, newest first"
        if self.query_text:
            title += f" — filter: {clean(self.query_text, max_len=40)}"
        self.query_one("#deletions-title", Static).update(Text(title))
        hint = "Enter restores a file from its copy · / filters (deleted<7d outcome:failed …) · Esc goes back"
        self._status("Nothing deleted yet." if not self.everything else hint)

    def _status(self, text: str, *, error: bool = False) -> None:
        self.query_one("#deletions-status", Static).update(Text(text, style="bold red" if error else ""))

    @property
    def highlighted(self) -> Deletion | None:
        table = self.query_one(DataTable)
        if not self.entries or not 0 <= table.cursor_row < len(self.entries):
            return None
        return self.entries[table.cursor_row]

    # --- keys ---------------------------------------------------------------------------

    def action_filter_record(self) -> None:
        field = self.query_one(FilterInput)
        field.value = self.query_text
        field.add_class("-open")
        field.focus()

    def close_filter(self) -> None:
        self.query_one(FilterInput).remove_class("-open")
        self.query_one(DataTable).focus()

    @on(Input.Submitted, "#deletions-filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self.apply_filter(event.value):
            self.close_filter()

    @on(DataTable.RowSelected)
    def _row_chosen(self, event: DataTable.RowSelected) -> None:
        entry = self.highlighted
        if entry is not None:
            self.restore(entry)

    def restore(self, entry: Deletion) -> None:
        """Enter on a row: the restorer uploads the file again under a new id, as `claude-files restore` does."""
        self.restorer.restore(entry)

    def on_component_said(self, event: Component.Said) -> None:
        self._status(event.text, error=event.error)

    def action_close(self) -> None:
        self.dismiss(None)


def _cells(entry: Deletion) -> tuple[Text | str, ...]:
    when = entry.deleted_at.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    outcome = entry.outcome.replace("_", " ")
    if entry.reason and entry.outcome in ("failed", "unknown"):
        outcome += f": {entry.reason}"
    return (
        when,
        Text(clean(entry.filename, max_len=60)),
        Text(formatting.size(entry.size_bytes), justify="right"),
        Text(clean(outcome, max_len=60), style=OUTCOME_STYLES.get(entry.outcome, "")),
        Text(clean(entry.selected_by, max_len=40)),
    )
