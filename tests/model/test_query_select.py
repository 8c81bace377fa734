"""`Compiled.select` (the query inlined in one comprehension, as the file list filters) picks
exactly the rows `Compiled.test` holds for, in order, odd rows included."""

from __future__ import annotations

from datetime import datetime

import pytest
from query_rows import NOW, ROWS

from claude_files.model.files import FileRecord
from claude_files.model.query import parse

ODD = [
    FileRecord("file_naive", "old.csv", "text/csv", 50_000, datetime(2020, 1, 1), None, datetime(2020, 2, 1)),
    FileRecord("file_broken", None, None, None, None, None, None),  # type: ignore[arg-type]
]


@pytest.mark.parametrize(
    "text",
    [
        "data",
        "type:csv size>10kB",
        "age>30d -is:downloadable",
        "scope:sesn_* expires<7d",
        "scope:none name:*.csv",
        "is:marked,pinned",
        "is:duplicate",
        "created:2026-10-01..2026-10-31 -id:file_a",
    ],
)
@pytest.mark.parametrize("odd", [False, True], ids=["plain", "with odd rows"])
def test_select_is_the_test_row_by_row(text: str, odd: bool) -> None:
    rows = [*ROWS.values(), *(ODD if odd else [])]
    compiled = parse(text).compiled(NOW, marks={"file_bbb222"}, pins={"file_hhh888"}, duplicates={"file_ccc333"})
    assert compiled.select(rows) == [row for row in rows if compiled.test(row)]
