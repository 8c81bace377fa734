"""P3e: bulk delete of 1,000 files through the installed `claude-files` in a real pty.

P3 times the delete engine alone; this times what a user waits for. Per run, a fresh
`claude-files serve --latency 20` holds 2,000 synthetic files: the asyncio+semaphore(8)
SDK loop of P3 deletes 1,000 of them (the baseline), then the TUI is spawned in a pty (as
P1 is), all remaining files are marked (ctrl+a, loading every page first), `d`, the count
typed, and timed from the confirming Enter until "Deleted 1,000 of 1,000" is on screen.

Run alone: `/work/venv/bin/python tests/benchmarks/bench_bulk_e2e.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import fcntl
import os
import select
import shutil
import struct
import subprocess
import sys
import tempfile
import termios
import time
from pathlib import Path

from bench_bulk import CONCURRENCY, LATENCY_MS, _all_ids, _semaphore
from bench_startup import _ESCAPE, COLUMNS, LINES, _kill
from common import CLAUDE_FILES, Server, goal_line, median, serve

COUNT = 1000
CTRL_A = b"\x01"
END = b"\x1b[F"


class _Pty:
    """The installed TUI on a pty: send keys, wait until the plain text shows something new."""

    def __init__(self, server: Server) -> None:
        self.master, slave = os.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", LINES, COLUMNS, 0, 0))
        self.config = Path(tempfile.mkdtemp(prefix="claude-files-bench-cfg-")) / "config.json"
        env = {
            **server.env,
            "TERM": "xterm-256color",
            "COLUMNS": str(COLUMNS),
            "LINES": str(LINES),
            "CLAUDE_FILES_CONFIG": str(self.config),
            "CLAUDE_FILES_DELETIONS": str(self.config.with_name("deletions.sqlite3")),  # recorded, not in the user's record
            "CLAUDE_FILES_CACHE": str(self.config.with_name("listings")),  # each start fresh: no last view of the previous run
        }
        self.process = subprocess.Popen(
            [CLAUDE_FILES], stdin=slave, stdout=slave, stderr=slave, env=env, start_new_session=True, close_fds=True
        )
        os.close(slave)
        self.raw = b""
        self.mark = 0  # waits look only at what was drawn after the last `send`

    def send(self, keys: bytes) -> None:
        self.mark = len(self.raw)
        os.write(self.master, keys)

    def wait_for(self, *texts: str, timeout: float = 60.0) -> tuple[str, float]:
        """The first of `texts` drawn since the last send, and when (perf_counter)."""
        deadline = time.perf_counter() + timeout
        while time.perf_counter() < deadline:
            plain = _ESCAPE.sub(b"", self.raw[self.mark :]).decode("utf-8", "replace")
            for text in texts:
                if text in plain:
                    return text, time.perf_counter()
            ready, _, _ = select.select([self.master], [], [], 0.5)
            if ready:
                try:
                    self.raw += os.read(self.master, 1 << 20)
                except OSError:
                    break
        tail = _ESCAPE.sub(b"", self.raw[-2000:]).decode("utf-8", "replace")
        raise RuntimeError(f"TUI never drew any of {texts!r}; last: {' '.join(tail.split())[-300:]!r}")

    def close(self) -> None:
        _kill(self.process)
        os.close(self.master)
        shutil.rmtree(self.config.parent, ignore_errors=True)  # the settings and the delete record


def _tui_once(server: Server) -> float:
    """Seconds from the confirming Enter to the report's title on screen."""
    tui = _Pty(server)
    try:
        tui.wait_for("report-")
        tui.send(END)
        tui.wait_for(f"{COUNT:,} files")  # the header counts every file once all pages are in
        tui.send(CTRL_A)
        seen, _ = tui.wait_for(f"{COUNT:,} marked", "Load all, then mark")
        if seen != f"{COUNT:,} marked":
            tui.send(b"a")
            tui.wait_for(f"{COUNT:,} marked")
        tui.send(b"d")
        tui.wait_for(f"type {COUNT}")
        tui.send(str(COUNT).encode())
        tui.wait_for(f"Delete {COUNT:,}")
        tui.send(b"\r")
        started = time.perf_counter()
        _, shown = tui.wait_for(f"Deleted {COUNT:,} of {COUNT:,}", timeout=300)
        return shown - started
    finally:
        tui.close()


def _baseline_once(server: Server) -> float:
    ids = asyncio.run(_all_ids(server.url))[:COUNT]
    started = time.perf_counter()
    asyncio.run(_semaphore(server.url, ids))
    return time.perf_counter() - started


def run(quick: bool) -> list[str]:
    runs = 3 if quick else 5
    ours: list[float] = []
    base: list[float] = []
    for _ in range(runs):
        with serve(synthetic=2 * COUNT, latency_ms=LATENCY_MS) as server:
            base.append(_baseline_once(server))
            ours.append(_tui_once(server))
    o, b = median(ours), median(base)
    raw = f"(ours {o:.2f}s, asyncio+semaphore({CONCURRENCY}) {b:.2f}s, median of {runs})"
    return [goal_line("P3e", f"bulk delete {COUNT} files through the TUI in a pty", o / b, "<=", 1.15, raw)]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
