"""Rows drawn from the last view (model/stale.py) and their replacement by the fresh first pages
(`FileList.refresh_first_pages`): highlight and marks by id, files gone leave, new ones arrive in order."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from claude_files.model.files import FileList
from claude_files.model.rows import FileRecord

NOW = datetime(2026, 12, 6, 14, 2, tzinfo=UTC)


def row(i: int) -> FileRecord:
    return FileRecord(f"file_{i:03d}", f"f{i}", "text/plain", i, NOW - timedelta(minutes=i))


def test_cached_rows_are_stale_until_the_fresh_pages_replace_them():
    model = FileList()
    model.show_cached([row(i) for i in range(5)], NOW)
    assert model.stale.active and model.stale.covers("file_002") and model.stale.refreshing
    assert "as of" in model.stale.words()
    model.refresh_first_pages([row(i) for i in range(5)], None)
    assert not model.stale.active and not model.stale.covers("file_002")
    assert model.stale.listed_at is not None and model.stale.words() == ""


def test_the_swap_keeps_highlight_and_marks_by_id_and_drops_marks_of_files_proved_gone():
    model = FileList()
    model.show_cached([row(i) for i in range(1, 10)], NOW)
    model.move_to(3)  # file_004
    model.marks.update({"file_002", "file_005", "file_009"})
    fresh = [row(0), *[row(i) for i in range(1, 7) if i != 2]]  # file_000 new, file_002 deleted; 7… on page 2
    model.refresh_first_pages(fresh, "page_2")
    assert [r.id for r in model.rows] == [r.id for r in fresh]
    assert model.highlighted.id == "file_004"
    assert model.marks == {"file_005", "file_009"}  # file_009 is older than the page: maybe on page 2, kept
    assert model.unloaded_mark_ids() == ["file_009"]


def test_a_whole_listing_proves_every_missing_mark_gone():
    model = FileList()
    model.show_cached([row(i) for i in range(3)], NOW)
    model.marks.update({"file_000", "file_002"})
    model.refresh_first_pages([row(0), row(1)], None)
    assert model.marks == {"file_000"}
