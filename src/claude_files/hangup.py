"""Ending the TUI when its terminal goes away or it is told to stop, whatever Textual's threads do.

When the terminal hangs up (SSH drops, `tmux kill-session`), read(0) in Textual's input
thread returns EOF at once and that thread spins; its writer thread dies on EIO, and the
event loop then blocks for good queueing output to it. From then on no callback runs, so
neither does a SIGTERM handler added to the loop, and a SIGHUP that never arrives (blocked,
or the session leader did not pass it on) leaves a process burning a core with a temp file
open. So nothing here needs the event loop:

- a watcher thread sleeps in poll() on the terminal and is woken only by POLLHUP/POLLERR;
- SIGHUP is a plain signal handler that leaves at once;
- SIGTERM asks the app to exit cleanly and, if it has not after `TERM_GRACE` seconds (the
  loop is stuck), leaves anyway.

Leaving drops the temp files of open downloads (`cleanup`), then calls os._exit.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
import sys
import threading
from collections.abc import Callable
from typing import Any

TERM_GRACE = 10.0  # seconds a SIGTERM waits for the clean exit (workers unwinding) before leaving anyway
EXIT_HANGUP = 128 + signal.SIGHUP
EXIT_TERMINATED = 128 + signal.SIGTERM


class ExitGuard:
    """Installs the handlers and the watcher; `cleanup` runs once before any hard exit."""

    def __init__(self, cleanup: Callable[[], None], clean_exit: Callable[[int], None], *, term_grace: float = TERM_GRACE) -> None:
        self._cleanup = cleanup
        self._term_grace = term_grace
        self._clean_exit = clean_exit  # called on the event loop with the exit status
        self._previous: dict[int, Any] = {}
        self._installed = False

    def install(self, watch_terminal: bool) -> None:
        """`watch_terminal`: a real terminal is attached. Signal handlers are the main thread's
        to set: an app run in another thread (a test harness) keeps the process's own."""
        import asyncio

        self._loop = asyncio.get_running_loop()
        if threading.current_thread() is threading.main_thread():
            for signum, handler in ((signal.SIGHUP, self._on_hangup), (signal.SIGTERM, self._on_term)):
                self._previous[signum] = signal.signal(signum, handler)
        self._installed = True
        fds = sorted(set(_terminal_fds())) if watch_terminal else []
        if fds:
            threading.Thread(target=self._watch, args=(fds,), name="claude-files-hangup", daemon=True).start()

    def uninstall(self) -> None:
        """The app is exiting cleanly: the previous handlers back, the watcher ignored."""
        self._installed = False
        for signum, previous in self._previous.items():
            with contextlib.suppress(ValueError, TypeError):
                signal.signal(signum, previous if previous is not None else signal.SIG_DFL)
        self._previous.clear()

    def leave_now(self, status: int) -> None:
        """Drop what must not outlive us, then exit without waiting for any thread."""
        try:
            self._cleanup()
        finally:
            os._exit(status)

    def _on_hangup(self, signum: int, frame: Any) -> None:
        self.leave_now(EXIT_HANGUP)

    def _on_term(self, signum: int, frame: Any) -> None:
        with contextlib.suppress(RuntimeError):  # the loop is closing already
            self._loop.call_soon_threadsafe(self._clean_exit, EXIT_TERMINATED)
        timer = threading.Timer(self._term_grace, self.leave_now, args=(EXIT_TERMINATED,))
        timer.daemon = True
        timer.start()

    def _watch(self, fds: list[int]) -> None:
        """Sleep until the terminal hangs up (no events asked for: input never wakes us)."""
        poller = select.poll()
        for fd in fds:
            poller.register(fd, 0)
        while True:
            try:
                events = poller.poll()
            except InterruptedError:
                continue
            if events and self._installed:
                self.leave_now(EXIT_HANGUP)
            if events:
                return


def _terminal_fds() -> list[int]:
    """The descriptors Textual reads and writes (stdin, stderr) that are terminals."""
    fds = []
    for stream in (sys.__stdin__, sys.__stderr__):
        with contextlib.suppress(AttributeError, ValueError, OSError):
            if stream is not None and os.isatty(stream.fileno()):
                fds.append(stream.fileno())
    return fds
