"""Bulk delete: the modal that shows a run's progress and then its report.

It only shows: the bulk-delete component (components/bulk.py) runs the engine
(`jobs.BulkDelete`) on its own connection and tells this modal when the run has ended
(`ended`); the counters are read from the run four times a second. Esc asks the run to stop.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from ..jobs import BulkDelete
from ..keymap import BULK_DELETE_KEYS, bindings
from ..localfs import shown_path
from ..text import clean
from ..widgets.transfer_progress import TransferProgress

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp
    from ..archive import Archiver

FLUSH_INTERVAL = 0.25
"""How often the progress and counters redraw: four times a second reads as live."""


def _count(n: int) -> str:
    return f"{n:,}"


class BulkDeleteScreen(ModalScreen[BulkDelete]):
    """Shows a `BulkDelete` running, then the report; dismisses with the run once it has ended."""

    BINDINGS = bindings(BULK_DELETE_KEYS)

    if TYPE_CHECKING:  # Textual's own way to type `self.app` (its MessagePump does the same)
        app = getters.app(ClaudeFilesApp)

    DEFAULT_CSS = """
    BulkDeleteScreen { align: center middle; }
    /* Opaque while deleting: a translucent modal repaints the screen behind whole on every
       redraw (about 50 ms at 120x40 on a slow core), event-loop time the deletes wait for
       (P3e 1.2 with it, 1.08 without). The report shows the table behind again. */
    BulkDeleteScreen.-running { background: $background; }
    BulkDeleteScreen > Vertical {
        width: 72; max-width: 95%; height: auto; max-height: 90%;
        border: round $error; padding: 0 1; background: $surface;
    }
    BulkDeleteScreen TransferProgress { border-top: none; padding: 0; }
    BulkDeleteScreen #bulk-counts { height: 1; }
    BulkDeleteScreen #bulk-report-scroll { height: auto; max-height: 12; margin-top: 1; display: none; }
    BulkDeleteScreen #bulk-hint { height: auto; margin-top: 1; color: $text-muted; }
    """

    def __init__(self, job: BulkDelete, names: Mapping[str, str], *, archiver: Archiver | None = None, note: str = "") -> None:
        """`names`: each id's filename, for the report; `archiver`, the run's archive-first step,
        whose counts are shown; `note` goes above the report's closing hint (the pinned files kept)."""
        super().__init__()
        self.job = job
        self.names = names
        self.archiver = archiver
        self.note = note
        self._up = False  # mounted: the report has somewhere to go
        self._shown_end = False

    def compose(self) -> ComposeResult:
        total = len(self.job.ids)
        with Vertical() as box:
            box.border_title = f"Deleting {total:,} file{'s' if total != 1 else ''}"
            yield TransferProgress(id="bulk-progress", ticks=False)  # redrawn by `_tick`, with the counters
            yield Static(id="bulk-counts")
            with VerticalScroll(id="bulk-report-scroll"):
                yield Static(id="bulk-report")
            yield Static("Esc stops: nothing new starts, deletes already sent finish.", id="bulk-hint")

    def on_mount(self) -> None:
        self.add_class("-running")
        progress = self.query_one(TransferProgress)
        total = len(self.job.ids)
        line = progress.add("bulk", f"{total:,} file{'s' if total != 1 else ''}", total, unit=_count)
        line.start("deleting")
        self.set_interval(FLUSH_INTERVAL, self._tick)
        self._up = True
        if self.job.finished:  # it ended before this modal was up
            self.ended()

    def _tick(self) -> None:
        """Redraw the bar and the counters (this modal only: the table behind waits for its own timer)."""
        progress = self.query_one(TransferProgress)
        line = progress.line("bulk")
        if line is not None:
            line.done = self.job.done
            line.redraw()  # now, with the counts below: the bar's own timer runs out of step
        self.query_one("#bulk-counts", Static).update(self._counts(), layout=False)  # one fixed line: repaint only

    def _counts(self) -> Text:
        job = self.job
        text = Text.assemble(
            (f"{len(job.deleted):,} deleted", "bold green"),
            " · ",
            (f"{len(job.failed):,} failed", "bold red" if job.failed else ""),
            f" · {job.remaining:,} remaining",
        )
        if self.archiver is not None:
            text.append(f" · {self.archiver.archived:,} archived")
            if job.vetoed:
                text.append(f" · {len(job.vetoed):,} kept", style="bold red")
        if not job.finished:
            text.append(f" · {job.rate:,.0f}/s")
        if job.stopping and not job.finished:
            text.append(f" · stopping, {job.in_flight} in flight", style="italic")
        return text

    def ended(self) -> None:
        """The run has ended (the component says so): the outcome, then the report."""
        if not self._up or self._shown_end:
            return  # not up yet: on_mount shows it
        self._shown_end = True
        self._tick()
        job = self.job
        total = len(job.ids)
        line = self.query_one(TransferProgress).line("bulk")
        if line is not None:
            state = "cancelled" if job.pending else "failed" if job.failed or job.vetoed else "done"
            line.finish(state, f"{len(job.deleted):,} of {total:,} deleted" if state != "done" else "")
        self.remove_class("-running")
        box = self.query_one(Vertical)
        box.border_title = f"Deleted {len(job.deleted):,} of {total:,} file{'s' if total != 1 else ''}"
        self.query_one("#bulk-hint", Static).update(f"{self.note}\nEnter or Esc closes." if self.note else "Enter or Esc closes.")
        # The outcome first, the list of every file a frame later: laying out a report of a
        # thousand names took 0.4 s, and the title waited for it.
        self.call_after_refresh(self._show_report)

    def _show_report(self) -> None:
        if self.is_attached:  # else closed already: nothing to show it in
            self.query_one("#bulk-report", Static).update(self.report())
            self.query_one("#bulk-report-scroll").display = True

    def report(self) -> Text:
        """What happened to every file: failures with reasons, not started, deleted."""
        job = self.job
        text = Text()
        if job.record_error is not None:
            text.append(f"Stopped: {clean(str(job.record_error))}\n", style="bold red")
        if job.unreachable is not None:
            text.append(f"Stopped, nothing more sent: {clean(job.unreachable.message)}\n", style="bold red")
        if job.vetoed:
            text.append(f"{len(job.vetoed):,} not deleted, archiving failed (still marked):\n", style="bold red")
            for file_id, veto in job.vetoed.items():
                text.append(f"  {clean(self.names[file_id], max_len=40)}", style="bold")
                text.append(f" — {clean(veto.reason)}\n")
        if self.archiver is not None and job.deleted:
            text.append(_archived_line(self.archiver, job), style="bold")
        if job.failed:
            text.append(f"{len(job.failed):,} failed (still marked; press d to retry):\n", style="bold red")
            for file_id, error in job.failed.items():
                text.append(f"  {clean(self.names[file_id], max_len=40)}", style="bold")
                text.append(f" — {clean(error.message)}\n")
        if job.pending:
            text.append(f"Stopped: {len(job.pending):,} not started (still marked).\n", style="bold yellow")
        if job.deleted:
            text.append(f"Deleted ({len(job.deleted):,}):\n", style="bold green")
            deleted = set(job.deleted)
            for file_id in (file_id for file_id in job.ids if file_id in deleted):  # in the order listed
                text.append(f"  {clean(self.names[file_id], max_len=60)}\n")
        elif not job.failed and not job.pending and not job.vetoed:
            text.append("Nothing was deleted.\n")
        text.rstrip()
        return text

    def action_stop_or_close(self) -> None:
        if self.job.finished:
            self.dismiss(self.job)
        elif not self.job.stopping:
            self.job.stop()
            self.query_one("#bulk-hint", Static).update("Stopping: waiting for the deletes already sent…")
            self._tick()

    def action_close(self) -> None:
        if self.job.finished:
            self.dismiss(self.job)

    async def action_close_or_quit(self) -> None:
        """q: closes the report; while deleting, quits (asking first, saying what stops)."""
        if self.job.finished:
            self.dismiss(self.job)
        else:
            await self.app.action_quit()


def _archived_line(archiver: Archiver, job: BulkDelete) -> str:
    """How the deleted files could come back: archived, a local copy, or no way back."""
    deleted = set(job.deleted)
    kinds = [way.kind for file_id, way in archiver.way_back.items() if file_id in deleted]
    line = f"Archived {kinds.count('archived'):,} into {shown_path(archiver.root)} (claude-files restore ID brings one back)"
    if kinds.count("local_copy"):
        line += f"; {kinds.count('local_copy'):,} uploads can come back from their local copy"
    if kinds.count("none"):
        line += f"; {kinds.count('none'):,} uploads have no way back"
    return line + ".\n"
