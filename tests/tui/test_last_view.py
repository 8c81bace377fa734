"""Issue 26 §1: a start draws the place's last view at once, marked stale, and replaces it with
the fresh listing (highlight and marks kept by id); nothing deletes, downloads, asks or copies a
stale row until the server has confirmed it; `--no-cache` and the setting turn it off."""

from __future__ import annotations

from datetime import timedelta

import anthropic

from claude_files.app import ClaudeFilesApp
from claude_files.components.last_view import SAVE_AFTER
from claude_files.config import Settings
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.launch import Launch
from claude_files.listing_cache import cache_dir
from claude_files.screens.main import MainScreen
from claude_files.widgets.header_bar import HeaderBar
from claude_files.widgets.status_bar import StatusBar

from .conftest import FROZEN_NOW, details_refreshed, ready, retrieves, screen_text, seed_files, status_said, wait_until
from .terminal import read

KEY = "test-key"


def _app(server, **launch) -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=server.url, api_key=KEY, **launch), Settings())


def _cached_places() -> list:
    return sorted(cache_dir().glob("place-*.json")) if cache_dir().exists() else []


def _launch_pointers() -> list:
    return sorted(cache_dir().glob("launch-*.json")) if cache_dir().exists() else []


async def _prime(server) -> None:
    """One start that lists the place and leaves its last view in the cache."""
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await wait_until(pilot, lambda: bool(_launch_pointers()), what="the last view written (its launch pointer comes last)")


async def _stale_start_over(server, files: int) -> ClaudeFilesApp:
    """`files` listed once (the last view kept), then an app to start over them with the server
    slow, so its first frames show the stale rows."""
    seed_files(server, files)
    await _prime(server)
    server.set_faults(latency_ms=1500)
    return _app(server)


def _delete(server, file_id: str) -> None:
    with anthropic.Anthropic(api_key=KEY, base_url=server.url, max_retries=0) as client:
        client.files.delete(file_id)


async def _started(app, pilot) -> MainScreen:
    await wait_until(pilot, lambda: isinstance(app.screen, MainScreen))
    return app.screen


async def _stale_drawn(app, pilot) -> MainScreen:
    screen = app.screen
    await wait_until(pilot, lambda: isinstance(screen, MainScreen) and screen.model.stale.active and screen.model.rows)
    return screen


async def test_a_start_draws_the_cached_rows_stale_before_the_server_answers(server):
    files = seed_files(server, 5)
    await _prime(server)
    server.set_faults(latency_ms=3000)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        assert screen.model.loading.fetching  # the first page has not been answered
        await wait_until(pilot, lambda: files[-1]["filename"] in screen_text(app), what="the cached rows drawn")
        assert screen.model.loading.fetching
        header = screen.query_one(HeaderBar).line().plain
        status = screen.query_one(StatusBar).line().plain
        assert "as of " in header and "refreshing…" in header
        assert "as of " in status and "refreshing…" in status
        await wait_until(pilot, lambda: not screen.model.stale.active, timeout=30)
        assert "as of" not in screen.query_one(HeaderBar).line().plain
        assert "5 files" in screen.query_one(HeaderBar).line().plain


