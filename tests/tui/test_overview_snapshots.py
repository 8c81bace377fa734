"""Pictures of the storage overview (U) at 80×24 and 160×45: fixed port, ids and clock (scenes.py)."""

from __future__ import annotations

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch

from .conftest import details_refreshed, wait_until
from .scenes import live_scene, scene_server


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


async def overview_open(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await pilot.press("U")
    await wait_until(pilot, lambda: getattr(getattr(pilot.app.screen, "overview", None), "complete", False))
    await details_refreshed(pilot, live_scene())


@pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])
def test_overview_screen(snap_compare, scene, size):
    app = ClaudeFilesApp(Launch(base_url=scene.url, api_key="test-key"), Settings())
    assert snap_compare(app, terminal_size=size, run_before=overview_open)
