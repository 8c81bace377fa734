"""Pictures of `w`, the profile / workspace switcher, at 80×24 (issue 14)."""

from __future__ import annotations

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.switcher import SwitcherScreen
from claude_files.launch import Launch

from ..credentials.profiles import activate, write_profile
from .conftest import details_refreshed, wait_until
from .scenes import scene_server


@pytest.fixture
def scene(frozen_clock, tmp_path, monkeypatch):
    config_dir = tmp_path / "anthropic"
    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", str(config_dir))  # drawn as $ANTHROPIC_CONFIG_DIR: no temp path
    with scene_server() as srv:
        for name in ("production", "staging", "personal"):
            write_profile(config_dir, name, base_url=srv.url, access_token=f"sk-ant-oat01-scene-{name}-0000000000")
        activate(config_dir, "staging")
        yield srv


def test_switcher(snap_compare, scene):
    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once and not pilot.app.screen.model.loading.fetching)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SwitcherScreen) and pilot.app.screen.workspaces_loaded)
        await details_refreshed(pilot, scene)  # below the switcher

    assert snap_compare(ClaudeFilesApp(Launch(), Settings()), terminal_size=(80, 24), run_before=run_before)


def test_switcher_at_40x12_scrolls_its_list(snap_compare, scene):
    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once and not pilot.app.screen.model.loading.fetching)
        await pilot.press("w")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, SwitcherScreen) and pilot.app.screen.workspaces_loaded)
        await pilot.press("j")  # from staging (the current profile) down to the workspaces
        await details_refreshed(pilot, scene)

    assert snap_compare(ClaudeFilesApp(Launch(), Settings()), terminal_size=(40, 12), run_before=run_before)
