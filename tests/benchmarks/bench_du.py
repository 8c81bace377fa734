"""D1 / D1t / D2: `du` and `ls` over 100k files as whole processes, against bare SDK scripts that stream.

D1: peak RSS of `claude-files du --format json` ÷ a bare SDK script that auto-pages (limit=1000)
    and streams the same sums (count and bytes by type, age, expiry, origin and session, the 20
    largest, duplicate groups by name and size, growth per day), holding no list of files.
D1t: the same two runs' wall times (process start to exit).
D2: peak RSS of `claude-files ls --format jsonl` ÷ a bare SDK script that auto-pages and prints
    each file as a JSON line.
Peak RSS is the child's own ru_maxrss (os.wait4); stdout goes to /dev/null on both sides.

Run alone: `python tests/benchmarks/bench_du.py [--quick]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time

from common import CLAUDE_FILES, goal_line, interleave, median, serve

BETAS = '["files-api-2025-04-14", "managed-agents-2026-04-01"]'

SUMS = (
    """
import anthropic, heapq, json, sys
from datetime import datetime, timedelta, timezone

now = datetime.now(timezone.utc)
day = timedelta(days=1)
ages = [now - day, now - 7 * day, now - 30 * day, now - 90 * day]
count = total = 0
by_type, by_session, names = {}, {}, {}
by_age, by_expiry, by_origin, growth = [[0, 0] for _ in range(5)], [[0, 0] for _ in range(5)], [[0, 0], [0, 0]], [0] * 90
largest = []
client = anthropic.Anthropic()
for f in client.beta.files.list(limit=1000, betas="""
    + BETAS
    + """):
    size, created, expires = f.size_bytes, f.created_at, f.expires_at
    count += 1
    total += size
    for tally, key in ((by_type, f.mime_type), (by_session, f.scope.id if f.scope else None)):
        entry = tally.setdefault(key, [0, 0])
        entry[0] += 1
        entry[1] += size
    age = 0 if created > ages[0] else 1 if created > ages[1] else 2 if created > ages[2] else 3 if created >= ages[3] else 4
    expiry = 4 if expires is None else 0 if expires <= now else 1 if expires < now + day else 2 if expires < now + 7 * day else 3
    for bucket in (by_age[age], by_expiry[expiry], by_origin[1 if f.downloadable else 0]):
        bucket[0] += 1
        bucket[1] += size
    if now - 90 * day <= created <= now:
        growth[min(89, (created - (now - 90 * day)) // day)] += size
    names[f.filename, size] = names.get((f.filename, size), 0) + 1
    item = (size, f.filename, f.id)
    if len(largest) < 20:
        heapq.heappush(largest, item)
    elif item > largest[0]:
        heapq.heapreplace(largest, item)
groups = sum(1 for n in names.values() if n > 1)
json.dump({"files": count, "bytes": total, "types": by_type, "sessions": len(by_session), "ages": by_age,
           "expiry": by_expiry, "origin": by_origin, "growth": growth, "duplicate_groups": groups,
           "largest": sorted(largest, reverse=True)}, sys.stdout)
"""
)

LINES = (
    """
import anthropic, json, sys
client = anthropic.Anthropic()
out = sys.stdout
for f in client.beta.files.list(limit=1000, betas="""
    + BETAS
    + """):
    out.write(json.dumps(f.to_dict(mode="json")) + "\\n")
"""
)


def _measure(args: list[str], env: dict[str, str]) -> tuple[float, int]:
    """Wall seconds and peak RSS (bytes) of one whole process."""
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
    _, status, usage = os.wait4(process.pid, 0)
    elapsed = time.perf_counter() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    assert process.stderr is not None
    errors = process.stderr.read().decode(errors="replace")
    process.stderr.close()
    if process.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed ({process.returncode}): {errors[-300:]}")
    return elapsed, usage.ru_maxrss * 1024


def _pairs(ours: list[str], base: list[str], env: dict[str, str], runs: int) -> tuple[list[tuple[float, int]], ...]:
    mine: list[tuple[float, int]] = []
    theirs: list[tuple[float, int]] = []

    def one(args: list[str], into: list[tuple[float, int]]) -> float:
        into.append(_measure(args, env))
        return 0.0

    interleave(lambda: one(ours, mine), lambda: one(base, theirs), runs)
    return mine, theirs


def _mib(values: list[tuple[float, int]]) -> float:
    return median([rss for _, rss in values]) / 2**20


def _secs(values: list[tuple[float, int]]) -> float:
    return median([wall for wall, _ in values])


def run(quick: bool) -> list[str]:
    files, runs = 100_000, (2 if quick else 3)
    with serve(synthetic=files) as server:
        env = server.env
        du_ours, du_base = _pairs([CLAUDE_FILES, "du", "--format", "json"], [sys.executable, "-c", SUMS], env, runs)
        ls_ours, ls_base = _pairs([CLAUDE_FILES, "ls", "--format", "jsonl"], [sys.executable, "-c", LINES], env, runs)
    n = f"{files:,} files, median of {runs}"
    return [
        goal_line(
            "D1",
            f"du, {files:,} files: peak RSS vs a bare streaming-sums SDK script",
            _mib(du_ours) / _mib(du_base),
            "<=",
            1.3,
            f"(claude-files {_mib(du_ours):.0f} MiB, SDK script {_mib(du_base):.0f} MiB, {n})",
        ),
        goal_line(
            "D1t",
            f"du, {files:,} files: wall time vs the same script",
            _secs(du_ours) / _secs(du_base),
            "<=",
            1.05,
            f"(claude-files {_secs(du_ours):.2f}s, SDK script {_secs(du_base):.2f}s, {n})",
        ),
        goal_line(
            "D2",
            f"ls --format jsonl, {files:,} files: peak RSS vs a bare streaming SDK script",
            _mib(ls_ours) / _mib(ls_base),
            "<=",
            1.3,
            f"(claude-files {_mib(ls_ours):.0f} MiB, SDK script {_mib(ls_base):.0f} MiB;"
            f" wall {_secs(ls_ours):.2f}s vs {_secs(ls_base):.2f}s, {n})",
        ),
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
