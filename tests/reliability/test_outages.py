"""Item 6: no key, server down at start, server gone mid-session, 401, flaky pages.

Always words and a way to retry, never a traceback; the app keeps answering keys and
recovers when the server is back.
"""

from __future__ import annotations

from claude_files.app import ClaudeFilesApp
from claude_files.launch import Launch
from claude_files.screens.no_key import NoKeyScreen
from claude_files.server import LocalServer
from claude_files.service import PAGE_SIZE

from ..tui.conftest import seed_files, shown_text, unhandled_error, wait_until


def assert_no_crash(app) -> None:
    text = shown_text(app)
    assert "Traceback" not in text and "Something went wrong" not in text, text
    assert unhandled_error(app) is None  # Pilot re-raises it otherwise, but say so here


async def test_no_key_is_words_not_a_traceback():
    app = ClaudeFilesApp(Launch(api_key=None))
    async with app.run_test(size=(80, 24)) as pilot:
        await wait_until(pilot, lambda: isinstance(app.screen, NoKeyScreen))
        text = app.screen.text
        assert "no credentials" in text and "ANTHROPIC_API_KEY" in text and "--demo" in text
        assert_no_crash(app)
        await pilot.press("q")
    assert app.return_code == 0


async def test_server_down_at_start_then_back(server, make_app):
    seed_files(server, 7)
    port = server.port
    server.stop()
    app = make_app(server)
    async with app.run_test(size=(100, 30), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loading.error is not None, timeout=30)
        text = shown_text(app)
        assert "Cannot reach 127.0.0.1" in text and "r: retry" in text
        assert "storage used unknown" in text and "0 B of" not in text, "the header cannot know what is stored"
        await pilot.press("question_mark")  # still answering keys
        assert app.screen.__class__.__name__ == "HelpScreen"
        await pilot.press("escape")
        await pilot.press("r")  # still down: the same words, no crash
        await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching, timeout=30)
        server.start(port=port)
        await pilot.press("r")
        await wait_until(pilot, lambda: len(screen.model) == 7, timeout=30)
        assert screen.model.loading.error is None and "Cannot reach" not in shown_text(app)
        assert_no_crash(app)


async def test_server_goes_away_mid_session_and_returns(server, make_app):
    seed_files(server, 5)
    port = server.port
    app = make_app(server)
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loaded_once)
        server.stop()
        await pilot.press("j", "j")  # the metadata refresh fails quietly; the rows stay
        await pilot.pause(0.6)
        await pilot.press("r")
        await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching, timeout=30)
        assert "Cannot reach" in shown_text(app)
        assert len(screen.model) == 5 and screen.model.cursor == 2  # nothing lost while it was away
        await pilot.press("k")
        assert screen.model.cursor == 1
        server.start(port=port)
        server.add_file("while-away.txt", b"new", "text/plain")
        await pilot.press("r")
        await wait_until(pilot, lambda: len(screen.model) == 6, timeout=30)
        assert screen.model.loading.error is None
        assert_no_crash(app)


async def test_unauthorized_mid_session_is_words_and_retry_recovers(make_app):
    """The key is revoked while the app runs (401), then accepted again."""
    with LocalServer() as srv:
        seed_files(srv, 3)
        app = make_app(srv)
        async with app.run_test(size=(100, 30), notifications=True) as pilot:
            screen = app.screen
            await wait_until(pilot, lambda: screen.model.loaded_once)
            srv.state.api_key = "a-different-key"
            await pilot.press("r")
            await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching)
            assert screen.model.loading.error.kind == "auth"
            assert "rejected (401)" in shown_text(app) and len(screen.model) == 3
            srv.state.api_key = None
            await pilot.press("r")
            await wait_until(pilot, lambda: screen.model.loading.error is None and not screen.model.loading.fetching)
            assert_no_crash(app)


async def test_flaky_server_pages_load_completely_with_retries(make_app):
    """30 % of requests fail (429/500/529/drop): End still loads every file exactly once."""
    total = 2 * PAGE_SIZE + 300
    with LocalServer(seed=11) as srv:
        seed_files(srv, total)
        srv.set_faults(fail_rate=0.3)
        app = make_app(srv)
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            retries = 0
            await wait_until(pilot, lambda: screen.model.loaded_once or screen.model.loading.error is not None, 30)
            while len(screen.model) < total:
                if screen.model.loading.error is not None and not screen.model.loading.fetching:
                    retries += 1
                    await pilot.press("r" if not screen.model.loaded_once else "end")
                elif not screen.model.loading.fetching:
                    await pilot.press("end")
                await pilot.pause(0.05)
                assert retries < 40
            ids = [row.id for row in screen.model.rows]
            assert len(ids) == len(set(ids)) == total
            assert_no_crash(app)


async def test_key_refused_at_start_leaves_storage_unknown(make_app):
    with LocalServer() as srv:
        srv.state.api_key = "a-different-key"
        app = make_app(srv)
        async with app.run_test(size=(120, 30)) as pilot:
            screen = app.screen
            await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching)
            text = shown_text(app)
            assert "rejected (401)" in text and "storage used unknown" in text and "0 B of" not in text
