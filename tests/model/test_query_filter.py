"""The file list filtered by the query language: wrong queries keep the view, narrowing, marks, rules."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest

from claude_files.model.files import FileList, FileRecord
from claude_files.model.listing import Narrowing
from claude_files.model.selection import SelectionSummary, TypeShare, summarize

NOW = datetime(2026, 11, 1, 12, tzinfo=UTC)


@dataclass
class Scope:
    id: str
    type: str = "session"


@dataclass
class ScopedRecord(FileRecord):
    scope: Scope | None = None


def rec(n: int, name: str | None = None, *, size: int = 100, mime: str = "text/plain", days: float = 0, **kw) -> ScopedRecord:
    return ScopedRecord(
        id=f"file_{n:06d}",
        filename=name or f"file-{n}.txt",
        mime_type=mime,
        size_bytes=size,
        created_at=NOW - timedelta(days=days, minutes=n),
        **kw,
    )


def model_of(rows, next_page: str | None = None) -> FileList:
    model = FileList(clock=lambda: NOW)
    model.add_page(rows, next_page)
    return model


def ids(rows) -> list[str]:
    return [row.id for row in rows]


def test_query_keys_filter_the_view():
    model = model_of([rec(0, size=5_000_000, days=100), rec(1, size=10, days=100), rec(2, size=5_000_000, days=1)])
    assert model.set_filter("age>90d size>1MB")
    assert ids(model.view) == ["file_000000"]
    assert model.filter_text == "age>90d size>1MB" and model.filter_error is None


def test_a_wrong_query_keeps_the_last_good_view_and_says_why():
    model = model_of([rec(i) for i in range(5)])
    model.set_filter("file-3")
    model.move_to(0)
    assert not model.set_filter("file-3 sise>1MB")
    assert ids(model.view) == ["file_000003"]
    assert model.filter_text == "file-3"
    error = model.filter_error
    assert error is not None and "size" in error.message and error.start == len("file-3 ")
    assert model.set_filter("file-3 size>1")
    assert model.filter_error is None


def test_a_wrong_first_query_shows_everything():
    model = model_of([rec(i) for i in range(3)])
    assert not model.set_filter("size>lots")
    assert len(model) == 3 and model.filter_text == ""


@pytest.mark.parametrize(
    ("before", "after"),
    [("fi", "file-1"), ("file-1", "file-1 "), ("type:text", "type:text file-2"), ("file", "file-1 size<200")],
)
def test_narrowing_gives_what_a_fresh_filter_gives(before, after):
    rows = [rec(i, size=50 * i) for i in range(30)]
    narrowed = model_of(rows)
    narrowed.cycle_sort()  # oldest first: narrowing keeps the sort
    narrowed.set_filter(before)
    narrowed.set_filter(after)
    fresh = model_of(rows)
    fresh.cycle_sort()
    fresh.set_filter(after)
    assert ids(narrowed.view) == ids(fresh.view)


def test_narrows_only_when_the_query_can_only_drop_rows():
    narrows = FileList().filter.narrows
    assert narrows("rep", "repo") and narrows("rep", "rep size>1") and narrows("a b", "a bc")
    assert not narrows("", "a")
    assert not narrows("size>1", "size>10")  # a changed number can widen (size<1 → size<10)
    assert not narrows("a", "a*")  # a glob is not a longer substring
    assert not narrows("-a", "-ab")  # a longer negated word matches more
    assert not narrows("ab", "a")


def test_is_marked_follows_marks_as_they_change():
    model = model_of([rec(i) for i in range(4)])
    model.move_to(1)
    model.toggle_mark()
    model.set_filter("is:marked")
    assert ids(model.view) == ["file_000001"]
    model.set_filter("")
    model.move_to(2)
    model.toggle_mark()
    model.set_filter("is:marked")
    assert ids(model.view) == ["file_000001", "file_000002"]


def test_is_duplicate_is_recomputed_when_rows_change():
    model = model_of([rec(0, "a.txt"), rec(1, "b.txt")], "page_2")
    model.set_filter("is:duplicate")
    assert len(model) == 0
    model.add_page([rec(2, "a.txt")], None)  # older, same name and size: the copy that can go
    assert ids(model.view) == ["file_000002"]
    model.remove(["file_000000"])
    assert len(model) == 0  # the one left is the newest of its group now


def test_answer_complete_with_all_pages_or_the_servers_narrowing():
    model = model_of([rec(0)], "page_2")
    model.set_filter("file")
    assert not model.answer_complete and model.narrowing is None
    model.set_filter("scope:sesn_abc")
    assert model.narrowing == Narrowing(scope_id="sesn_abc") and not model.answer_complete
    model.complete_for.add(Narrowing(scope_id="sesn_abc"))
    assert model.answer_complete
    model.set_filter("id=file_000001,file_000000")
    assert model.narrowing == Narrowing(ids=("file_000000", "file_000001"))
    model.replace_all([rec(0)], "page_2")  # a refresh forgets what was complete
    assert not model.complete_for


def test_has_scopes_when_any_loaded_file_has_one():
    model = model_of([rec(0)], "page_2")
    assert not model.has_scopes
    model.add_page([rec(1, scope=Scope("sesn_x"))], None)
    assert model.has_scopes
    model.set_filter("scope:sesn_x")
    assert ids(model.view) == ["file_000001"]


def test_rule_is_the_query_behind_ctrl_a_until_marks_change_by_hand():
    model = model_of([rec(i, size=10 * i) for i in range(6)])
    model.set_filter("size>=30")
    model.mark_all_matching()
    assert model.rule == "size>=30" and model.marks == {"file_000003", "file_000004", "file_000005"}
    model.remove(["file_000004"])  # deleted: still exactly what the rule selected
    assert model.rule == "size>=30"
    model.set_filter("")
    model.move_to(0)
    model.toggle_mark()  # a file marked by hand: no longer the rule's selection
    assert model.rule is None
    model.clear_marks()
    model.mark_all_matching()  # without a query: marks, but no rule
    assert model.rule is None and len(model.marks) == 5


def test_summary_counts_bytes_types_and_dates():
    rows = [
        rec(0, mime="application/pdf", size=3_000, days=10),
        rec(1, mime="application/pdf", size=2_000, days=40),
        rec(2, mime="text/csv", size=9_000, days=5),
        rec(3, mime="text/plain", size=1, days=100),
    ]
    summary = summarize(rows)
    assert summary.count == 4 and summary.size_bytes == 14_001
    assert summary.by_type == (TypeShare("csv", 1, 9_000), TypeShare("pdf", 2, 5_000), TypeShare("text", 1, 1))
    assert summary.oldest == rows[3].created_at and summary.newest == rows[2].created_at
    assert summarize([]) == SelectionSummary()


def test_summary_reads_naive_times_as_utc():
    row = rec(0)
    row.created_at = datetime(2026, 1, 1)
    assert summarize([row]).oldest == datetime(2026, 1, 1, tzinfo=UTC)
