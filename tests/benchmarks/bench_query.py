"""Q1: a four-term query over 100k loaded rows ÷ a hand-written list comprehension, side by side.

Ours: `parse(...)`, `.predicate(now)` and `[row for row in rows if predicate(row)]`, all timed.
Baseline: the comprehension a programmer would write for the same four tests on the same
rows (the SDK's own `BetaFileMetadata` objects, as the app holds them). Runs alternate so
that noise on a shared machine falls on both alike; reported: medians.

Run alone: `python tests/benchmarks/bench_query.py [--quick]`.
"""

from __future__ import annotations

import random
import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any

from anthropic.types.beta import BetaFileMetadata
from common import goal_line, interleave, median, ms

from claude_files.model.query import parse

TOTAL = 100_000
QUERY = "type:csv size>10kB age>30d -is:downloadable"
NOW = datetime(2026, 11, 1, 12, 0, tzinfo=UTC)
_MIMES = ("text/csv", "application/pdf", "text/plain", "image/png", "application/json", "text/markdown")


def _rows() -> list[Any]:
    """100k varied rows: a quarter CSVs, sizes 100 B to 50 MB, a year of ages, a third downloadable."""
    rng = random.Random(15)
    rows = []
    for n in range(TOTAL):
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
    return rows


def _timed(apply: Callable[[], list[Any]], results: list[list[Any]]) -> Callable[[], float]:
    def measure() -> float:
        t0 = time.perf_counter()
        results.append(apply())
        return time.perf_counter() - t0

    return measure


def run(quick: bool) -> list[str]:
    rows = _rows()
    reps = 7 if quick else 21

    def ours() -> list[Any]:
        predicate = parse(QUERY).predicate(NOW)
        return [row for row in rows if predicate(row)]

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
    return [
        goal_line(
            "Q1",
            "query over 100k rows vs a hand-written comprehension",
            mine / base,
            "<=",
            1.5,
            f"ours={ms(mine)} by_hand={ms(base)} matched={len(matched)} rows={TOTAL} n={reps}",
        )
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
