"""The TUI's deletes land in the delete record, and `L` shows it: filtered with `/`, Enter is restore's door."""

from __future__ import annotations

from pathlib import Path

import pytest
from textual.widgets import DataTable

from claude_files.deletions import DeletionRecord
from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.screens.deletions import DeletionsScreen
from claude_files.screens.main import MainScreen

from .conftest import ready, seed_files, shown_text, status_said, wait_until


async def bulk_delete(pilot) -> BulkDeleteScreen:
    app = pilot.app
    await pilot.press("d")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
    await pilot.press("y")
    await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
    bulk = app.screen
    await wait_until(pilot, lambda: bulk.job.finished)
    await pilot.press("enter")
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    return bulk


async def test_bulk_by_marks_and_by_rule_and_single_delete_are_recorded(server, make_app):
    files = seed_files(server, 6)
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("space", "space")  # the two newest, by marks
        marked = set(screen.model.effective_marks())
        await bulk_delete(pilot)
        await pilot.press("slash", *"file-0000[01]*", "enter", "ctrl+a")  # two more, by a rule
        ruled = set(screen.model.effective_marks())
        await bulk_delete(pilot)
        await pilot.press("escape")
        await wait_until(pilot, lambda: len(screen.model.view) == 2)
        single = screen.model.highlighted.id
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: single not in screen.model.by_id)
    assert server.file_count() == 1
    entries = DeletionRecord().entries()
    by = {entry.id: entry.selected_by for entry in entries}
    assert by == {**dict.fromkeys(marked, "marked"), **dict.fromkeys(ruled, "rule: file-0000[01]*"), single: "highlighted"}
    assert all(entry.outcome == "deleted" for entry in entries)
    assert entries[0].id == single, "newest first"
    names = {entry.id: entry.filename for entry in entries}
    assert names == {meta["id"]: meta["filename"] for meta in files if meta["id"] in by}


async def test_a_single_delete_of_a_file_gone_elsewhere_is_recorded_as_gone(server, make_app):
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        victim = screen.model.highlighted.id
        server.storage.delete(victim, "default")  # someone else deleted it meanwhile
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: victim not in screen.model.by_id)
    (entry,) = DeletionRecord().entries()
    assert entry.id == victim and entry.outcome == "gone"


async def test_marked_files_gone_elsewhere_are_said_to_be_gone_not_deleted_here(server, make_app):
    """Found in tmux: a marked file deleted in another terminal while the question was open was
    reported "Deleted 1 of 1 file." (the record said gone)."""
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        victim = screen.model.highlighted.id
        await pilot.press("space", "space")
        server.storage.delete(victim, "default")  # someone else deleted it meanwhile
        bulk = await bulk_delete(pilot)
        assert bulk.job.gone == {victim}
        assert "Deleted 2 of 2 files; 1 already gone (deleted elsewhere)." in shown_text(app)


async def test_nothing_is_deleted_when_the_record_cannot_be_written(server, make_app, tmp_path: Path, monkeypatch):
    (tmp_path / "file").write_text("")
    monkeypatch.setenv("CLAUDE_FILES_DELETIONS", str(tmp_path / "file" / "deletions.sqlite3"))
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(120, 36), notifications=True) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("d")  # one file
        await wait_until(pilot, lambda: "cannot write the delete record" in shown_text(app))
        assert isinstance(app.screen, MainScreen)
        await pilot.press("space", "space", "d")  # marked files
        await wait_until(pilot, lambda: shown_text(app).count("cannot write the delete record") >= 1)
        assert isinstance(app.screen, MainScreen) and len(screen.model) == 3
    assert server.file_count() == 3
    assert not [method for method, *_ in server.requests_seen if method == "DELETE"]


@pytest.fixture
def recorded(server):
    """Three deletes already in the record: two deleted, one failed."""
    files = seed_files(server, 3, prefix="old")
    record = DeletionRecord()
    run = record.run([_row(meta) for meta in files], "marked")
    identity = type("Identity", (), {"base_url": server.url, "profile": None, "workspace": None})()
    run.begin(identity, [meta["id"] for meta in files])
    run.settle(files[0]["id"], "deleted")
    run.settle(files[1]["id"], "deleted")
    run.settle(files[2]["id"], "failed", "Overloaded (injected fault).")
    run.close([], [])
    return files


def _row(meta: dict):
    from claude_files.model.rows import FileRecord

    return FileRecord(meta["id"], meta["filename"], meta["mime_type"], meta["size_bytes"], meta["created_at"], False)


async def test_L_lists_the_record_filters_it_and_enter_says_why_a_file_cannot_come_back(server, make_app, recorded):
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, DeletionsScreen) and app.screen.loaded)
        record_screen = app.screen
        assert len(record_screen.entries) == 3
        table = record_screen.query_one(DataTable)
        assert [str(cell) for cell in table.get_row_at(0)][1:] == [
            "old-00002.txt",
            "17 B",
            "failed: Overloaded (injected fault).",
            "marked",
        ]
        await pilot.press("slash", *"outcome:deleted", "enter")
        await wait_until(pilot, lambda: len(record_screen.entries) == 2)
        assert {entry.outcome for entry in record_screen.entries} == {"deleted"}
        assert table.has_focus and "filter: outcome:deleted" in str(record_screen.query_one("#deletions-title").render())
        await pilot.press("slash", *" size>", "enter")  # a query with a mistake: said, the filter kept
        await wait_until(pilot, lambda: "size> needs a value" in str(record_screen.query_one("#deletions-status").render()))
        await pilot.press("escape")  # leaves the filter line, not the screen
        assert isinstance(app.screen, DeletionsScreen) and len(record_screen.entries) == 2
        await pilot.press("enter")
        status = record_screen.query_one("#deletions-status")
        await wait_until(pilot, lambda: "is still on the server; nothing to restore" in str(status.render()))
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))


