"""A1: `claude-files rm --archive DIR --where 'name:runN-*' --yes` of 1,000 downloadable files at
20 ms server latency ÷ a script that lists, then downloads each file into a folder and deletes it,
under asyncio.Semaphore(8) (both: whole process, same server, runs interleaved).

Ours also checks each size, hashes, fsyncs the copy and writes a manifest before the delete; the
script just writes the bytes. Run alone: `python tests/benchmarks/bench_archive.py [--quick]`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from common import API_KEY, CLAUDE_FILES, goal_line, interleave, median

DOWNLOAD_THEN_DELETE = """
import anthropic, asyncio, os, sys
prefix, folder = sys.argv[1], sys.argv[2]

async def main():
    client = anthropic.AsyncAnthropic()
    ids = [f.id async for f in client.files.list(limit=1000) if f.filename.startswith(prefix)]
    gate = asyncio.Semaphore(8)

    async def one(file_id):
        async with gate:
            os.makedirs(os.path.join(folder, file_id))
            async with client.files.with_streaming_response.download(file_id) as response:
                with open(os.path.join(folder, file_id, "content"), "wb") as out:
                    async for chunk in response.iter_bytes():
                        out.write(chunk)
            await client.files.delete(file_id)

    await asyncio.gather(*(one(i) for i in ids))
    print(len(ids))

asyncio.run(main())
"""

SIZE = 4096


def _whole(args: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    result = subprocess.run(args, capture_output=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{args[:3]} failed: {result.stderr.decode()[-300:]}")
    return elapsed


def run(quick: bool) -> list[str]:
    from claude_files.server import LocalServer
    from claude_files.server.fields import dt_to_us, new_id

    count, runs = (300, 3) if quick else (1000, 3)
    with LocalServer(api_key=API_KEY, latency_ms=20) as srv, tempfile.TemporaryDirectory(prefix="bench-a1-") as scratch:
        start = dt_to_us(datetime.now(UTC) - timedelta(days=1))
        for run in range(2 * runs):
            srv.storage.add_synthetic(
                [(new_id(), f"run{run}-{i:05d}.csv", "text/csv", SIZE, start + run * count + i, True) for i in range(count)]
            )
        env = {**os.environ, "ANTHROPIC_API_KEY": API_KEY, "ANTHROPIC_BASE_URL": srv.url}
        slices = iter(range(2 * runs))

        def ours() -> float:
            run = next(slices)
            folder = str(Path(scratch) / f"ours{run}")
            args = ["rm", "--archive", folder, "--where", f"name:run{run}-*", "--yes", "--all", "--format", "ids", "-q"]
            return _whole([CLAUDE_FILES, *args], env)

        def base() -> float:
            run = next(slices)
            return _whole([sys.executable, "-c", DOWNLOAD_THEN_DELETE, f"run{run}-", str(Path(scratch) / f"base{run}")], env)

        mine, theirs = interleave(ours, base, runs)
        left = len(srv.storage.list_page("default", 1_000_000, None)[0])
        archived = sum(1 for _ in Path(scratch).glob("ours*/*/metadata.json"))
    if left:
        raise RuntimeError(f"{left} files were not deleted")
    if archived != runs * count:
        raise RuntimeError(f"{archived} manifests for {runs * count} files")
    raw = f"(claude-files {median(mine):.2f}s, asyncio+semaphore(8) script {median(theirs):.2f}s, median of {runs})"
    name = f"rm --archive … --yes, {count:,} downloadable files at 20 ms latency"
    return [goal_line("A1", name, median(mine) / median(theirs), "<=", 1.2, raw)]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
