"""Item 7: a file deleted elsewhere (another session, the console) while the app shows it."""

from __future__ import annotations

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.download_dialog import DownloadDialog
from claude_files.download_writer import leftover_temp_files
from claude_files.screens.main import MainScreen
from claude_files.server import LocalServer

from ..tui.conftest import seed_files, shown_text, wait_until


def delete_elsewhere(srv: LocalServer, *ids: str) -> None:
    for file_id in ids:
        assert srv.storage.delete(file_id, "default")


async def _ready(app, pilot) -> MainScreen:
    screen = app.screen
    await wait_until(pilot, lambda: screen.model.loaded_once and not screen.model.loading.fetching)
    return screen


async def test_highlighted_file_deleted_elsewhere_leaves_with_words(server, make_app):
    files = seed_files(server, 6)
    app = make_app(server)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await _ready(app, pilot)
        target = screen.model.view[2].id
        delete_elsewhere(server, target)
        await pilot.press("j", "j")  # highlight it; the metadata refresh finds it gone
        await wait_until(pilot, lambda: target not in screen.model.by_id)
        text = shown_text(app)
        assert f"{target} was deleted elsewhere" in text
        assert len(screen.model) == 5 and screen.model.highlighted is not None
        assert files


async def test_marked_files_deleted_elsewhere_drop_out_of_marks_on_refresh(server, make_app):
    seed_files(server, 8)
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _ready(app, pilot)
        marked = [row.id for row in screen.model.view[:4]]
        await pilot.press("space", "space", "space", "space")
        assert screen.model.marked_summary()[0] == 4
        delete_elsewhere(server, marked[1], marked[3])
        await pilot.press("r")
        await wait_until(pilot, lambda: len(screen.model) == 6 and not screen.model.loading.fetching)
        assert screen.model.marked_summary()[0] == 2
        assert {row.id for row in screen.model.marked_rows()} == {marked[0], marked[2]}
        assert "2 marked" in shown_text(app)


async def test_bulk_delete_counts_files_deleted_elsewhere_as_deleted(server, make_app):
    seed_files(server, 10)
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = await _ready(app, pilot)
        await pilot.press(*["space"] * 5)
        marked = [row.id for row in screen.model.marked_rows()]
        delete_elsewhere(server, marked[0], marked[4])
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
        bulk = app.screen
        await wait_until(pilot, lambda: bulk.job.finished)
        assert sorted(bulk.job.deleted) == sorted(marked) and not bulk.job.failed
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen)
        assert server.file_count() == 5 and len(screen.model) == 5 and not screen.model.marks


async def test_single_delete_of_file_gone_elsewhere(server, make_app):
    seed_files(server, 3)
    app = make_app(server)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await _ready(app, pilot)
        target = screen.model.highlighted.id
        delete_elsewhere(server, target)
        await pilot.press("d", "y")
        await wait_until(pilot, lambda: target not in screen.model.by_id)
        assert "already gone (deleted elsewhere)" in shown_text(app)


async def test_download_of_file_gone_elsewhere(server, make_app, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    server.add_file("result.csv", b"a,b\n", "text/csv", downloadable=True)
    app = make_app(server)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = await _ready(app, pilot)
        target = screen.model.highlighted.id
        await pilot.press("s")
        await wait_until(pilot, lambda: isinstance(app.screen, DownloadDialog))
        delete_elsewhere(server, target)  # gone between choosing and saving
        await pilot.press("enter")
        await wait_until(pilot, lambda: target not in screen.model.by_id)
        await wait_until(pilot, lambda: "(404). It was deleted elsewhere." in shown_text(app))
        text = shown_text(app)
        assert "no longer" in text and "(404). It was deleted elsewhere." in text and "Traceback" not in text
    assert [p.name for p in tmp_path.iterdir() if p.name != "config.json"] == []
    assert leftover_temp_files(tmp_path) == []
