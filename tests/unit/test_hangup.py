"""hangup.py: the process ends even when its event loop is stuck, as it is once the terminal is gone."""

from __future__ import annotations

import os
import pty
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

from claude_files.hangup import EXIT_HANGUP, EXIT_TERMINATED

GRACE = 2.0
STUCK_APP = textwrap.dedent(
    f"""
    import asyncio, sys, time
    from pathlib import Path
    from claude_files.hangup import ExitGuard

    marker = Path(sys.argv[1])

    async def main():
        guard = ExitGuard(lambda: marker.write_text("cleaned"), lambda status: None, term_grace={GRACE})  # no clean exit comes
        guard.install(watch_terminal=True)
        print("ready", flush=True)
        time.sleep(60)  # the loop blocked, as when Textual's writer thread died on EIO

    asyncio.run(main())
    """
)


def _start(marker: Path, **kw: object) -> subprocess.Popen[str]:
    child = subprocess.Popen([sys.executable, "-c", STUCK_APP, str(marker)], stdout=subprocess.PIPE, text=True, **kw)  # type: ignore[call-overload]
    assert child.stdout is not None and child.stdout.readline() == "ready\n"
    return child


def test_sigterm_ends_a_stuck_loop_after_the_grace_period(tmp_path: Path) -> None:
    marker = tmp_path / "marker"
    child = _start(marker)
    started = time.monotonic()
    child.send_signal(signal.SIGTERM)
    assert child.wait(GRACE + 20) == EXIT_TERMINATED
    assert GRACE - 0.5 <= time.monotonic() - started
    assert marker.read_text() == "cleaned"


def test_terminal_hang_up_ends_the_process_even_without_sighup(tmp_path: Path) -> None:
    """The watcher sees the terminal go (POLLHUP) though SIGHUP is blocked and the loop stuck."""
    marker = tmp_path / "marker"
    master, slave = pty.openpty()
    blocked = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGHUP})  # inherited by the child
    try:
        child = _start(marker, stdin=slave, stderr=slave)
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
    os.close(slave)
    os.close(master)  # the terminal goes away, as when SSH drops
    assert child.wait(20) == EXIT_HANGUP
    assert marker.read_text() == "cleaned"
