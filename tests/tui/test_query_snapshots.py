"""A picture of the filter input colouring a query with a wrong key, the reason shown under it."""

from __future__ import annotations

import pytest
from textual import events

from .conftest import wait_until
from .scenes import scene_server
from .test_main_snapshots import app_on, loaded


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


def test_filter_input_colours_a_query_with_an_error(snap_compare, scene):
    async def run_before(pilot):
        await loaded(pilot)
        screen = pilot.app.screen
        await pilot.press("slash")
        # The query pasted at once: typed key by key on a slow machine, the debounce could apply
        # a valid prefix of it (`… s`) first, and the picture would depend on the machine's speed.
        pilot.app.focused.post_message(events.Paste('-name:"draft*" type:pdf,csv sise>1MB'))
        await wait_until(pilot, lambda: screen.model.filter_error is not None)

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)
