"""P5: the local server's `list(limit=100)` p50 at 100k files against 100 files.

Two `claude-files serve` subprocesses side by side; one SDK client walks each cursor,
requests alternating between the two so machine noise falls on both alike.
"""

from __future__ import annotations

import sys
import time
from typing import Any

import anthropic
from common import API_KEY, goal_line, median, serve


class _Walker:
    """Pages through one server with its `page` cursor; starts over when the cursor runs out."""

    def __init__(self, url: str) -> None:
        self.client = anthropic.Anthropic(api_key=API_KEY, base_url=url, max_retries=0)
        self.after: str | None = None

    def once(self) -> float:
        extra: dict[str, Any] = {"page": self.after} if self.after else {}
        t0 = time.perf_counter()
        page = self.client.files.list(limit=100, **extra)
        elapsed = time.perf_counter() - t0
        self.after = page.next_page
        return elapsed


def run(quick: bool) -> list[str]:
    requests = 200 if quick else 1000
    with serve(synthetic=100_000) as big, serve(synthetic=100) as small:
        many, few = _Walker(big.url), _Walker(small.url)
        for _ in range(10):  # warm connections and caches
            many.once()
            few.once()
        at_many: list[float] = []
        at_few: list[float] = []
        for _ in range(requests):
            at_many.append(many.once())
            at_few.append(few.once())
        many.client.close()
        few.client.close()
    high, low = median(at_many), median(at_few)
    return [
        goal_line(
            "P5",
            "server list(limit=100) p50, 100k vs 100 files",
            high / low,
            "<=",
            1.5,
            f"p50_100k={high * 1000:.2f}ms p50_100={low * 1000:.2f}ms n={requests}",
        )
    ]


if __name__ == "__main__":
    for line in run("--quick" in sys.argv):
        print(line, flush=True)
