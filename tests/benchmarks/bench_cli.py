"""C1 / C2 / C3: the scripting subcommands as whole processes against bare SDK scripts, side by side.

C1: `claude-files ls --format ids` over 100k files ÷ a script that auto-pages with limit=1000
    and prints ids (both: process start to exit, stdout to a pipe that is drained).
C2: time to the first line of `claude-files ls --format jsonl` (10k files) ÷ a script that
    prints page 1 (limit=1000) as JSON lines.
C3: `claude-files rm --where 'name:runN-*' --yes` of 1,000 files at 20 ms server latency ÷ a
    script that lists, filters by the same prefix and deletes under asyncio.Semaphore(8).

Run alone: `python tests/benchmarks/bench_cli.py [--quick]`.
"""

from __future__ import annotations

import subprocess
import sys
import time
from datetime import UTC, datetime, timedelta

from common import API_KEY, CLAUDE_FILES, goal_line, interleave, median, ms, serve

LIST_IDS = """
import anthropic, sys
client = anthropic.Anthropic()
out = sys.stdout
for item in client.files.list(limit=1000):
    out.write(item.id + "\\n")
"""

FIRST_PAGE = """
import anthropic, json, sys
client = anthropic.Anthropic()
page = client.files.list(limit=1000)
for item in page.data:
    sys.stdout.write(json.dumps(item.to_dict(mode="json")) + "\\n")
    sys.stdout.flush()
"""

DELETE = """
import anthropic, asyncio, sys
prefix = sys.argv[1]

async def main():
    client = anthropic.AsyncAnthropic()
    ids = [f.id async for f in client.files.list(limit=1000) if f.filename.startswith(prefix)]
    gate = asyncio.Semaphore(8)

    async def one(file_id):
        async with gate:
            await client.files.delete(file_id)

    await asyncio.gather(*(one(i) for i in ids))
    print(len(ids))

asyncio.run(main())
"""


def _whole(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {result.stderr.decode()[-300:]}")
    return elapsed


def _first_line(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env)
    assert process.stdout is not None
    line = process.stdout.readline()
    elapsed = time.perf_counter() - started
    process.kill()
    process.wait()
    process.stdout.close()
    if not line:
        raise RuntimeError(f"{args[:3]} printed nothing")
    return elapsed


def _c1_c2(quick: bool) -> list[str]:
    files, runs = (20_000, 3) if quick else (100_000, 5)
    lines = []
    with serve(synthetic=files) as server:
        env = server.env
        ours, base = interleave(
            lambda: _whole([CLAUDE_FILES, "ls", "--format", "ids"], env),
            lambda: _whole([sys.executable, "-c", LIST_IDS], env),
            runs,
        )
        raw = f"(claude-files {median(ours):.2f}s, SDK script {median(base):.2f}s, {files:,} files, median of {runs})"
        lines.append(
            goal_line("C1", f"ls --format ids, {files:,} files, whole process", median(ours) / median(base), "<=", 1.05, raw)
        )
    with serve(synthetic=10_000) as server:
        env = server.env
        ours, base = interleave(
            lambda: _first_line([CLAUDE_FILES, "ls", "--format", "jsonl"], env),
            lambda: _first_line([sys.executable, "-c", FIRST_PAGE], env),
            runs + 2,
        )
        raw = f"(claude-files {ms(median(ours))}, SDK script {ms(median(base))}, median of {runs + 2})"
        lines.append(
            goal_line("C2", "ls --format jsonl, time to first line (10k files)", median(ours) / median(base), "<=", 1.1, raw)
        )
    return lines


def _c3(quick: bool) -> str:
    from claude_files.server import LocalServer
    from claude_files.server.fields import dt_to_us, new_id

    count, runs = (300, 3) if quick else (1000, 3)
    with LocalServer(api_key=API_KEY, latency_ms=20) as srv:
        start = dt_to_us(datetime.now(UTC) - timedelta(days=1))
        for run in range(2 * runs):
            srv.storage.add_synthetic(
                [(new_id(), f"run{run}-{i:05d}.txt", "text/plain", 100, start + run * count + i) for i in range(count)]
            )
        record = __import__("tempfile").mkdtemp(prefix="claude-files-bench-") + "/deletions.sqlite3"  # not the user's record
        env = {
            **__import__("os").environ,
            "ANTHROPIC_API_KEY": API_KEY,
            "ANTHROPIC_BASE_URL": srv.url,
            "CLAUDE_FILES_DELETIONS": record,
        }
        slices = iter(range(2 * runs))

        def ours() -> float:
            return _whole(
                [CLAUDE_FILES, "rm", "--where", f"name:run{next(slices)}-*", "--yes", "--all", "--format", "ids", "-q"], env
            )

        def base() -> float:
            return _whole([sys.executable, "-c", DELETE, f"run{next(slices)}-"], env)

        mine, theirs = interleave(ours, base, runs)
        left = len(srv.storage.list_page("default", 1_000_000, None)[0])
    if left:
        raise RuntimeError(f"{left} files were not deleted")
    raw = f"(claude-files {median(mine):.2f}s, asyncio+semaphore(8) script {median(theirs):.2f}s, median of {runs})"
    return goal_line("C3", f"rm --where … --yes, {count:,} files at 20 ms latency", median(mine) / median(theirs), "<=", 1.1, raw)


def run(quick: bool) -> list[str]:
    return [*_c1_c2(quick), _c3(quick)]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
