"""Run every benchmark and print one line per goal; reports only, always exits 0.

    python tests/benchmarks/run.py [--quick]

Each line reads `P<n> <name>: ratio=<x> goal<=<y> PASS|MISS  <raw figures>`. A module that
is missing is skipped; one that fails prints `P<n> …: ERROR <words>` for its goals.
"""

from __future__ import annotations

import importlib
import sys
import time
import traceback
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from common import error_line

# (module, the goals it reports), in report order.
MODULES: list[tuple[str, list[tuple[str, str]]]] = [
    (
        "bench_startup",
        [("P1", "start to first row drawn"), ("P1a", "start to first frame"), ("P1c", "start to first row from the cache")],
    ),
    ("bench_table", [("P2", "100k files: load all"), ("P2b", "key latency at the bottom of 100k rows")]),
    ("bench_bulk", [("P3", "bulk delete 1,000 files"), ("P3b", "bulk delete vs the seed's sequential loop")]),
    ("bench_transfers", [("P4", "500 MB upload and download"), ("P4b", "peak RSS growth during upload")]),
    ("bench_server", [("P5", "server list(limit=100) p50")]),
    ("bench_chat", [("P6", "chat: Enter to first token drawn")]),
    (
        "bench_query",
        [("Q1", "query over 100k rows vs a hand-written comprehension"), ("Q2", "filter keystroke at 100k vs 1k rows")],
    ),
    (
        "bench_cli",
        [("C1", "ls --format ids, whole process"), ("C2", "ls, time to first line"), ("C3", "rm --where of 1,000 files")],
    ),
    (
        "bench_du",
        [("D1", "du, 100k files: peak RSS"), ("D1t", "du, 100k files: wall time"), ("D2", "ls, 100k files: peak RSS")],
    ),
    ("bench_archive", [("A1", "rm --archive of 1,000 downloadable files")]),
    ("bench_overview", [("O1", "overview of 100k rows vs the SDK's fetch + parse CPU")]),
    ("bench_org", [("O2", "du --all-workspaces, 10 x 10,000 files vs du of one workspace")]),
    (
        "bench_preview",
        [("V1", "highlight to CSV preview drawn at 50 ms latency vs bare SDK download"), ("V1b", "j with previews on vs off")],
    ),
    ("bench_bulk_e2e", [("P3e", "bulk delete 1,000 files through the TUI in a pty")]),
    (
        "bench_memory",
        [("S1", "memory with N files loaded vs the SDK's objects in a list"), ("S1-row", "what a loaded row costs")],
    ),
]


def main(argv: list[str]) -> int:
    quick = "--quick" in argv
    started = time.perf_counter()
    print(f"claude-files benchmarks ({'quick' if quick else 'full'}); ratios of side-by-side runs, medians", flush=True)
    for module_name, goals in MODULES:
        if not (Path(__file__).resolve().parent / f"{module_name}.py").exists():
            continue
        try:
            module = importlib.import_module(module_name)
            lines = module.run(quick)
        except BaseException as error:  # a broken benchmark must not stop the others
            if isinstance(error, KeyboardInterrupt):
                raise
            traceback.print_exc(file=sys.stderr)
            for pid, name in goals:
                print(error_line(pid, name, error), flush=True)
            continue
        for line in lines:
            print(line, flush=True)
    print(f"done in {time.perf_counter() - started:.0f}s", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
