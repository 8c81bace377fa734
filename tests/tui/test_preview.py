"""Previews in the details pane, the upload ledger and the duplicate question, in the real app
against the real local server (Pilot)."""

from __future__ import annotations

import io
from pathlib import Path

from rich.console import Console

from claude_files.dialogs.confirm import ConfirmModal
from claude_files.ledger import Ledger, Place
from claude_files.screens.main import MainScreen
from claude_files.widgets.metadata_pane import MetadataPane

from .conftest import ready, status_said, wait_until
from .test_transfers import _posts, _type_upload

SIZE = (160, 45)


def preview_text(screen: MainScreen) -> str:
    """The preview part of the details pane as plain text, whitespace flattened."""
    pane = screen.query_one(MetadataPane)
    if pane._preview is None:  # noqa: SLF001 - what the pane draws below the fields
        return ""
    console = Console(width=1000, file=io.StringIO(), record=True)  # no wrap can split what is asserted
    console.print(pane._preview)  # noqa: SLF001
    return " ".join(console.export_text().split())


async def shows_preview(pilot, screen: MainScreen, words: str) -> None:
    await wait_until(pilot, lambda: words in preview_text(screen), timeout=10)


def downloads(server, file_id: str) -> int:
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == f"/v1/files/{file_id}/content")


def transfers_running(screen: MainScreen) -> bool:
    return any(worker.group == "transfers" and worker.is_running for worker in screen.workers)


def file_id_named(screen: MainScreen, name: str) -> str:
    return next(row.id for row in screen.model.rows if row.filename == name)


async def highlight(pilot, screen: MainScreen, name: str) -> str:
    file_id = file_id_named(screen, name)
    screen.model.select_id(file_id)
    await wait_until(pilot, lambda: screen.model.highlighted is not None and screen.model.highlighted.id == file_id)
    return file_id


async def test_demo_chart_is_drawn_and_the_csv_is_a_table(demo_server, make_app):
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        chart = await highlight(pilot, screen, "chart.png")
        await shows_preview(pilot, screen, "preview: image, PNG 96×64")
        assert "▄" in preview_text(screen) or "▀" in preview_text(screen)
        await highlight(pilot, screen, "analysis_results.csv")
        await shows_preview(pilot, screen, "revenue_growth_pct")
        assert "preview: csv, 4 rows × 2 columns" in preview_text(screen)
        before = downloads(demo_server, chart)
        await highlight(pilot, screen, "chart.png")
        await shows_preview(pilot, screen, "PNG 96×64")
        assert downloads(demo_server, chart) == before, "a second look comes from the cache"


async def test_p_turns_previews_off_and_on(demo_server, make_app):
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await highlight(pilot, screen, "analysis_results.csv")
        await shows_preview(pilot, screen, "revenue_growth_pct")
        await pilot.press("p")
        await wait_until(pilot, lambda: preview_text(screen) == "")
        assert app.settings.show_preview is False
        chart = await highlight(pilot, screen, "chart.png")
        await pilot.pause(0.5)
        assert downloads(demo_server, chart) == 0, "no preview, no download"
        await pilot.press("p")
        await shows_preview(pilot, screen, "PNG 96×64")


async def test_p_with_the_details_pane_hidden_says_so(demo_server, make_app):
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await pilot.press("m")
        await wait_until(pilot, lambda: not screen.details.display)
        await pilot.press("p")
        hidden = "the details pane is hidden (m shows it)."
        await wait_until(pilot, lambda: status_said(screen) == (f"Previews off — {hidden}", False))
        assert app.settings.show_preview is False
        await pilot.press("p")
        await wait_until(pilot, lambda: status_said(screen) == (f"Previews on — {hidden}", False))
        await pilot.press("m")
        await wait_until(pilot, lambda: preview_text(screen) != "")


async def test_an_upload_not_in_the_ledger_says_the_api_does_not_return_it(demo_server, make_app):
    app = make_app(demo_server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await highlight(pilot, screen, "README.md")
        await shows_preview(pilot, screen, "The API does not return uploaded files")
        assert "Press c to ask Claude about it" in preview_text(screen)


async def test_uploaded_file_is_previewed_from_its_local_copy_until_it_changes_or_goes(server, make_app, tmp_path, monkeypatch):
    source = tmp_path / "notes.md"
    source.write_text("# Plans\n\nShip the [bold]preview[/] on Friday.\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(server)
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await _type_upload(app, pilot, "notes.md")
        await wait_until(pilot, lambda: len(screen.model) == 1)
        file_id = screen.model.rows[0].id
        await wait_until(pilot, lambda: Ledger().find(Place(server.url, None), file_id) is not None)
        screen.previews.show(screen.model.highlighted)
        await shows_preview(pilot, screen, "Ship the [bold]preview[/] on Friday.")
        assert f"local copy: {Ledger().find(Place(server.url, None), file_id).where}" in preview_text(screen)
        source.write_text("# Plans\n\nShip the [bold]preview[/] on Monday.\n")
        screen.previews.show(screen.model.highlighted)
        await shows_preview(pilot, screen, "changed since the upload")
        assert "Monday" not in preview_text(screen)
        source.unlink()
        screen.previews.show(screen.model.highlighted)
        await shows_preview(pilot, screen, "(gone; not previewed)")


async def upload_again(app, pilot, path: Path | str) -> ConfirmModal:
    await _type_upload(app, pilot, path)
    await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
    return app.screen  # type: ignore[return-value]


async def test_uploading_the_same_file_twice_asks_first(server, make_app, tmp_path, monkeypatch):
    source = tmp_path / "report.csv"
    source.write_text("a,b\n1,2\n")
    monkeypatch.chdir(tmp_path)
    app = make_app(server, clipboard="off")
    async with app.run_test(size=SIZE) as pilot:
        screen = await ready(app, pilot)
        await _type_upload(app, pilot, "report.csv")
        await wait_until(pilot, lambda: len(screen.model) == 1)
        first = screen.model.rows[0].id
        await wait_until(pilot, lambda: Ledger().find(Place(server.url, None), first) is not None)

        question = await upload_again(app, pilot, "report.csv")  # Enter: the default, cancel
        body = " ".join(str(question.body).split())
        assert f"already uploaded as {first} (report.csv, just now)" in body
        await pilot.press("enter")
        await wait_until(pilot, lambda: app.screen is screen and not transfers_running(screen))
        assert _posts(server) == 1 and len(screen.model) == 1

        await upload_again(app, pilot, "report.csv")  # c: copy its id instead
        await pilot.press("c")
        await wait_until(pilot, lambda: app.screen is screen and not transfers_running(screen))
        assert _posts(server) == 1

        await upload_again(app, pilot, "report.csv")  # y: upload again
        await pilot.press("y")
        await wait_until(pilot, lambda: len(screen.model) == 2)
        assert _posts(server) == 2

        for row in list(screen.model.rows):  # both copies deleted elsewhere: no question, entries dropped
            server.storage.delete(row.id, "default")
        await _type_upload(app, pilot, "report.csv")
        await wait_until(pilot, lambda: _posts(server) == 3)
        assert not isinstance(app.screen, ConfirmModal)
        assert Ledger().find(Place(server.url, None), first) is None
