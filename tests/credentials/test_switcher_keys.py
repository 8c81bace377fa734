"""`w`, the switcher, from the keyboard: it opens on the current place, j/k and the arrows
move, workspaces are shown by name (issue: an SSH user found none of this)."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import OptionList

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.switcher import SwitcherScreen
from claude_files.launch import Launch
from claude_files.server import LocalServer

from ..tui.conftest import on_top, ready, seed_files, wait_until
from .profiles import activate, write_profile

ADMIN = "sk-ant-admin01-switcher-admin-key-0123456789"


def highlighted(app: ClaudeFilesApp) -> str | None:
    option = app.screen.query_one(OptionList).highlighted_option
    return option.id if option is not None else None


async def open_switcher(app: ClaudeFilesApp, pilot) -> SwitcherScreen:
    await ready(app, pilot)
    await pilot.press("w")
    await wait_until(pilot, lambda: on_top(app, SwitcherScreen) and app.screen.workspaces_loaded)
    return app.screen


async def test_the_switcher_opens_on_the_current_profile_and_moves_with_j_k_and_arrows(config_dir: Path):
    with LocalServer(api_key="unused", admin_key=ADMIN) as server:
        server.add_workspace("wrkspc_research", "Research")
        server.add_workspace("wrkspc_finance", "Finance")
        for name in ("alpha", "beta", "gamma"):
            write_profile(config_dir, name, base_url=server.url, access_token=ADMIN)
        activate(config_dir, "beta")
        app = ClaudeFilesApp(Launch(), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            await open_switcher(app, pilot)
            assert highlighted(app) == "profile:beta"
            moves = {"j": "profile:gamma", "k": "profile:beta", "down": "profile:gamma", "up": "profile:beta"}
            for key, expected in moves.items():
                await pilot.press(key)
                assert highlighted(app) == expected, key
            await pilot.press("up")
            assert highlighted(app) == "profile:alpha"  # not the last row: it was never off the list


async def test_the_switcher_names_workspaces_and_starts_on_the_current_one(config_dir: Path):
    with LocalServer(api_key="unused", admin_key=ADMIN) as server:
        server.add_workspace("wrkspc_research", "Research")
        server.add_workspace("wrkspc_finance", "")  # no name: its id is all there is to show
        seed_files(server, 2, prefix="research", workspace="wrkspc_research")
        app = ClaudeFilesApp(Launch(api_key=ADMIN, base_url=server.url, workspace="wrkspc_research"), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            switcher = await open_switcher(app, pilot)
            assert highlighted(app) == "workspace:wrkspc_research"
            rows = {option.id: str(option.prompt) for option in switcher.query_one(OptionList).options if option.id}
            assert rows["workspace:wrkspc_research"].strip("● ") == "Research"
            assert rows["workspace:wrkspc_finance"].strip("● ") == "wrkspc_finance"
            now = str(switcher.query_one("#switch-now").render())
            assert now.endswith("ws Research") and "wrkspc_research" not in now
