""" "Archive first" in the bulk delete confirmation, against the real local server: off by default,
`a` turns it on; each downloadable file is saved before its delete, and one whose copy fails
stays on the server, still marked, named in the report."""

from __future__ import annotations

import json

from textual.widgets import Checkbox, Input

from claude_files.config import Settings
from claude_files.deletions import DeletionRecord
from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal

from .conftest import on_top, seed_files, shown_text, wait_until


def server_bytes(file: dict) -> bytes:
    """What `seed_files` wrote into the file."""
    stem, number = file["filename"].rsplit("-", 1)
    return f"content of {stem} {int(number[:5])}\n".encode()


async def _confirmation(app, pilot) -> ConfirmModal:
    screen = app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once and len(screen.model) == 3)
    await pilot.press("ctrl+a", "d")
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
    return app.screen


async def test_archive_first_saves_copies_and_keeps_what_it_could_not_save(server, make_app, tmp_path):
    good = seed_files(server, 2, prefix="out", downloadable=True)
    bad = server.add_file("broken.csv", b"1,2\n", downloadable=True)
    blob = server.storage.blob_path(bad["id"])
    blob.unlink()
    blob.mkdir()  # the server cannot read it: its download answers 500
    folder = tmp_path / "archive"
    app = make_app(server, archive_dir=str(tmp_path / "last time"))
    async with app.run_test(size=(100, 34)) as pilot:
        main = app.screen
        modal = await _confirmation(app, pilot)
        checkbox = modal.query_one("#confirm-archive", Checkbox)
        field = modal.query_one("#confirm-archive-dir", Input)
        assert checkbox.value is False  # default: no archiving, and Enter still means No
        assert field.value == str(tmp_path / "last time")  # the folder remembered, shown
        await pilot.press("a")
        await wait_until(pilot, lambda: checkbox.value)
        await pilot.press("shift+tab", "ctrl+u", *str(folder), "enter")  # Enter there moves on, to No
        await wait_until(pilot, lambda: app.focused is modal.query_one("#confirm-no"))
        await pilot.press("y")
        await wait_until(pilot, lambda: on_top(app, BulkDeleteScreen))
        bulk = app.screen
        await wait_until(pilot, lambda: bulk.job.finished and bulk.query_one("#bulk-report-scroll").display)
        assert sorted(bulk.job.deleted) == sorted(f["id"] for f in good)
        assert list(bulk.job.vetoed) == [bad["id"]]
        text = shown_text(app)
        assert "1 not deleted, archiving failed" in text and "broken.csv" in text
        assert "Archived 2 into" in text
        await pilot.press("escape")
        await wait_until(pilot, lambda: app.screen is main)
        assert main.model.marks == {bad["id"]}  # what is left to do stays marked
    assert server.file_count() == 1
    recorded = {entry.id: entry for entry in DeletionRecord().entries() if entry.outcome == "deleted"}
    for file in good:
        manifest = json.loads((folder / file["id"] / "metadata.json").read_text())
        assert (folder / file["id"] / manifest["content"]).read_bytes() == server_bytes(file)
        entry = recorded[file["id"]]  # where restore looks first, whatever folder comes next time
        assert (entry.archive_path, entry.archive_sha256) == (str(folder / file["id"] / manifest["content"]), manifest["sha256"])
    assert Settings.load().archive_dir == str(folder)


async def test_archive_on_then_escape_deletes_and_archives_nothing(server, make_app, tmp_path):
    seed_files(server, 3, downloadable=True)
    app = make_app(server, archive_dir=str(tmp_path / "archive"))
    async with app.run_test(size=(100, 34)) as pilot:
        modal = await _confirmation(app, pilot)
        await pilot.press("a", "enter")  # focus is on No: Enter cancels, archive or not
        await wait_until(pilot, lambda: not isinstance(app.screen, ConfirmModal))
        assert modal.archive_dir is None
    assert server.file_count() == 3
    assert not (tmp_path / "archive").exists()


async def test_a_toggles_archiving_while_the_count_is_being_typed(server, make_app, tmp_path, monkeypatch):
    from claude_files.model import confirmation

    monkeypatch.setattr(confirmation, "TYPE_COUNT_ABOVE", 2)  # 3 files: the count must be typed
    seed_files(server, 3, downloadable=True)
    app = make_app(server, archive_dir=str(tmp_path / "archive"))
    async with app.run_test(size=(100, 34)) as pilot:
        modal = await _confirmation(app, pilot)
        typed = modal.query_one("#confirm-typed", Input)
        assert app.focused is typed
        await pilot.press("a", "3")  # `a` is never part of a count: it reaches the modal
        await wait_until(pilot, lambda: modal.query_one("#confirm-archive", Checkbox).value)
        assert typed.value == "3"
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished)
        assert len(app.screen.job.deleted) == 3
    assert len(list((tmp_path / "archive").glob("*/metadata.json"))) == 3
