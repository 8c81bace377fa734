"""The streaming accumulator behind `du`: page by page it gives what `compute` gives at once, holding no row."""

from __future__ import annotations

from datetime import timedelta

import pytest
from query_rows import NOW, ROWS
from test_overview import synthetic

from claude_files.model.files import FileRecord
from claude_files.model.overview import LARGEST, Tally, compute


def paged(rows: list, size: int) -> Tally:
    tally = Tally(NOW)
    for start in range(0, len(rows), size):
        tally.add(rows[start : start + size])
    return tally


@pytest.mark.parametrize("page", [1, 7, 1000, 5000])
def test_pages_give_the_figures_of_all_rows_at_once(page):
    rows = synthetic(3_000, 11)
    assert paged(rows, page).overview() == compute(rows, NOW)


def test_it_keeps_no_row():
    rows = list(ROWS.values())
    tally = paged(rows, 3)
    kept = {id(value) for name in Tally.__slots__ for value in _leaves(getattr(tally, name))}
    assert not kept & {id(row) for row in rows}


def _leaves(value):
    yield value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _leaves(key)
            yield from _leaves(item)
    elif isinstance(value, list | tuple | set):
        for item in value:
            yield from _leaves(item)
    elif hasattr(value, "__slots__"):
        for name in value.__slots__:
            yield from _leaves(getattr(value, name))


def record(file_id: str, name: str, size: int, days: float = 1) -> FileRecord:
    return FileRecord(file_id, name, "text/plain", size, NOW - timedelta(days=days))


def test_largest_ties_keep_the_earlier_row_across_pages():
    rows = [record(f"file_{n:03d}", f"f{n}.txt", 100 if n % 2 else 50) for n in range(3 * LARGEST)]
    largest = paged(rows, 4).overview().largest
    assert [bucket.query for bucket in largest] == [f"id=file_{n:03d}" for n in range(1, 2 * LARGEST, 2)]
    assert [bucket.query for bucket in largest] == [bucket.query for bucket in compute(rows, NOW).largest]


def test_fewer_rows_than_the_largest_twenty():
    rows = [record("file_a", "a", 5), record("file_b", "b", 9), record("file_c", "c", 5)]
    assert [(bucket.label, bucket.bytes) for bucket in paged(rows, 1).overview().largest] == [("b", 9), ("a", 5), ("c", 5)]


def test_duplicates_count_groups_copies_and_extra_bytes():
    rows = [
        record("file_1", "a.txt", 10),
        record("file_2", "a.txt", 10),
        record("file_3", "a.txt", 10),  # one group, two extra copies
        record("file_4", "a.txt", 11),  # same name, other size: not a copy
        record("file_5", "b.txt", 10),  # same size, other name: not a copy
        record("file_6", "b.txt", 10),  # a second group
    ]
    overview = paged(rows, 2).overview()
    extra = overview.by_key["duplicates"].buckets[0]
    assert (overview.duplicate_groups, extra.count, extra.bytes) == (2, 3, 30)


def test_empty():
    overview = Tally(NOW).overview(complete=False)
    assert (overview.count, overview.bytes, overview.largest, overview.duplicate_groups) == (0, 0, (), 0)
    assert overview == compute([], NOW, complete=False)
    Tally(NOW).add([])


def test_tallies_add_up_as_separate_stores():
    first, second = synthetic(1_500, 12), synthetic(1_500, 13)
    merged = paged(first, 100) + paged(second, 100)
    whole = compute(first + second, NOW)
    apart = [compute(first, NOW), compute(second, NOW)]
    overview = merged.overview()
    assert (overview.count, overview.bytes, overview.growth) == (whole.count, whole.bytes, whole.growth)
    for key in ("type", "age", "expiry", "origin", "session"):
        assert overview.by_key[key] == whole.by_key[key], key
    assert overview.largest == whole.largest
    # duplicates stay within each store, as is:duplicate does within a workspace
    assert overview.duplicate_groups == sum(part.duplicate_groups for part in apart)
    assert overview.by_key["duplicates"].buckets[0].count == sum(part.by_key["duplicates"].buckets[0].count for part in apart)
    assert (Tally(NOW) + paged(first, 500)).overview() == compute(first, NOW)


def test_tallies_of_different_moments_do_not_add():
    with pytest.raises(ValueError, match="different moments"):
        Tally(NOW) + Tally(NOW + timedelta(seconds=1))
