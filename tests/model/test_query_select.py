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


def test_a_mime_type_first_seen_by_select_is_judged_and_then_known() -> None:
    """The fast form knows the interned mime types only: a new one takes the safe way, which learns it."""
    fresh = "text/x-never-interned-" + str(id(ODD))
    rows = [*ROWS.values(), FileRecord("file_new", "new.txt", fresh, 20_000, NOW, True)]
    query = parse(f"type:{fresh},text/csv size>10kB")
    compiled = query.compiled(NOW)
    first = compiled.select(rows)
    assert first == [row for row in rows if compiled.test(row)]
    assert rows[-1] in first
    assert compiled.select(rows) == first
    assert query.compiled(NOW).select(rows) == first
