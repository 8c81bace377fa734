"""A picture of the table with pinned rows, and the details pane saying what a pin means."""

from __future__ import annotations

import pytest

from .scenes import scene_server
from .test_main_snapshots import app_on, loaded


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


def test_pinned_rows_and_the_details_pane(snap_compare, scene):
    async def run_before(pilot):
        await loaded(pilot)
        # the third and fourth files pinned, then ctrl+a marks every other one; the pane explains the sign
        await pilot.press("j", "j", "P", "j", "P", "ctrl+a")

    assert snap_compare(app_on(scene.url), terminal_size=(120, 30), run_before=run_before)
