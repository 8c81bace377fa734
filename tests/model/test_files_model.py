"""FileList: paging, highlight, filter, sort, marks and visual ranges, without a terminal."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from claude_files.model.files import FileList, FileRecord

BASE = datetime(2026, 11, 1, tzinfo=UTC)


def rec(n: int, name: str | None = None, size: int = 100, mime: str = "text/plain") -> FileRecord:
    return FileRecord(
        id=f"file_{n:06d}",
        filename=name or f"file-{n}.txt",
        mime_type=mime,
        size_bytes=size,
        created_at=BASE - timedelta(minutes=n),
    )


def loaded(count: int, next_page: str | None = None) -> FileList:
    model = FileList()
    model.add_page([rec(i) for i in range(count)], next_page)
    return model


def ids(rows) -> list[str]:
    return [row.id for row in rows]


def test_pages_append_and_skip_duplicates():
    model = FileList()
    assert model.has_more
    assert model.add_page([rec(0), rec(1)], "page_2") == 2
    assert model.add_page([rec(1), rec(2)], None) == 1
    assert ids(model.view) == ["file_000000", "file_000001", "file_000002"]
    assert not model.has_more
    assert model.loaded_bytes == 300


def test_near_end_only_when_more_pages():
    model = loaded(50, "page_x")
    assert not model.near_end(10)
    model.move_to(41)
    assert model.near_end(10)
    model.next_page = None
    assert not model.near_end(10)


def test_refresh_keeps_highlight_by_id():
    model = loaded(10)
    model.move_to(5)
    model.replace_all([rec(99), *[rec(i) for i in range(10)]], None)
    assert model.highlighted.id == "file_000005"
    model.replace_all([rec(i) for i in range(3)], None)
    assert model.cursor == 2  # gone: the nearest row to where it was, not the top


def test_remove_moves_highlight_to_next_row_and_drops_marks():
    model = loaded(5)
    model.move_to(2)
    model.marks = {"file_000002", "file_000004"}
    assert model.remove(["file_000002"]) == 1
    assert model.highlighted.id == "file_000003"
    assert model.marks == {"file_000004"}
    model.move_to(3)
    model.remove(["file_000004"])
    assert model.highlighted.id == "file_000003"
    assert model.loaded_bytes == 300


def test_insert_new_goes_on_top_highlighted():
    model = loaded(3)
    model.move_to(2)
    model.insert_new(rec(-1, "new.txt"))
    assert model.view[0].filename == "new.txt"
    assert model.cursor == 0


def test_filter_matches_name_and_id_case_insensitively_and_types_by_key():
    model = FileList()
    model.add_page([rec(0, "Report.PDF", mime="application/pdf"), rec(1, "notes.md", mime="text/markdown"), rec(2)], None)
    model.set_filter("report")
    assert ids(model.view) == ["file_000000"]
    model.set_filter("type:MARKDOWN")
    assert ids(model.view) == ["file_000001"]
    model.set_filter("file_000002")
    assert ids(model.view) == ["file_000002"]
    model.set_filter("")
    assert model.view is model.rows


def test_filter_keeps_highlight_when_row_still_matches():
    model = loaded(10)
    model.move_to(7)
    model.set_filter("file-7")
    assert model.highlighted.id == "file_000007"


@pytest.mark.parametrize(
    ("sort", "first"),
    [("oldest", "file_000002"), ("name", "file_000001"), ("size", "file_000000"), ("newest", "file_000000")],
)
def test_cycle_sort(sort, first):
    model = FileList()
    model.add_page([rec(0, "b", size=30), rec(1, "A", size=10), rec(2, "c", size=20)], None)
    while model.sort != sort:
        model.cycle_sort()
    assert model.view[0].id == first


def test_space_marks_and_moves_down():
    model = loaded(5)
    model.toggle_mark()
    model.toggle_mark()
    assert model.marks == {"file_000000", "file_000001"}
    assert model.cursor == 2
    model.move_to(0)
    model.toggle_mark()
    assert model.marks == {"file_000001"}


def test_visual_range_follows_cursor_and_commits():
    model = loaded(10)
    model.move_to(2)
    assert model.toggle_visual()
    model.move_to(5)
    assert model.effective_marks() == {f"file_{i:06d}" for i in range(2, 6)}
    model.move_to(0)
    assert model.effective_marks() == {f"file_{i:06d}" for i in range(0, 3)}
    model.toggle_mark()  # space ends the range
    assert model.visual_anchor is None
    assert model.marks == {f"file_{i:06d}" for i in range(0, 3)}


def test_mark_all_and_invert_stay_within_filter():
    model = loaded(20)
    model.marks = {"file_000003"}
    model.set_filter("file-1")  # 1, 10..19
    added = model.mark_all_matching()
    assert added == 11
    model.invert_marks()
    assert model.marks == {"file_000003"}
    model.invert_marks()
    count, total, hidden = model.marked_summary()
    assert (count, total, hidden) == (12, 1200, 1)


def test_marks_survive_sort_filter_and_refresh():
    model = loaded(10)
    model.marks = {"file_000004"}
    model.cycle_sort()
    model.set_filter("zzz")
    model.set_filter("")
    model.replace_all([rec(i) for i in range(10)], None)
    assert model.marks == {"file_000004"}


def test_marked_rows_lists_visible_then_hidden():
    model = loaded(5)
    model.marks = {"file_000001", "file_000003"}
    model.set_filter("file-3")
    assert ids(model.marked_rows()) == ["file_000003", "file_000001"]


def test_clear_marks_reports_whether_anything_was_cleared():
    model = loaded(3)
    assert not model.clear_marks()
    model.toggle_visual()
    assert model.clear_marks()
    assert model.effective_marks() == set()


def test_ingest_100k_rows_is_a_list_extend():
    model = FileList()
    rows = [rec(i) for i in range(100_000)]
    for start in range(0, 100_000, 1000):
        model.add_page(rows[start : start + 1000], "more")
    assert len(model) == 100_000
    model.move_to(99_999)
    assert model.highlighted.id == "file_099999"


def test_marks_of_files_not_loaded_after_refresh_are_kept_and_counted():
    model = loaded(10)
    model.marks = {"file_000001", "file_000008"}
    model.replace_all([rec(i) for i in range(5)], "page_2")
    assert model.unloaded_marks() == 1
    assert model.marked_summary() == (1, 100, 0)
    model.add_page([rec(i) for i in range(5, 10)], None)
    assert model.unloaded_marks() == 0
    assert model.marked_summary()[0] == 2


def test_marks_of_gone_files_leave_whether_loaded_or_not():
    model = loaded(10)
    model.marks = {"file_000001", "file_000008"}
    model.replace_all([rec(i) for i in range(5)], "page_2")
    assert model.unloaded_mark_ids() == ["file_000008"]
    model.remove(["file_000008"])  # deleted elsewhere while not loaded
    assert model.marks == {"file_000001"} and model.unloaded_marks() == 0
    model.marks.add("file_000009")
    model.drop_marks(["file_000009"])
    assert model.marks == {"file_000001"}


def test_a_file_fetched_by_id_sits_in_time_order_and_moves_to_its_page_place():
    """A pasted id loads its file ahead of its page; End must not leave it out of order."""
    model = loaded(100, "page_2")  # rec 0..99: newest first
    stray = rec(250)  # on a later page
    model.add_strays([stray])
    model.select_id(stray.id)
    assert model.view[-1].id == stray.id  # older than everything loaded: after it
    model.add_page([rec(i) for i in range(100, 200)], "page_3")
    assert ids(model.view) == [f"file_{i:06d}" for i in range(200)] + [stray.id], "still in time order"
    model.add_page([rec(i) for i in range(200, 300)], None)
    assert ids(model.view) == [f"file_{i:06d}" for i in range(300)]
    assert model.highlighted.id == stray.id and model.loaded_bytes == 300 * 100


def test_a_stray_between_loaded_files_goes_between_them():
    model = FileList()
    model.add_page([rec(0), rec(5)], "more")
    model.add_strays([rec(3)])
    assert ids(model.view) == ["file_000000", "file_000003", "file_000005"]


def test_replace_all_keeps_the_same_row_number_when_the_highlighted_file_is_gone():
    model = loaded(50)
    model.move_to(30)
    model.replace_all([rec(i) for i in range(50) if i != 30], None)
    assert model.cursor == 30 and model.highlighted.id == "file_000031"
    model.replace_all([rec(i) for i in range(10)], None)
    assert model.cursor == 9


def test_fresh_metadata_for_a_file_the_filter_now_hides_is_kept():
    """The debounced refresh of a row can land after a filter hid it (was a ValueError)."""
    model = loaded(3)
    model.set_filter("file-1")
    fresh = rec(0, size=999)
    model.update(fresh)
    assert model.by_id[fresh.id] is fresh and ids(model.view) == ["file_000001"]
