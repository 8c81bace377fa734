"""`ls --sort … --limit N` keeps only N rows while pages arrive, and prints what sorting every row would."""

from __future__ import annotations

import asyncio
import random
from datetime import UTC, datetime, timedelta

import pytest

from claude_files.commands.ls import sorted_all
from claude_files.model.files import FileRecord
from claude_files.model.listing import sort_rows

NOW = datetime(2026, 12, 1, tzinfo=UTC)


def rows(count: int) -> list[FileRecord]:
    rng = random.Random(5)
    names = ["a.txt", "B.txt", "b.txt", "c.pdf", "A.TXT"]
    return [
        FileRecord(f"file_{n:04d}", rng.choice(names), "text/plain", rng.choice((1, 5, 5, 9)), NOW - timedelta(seconds=n))
        for n in range(count)
    ]


async def pages_of(all_rows: list[FileRecord], size: int):
    for start in range(0, len(all_rows), size):
        yield all_rows[start : start + size]


@pytest.mark.parametrize("sort", ["oldest", "name", "size"])
@pytest.mark.parametrize("limit", [None, 1, 7, 250, 400])
def test_bounded_sort_prints_what_sorting_everything_would(sort, limit):
    given = rows(300)  # many ties in name and size: the API's order must break them, as before
    got = asyncio.run(sorted_all(pages_of(given, 32), sort, limit))
    assert [row.id for row in got] == [row.id for row in sort_rows(given, sort)[:limit]]
