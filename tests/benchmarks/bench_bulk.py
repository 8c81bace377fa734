"""P3: bulk delete throughput against `claude-files serve --latency 20`, side by side.

Three ways delete the same number of files on the same server, interleaved run by run:
ours (`BulkDelete` over `FilesService.delete`), the best plain SDK loop (asyncio.gather
under a Semaphore(8)) and the naive sequential loop. Files are synthetic rows seeded by
the server itself, one disjoint slice per method and run. Reported: medians.

Run alone: `/work/venv/bin/python tests/benchmarks/bench_bulk.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import sys
import time
from collections.abc import Awaitable, Callable

from common import API_KEY as KEY
from common import goal_line, median, serve

LATENCY_MS = 20
CONCURRENCY = 8
WARMUP = 16  # files each method deletes untimed first (connections, imports)


async def _all_ids(url: str) -> list[str]:
    import anthropic

    client = anthropic.AsyncAnthropic(api_key=KEY, base_url=url)
    ids: list[str] = []
    async for item in client.files.list(limit=1000):
        ids.append(item.id)
    await client.close()
    return ids


async def _ours(url: str, ids: list[str]) -> None:
    from claude_files.jobs import BulkDelete
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
    """Each method's times; the order rotates run by run, after one small untimed warm-up each."""
    import anthropic  # noqa: F401 - imported once up front, outside every timing

    methods = {"ours": _ours, "semaphore": _semaphore, "sequential": _sequential}
    times: dict[str, list[float]] = {name: [] for name in methods}
    chunks = iter(ids[i : i + count] for i in range(0, len(ids), count))
    warm = next(chunks)
    for i, method in enumerate(methods.values()):
        await method(url, warm[i * WARMUP : (i + 1) * WARMUP])
    names = list(methods)
    for run in range(runs):
        for name in names[run % 3 :] + names[: run % 3]:
            times[name].append(await _timed(methods[name], url, next(chunks)))
    return times


def run(quick: bool) -> list[str]:
    count, runs = (300, 3) if quick else (1000, 3)
    with serve(synthetic=count * (3 * runs + 1), latency_ms=LATENCY_MS) as server:
        ids = asyncio.run(_all_ids(server.url))
        times = asyncio.run(_measure(server.url, ids, count, runs))
    ours, sem, seq = (median(times[name]) for name in ("ours", "semaphore", "sequential"))
    name = f"bulk delete {count} files at {LATENCY_MS} ms latency"
    raw = f"(ours {ours:.2f}s, asyncio+semaphore({CONCURRENCY}) {sem:.2f}s, sequential {seq:.2f}s, median of {runs})"
    return [
        goal_line("P3", name, ours / sem, "<=", 1.1, raw),
        goal_line("P3b", name, seq / ours, ">=", 6, raw),
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line)
