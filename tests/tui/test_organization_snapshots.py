"""Pictures of the organization view (U, then O) at 80×24 and 40×12: fixed port, ids and clock."""

from __future__ import annotations

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch

from .conftest import details_refreshed
from .org_scene import ADMIN, org_scene
from .scenes import live_scene, scene_server  # noqa: F401 - scene_server: one xdist group for the fixed port
from .test_organization import open_organization


@pytest.fixture
def scene(frozen_clock):
    with org_scene() as srv:
        yield srv


async def organization_open(pilot) -> None:
    await open_organization(pilot)
    await details_refreshed(pilot, live_scene())


@pytest.mark.parametrize("size", [(80, 24), (40, 12)], ids=["80x24", "40x12"])
def test_organization_view(snap_compare, scene, size):
    app = ClaudeFilesApp(Launch(base_url=scene.url, api_key=ADMIN), Settings())
    assert snap_compare(app, terminal_size=size, run_before=organization_open)