async def test_enter_on_a_row_of_L_restores_an_archived_file(server, make_app, tmp_path: Path):
    """`rm --archive` kept a copy: Enter on its row uploads it again, byte-exact, under a new id."""
    from ..cli.conftest import cli

    data = b"col,value\n" + b"1,2\n" * 50
    meta = server.add_file("result.csv", data, "text/csv", downloadable=True)
    archive = tmp_path / "archive"
    assert cli(server, "rm", meta["id"], "--archive", str(archive), "--yes").returncode == 0
    assert server.file_count() == 0
    app = make_app(server, archive_dir=str(archive))
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, DeletionsScreen) and app.screen.loaded)
        record_screen = app.screen
        assert [entry.selected_by for entry in record_screen.entries] == ["ids on the command line"]
        await pilot.press("enter")
        status = record_screen.query_one("#deletions-status")
        await wait_until(pilot, lambda: "Restored result.csv as file_" in str(status.render()))
    (restored,) = server.storage.list_page("default", 10, None)[0]
    assert restored["id"] != meta["id"] and restored["filename"] == "result.csv"
    assert server.storage.blob_path(restored["id"]).read_bytes() == data


async def test_enter_on_L_finds_the_copy_wherever_it_went_and_never_uploads_it_twice(server, make_app, tmp_path: Path):
    """The record knows the folder `rm --archive` wrote to; a restore held elsewhere (the CLI, another
    terminal) is refused in words; once restored, Enter says so instead of sending a second copy."""
    from claude_files.restores import Claim

    from ..cli.conftest import cli

    data = bytes(range(256)) * 8
    meta = server.add_file("chart.bin", data, downloadable=True)
    assert cli(server, "rm", meta["id"], "--archive", str(tmp_path / "elsewhere"), "--yes").returncode == 0
    app = make_app(server, archive_dir=str(tmp_path / "settings-archive"))  # not where the copy is
    held = Claim(DeletionRecord(), meta["id"])
    held.take()
    async with app.run_test(size=(120, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, DeletionsScreen) and app.screen.loaded)
        status = app.screen.query_one("#deletions-status")
        await pilot.press("enter")
        await wait_until(pilot, lambda: "chart.bin is already being restored by another claude-files" in str(status.render()))
        assert server.file_count() == 0
        held.release()
        await pilot.press("enter")
        await wait_until(pilot, lambda: "Restored chart.bin as file_" in str(status.render()))
        (restored,) = server.storage.list_page("default", 10, None)[0]
        await pilot.press("enter")
        await wait_until(pilot, lambda: f"already restored as {restored['id']}; nothing uploaded" in str(status.render()))
    assert server.file_count() == 1
    assert server.storage.blob_path(restored["id"]).read_bytes() == data


async def test_a_single_delete_on_its_way_is_said_and_d_again_sends_no_second_delete(server, make_app):
    """Found in tmux with the server stopped (SIGSTOP): after `d` `y` the row stayed as it was
    and nothing was said for 75 s (the delete, then the check whether it went anyway); a second
    `d` `y` on that row asked again and sent a second DELETE (recorded twice)."""
    seed_files(server, 2)
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        victim = screen.model.highlighted
        server.set_faults(latency_ms=3000)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
        await pilot.press("y")
        await wait_until(pilot, lambda: (status_said(screen) or ("", False))[0].startswith("Deleting "))
        assert victim.id in screen.model.by_id, "said while the delete is on its way"
        assert status_said(screen) == (f"Deleting {victim.filename}…", False)
        await pilot.press("d")
        await wait_until(pilot, lambda: "is being deleted already" in (status_said(screen) or ("", False))[0])
        assert not isinstance(app.screen, ConfirmModal)
        server.set_faults(latency_ms=0)
        await wait_until(pilot, lambda: victim.id not in screen.model.by_id, timeout=15)
    deletes = [seen for seen in server.requests_seen if seen[0] == "DELETE"]
    assert len(deletes) == 1, deletes


async def test_L_says_why_a_delete_is_unknown(server, make_app):
    """A delete the server never answered is recorded "unknown" with why; L showed the word only,
    as it showed the reason of "failed" alone."""
    (meta,) = seed_files(server, 1, prefix="asked")
    run = DeletionRecord().run([_row(meta)], "highlighted")
    run.begin(type("Identity", (), {"base_url": server.url, "profile": None, "workspace": None})(), [meta["id"]])
    run.settle(meta["id"], "unknown", "No answer: it may or may not be deleted.")
    run.close([], [])
    app = make_app(server)
    async with app.run_test(size=(160, 36)) as pilot:
        await ready(app, pilot)
        await pilot.press("L")
        await wait_until(pilot, lambda: isinstance(app.screen, DeletionsScreen) and app.screen.loaded)
        cells = [str(cell) for cell in app.screen.query_one(DataTable).get_row_at(0)]
        assert "unknown: No answer: it may or may not be deleted." in cells, cells
