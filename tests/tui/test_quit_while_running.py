"""Issue 23: ctrl+q during a bulk delete quit at once (no question, no report, files already
gone) and q did nothing. Both ask while a bulk delete or a transfer runs, saying what stops;
on yes the delete starts nothing new, those in flight finish and count, and the summary is
printed on exit."""

from __future__ import annotations

import os

import pytest

from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.dialogs.upload_dialog import UploadDialog
from claude_files.quitting import QuitQuestion
from claude_files.screens.main import MainScreen
from claude_files.widgets.transfer_progress import TransferProgress

from .conftest import on_top, printed_on_exit, ready, seed_files, shown_text, wait_until
from .terminal import read


async def deleting(pilot, app, server, count: int) -> BulkDeleteScreen:
    """A bulk delete of `count` files under way, slowly (each delete takes 300 ms)."""
    seed_files(server, count)
    await ready(app, pilot)
    server.set_faults(latency_ms=300)
    read(app, "ctrl+a", "d", "y")
    await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen))
    screen = app.screen
    await wait_until(pilot, lambda: screen.job.deleted)
    return screen


@pytest.mark.parametrize("key", ["ctrl+q", "q"])
async def test_quit_during_a_bulk_delete_asks_what_stops_and_no_goes_on(server, make_app, key):
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        bulk = await deleting(pilot, app, server, 40)
        read(app, key)
        await wait_until(pilot, lambda: on_top(app, QuitQuestion))
        assert app.is_running and not bulk.job.finished
        said = shown_text(app)
        assert "The bulk delete stops:" in said and "of 40 deleted" in said and "not started" in said
        read(app, "escape")
        await wait_until(pilot, lambda: app.screen is bulk)
        await wait_until(pilot, lambda: bulk.job.finished, timeout=60)
        assert len(bulk.job.deleted) == 40 and app.is_running
        server.set_faults(latency_ms=0)


async def test_yes_stops_the_bulk_delete_cleanly_then_quits_with_its_summary(server, make_app):
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        bulk = await deleting(pilot, app, server, 60)
        read(app, "ctrl+q")
        await wait_until(pilot, lambda: isinstance(app.screen, QuitQuestion))
        read(app, "y")
        await wait_until(pilot, lambda: printed_on_exit(app))
        printed = printed_on_exit(app)[0]
    job = bulk.job
    assert job.finished and job.in_flight == 0 and job.pending  # stopped: some never started
    assert len(job.deleted) + len(job.pending) + len(job.failed) == 60
    assert server.file_count() == 60 - len(job.deleted)  # what was in flight finished and counts
    assert app.return_code == 0
    assert printed.startswith(f"Deleted {len(job.deleted)} of 60 files") and "stopped" in printed


async def test_quit_with_nothing_running_still_quits_at_once(server, make_app):
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        read(app, "ctrl+q")
        await wait_until(pilot, lambda: not app.is_running or app.return_code is not None)


async def uploading(pilot, app, name: str) -> MainScreen:
    screen = await ready(app, pilot)
    read(app, "u")
    await wait_until(pilot, lambda: on_top(app, UploadDialog))
    read(app, *name, "enter")
    await wait_until(pilot, lambda: screen.query(TransferProgress) and screen.query_one(TransferProgress).lines)
    return screen


async def test_quit_during_an_upload_asks_and_yes_keeps_nothing_half_done(server, make_app, tmp_path, monkeypatch):
    (tmp_path / "big.bin").write_bytes(os.urandom(20 * 1024 * 1024))
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        server.set_faults(latency_ms=60_000)  # still under way when the question comes, however slow the machine
        screen = await uploading(pilot, app, "big.bin")
        line = next(iter(screen.query_one(TransferProgress).lines.values()))
        await wait_until(pilot, lambda: 0 < line.done < line.total)
        read(app, "ctrl+q")
        await wait_until(pilot, lambda: on_top(app, QuitQuestion))
        assert "upload or download running stops" in shown_text(app)
        read(app, "y")
        await wait_until(pilot, lambda: app.return_code is not None, timeout=15)
    server.set_faults(latency_ms=0)
    assert server.file_count() == 0


async def test_quit_once_every_byte_of_an_upload_went_waits_for_the_answer_without_asking(
    server, make_app, tmp_path, monkeypatch
):
    """Issue 24: "Quit during a transfer?" was asked after the upload showed 100 %, and yes undid it."""
    (tmp_path / "small.txt").write_text("all of it fits in one read")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        server.set_faults(latency_ms=1500)  # every byte is sent; the answer is still on its way
        screen = await uploading(pilot, app, "small.txt")
        line = next(iter(screen.query_one(TransferProgress).lines.values()))
        await wait_until(pilot, lambda: line.done == line.total and line.running)
        read(app, "q")
        asked: list[bool] = []

        def exited() -> bool:
            asked.append(isinstance(app.screen, ConfirmModal))
            return app.return_code is not None

        await wait_until(pilot, exited, timeout=15)
        assert not any(asked)
    server.set_faults(latency_ms=0)
    assert server.file_count() == 1  # the upload was let finish, not undone
