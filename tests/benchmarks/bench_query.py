"""Q1: a four-term query over 100k loaded rows ÷ a hand-written list comprehension, side by side.
Q2: a keystroke in the filter input, from key to redrawn table, at 100k loaded rows ÷ at 1k rows.

Ours: `parse(...)`, `.compiled(now)` and its `.select(rows)` (as the file list filters), all timed.
Baseline: the comprehension a programmer would write for the same four tests on the same
rows (the SDK's own `BetaFileMetadata` objects made compact by `rows.record`, as the app holds
them). Runs alternate so that noise on a shared machine falls on both alike; reported: medians.

Q2 types `TYPED` one key at a time into the real app (headless, rows put straight into its model,
the two sizes taking turns) and times each key until the filter is applied (after the debounce)
and every visible table line is drawn again.

Run alone: `python tests/benchmarks/bench_query.py [--quick]`.
"""

from __future__ import annotations

import asyncio
import os
import random
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from anthropic.types.beta import BetaFileMetadata
from common import goal_line, interleave, median, ms

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.model.loading import Activity
from claude_files.model.query import parse
from claude_files.model.rows import records
from claude_files.server import LocalServer

TOTAL = 100_000
QUERY = "type:csv size>10kB age>30d -is:downloadable"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_MIMES = ("text/csv", "application/pdf", "text/plain", "image/png", "application/json", "text/markdown")


TYPED = "report-12 size>10kB"
SMALL = 1_000


def _rows(total: int = TOTAL) -> list[Any]:
    """Varied rows: a quarter CSVs, sizes 100 B to 50 MB, a year of ages, a third downloadable;
    parsed by the SDK and kept as the file list keeps them."""
    rng = random.Random(15)
    rows = []
    for n in range(total):
        mime = "text/csv" if rng.random() < 0.25 else rng.choice(_MIMES)
        rows.append(
            BetaFileMetadata.model_validate(
                {
                    "id": f"file_011C{n:020d}",
                    "filename": f"report-{n}.{mime.rpartition('/')[2]}",
                    "mime_type": mime,
                    "size_bytes": int(10 ** rng.uniform(2, 7.7)),
                    "created_at": (NOW - timedelta(seconds=rng.uniform(0, 365 * 86400))).isoformat(),
                    "type": "file",
                    "downloadable": rng.random() < 0.33,
                }
            )
        )
    return records(rows)


def _timed(apply: Callable[[], list[Any]], results: list[list[Any]]) -> Callable[[], float]:
    def measure() -> float:
        t0 = time.perf_counter()
        results.append(apply())
        return time.perf_counter() - t0

    return measure


def run(quick: bool) -> list[str]:
    return [_q1(quick), _q2(quick)]


def _q1(quick: bool) -> str:
    rows = _rows()
    reps = 7 if quick else 21

    def ours() -> list[Any]:
        return parse(QUERY).compiled(NOW).select(rows)

    def by_hand() -> list[Any]:
        cutoff = NOW - timedelta(days=30)
        return [
            row
            for row in rows
            if row.mime_type == "text/csv" and row.size_bytes > 10_000 and row.created_at < cutoff and not row.downloadable
        ]

    ours_results: list[list[Any]] = []
    hand_results: list[list[Any]] = []
    ours_times, hand_times = interleave(_timed(ours, ours_results), _timed(by_hand, hand_results), reps)
    matched = hand_results[0]
    if any(result != matched for result in ours_results):
        raise AssertionError("the query and the comprehension selected different rows")
    mine, base = median(ours_times), median(hand_times)
    return goal_line(
        "Q1",
        "query over 100k rows vs a hand-written comprehension",
        mine / base,
        "<=",
        1.5,
        f"ours={ms(mine)} by_hand={ms(base)} matched={len(matched)} rows={TOTAL} n={reps}",
    )


def _q2(quick: bool) -> str:
    os.environ["CLAUDE_FILES_CONFIG"] = str(tempfile.mkdtemp(prefix="claude-files-bench-cfg-") + "/config.json")
    server = LocalServer(demo_data=False)
    server.start()
    try:
        large, small = asyncio.run(_typing_times(server.url, 3 if quick else 7))
    finally:
        server.close()
    high, low = median(large), median(small)
    return goal_line(
        "Q2",
        "filter keystroke to redrawn table at 100k vs 1k rows",
        high / low,
        "<=",
        3,
        f"at_100k={ms(high)} at_1k={ms(low)} keys={len(TYPED)} n={len(large)}",
    )


async def _typing_times(url: str, reps: int) -> tuple[list[float], list[float]]:
    """Per-key seconds at 100k and at 1k rows; the sizes take turns so noise falls on both."""
    rows = {TOTAL: _rows(), SMALL: _rows(SMALL)}
    times: dict[int, list[float]] = {TOTAL: [], SMALL: []}
    app = ClaudeFilesApp(Launch(base_url=url, api_key="bench-key"), Settings(show_details=False))
    async with app.run_test(size=(120, 40)) as pilot:
        screen: Any = app.screen
        while not (screen.model.loaded_once and not screen.model.loading.fetching):
            await pilot.pause(0.05)
        screen.model.loading.begin(Activity.MORE)  # a load that never ends: no page loads of its own
        for rep in range(reps * 2):
            total = (TOTAL, SMALL)[rep % 2]
            screen.model.set_filter("")
            screen.model.replace_all(rows[total], None)
            screen.table.refresh_rows()
            await pilot.press("slash")
            for index, key in enumerate(TYPED):
                t0 = time.perf_counter()
                await pilot.press({" ": "space", "-": "minus", ">": "greater_than_sign"}.get(key, key))
                await _filter_applied(pilot, screen, TYPED[: index + 1])
                for y in range(screen.table.scrollable_content_region.height):
                    screen.table.render_line(y)
                times[total].append(time.perf_counter() - t0)
            await pilot.press("escape")
    return times[TOTAL], times[SMALL]


async def _filter_applied(pilot: Any, screen: Any, typed: str) -> None:
    """Wait until the debounced filter has run for `typed` (or found it wrong)."""
    while screen.filter_bar.pending or not (  # the debounce is what is measured
        screen.model.filter_text == typed.strip() or screen.model.filter_error is not None
    ):
        await asyncio.sleep(0.002)


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
