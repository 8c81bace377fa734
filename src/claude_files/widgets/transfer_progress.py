"""The one progress component: a line per transfer with name, bar, bytes, rate, time left, state.

Workers call `advance(key, done)` as often as bytes arrive (every 64 KiB); the lines are
redrawn at most ten times a second, so a fast transfer never floods the event loop.
Uploads, downloads and bulk deletes (where "bytes" are files) all use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Label, ProgressBar

from .. import formatting
from ..text import clean

REDRAW_INTERVAL = 0.1
HIDE_AFTER = 8.0  # seconds a finished batch stays on screen
RUNNING = ("waiting", "sending", "saving", "deleting")


def _duration(seconds: float) -> str:
    seconds = int(seconds + 0.5)
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m{seconds % 60:02d}s"
    return f"{seconds // 3600}h{seconds // 60 % 60:02d}m"


class TransferLine(Horizontal):
    """One transfer. `state` is one of RUNNING or done / cancelled / failed / skipped."""

    DEFAULT_CSS = """
    TransferLine { height: 1; }
    TransferLine > .transfer--name { width: 1fr; min-width: 10; }
    TransferLine > ProgressBar { width: 23; }
    TransferLine > ProgressBar > Bar { width: 16; }
    TransferLine > .transfer--info { width: 36; }
    TransferLine.-failed > .transfer--info { color: $error; }
    TransferLine.-done > .transfer--info { color: $success; }
    """

    def __init__(self, name: str, total: int | None, *, unit: Callable[[int], str] = formatting.size) -> None:
        super().__init__()
        self.label = clean(name)
        self.total = total
        self.unit = unit
        self.done = 0
        self.state = "waiting"
        self.detail = ""
        self.started: float | None = None
        self.finished: float | None = None
        self._drawn: tuple[int, str] | None = None

    def compose(self) -> ComposeResult:
        yield Label(Text(self.label, no_wrap=True, overflow="ellipsis"), classes="transfer--name")
        yield ProgressBar(total=self.total or None, show_eta=False)
        yield Label("", classes="transfer--info")

    @property
    def running(self) -> bool:
        return self.state in RUNNING

    def start(self, state: str = "sending") -> None:
        self.state = state
        self.started = time.monotonic()
        self.redraw()

    def finish(self, state: str, detail: str = "") -> None:
        """Final state; `detail` (plain text) says why it failed or where it went."""
        self.state = state
        self.detail = clean(detail)  # error words can carry the server's text
        self.finished = time.monotonic()
        if state == "done" and self.total:
            self.done = self.total
        self.set_class(state == "failed", "-failed")
        self.set_class(state == "done", "-done")
        self.redraw()

    def rate(self) -> float:
        """Bytes (or items) per second since the start."""
        if self.started is None:
            return 0.0
        elapsed = (self.finished or time.monotonic()) - self.started
        return self.done / elapsed if elapsed > 0.05 else 0.0

    def info(self) -> str:
        """'12.0 MB/50.0 MB 40.1 MB/s 1s left' while running; the outcome afterwards."""
        total = self.unit(self.total) if self.total else "?"
        if self.state == "waiting":
            return f"waiting · {total}"
        if self.running:
            rate = self.rate()
            text = f"{self.unit(self.done)}/{total}"
            if rate > 0:
                text += f" {self.unit(int(rate))}/s"
                if self.total:
                    text += f" {_duration(max(0, self.total - self.done) / rate)} left"
            return text
        if self.state == "done":
            return f"done · {total}" + (f" · {_duration(self.finished - self.started)}" if self.started and self.finished else "")
        return f"{self.state}" + (f": {self.detail}" if self.detail else "")

    def redraw(self) -> None:
        """Push the numbers to the bar and the label, if anything visible changed."""
        info = self.info()
        if self._drawn == (self.done, info) or not self.is_mounted:
            return
        self._drawn = (self.done, info)
        bar = self.query_one(ProgressBar)
        if self.total:
            bar.update(total=self.total, progress=self.done)
        info_label = self.query_one(".transfer--info", Label)
        info_label.update(Text(info, no_wrap=True, overflow="ellipsis"), layout=False)  # fixed width: repaint only

    def on_mount(self) -> None:
        self.call_after_refresh(self.redraw)  # a line finished before it was on screen


class TransferProgress(Vertical):
    """Lines of transfers, newest last; finished lines go when a new batch starts.

    With `fade=True` (the main screen's panel) a finished batch also disappears after HIDE_AFTER.
    """

    DEFAULT_CSS = """
    TransferProgress { height: auto; max-height: 7; border-top: solid $primary; padding: 0 1; display: none; }
    TransferProgress.-active { display: block; }
    """

    def __init__(self, *, id: str | None = None, fade: bool = False, ticks: bool = True) -> None:
        """`ticks=False`: no redraw timer of its own; the owner calls each line's `redraw`
        (the bulk-delete modal, whose every repaint costs the deletes event-loop time)."""
        super().__init__(id=id)
        self.lines: dict[str, TransferLine] = {}
        self.fade = fade
        self.ticks = ticks

    def on_mount(self) -> None:
        if self.ticks:
            self.set_interval(REDRAW_INTERVAL, self._tick)
        self.border_title = "transfers · Esc cancels"

    def add(self, key: str, name: str, total: int | None, *, unit: Callable[[int], str] = formatting.size) -> TransferLine:
        """A new line in the waiting state; finished lines from earlier batches go away."""
        if not any(line.running for line in self.lines.values()):
            self.clear_finished()
        line = TransferLine(name, total, unit=unit)
        self.lines[key] = line
        self.mount(line)
        self.add_class("-active")
        return line

    def line(self, key: str) -> TransferLine | None:
        return self.lines.get(key)

    def advance(self, key: str, done: int) -> None:
        """Record progress; cheap, drawn by the next tick."""
        line = self.lines.get(key)
        if line is not None:
            line.done = done

    def drop(self, key: str) -> None:
        """Take a line away (a file that turned out to need no transfer)."""
        line = self.lines.pop(key, None)
        if line is not None:
            line.remove()
        if not self.lines:
            self.remove_class("-active")

    def clear_finished(self) -> None:
        for key, line in list(self.lines.items()):
            if not line.running:
                del self.lines[key]
                line.remove()
        if not self.lines:
            self.remove_class("-active")

    @property
    def running(self) -> bool:
        return any(line.running for line in self.lines.values())

    def _tick(self) -> None:
        for line in self.lines.values():
            if line.running:
                line.redraw()
        ends = [line.finished for line in self.lines.values()]
        finished = [end for end in ends if end is not None]
        if self.fade and ends and len(finished) == len(ends) and time.monotonic() - max(finished) > HIDE_AFTER:
            self.clear_finished()
