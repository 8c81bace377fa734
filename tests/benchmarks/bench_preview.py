"""V1 / V1b: previews, headless, against `claude-files serve` in its own process.

V1 ours: a highlight moved onto a 200 KB downloadable CSV, to its preview set in the details
pane and the pane's lines rendered (cache emptied each time, the highlight moved after a
pause longer than the debounce, as a person looks at a file), with the server at 50 ms
latency, as over a real network.
V1 baseline: a bare SDK download of the same file with a warm client (`files.download` + read).
V1-loopback: the same pair with no latency, where a 2 ms download leaves the app's fixed cost
alone; reported with that draw cost (preview set + pane rendered, in ms), no goal.
V1b: j pressed through 1,000 downloadable rows with previews on, against previews off
(interleaved blocks, median per key).
"""

from __future__ import annotations

import asyncio
import io
import os
import signal
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from common import API_KEY, CLAUDE_FILES, _wait_listening, goal_line, median, ms

from claude_files.app import ClaudeFilesApp
from claude_files.components.previews import PREVIEW_DEBOUNCE
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.model.preview_cache import PreviewCache
from claude_files.server.fields import new_id
from claude_files.server.storage import Storage, SyntheticRow
from claude_files.widgets.metadata_pane import MetadataPane

SIZE = (160, 45)
CSV_BYTES = 200_000
ROWS = 1000
BLOCK = 100
FAR_MS = 50  # server latency for V1: a download over a real network


def _csv(size: int) -> bytes:
    out = io.StringIO()
    out.write("date,region,product,units,revenue\n")
    n = 0
    while out.tell() < size:
        out.write(f"2026-{n % 12 + 1:02d}-{n % 28 + 1:02d},region-{n % 7},product-{n % 13},{n % 97},{n * 37 % 100_000}\n")
        n += 1
    return out.getvalue().encode()[:size]


