"""When to ask the server for the newest files again: the timing and backoff of live refresh.

Pure: no Textual, no I/O, no clock of its own (`clock` is handed in, seconds on a monotonic
scale), so every case is tested by moving a number. The TUI's live component and
`ls --follow` both ask `due()` before a list request and report how it went.

The rules: one request at a time; none while the caller is busy (a bulk delete, a load of every
page); none while the terminal has not been used for `idle_after` seconds; after a failure
(429, 529, any error) the wait doubles from the interval up to MAX_BACKOFF, and the first answer
puts it back to the interval.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, NamedTuple

DEFAULT_SECONDS = 10.0
IDLE_AFTER = 15 * 60.0  # no one has touched the terminal for this long: no one is looking
MAX_BACKOFF = 300.0


class LivePolicy:
    """The state of one live refresh: on or off, in flight, when the next check is due."""

    def __init__(self, interval: float, clock: Callable[[], float], *, idle_after: float | None = IDLE_AFTER) -> None:
        self.clock = clock
        self.interval = interval if interval > 0 else DEFAULT_SECONDS  # what `toggle` turns on
        self.on = interval > 0
        self.idle_after = idle_after
        self.in_flight = False
        self.failures = 0
        self.checks = 0  # answered checks, for the curious (tests, the header)
        now = clock()
        self.last_check: float | None = None  # when the last check was answered
        self.last_input = now
        self.next_at = now + self.interval
        self.failed_because: str | None = None  # the last failure's words, while backing off

    # --- what the caller reports -----------------------------------------------------------

    def touched(self, at: float | None = None) -> None:
        """The terminal was used (a key, the mouse) now, or `at` that moment: someone is looking."""
        self.last_input = max(self.last_input, self.clock() if at is None else at)

    def toggle(self) -> bool:
        """The key: on becomes off and off on (due at once). Returns whether it is on now."""
        self.on = not self.on
        if self.on:
            self.failures = 0
            self.failed_because = None
            self.next_at = self.clock()
        return self.on

    def retry_now(self) -> None:
        """The user asked to retry (`r`): after a failure, the next check is due at once."""
        if self.on and self.failures:
            self.next_at = min(self.next_at, self.clock())

    def began(self) -> None:
        """A check was sent (only after `due()` said so)."""
        self.in_flight = True

    def answered(self) -> None:
        now = self.clock()
        self.in_flight = False
        self.failures = 0
        self.failed_because = None
        self.checks += 1
        self.last_check = now
        self.next_at = now + self.interval

    def abandoned(self) -> None:
        """The check sent was dropped unanswered (cancelled): the next one comes after an interval."""
        self.in_flight = False
        self.next_at = self.clock() + self.interval

    def failed(self, because: str) -> float:
        """A check failed (`because`: words for the status line); returns how long until the next."""
        self.in_flight = False
        self.failures += 1
        self.failed_because = because
        wait: float = min(MAX_BACKOFF, self.interval * 2.0**self.failures)
        self.next_at = self.clock() + wait
        return wait

    # --- what the caller asks ---------------------------------------------------------------

    @property
    def idle(self) -> bool:
        return self.idle_after is not None and self.clock() - self.last_input > self.idle_after

    def due(self, *, busy: bool = False) -> bool:
        """Should a check be sent now? Never while one is in flight or the caller is `busy`."""
        return self.on and not self.in_flight and not busy and not self.idle and self.clock() >= self.next_at

    def words(self, *, busy: bool = False) -> str:
        """The header's piece: "live · 3s ago", "live · retry in 40s", "live off", …"""
        if not self.on:
            return "live off"
        if self.idle:
            return "live · paused (idle)"
        now = self.clock()
        if busy and now >= self.next_at:  # a check waits for the caller (a page load shorter than that says nothing)
            return "live · paused"
        if self.failures:
            return f"live · retry in {_span(self.next_at - now)}"
        if self.last_check is None:
            return "live"
        return f"live · {_span(now - self.last_check)} ago"


def failure_words(kind: str, message: str) -> str:
    """Why a check failed, for the status line or stderr: a check is one request, never retried,
    so not the SDK's "even after retries"."""
    return {"rate_limited": "Rate limited (429).", "overloaded": "The API is overloaded (529)."}.get(kind, message)


def _span(seconds: float) -> str:
    seconds = max(0, int(seconds))
    if seconds < 60:
        return f"{seconds}s"
    if seconds < 3600:
        return f"{seconds // 60}m"
    return f"{seconds // 3600}h"


class Merged(NamedTuple):
    """What a live check changed in the file list (`FileList.merge_newest`)."""

    arrived: list[Any]  # rows, newest first
    gone: list[str]  # ids
    unmarked: int  # how many of the gone files were marked


class Arrivals:
    """Which files of the newest page are new since the last look (`ls --follow`).

    A file is new when its id was not listed last time and it is not older than the oldest file
    listed then: a file deleted elsewhere lets older files move up into the page, and those are
    not arrivals. When the last listing was the whole store, every unseen id is new."""

    def __init__(self) -> None:
        self.seen: set[str] = set()
        self.floor: datetime | None = None

    def look(self, files: Sequence[Any], more: bool) -> list[Any]:
        """The new files of `files` (the newest first, as listed; `more`: pages follow), newest
        first; what was listed becomes what has been seen."""
        new = [row for row in files if row.id not in self.seen and (self.floor is None or row.created_at >= self.floor)]
        self.seen = {row.id for row in files}
        self.floor = min((row.created_at for row in files), default=None) if more else None
        return new
