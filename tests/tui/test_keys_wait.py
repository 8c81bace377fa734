"""Issue 24: a key typed ahead waits for the screen it was meant for. `w j Enter` in one read
switched nothing (the j came before the workspaces were listed); the `d` of `ctrl+a Enter d`
went to the progress dialog once loading every page took more than 3 s; and Esc while the
first page loaded stopped it for good (an empty table, "stopped")."""

from __future__ import annotations

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.launch import Launch
from claude_files.screens.main import MainScreen
from claude_files.server import LocalServer

from .conftest import ready, seed_files, wait_until
from .terminal import read

ADMIN = "sk-ant-admin01-keys-wait-admin-key-0123456789"


async def test_w_j_enter_in_one_read_switches_to_the_workspace_below():
    with LocalServer(api_key="unused", admin_key=ADMIN) as server:
        server.add_workspace("wrkspc_research", "Research")
        app = ClaudeFilesApp(Launch(api_key=ADMIN, base_url=server.url), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            first = await ready(app, pilot)
            server.set_faults(latency_ms=800)  # the workspaces are still being listed when j arrives
            read(app, "w", "j", "enter")
            await wait_until(pilot, lambda: isinstance(app.screen, MainScreen) and app.screen is not first)
            assert app.session_of().workspace == "wrkspc_research"
            server.set_faults(latency_ms=0)
            await ready(app, pilot)  # the new screen has settled before the app closes


async def test_a_key_typed_after_a_slow_load_all_reaches_the_table(server, make_app):
    seed_files(server, 150)  # the first page holds 100: ctrl+a asks, Enter loads the rest
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = await ready(app, pilot)
        server.set_faults(latency_ms=3500)  # the load takes longer than key_order's SETTLE_LIMIT
        read(app, "slash", *"file", "enter", "ctrl+a", "enter", "d")
        await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal), timeout=30)
        assert len(screen.model.marks) == 150
        server.set_faults(latency_ms=0)
        read(app, "escape")


async def test_esc_while_the_first_page_loads_does_not_stop_it(server, make_app):
    seed_files(server, 5)
    server.set_faults(latency_ms=600)
    app = make_app(server)
    async with app.run_test(size=(100, 30)) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: isinstance(screen, MainScreen) and screen.model.loading.fetching)
        read(app, "escape")
        await wait_until(pilot, lambda: not app.keys_on_their_way)
        await wait_until(pilot, lambda: screen.model.loaded_once and not screen.model.loading.fetching)
        assert len(screen.model.rows) == 5