@contextmanager
def _seeded_server(latency_ms: int = 0) -> Iterator[tuple[str, str]]:
    """`serve` on a data dir holding the CSV (newest, row 0) and 1,000 downloadable synthetic rows."""
    data_dir = Path(tempfile.mkdtemp(prefix="claude-files-bench-preview-"))
    storage = Storage(data_dir)
    now_us = int(time.time() * 1e6)
    storage.add_synthetic(
        SyntheticRow(new_id(), f"export-{i:04d}.csv", "text/csv", 2_000, now_us - (i + 10) * 1_000_000, True) for i in range(ROWS)
    )
    meta = storage.add_bytes(
        _csv(CSV_BYTES), workspace="default", filename="sales-200k.csv", mime_type="text/csv", downloadable=True
    )
    storage.close()
    args = [CLAUDE_FILES, "serve", "--port", "0", "--data-dir", str(data_dir), "--latency", str(latency_ms)]
    process = subprocess.Popen(args, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        yield _wait_listening(process, 60), meta["id"]
    finally:
        process.send_signal(signal.SIGTERM)
        process.wait(timeout=15)
        if process.stdout is not None:
            process.stdout.close()


async def _bare_download(client: Any, file_id: str) -> float:
    t0 = time.perf_counter()
    response = await client.files.download(file_id)
    data = await response.read()
    assert len(data) == CSV_BYTES
    return time.perf_counter() - t0


async def _highlight_to_drawn(pilot: Any, screen: Any, csv_row: int, draws: list[float] | None = None) -> float:
    """Move onto the CSV after a pause; seconds until its preview is set and the pane rendered.
    `draws` gets the seconds of setting the preview and rendering the pane (the draw alone)."""
    pane = screen.query_one(MetadataPane)
    table = screen.table
    screen.previews.cache = PreviewCache()
    screen.model.move_to(csv_row + 1)
    table.refresh_rows()
    await pilot.pause(PREVIEW_DEBOUNCE + 0.1)
    drawn = asyncio.get_running_loop().create_future()
    show = pane.show_preview

    def show_and_time(preview: Any) -> None:
        began = time.perf_counter()
        show(preview)
        if preview is not None and not drawn.done() and "csv" in repr(getattr(preview, "renderables", [None])[0].title):
            pane.render_lines(pane.region.reset_offset)  # type: ignore[attr-defined]
            done = time.perf_counter()
            if draws is not None:
                draws.append(done - began)
            drawn.set_result(done)

    pane.show_preview = show_and_time  # type: ignore[method-assign]
    t0 = time.perf_counter()
    table.action_cursor_up()
    done = await asyncio.wait_for(drawn, 30)
    pane.show_preview = show  # type: ignore[method-assign]
    return float(done - t0)


async def _keys(pilot: Any, screen: Any, presses: int, preview: bool) -> float:
    """Event-loop CPU seconds per j press (pressed as fast as Pilot delivers them, which is
    mostly waiting: so CPU, not wall time) with previews on or off."""
    screen.app.settings.show_preview = preview
    screen.model.move_to(0)
    screen.table.refresh_rows()
    await pilot.pause(PREVIEW_DEBOUNCE + 0.1)
    t0 = time.thread_time()
    for _ in range(presses):
        await pilot.press("j")
    return (time.thread_time() - t0) / presses


async def _session(
    latency_ms: int, reps: int, blocks: int, draws: list[float]
) -> tuple[list[float], list[float], list[float], list[float]]:
    """One server and one headless app: V1's pairs (SDK, ours) interleaved, then V1b's key blocks."""
    import anthropic

    ours: list[float] = []
    bare: list[float] = []
    key_on: list[float] = []
    key_off: list[float] = []
    with _seeded_server(latency_ms) as (url, csv_id):
        client = anthropic.AsyncAnthropic(base_url=url, api_key=API_KEY, max_retries=0)
        await _bare_download(client, csv_id)  # warm: connection open
        app = ClaudeFilesApp(Launch(base_url=url, api_key=API_KEY), Settings(show_details=True))
        async with app.run_test(size=SIZE) as pilot:
            screen: Any = app.screen
            while not (screen.model.loaded_once and not screen.model.loading.fetching):
                await pilot.pause(0.05)
            await pilot.pause(0.5)
            csv_row = next(i for i, row in enumerate(screen.model.view) if row.id == csv_id)
            await _highlight_to_drawn(pilot, screen, csv_row)  # warm: lexers, Pillow, pypdf imported
            for _ in range(reps):
                bare.append(await _bare_download(client, csv_id))
                ours.append(await _highlight_to_drawn(pilot, screen, csv_row, draws))
            for _ in range(blocks):
                key_on.append(await _keys(pilot, screen, BLOCK, True))
                key_off.append(await _keys(pilot, screen, BLOCK, False))
        await client.close()
    return ours, bare, key_on, key_off


async def _measure(quick: bool) -> list[str]:
    reps = 7 if quick else 21
    blocks = 2 if quick else ROWS // BLOCK // 2
    draws: list[float] = []
    near_ours, near_bare, key_on, key_off = await _session(0, reps, blocks, draws)
    far_ours, far_bare, _, _ = await _session(FAR_MS, reps, 0, [])
    near = median(near_ours) / median(near_bare)
    return [
        goal_line(
            "V1",
            f"highlight to 200 KB CSV preview drawn vs bare SDK download, server at {FAR_MS} ms",
            median(far_ours) / median(far_bare),
            "<=",
            1.3,
            f"ours={ms(median(far_ours))} sdk={ms(median(far_bare))} n={reps}",
        ),
        f"V1-loopback highlight to the same preview vs the same download, no latency: ratio={near:.3g} (no goal)"
        f"  ours={ms(median(near_ours))} sdk={ms(median(near_bare))} draw={ms(median(draws))} n={reps}",
        goal_line(
            "V1b",
            "j through downloadable rows, previews on vs off",
            median(key_on) / median(key_off),
            "<=",
            1.1,
            f"on={median(key_on) * 1e3:.2f}ms_cpu/key off={median(key_off) * 1e3:.2f}ms_cpu/key keys={blocks * BLOCK * 2}",
        ),
    ]


def run(quick: bool) -> list[str]:
    config = Path(tempfile.mkdtemp(prefix="claude-files-bench-cfg-")) / "config.json"
    os.environ["CLAUDE_FILES_CONFIG"] = str(config)
    os.environ["CLAUDE_FILES_LEDGER"] = str(config.with_name("uploads.sqlite3"))
    return asyncio.run(_measure(quick))


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
