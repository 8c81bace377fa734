"""S1: memory of the TUI with N files loaded ÷ a bare script keeping the SDK's N objects in a list.

Both whole processes against the same `claude-files serve --synthetic N`, each reading its
own peak RSS (VmHWM, /proc). Ours: the installed `claude-files` in a pty (as P1 and P3e),
End pressed to load every page, its VmHWM read once the header counts all N files.
Baseline: `python -c` that lists every file with the SDK's auto-pager into a list (the GA
`FileMetadata`, as the issue measured it) and prints its VmHWM.

N is 200,000 with `--quick`, 1,000,000 otherwise. S1 is the ratio of the whole processes, as
the goal is set. S1-row is what the rows alone cost: each side's peak less its own peak with
one page loaded (the TUI starts at ~120 MB with Textual and the SDK imported, the bare script
at ~95 MB), so it does not depend on N; at 200,000 the fixed part still weighs on S1.

Run alone: `python tests/benchmarks/bench_memory.py [--quick]`.
"""

from __future__ import annotations

import os
import select
import subprocess
import sys
import time
from pathlib import Path

from bench_bulk_e2e import END, _Pty
from bench_startup import _ESCAPE
from common import Server, goal_line, serve

BASELINE = """
import os, sys, anthropic
client = anthropic.Anthropic(api_key=os.environ["ANTHROPIC_API_KEY"], base_url=os.environ["ANTHROPIC_BASE_URL"])
def hwm():
    with open("/proc/self/status") as status:
        return next(int(line.split()[1]) for line in status if line.startswith("VmHWM:"))
pages = client.files.list(limit=int(sys.argv[1]))
files = list(pages) if sys.argv[2] == "all" else list(pages.data)
print(len(files), hwm())
"""


def _status_kb(pid: int, field: str) -> int:
    with Path(f"/proc/{pid}/status").open() as status:
        return next(int(line.split()[1]) for line in status if line.startswith(field + ":"))


def _tui_kb(server: Server, total: int) -> tuple[int, int]:
    """(VmHWM with the first page drawn, VmHWM with all `total` files loaded) of the TUI."""
    tui = _Pty(server)
    try:
        tui.wait_for("report-")
        first = _status_kb(tui.process.pid, "VmHWM")
        tui.send(END)
        _wait_tail(tui, f"{total:,} files", timeout=total / 200 + 120)  # the header counts every file once all are in
        time.sleep(0.5)  # whatever the last page set off (its frame) is part of holding them
        return first, _status_kb(tui.process.pid, "VmHWM")
    finally:
        tui.close()


def _wait_tail(tui: _Pty, text: str, timeout: float) -> None:
    """`tui.wait_for` for a long load: only the newest output is searched (the whole of it grows for minutes)."""
    deadline = time.perf_counter() + timeout
    while time.perf_counter() < deadline:
        ready, _, _ = select.select([tui.master], [], [], 0.5)
        if ready:
            tui.raw = tui.raw[-4096:] + os.read(tui.master, 1 << 20)
            if text in _ESCAPE.sub(b"", tui.raw).decode("utf-8", "replace"):
                return
    raise RuntimeError(f"TUI never drew {text!r}")


def _baseline_kb(server: Server, limit: int, pages: str) -> tuple[int, int]:
    out = subprocess.run(
        [sys.executable, "-c", BASELINE, str(limit), pages], env=server.env, check=True, capture_output=True, text=True
    ).stdout.split()
    return int(out[0]), int(out[1])


def run(quick: bool) -> list[str]:
    total = 200_000 if quick else 1_000_000
    with serve(synthetic=total, timeout=900) as server:
        _, base_first = _baseline_kb(server, 100, "first")
        count, base = _baseline_kb(server, 1000, "all")
        if count != total:
            raise RuntimeError(f"the baseline listed {count:,} files, not {total:,}")
        first, ours = _tui_kb(server, total)
    ours_row, base_row = (ours - first) * 1024 / total, (base - base_first) * 1024 / total
    raw = f"ours={ours / 1024:.0f}MB sdk={base / 1024:.0f}MB (one page: ours={first / 1024:.0f}MB sdk={base_first / 1024:.0f}MB) rows={total:,}"
    name = f"memory with {total:,} files loaded vs the SDK's objects in a list"
    return [
        goal_line("S1", name, ours / base, "<=", 0.3, raw),
        goal_line(
            "S1-row",
            "what a loaded row costs vs an SDK object",
            ours_row / base_row,
            "<=",
            0.3,
            f"ours={ours_row:.0f}B sdk={base_row:.0f}B a row",
        ),
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
