"""O2: `claude-files du --all-workspaces` over 10 workspaces of 10,000 files each ÷ `du` of the
largest single workspace, both whole processes (start to exit, stdout to a pipe).

O3: peak RSS of `claude-files ls --all-workspaces --format jsonl` over the same ten workspaces ÷
`ls --workspace` of one of them (stdout to /dev/null). Goal ≤ 1.3: every page is written as it
arrives, so ten workspaces take about the memory of one (held whole, as before, the 100,000
records took 2.4×: 243 MiB vs 100 MiB).

The server is a `claude-files serve` subprocess with an admin key; the workspaces and their
records are written into its SQLite file from here (it reads them per request). Runs
alternate; medians reported. Goal ≤ 1.5: reading ten workspaces at once costs no more than the
slowest one plus a little. `LATENCY_MS` per request stands for the network of a real API.

Run alone: `python tests/benchmarks/bench_org.py [--quick]`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from bench_du import _measure
from common import CLAUDE_FILES, goal_line, interleave, median, serve

ADMIN = "bench-admin-key"
WORKSPACES = 10
FILES = 10_000
LATENCY_MS = 50


def _workspace(n: int) -> str:
    return f"wrkspc_011CBench{n:015d}"


def _stock(data_dir: object) -> None:
    from pathlib import Path

    from claude_files.server.storage import Storage
    from claude_files.server.workspaces import Workspace, WorkspaceStore

    storage = Storage(Path(str(data_dir)))
    try:
        store = WorkspaceStore(storage)
        start = int((datetime.now(UTC) - timedelta(days=200)).timestamp() * 1_000_000)
        for n in range(WORKSPACES):
            store.add(Workspace(_workspace(n), f"Bench {n}", start + n))
            rows = [
                (f"file_011CBench{n:02d}x{i:010d}", f"w{n}-{i:06d}.txt", "text/plain", 100 + i % 997, start + i * 1_700_000_000)
                for i in range(FILES)
            ]
            storage.add_synthetic(rows, workspace=_workspace(n))
    finally:
        storage.close()


def _whole(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{args[1:4]} failed: {result.stderr.decode()[-300:]}")
    return elapsed


def run(quick: bool) -> list[str]:
    runs = 3 if quick else 5
    with serve(latency_ms=LATENCY_MS, extra=["--admin-key", ADMIN]) as server:
        _stock(server.data_dir)
        env = {**server.env, "ANTHROPIC_API_KEY": ADMIN}
        every = [CLAUDE_FILES, "du", "--all-workspaces", "--format", "json"]
        one = [CLAUDE_FILES, "du", "--workspace", _workspace(0), "--format", "json"]
        _whole(every, env)  # warm the server's page cache for both
        ours, base = interleave(lambda: _whole(every, env), lambda: _whole(one, env), runs)
        every_ls = [CLAUDE_FILES, "ls", "--all-workspaces", "--format", "jsonl"]
        one_ls = [CLAUDE_FILES, "ls", "--workspace", _workspace(0), "--format", "jsonl"]
        rss_every: list[int] = []
        rss_one: list[int] = []
        interleave(
            lambda: float(rss_every.append(_measure(every_ls, env)[1]) or 0),
            lambda: float(rss_one.append(_measure(one_ls, env)[1]) or 0),
            runs,
        )
    ratio = median(ours) / median(base)
    raw = (
        f"(du --all-workspaces {median(ours):.2f}s, du of one workspace {median(base):.2f}s;"
        f" {WORKSPACES} x {FILES:,} files, {LATENCY_MS} ms latency, median of {runs})"
    )
    memory = median(rss_every) / median(rss_one)
    memory_raw = f"({median(rss_every) / 2**20:.0f} MiB vs {median(rss_one) / 2**20:.0f} MiB, median of {runs})"
    return [
        goal_line("O2", f"du --all-workspaces, {WORKSPACES} x {FILES:,} files", ratio, "<=", 1.5, raw),
        goal_line("O3", f"ls --all-workspaces peak RSS, {WORKSPACES} x {FILES:,} files ÷ one", memory, "<=", 1.3, memory_raw),
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
