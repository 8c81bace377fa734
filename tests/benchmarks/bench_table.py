"""P2 / P2b: the file table with 100k rows, headless and in-process.

P2 ours: CPU to ingest all pages into the UI (`FileList.add_page` + the table catching up
+ one drawn frame per page), fed the already-parsed pages; the CPU of as many empty
pilot pauses is taken off, so only the app's work counts.
P2 baseline: CPU of the SDK's own fetch + parse of the same pages (`FilesService.list_page`).
P2b: a cursor move plus drawing every visible line, at row 99,990 against row 10.
"""

from __future__ import annotations

import asyncio
import gc
import os
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from common import API_KEY, goal_line, median, ms, serve

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.model.loading import Activity
from claude_files.service import PAGE_SIZE, Connection, FilePage, FilesService

TOTAL = 100_000
SIZE = (120, 40)
BLOCK = 50  # cursor moves timed in a row before switching rows


async def _fetch_all(url: str) -> tuple[list[FilePage], float, float]:
    """Every page via the service; (pages, CPU seconds, wall seconds) of fetch + parse."""
    service = await FilesService.connect(Connection(url, API_KEY))
    pages: list[FilePage] = []
    cursor: str | None = None
    cpu0, wall0 = time.thread_time(), time.perf_counter()
    while True:
        page = await service.list_page(cursor, PAGE_SIZE)
        pages.append(page)
        cursor = page.next_page
        if cursor is None:
            break
    cpu, wall = time.thread_time() - cpu0, time.perf_counter() - wall0
    await service.close()
    return pages, cpu, wall


def _draw_visible(table: Any) -> None:
    for y in range(table.scrollable_content_region.height):
        table.render_line(y)


async def _ui_runs(url: str, pages_per_rep: list[list[FilePage]], moves: int) -> tuple[list[float], list[float], list[float]]:
    """One headless app: ingest each rep's pages (CPU each), then P2b's cursor moves."""
    app = ClaudeFilesApp(Launch(base_url=url, api_key=API_KEY), Settings(show_details=True))
    ingest: list[float] = []
    async with app.run_test(size=SIZE) as pilot:
        screen: Any = app.screen
        while not (screen.model.loaded_once and not screen.model.loading.fetching):
            await pilot.pause(0.05)
        await pilot.pause(0.5)
        model, table = screen.model, screen.table
        for pages in pages_per_rep:
            # a load that never ends: keep the screen's own prefetch out of the measurement
            screen.model.loading.begin(Activity.MORE)
            model.replace_all([], "bench")
            await pilot.pause()
            idle = await _idle_frame_cpu(pilot, len(pages))
            cpu = 0.0
            for page in pages:
                t0 = time.thread_time()
                model.add_page(page.files, page.next_page)  # the table catches up by itself (rows_appended)
                await pilot.pause()  # one frame drawn per page, as when pages arrive slower than 60 fps
                cpu += time.thread_time() - t0
            ingest.append(cpu - idle)
        assert len(model) == TOTAL, len(model)
        bottom: list[float] = []
        top: list[float] = []
        for _ in range(moves // BLOCK):  # alternate blocks so noise falls on both rows alike
            bottom += await _cursor_moves(pilot, table, TOTAL - 10, BLOCK)
            top += await _cursor_moves(pilot, table, 10, BLOCK)
    return ingest, bottom, top


async def _idle_frame_cpu(pilot: Any, count: int) -> float:
    """CPU of `count` pilot pauses with nothing to draw: the harness's own cost, taken off ours."""
    t0 = time.thread_time()
    for _ in range(count):
        await pilot.pause()
    return time.thread_time() - t0


async def _cursor_moves(pilot: Any, table: Any, row: int, moves: int) -> list[float]:
    """Seconds per `cursor_down` + draw at `row` (stepping back up untimed)."""
    table.model.move_to(row)
    await pilot.pause()
    times: list[float] = []
    for _ in range(moves):
        t0 = time.perf_counter()
        table.action_cursor_down()
        _draw_visible(table)
        times.append(time.perf_counter() - t0)
        table.action_cursor_up()
    await pilot.pause()
    return times


async def _measure(quick: bool) -> list[str]:
    reps = 3 if quick else 5
    moves = 300 if quick else 2000
    with serve(synthetic=TOTAL) as server:
        sdk_cpu: list[float] = []
        sdk_wall: list[float] = []
        fetched: list[list[FilePage]] = []
        for _ in range(reps):
            pages, cpu, wall = await _fetch_all(server.url)
            fetched.append(pages)
            sdk_cpu.append(cpu)
            sdk_wall.append(wall)
        # The parsed pages are the harness's: the app never holds 300k SDK objects. Frozen, the
        # collections that the app's own rows set off do not walk them and charge it for that.
        gc.freeze()
        try:
            ingest, bottom, top = await _ui_runs(server.url, fetched, moves)
        finally:
            gc.unfreeze()
    ours, base = median(ingest), median(sdk_cpu)
    low, high = median(top), median(bottom)
    return [
        goal_line(
            "P2",
            "100k files: UI ingest vs SDK fetch+parse",
            ours / base,
            "<=",
            0.2,
            f"ours_cpu={ms(ours)} sdk_cpu={ms(base)} sdk_wall={ms(median(sdk_wall))} pages={TOTAL // PAGE_SIZE} n={reps}",
        ),
        goal_line(
            "P2b",
            "key latency at row 99,990 vs row 10",
            high / low,
            "<=",
            1.1,
            f"at_99990={high * 1e6:.0f}us at_10={low * 1e6:.0f}us n={moves}",
        ),
    ]


def run(quick: bool) -> list[str]:
    config = Path(tempfile.mkdtemp(prefix="claude-files-bench-cfg-")) / "config.json"
    os.environ["CLAUDE_FILES_CONFIG"] = str(config)
    return asyncio.run(_measure(quick))


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
