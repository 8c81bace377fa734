"""O1: every figure of the storage overview for 100k loaded rows ÷ the SDK's own fetch + parse of them.

Baseline: the SDK listing all 100k files of a `claude-files serve --synthetic 100000` subprocess
page by page through the beta files API (as the app does, scopes included), CPU time of this
process only (the server's CPU is its own). Ours: `overview.compute` over the rows so fetched,
CPU time too. Runs alternate; reported: medians. Goal ≤ 0.1: the overview costs a tenth of
what loading the rows already cost.

Run alone: `python tests/benchmarks/bench_overview.py [--quick]`.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any

import anthropic
from common import API_KEY, goal_line, interleave, median, ms, serve

from claude_files.model.overview import compute

TOTAL = 100_000
PAGE = 1000  # the app's page size (service.PAGE_SIZE)


def _fetch_all(client: anthropic.Anthropic) -> list[Any]:
    rows: list[Any] = []
    page = client.beta.files.list(limit=PAGE)
    while True:
        rows.extend(page.data)
        if not page.next_page:
            return rows
        page = client.beta.files.list(limit=PAGE, page=page.next_page)


def _cpu(work: Callable[[], Any], results: list[Any]) -> Callable[[], float]:
    def measure() -> float:
        t0 = time.process_time()
        results.append(work())
        return time.process_time() - t0

    return measure


def run(quick: bool) -> list[str]:
    reps = 3 if quick else 7
    with serve(synthetic=TOTAL) as server:
        client = anthropic.Anthropic(base_url=server.url, api_key=API_KEY, max_retries=0)
        try:
            fetched: list[list[Any]] = []
            _fetch_all(client)  # warm the server's caches and the SDK's
            computed: list[Any] = []
            rows = _fetch_all(client)
            now = datetime.now(UTC)
            ours, base = interleave(_cpu(lambda: compute(rows, now), computed), _cpu(lambda: _fetch_all(client), fetched), reps)
        finally:
            client.close()
    if any(len(batch) != TOTAL for batch in fetched) or computed[0].count != TOTAL:
        raise AssertionError(f"expected {TOTAL} rows, got {[len(batch) for batch in fetched]} / {computed[0].count}")
    mine, sdk = median(ours), median(base)
    return [
        goal_line(
            "O1",
            "overview of 100k rows vs the SDK's fetch + parse CPU",
            mine / sdk,
            "<=",
            0.1,
            f"overview={ms(mine)} sdk_fetch_parse_cpu={ms(sdk)} rows={TOTAL} n={reps}",
        )
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
