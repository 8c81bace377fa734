"""Issue 23: an Esc inside a key burst was dropped by Textual's parser (Esc `/`, Esc space,
Esc Enter came out as plain `/`, space, Enter), so marks the Esc should have cleared were
deleted. The keys here go through the parser as bytes of one read (terminal.py)."""

from __future__ import annotations

from datetime import timedelta

from claude_files.dialogs.bulk_delete import BulkDeleteScreen

from ..conftest import make_client_for
from .conftest import FROZEN_NOW, ready, seed_files, wait_until
from .terminal import read


def ids(files: list[dict]) -> set[str]:
    return {f["id"] for f in files}


def left_on(server) -> set[str]:
    """The ids the server still has, as the SDK lists them."""
    with make_client_for(server) as client:
        return {f.id for f in client.beta.files.list(limit=1000)}


async def settled(pilot, app) -> None:
    """Every key read so far has been handled."""
    await pilot.pause()
    await wait_until(pilot, lambda: not app.keys_on_their_way)
    await pilot.pause()


async def one_at_a_time(pilot, app, *keys: str) -> None:
    for key in keys:
        read(app, key)
        await settled(pilot, app)


async def test_esc_space_in_one_read_clears_the_marks_before_marking_the_row(server, make_app):
    """Rows 1–3 marked, cursor on row 6: `Escape space d y` deleted rows 1–3 (slowly: row 6)."""
    files = seed_files(server, 8)  # newest first: row 1 is files[7]
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await one_at_a_time(pilot, app, "space", "space", "space", "j", "j")
        assert len(screen.model.marks) == 3 and screen.model.cursor == 5
        read(app, "escape", "space", "d", "y")
        await wait_until(pilot, lambda: server.file_count() < 8)
        await settled(pilot, app)
    assert left_on(server) == ids(files) - {files[2]["id"]}  # row 6 of 8, newest first


async def test_filter_text_esc_enter_in_one_read_cancels_the_filter(demo_server, make_app):
    """`/notes Escape Enter` kept the filter (slowly: cleared)."""
    app = make_app(demo_server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        read(app, "slash", *"notes", "escape", "enter")
        await settled(pilot, app)
        assert screen.model.filter_text == ""
        assert app.focused is screen.table


async def test_esc_then_a_new_filter_mark_all_delete_spares_the_files_esc_unmarked(server, make_app):
    """8 PDFs marked, `Escape / type:csv Enter ctrl+a l d y` in one read deleted the 20 CSVs and
    the 8 PDFs; typed slowly the same keys ask about the 20 CSVs only."""
    pdfs = [
        server.add_file(f"report-{i}.pdf", b"%PDF-1.4\n", "application/pdf", created_at=FROZEN_NOW - timedelta(minutes=i))
        for i in range(8)
    ]
    csvs = [
        server.add_file(f"export-{i}.csv", b"a,b\n", "text/csv", created_at=FROZEN_NOW - timedelta(hours=1, minutes=i))
        for i in range(20)
    ]
    seed_files(server, 100, prefix="old", start=FROZEN_NOW - timedelta(days=1))  # more than the first page holds
    app = make_app(server)
    async with app.run_test(size=(120, 36)) as pilot:
        screen = await ready(app, pilot)
        assert not screen.model.answer_complete  # ctrl+a asks: all pages, or only the loaded ones (`l`)
        await one_at_a_time(pilot, app, *["space"] * 8)
        assert screen.model.marks == ids(pdfs)
        read(app, "escape", "slash", *"type:csv", "enter", "ctrl+a", "l", "d", "y")
        await wait_until(pilot, lambda: isinstance(app.screen, BulkDeleteScreen) and app.screen.job.finished_at is not None)
    left = left_on(server)
    assert len(left) == 128 - 20 and ids(pdfs) <= left and not ids(csvs) & left
