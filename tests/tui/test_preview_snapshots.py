"""Pictures of the preview in the details pane: a CSV as a table, a PNG in half-block pixels."""

from __future__ import annotations

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch

from .conftest import details_refreshed, wait_until
from .scenes import add_preview_files, live_scene, scene_server
from .test_preview import preview_text


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        add_preview_files(srv)
        yield srv


def app_on(url: str) -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=url, api_key="test-key"), Settings())


async def settled(pilot, caption: str) -> None:
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await wait_until(pilot, lambda: caption in preview_text(pilot.app.screen))
    await details_refreshed(pilot, live_scene())


def test_csv_preview(snap_compare, scene):
    async def run_before(pilot):
        await settled(pilot, "preview: csv, 48 rows × 5 columns")

    assert snap_compare(app_on(scene.url), terminal_size=(160, 45), run_before=run_before)


def test_image_preview(snap_compare, scene):
    async def run_before(pilot):
        await settled(pilot, "preview: csv")
        await pilot.press("j")
        await wait_until(pilot, lambda: "preview: image, PNG 96×64" in preview_text(pilot.app.screen))
        await details_refreshed(pilot, live_scene())

    assert snap_compare(app_on(scene.url), terminal_size=(160, 45), run_before=run_before)