async def test_d_on_a_stale_row_waits_then_asks_about_the_fresh_row(server):
    seed_files(server, 5)
    await _prime(server)
    server.set_faults(latency_ms=1500)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        target = screen.model.highlighted.id
        read(app, "d")
        await wait_until(pilot, lambda: status_said(screen) is not None and "Waiting" in status_said(screen)[0])
        assert not isinstance(app.screen, ConfirmModal)
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), timeout=30)
        assert not screen.model.stale.active
        assert screen.model.highlighted.id == target
        assert screen.model.highlighted is screen.model.by_id[target]  # the fresh row, not the cached one
        read(app, "escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_d_on_a_stale_row_deleted_meanwhile_says_so_and_deletes_nothing(server):
    files = seed_files(server, 5)
    await _prime(server)
    _delete(server, files[-1]["id"])  # the newest: the highlighted row of the last view
    server.set_faults(latency_ms=1500)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        target = screen.model.highlighted
        assert target.id == files[-1]["id"]
        read(app, "d")
        await wait_until(pilot, lambda: not screen.model.stale.active and not app.keys_on_their_way, timeout=30)
        assert app.screen is screen  # no confirmation for the neighbour that took the highlight
        assert status_said(screen) is not None and "no longer exists" in status_said(screen)[0]
        assert target.id not in screen.model.by_id
        assert server.file_count() == 4


async def test_highlight_and_marks_survive_the_swap_by_id(server):
    files = seed_files(server, 8)
    await _prime(server)
    newest = seed_files(server, 2, prefix="new", start=FROZEN_NOW + timedelta(hours=3))
    gone = files[-2]["id"]  # the second row of the last view
    _delete(server, gone)
    server.set_faults(latency_ms=1500)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        model = screen.model
        assert model.view[1].id == gone
        read(app, "j", "j", "space", "space")  # marks rows 2 and 3; the highlight ends on row 4
        await wait_until(pilot, lambda: len(model.marks) == 2 and model.cursor == 4)
        marked = {model.view[2].id, model.view[3].id}
        highlighted = model.highlighted.id
        assert model.stale.active, "fresh already"
        assert model.marks == marked, (model.cursor, [r.id for r in model.view])
        await wait_until(pilot, lambda: not model.stale.active, timeout=30)
        assert model.highlighted.id == highlighted
        assert model.marks == marked
        assert gone not in model.by_id
        assert [row.id for row in model.rows[:2]] == [f["id"] for f in reversed(newest)]  # new ones on top, in order
        assert len(model.rows) == 9


async def test_no_cache_option_and_setting_turn_it_off(server):
    seed_files(server, 3)
    await _prime(server)
    server.set_faults(latency_ms=800)
    for app in (
        _app(server, no_cache=True),
        ClaudeFilesApp(Launch(base_url=server.url, api_key=KEY), Settings(listing_cache=False)),
    ):
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _started(app, pilot)
            assert screen.model.loading.fetching
            assert not screen.model.rows and not screen.model.stale.active
            await ready(app, pilot)
    server.set_faults(latency_ms=0)
    for place in _cached_places():
        place.unlink()
    app = _app(server, no_cache=True)
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.pause(SAVE_AFTER + 0.5)  # past the save's quiet time: nothing may be written (an absence has no event)
    assert not _cached_places()


async def test_the_demo_keeps_no_last_view(demo_server):
    """Found on the web demo's screenshot: the demo's server gives its sample files new ids each
    run, so the rows the last demo left were files that never come back; a mark made on one at
    start vanished when the fresh rows came. The demo neither draws nor keeps a last view."""
    app = ClaudeFilesApp(Launch(demo=True, base_url=demo_server.url), Settings())
    async with app.run_test(size=(100, 30)) as pilot:
        await ready(app, pilot)
        await pilot.pause(SAVE_AFTER + 0.5)  # past the save's quiet time: nothing may be written (an absence has no event)
    assert not _cached_places() and not _launch_pointers()  # so no later start can draw last run's ids


async def test_a_corrupt_or_unreadable_cache_is_ignored_quietly(server):
    seed_files(server, 3)
    await _prime(server)
    (place,) = _cached_places()
    for spoil in ("not json {", '{"format": "claude-files listing cache", "version": 1, "rows": [1]}', None):
        if spoil is None:  # unreadable: a directory where the file was
            place.unlink()
            place.mkdir()
        else:
            place.write_text(spoil)
        app = _app(server)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await _started(app, pilot)
            assert not screen.model.stale.active
            await ready(app, pilot)
            assert len(screen.model.rows) == 3
            assert status_said(screen) is None  # nothing said, no traceback


async def test_the_cache_file_is_private_and_holds_no_credential(server):
    seed_files(server, 3)
    await _prime(server)
    for path in cache_dir().iterdir():
        assert path.stat().st_mode & 0o777 == 0o600
        assert KEY not in path.read_text()
    assert cache_dir().stat().st_mode & 0o077 == 0


async def test_ctrl_a_on_the_stale_rows_waits_for_the_listing_it_means(server):
    """ctrl+a marks every file that matches: on the cached page alone it would say "all" of 100
    while 150 are listed; it waits, then asks whether to load the rest, as on a fresh page."""
    from claude_files.dialogs.select_all import SelectAllQuestion

    app = await _stale_start_over(server, 150)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        read(app, "ctrl+a")
        await wait_until(pilot, lambda: isinstance(app.screen, SelectAllQuestion), timeout=30)
        assert not screen.model.stale.active and not screen.model.marks
        read(app, "escape")
        await wait_until(pilot, lambda: app.screen is screen)


async def test_end_on_the_stale_rows_waits_then_loads_every_page(server):
    """End goes to the bottom loading every page: on the cached page it found no next page,
    stopped on the cached last row, and the 50 files after it stayed unloaded below."""
    app = await _stale_start_over(server, 150)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        read(app, "end")
        model = screen.model
        await wait_until(
            pilot, lambda: not model.stale.active and not app.keys_on_their_way and not model.loading.fetching, timeout=30
        )
        assert len(model) == 150 and model.next_page is None and model.cursor == 149


async def test_the_details_wait_for_the_fresh_row_then_follow_it(server):
    """A stale highlight shows what the cache knows and fetches nothing; once fresh, the details
    pane retrieves the file as for any highlight."""
    files = seed_files(server, 3)
    await _prime(server)
    target = files[-1]["id"]
    before = retrieves(server, target)  # the priming start's own details
    server.set_faults(latency_ms=1500)
    app = _app(server)
    async with app.run_test(size=(130, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        assert screen.model.highlighted.id == target
        await wait_until(pilot, lambda: not screen.model.stale.active, timeout=30)
        assert retrieves(server, target) == before  # nothing was asked about the stale row
        await details_refreshed(pilot, server, since=before)
        assert screen.model.highlighted.id == target


async def test_when_the_refresh_fails_the_rows_stay_stale_and_d_says_why_not(server):
    seed_files(server, 3)
    await _prime(server)
    server.stop()
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        await wait_until(pilot, lambda: screen.model.loading.error is not None, timeout=60)
        assert screen.model.stale.active and not screen.model.stale.refreshing
        assert "not refreshed" in screen.query_one(StatusBar).line().plain
        read(app, "d")
        said = screen.query_one(StatusBar)  # the load error keeps the line; the words go to its `said` and a toast
        await wait_until(pilot, lambda: said.said is not None and "Not done" in said.said[0])
        assert app.screen is screen


def _lists(server) -> int:
    return sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path == "/v1/files")


async def test_a_stale_highlight_deleted_meanwhile_costs_no_second_page(server):
    """The refresh keeps the highlight on its file, looking further down for it; a file newer
    than the first page's last row would have been on it, so the search stops there."""
    files = seed_files(server, 150)
    await _prime(server)
    _delete(server, files[-1]["id"])
    before = _lists(server)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await _stale_drawn(app, pilot)
        await wait_until(pilot, lambda: not screen.model.stale.active, timeout=30)
        await ready(app, pilot)
        assert _lists(server) - before == 1
        assert screen.model.highlighted.id == files[-2]["id"]


async def test_a_change_just_before_quitting_is_kept(server):
    """Quitting within the save's quiet second writes the last view on the way out."""
    import json

    files = seed_files(server, 3)
    await _prime(server)
    app = _app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        await wait_until(pilot, lambda: not screen.model.stale.active)
        screen.forget_files([files[0]["id"]])  # as a delete made here does
    (place,) = _cached_places()
    assert [row["id"] for row in json.loads(place.read_text())["rows"]] == [files[2]["id"], files[1]["id"]]
