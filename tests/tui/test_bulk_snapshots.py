"""Pictures at 80×24 of the bulk delete confirmation and of its report (with failures)."""

from __future__ import annotations

import random

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.bulk_delete import BulkDeleteScreen
from claude_files.dialogs.confirm import ConfirmModal
from claude_files.launch import Launch

from .conftest import details_refreshed, wait_until
from .scenes import scene_server

FAULT_SEED = 1508
"""With fail_rate 0.5, one delete at a time and the SDK's 3 tries, this seed fails the first
delete for good (500) and lets the other two through, with no dropped connections."""


@pytest.fixture
def scene(frozen_clock):
    with scene_server() as srv:
        yield srv


def app_on(url: str, **settings) -> ClaudeFilesApp:
    return ClaudeFilesApp(Launch(base_url=url, api_key="test-key"), Settings(**settings))


async def marked_bulk_files(pilot, server) -> None:
    """Two files marked, then the filter `bulk` and ctrl+a: 5 marked, 2 of them hidden."""
    await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
    await details_refreshed(pilot, server)
    await pilot.press("space", "space", "slash", "b", "u", "l", "k", "enter", "ctrl+a")
    await settle(pilot, server)


async def settle(pilot, server, quiet: float = 0.8) -> None:
    """Wait until the app sends nothing for `quiet` seconds (longer than the metadata debounce),
    so no late request draws from the server's seeded fault sequence."""
    while True:
        before = len(server.requests_seen)
        await pilot.pause(quiet)
        busy = any(worker.is_running for worker in pilot.app.screen.workers)
        if not busy and len(server.requests_seen) == before:
            return


def test_bulk_confirmation(snap_compare, scene):
    async def run_before(pilot):
        await marked_bulk_files(pilot, scene)
        await pilot.press("d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))

    assert snap_compare(app_on(scene.url), terminal_size=(80, 24), run_before=run_before)


def test_bulk_report_with_failures(snap_compare, scene):
    async def run_before(pilot):
        await marked_bulk_files(pilot, scene)
        scene.state.rng = random.Random(FAULT_SEED)
        scene.set_faults(fail_rate=0.5)
        await pilot.press("d", "v")  # only the 3 visible bulk files
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, BulkDeleteScreen))
        await wait_until(pilot, lambda: pilot.app.screen.job.finished, 20)
        scene.set_faults(fail_rate=0)
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#bulk-report-scroll").display)

    assert snap_compare(app_on(scene.url, delete_concurrency=1), terminal_size=(80, 24), run_before=run_before)


def test_bulk_confirmation_with_typed_count_at_40x12(snap_compare, scene, monkeypatch):
    """The smallest supported terminal: the body scrolls, the typed-count box and buttons stay."""
    from claude_files.model import confirmation

    monkeypatch.setattr(confirmation, "TYPE_COUNT_ABOVE", 3)  # the scene's 15 files then ask for the count

    async def run_before(pilot):
        await wait_until(pilot, lambda: pilot.app.screen.model.loaded_once)
        await settle(pilot, scene)
        await pilot.press("ctrl+a", "d")
        await wait_until(pilot, lambda: isinstance(pilot.app.screen, ConfirmModal))
        pilot.app.screen.query_one("#confirm-typed").cursor_blink = False
        await pilot.press("1")
        await wait_until(pilot, lambda: pilot.app.screen.query_one("#confirm-typed").value == "1")

    assert snap_compare(app_on(scene.url), terminal_size=(40, 12), run_before=run_before)
