"""P3: bulk delete throughput against `claude-files serve --latency 20`, side by side.

Three ways delete the same number of files on the same server, interleaved run by run:
ours (`BulkDelete` over `FilesService.delete`), the best plain SDK loop (asyncio.gather
under a Semaphore(8)) and the naive sequential loop. Files are synthetic rows seeded by
the server itself, one disjoint slice per method and run. Reported: medians.

Run alone: `/work/venv/bin/python tests/benchmarks/bench_bulk.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable
from pathlib import Path

LATENCY_MS = 20
CONCURRENCY = 8
KEY = "bench-key"


def _start_server(count: int, data_dir: str) -> tuple[subprocess.Popen[str], str]:
    exe = Path(sys.executable).with_name("claude-files")
    proc = subprocess.Popen(
        [str(exe), "serve", "--port", "0", "--latency", str(LATENCY_MS), "--synthetic", str(count), "--seed", "7", "--data-dir", data_dir],
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    assert proc.stdout is not None
    for line in proc.stdout:
        if "listening on " in line:
            return proc, line.rsplit("listening on ", 1)[1].strip()
    proc.kill()
    raise RuntimeError("the local server did not start")


async def _all_ids(url: str) -> list[str]:
    import anthropic

    client = anthropic.AsyncAnthropic(api_key=KEY, base_url=url)
    ids: list[str] = []
    async for item in client.files.list(limit=1000):
        ids.append(item.id)
    await client.close()
    return ids


async def _ours(url: str, ids: list[str]) -> None:
    from claude_files.screens.bulk_delete import BulkDelete
    from claude_files.service import Connection, FilesService

    service = await FilesService.connect(Connection(url, KEY))
    run = BulkDelete(ids, CONCURRENCY)
    await run.run(service)
    await service.close()
    assert len(run.deleted) == len(ids), run.failed


async def _semaphore(url: str, ids: list[str]) -> None:
    import anthropic

    client = anthropic.AsyncAnthropic(api_key=KEY, base_url=url, max_retries=2)
    gate = asyncio.Semaphore(CONCURRENCY)

    async def one(file_id: str) -> None:
        async with gate:
            await client.files.delete(file_id)

    await asyncio.gather(*(one(file_id) for file_id in ids))
    await client.close()


async def _sequential(url: str, ids: list[str]) -> None:
    import anthropic

    client = anthropic.AsyncAnthropic(api_key=KEY, base_url=url, max_retries=2)
    for file_id in ids:
        await client.files.delete(file_id)
    await client.close()


async def _timed(method: Callable[[str, list[str]], Awaitable[None]], url: str, ids: list[str]) -> float:
    started = time.perf_counter()
    await method(url, ids)
    return time.perf_counter() - started


async def _measure(url: str, ids: list[str], count: int, runs: int) -> dict[str, list[float]]:
    import anthropic  # noqa: F401 - imported once up front, outside every timing

    times: dict[str, list[float]] = {"ours": [], "semaphore": [], "sequential": []}
    methods = {"ours": _ours, "semaphore": _semaphore, "sequential": _sequential}
    chunks = iter(ids[i : i + count] for i in range(0, len(ids), count))
    for _ in range(runs):
        for name, method in methods.items():
            times[name].append(await _timed(method, url, next(chunks)))
    return times


def run(quick: bool) -> list[str]:
    count, runs = (300, 1) if quick else (1000, 3)
    with tempfile.TemporaryDirectory(prefix="bench-bulk-") as data_dir:
        proc, url = _start_server(count * 3 * runs, data_dir)
        try:
            ids = asyncio.run(_all_ids(url))
            times = asyncio.run(_measure(url, ids, count, runs))
        finally:
            proc.terminate()
            proc.wait(timeout=10)
    ours, sem, seq = (statistics.median(times[name]) for name in ("ours", "semaphore", "sequential"))
    label = f"bulk delete {count} files at {LATENCY_MS} ms latency"
    ratio = ours / sem
    speedup = seq / ours
    raw = f"ours {ours:.2f}s, asyncio+semaphore({CONCURRENCY}) {sem:.2f}s, sequential {seq:.2f}s, median of {runs}"
    return [
        f"P3 {label}: ratio={ratio:.2f} goal<=1.1 {'PASS' if ratio <= 1.1 else 'MISS'} ({raw})",
        f"P3b {label}: ratio={speedup:.2f} goal>=6 {'PASS' if speedup >= 6 else 'MISS'} ({raw})",
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line)
