"""The main screen against the real local server: paging, prefetch, End, refresh, debounce, errors."""

from __future__ import annotations

from claude_files.screens.main import MainScreen
from claude_files.service import FIRST_PAGE_SIZE, PAGE_SIZE
from claude_files.widgets.file_table import FileTable

from .conftest import details_refreshed, seed_files, shown_text, wait_until


async def test_first_page_drawn_and_metadata_shown(server, make_app):
    files = seed_files(server, 30)
    app = make_app(server)
    async with app.run_test(size=(120, 30)) as pilot:
        screen = app.screen
        assert isinstance(screen, MainScreen)
        await wait_until(pilot, lambda: screen.model.loaded_once)
        assert len(screen.model) == 30
        newest = files[-1]
        assert screen.model.highlighted.id == newest["id"]
        await wait_until(pilot, lambda: newest["id"] in shown_text(app))
        assert "file-00029.txt" in shown_text(app)


async def test_prefetch_loads_next_page_near_the_end(server, make_app):
    seed_files(server, PAGE_SIZE + 50)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        assert len(screen.model) == FIRST_PAGE_SIZE
        screen.model.move_to(FIRST_PAGE_SIZE - 5)
        await pilot.press("j")
        await wait_until(pilot, lambda: len(screen.model) == PAGE_SIZE + 50)
        assert not screen.model.has_more


async def test_end_loads_everything_and_lands_on_last_row(server, make_app):
    seed_files(server, 2 * PAGE_SIZE + 10)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await pilot.press("end")
        await wait_until(pilot, lambda: not screen.model.has_more and not screen.model.loading.fetching)
        assert len(screen.model) == 2 * PAGE_SIZE + 10
        assert screen.model.cursor == len(screen.model) - 1
        await pilot.press("k")
        assert screen.model.cursor == len(screen.model) - 2


async def test_refresh_keeps_highlight_on_same_id(server, make_app):
    seed_files(server, 10)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await pilot.press("j", "j", "j")
        chosen = screen.model.highlighted.id
        server.add_file("newer.txt", b"new", "text/plain")
        await pilot.press("r")
        await wait_until(pilot, lambda: "newer.txt" in [row.filename for row in screen.model.rows])
        assert screen.model.highlighted.id == chosen


async def test_metadata_refresh_is_debounced_while_holding_j(server, make_app):
    seed_files(server, 40)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await details_refreshed(pilot)
        before = sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path.count("/") == 3)
        for _ in range(20):
            await pilot.press("j")
        await details_refreshed(pilot)  # of the row the keys stopped on
        after = sum(1 for method, path, *_ in list(server.requests_seen) if method == "GET" and path.count("/") == 3)
        assert after - before <= 2


async def test_file_deleted_elsewhere_leaves_the_list(server, make_app):
    files = seed_files(server, 5)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        target = screen.model.view[1].id
        server_client_delete(server, target)
        await pilot.press("j")
        await wait_until(pilot, lambda: target not in screen.model.by_id)
        assert len(screen.model) == 4
        assert files


def server_client_delete(server, file_id: str) -> None:
    import anthropic

    client = anthropic.Anthropic(api_key="test-key", base_url=server.url, max_retries=0)
    client.files.delete(file_id)
    client.close()


async def test_server_down_shows_words_and_recovers_on_retry(server, make_app):
    seed_files(server, 3)
    port = server.port
    server.stop()
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loading.error is not None, timeout=30)
        row = screen.model.loading.row(screen.model)  # what the table draws under the files
        assert row is not None and row.error and screen.model.loading.retry_offered
        assert "Cannot reach" in row.text
        server.start(port=port)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(screen.model) == 3, timeout=30)
        assert screen.model.loading.error is None


async def test_wrong_key_gives_authentication_words(make_app):
    from claude_files.server import LocalServer

    with LocalServer(api_key="right-key") as guarded:
        app = make_app(guarded)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            await wait_until(pilot, lambda: screen.model.loading.error is not None)
            assert screen.model.loading.error.kind == "auth"
            assert "test-key" not in screen.model.loading.error.text


async def test_no_key_screen_instead_of_traceback():
    from claude_files.app import ClaudeFilesApp
    from claude_files.launch import Launch
    from claude_files.screens.no_key import NoKeyScreen

    app = ClaudeFilesApp(Launch(api_key=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NoKeyScreen))
        await pilot.press("q")


async def test_filter_sort_and_help(server, make_app):
    seed_files(server, 5, prefix="alpha")
    seed_files(server, 3, prefix="beta")
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        await pilot.press("slash", "b", "e", "t", "a")
        await wait_until(pilot, lambda: len(screen.model) == 3)  # the filter waits for typing to pause
        await pilot.press("enter")
        assert screen.focused is screen.query_one(FileTable)
        await pilot.press("escape")
        assert len(screen.model) == 8
        await pilot.press("o")
        assert screen.model.sort == "oldest"
        await pilot.press("question_mark")
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        assert app.screen is screen
