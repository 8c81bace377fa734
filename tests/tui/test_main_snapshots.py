"""Pictures of the main screens at 80×24 and 160×45: main, help, no key, server down."""

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


def app_on(url: str | None, key: str | None = "test-key") -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=url or "http://127.0.0.1:9", api_key=key), Settings())


async def loaded(pilot) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await details_refreshed(pilot, live_scene())


@pytest.mark.parametrize("size", [(80, 24), (160, 45)])
def test_main_screen(snap_compare, scene, size):
    assert snap_compare(app_on(scene.url), terminal_size=size, run_before=loaded)


def test_main_screen_with_marks_and_filter(snap_compare, scene):
    async def run_before(pilot):
        await loaded(pilot)
        await pilot.press("space", "space", "slash", "b", "u", "l", "k", "enter", "space")

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)


SIZES = pytest.mark.parametrize("size", [(80, 24), (160, 45)], ids=["80x24", "160x45"])


@SIZES
def test_help_screen(snap_compare, scene, size):
    async def run_before(pilot):
        await loaded(pilot)
        await pilot.press("question_mark")

    assert snap_compare(app_on(scene.url), terminal_size=size, run_before=run_before)


@SIZES
def test_no_key_screen(snap_compare, size, monkeypatch):
    """No credentials anywhere: the SDK's words about the profile it looked for, and every fix.
    A fixed config dir keeps the picture free of this machine's temp paths."""
    from claude_files.screens.no_key import NoKeyScreen

    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", "/nonexistent/anthropic")

    async def run_before(pilot):
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, NoKeyScreen))

    assert snap_compare(ClaudeFilesApp(Launch(), Settings()), terminal_size=size, run_before=run_before)


@SIZES
def test_server_down_screen(snap_compare, frozen_clock, size):
    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.model.loading.error is not None, timeout=30)

    assert snap_compare(app_on(None), terminal_size=size, run_before=run_before)
