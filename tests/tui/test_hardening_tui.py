"""Issue 24, "The TUI": what an hour of trying to break it over SSH still found (Pilot, real server)."""

from __future__ import annotations

from claude_files.components.details import METADATA_DEBOUNCE
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.screens.confirm import ConfirmModal
from claude_files.server import LocalServer

from .conftest import ready, wait_until

# With this seed and fail rate, the local server deletes the file, drops the reply, and drops
# the SDK's retries too; the check by id afterwards gets through (found by trying seeds).
DROPPED_DELETE_SEED, DROPPED_DELETE_FAIL_RATE = 79, 0.7


async def test_a_single_delete_hidden_by_a_dropped_reply_is_reported_done():
    """The delete worked on the server but every reply was dropped: "Could not delete … Cannot
    reach" was a wrong report. After a connection error the file is looked up by id."""
    from claude_files.app import ClaudeFilesApp

    with LocalServer(seed=DROPPED_DELETE_SEED) as srv:
        meta = srv.add_file("only.txt", b"hello\n", "text/plain")
        app = ClaudeFilesApp(Launch(base_url=srv.url, api_key="test-key"), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = await ready(app, pilot)
            await pilot.pause(METADATA_DEBOUNCE + 0.1)  # the highlighted file's refresh: no request later
            await wait_until(pilot, lambda: not any(w.group == "metadata" and w.is_running for w in screen.workers))
            await pilot.press("d")
            await wait_until(pilot, lambda: isinstance(app.screen, ConfirmModal))
            srv.set_faults(fail_rate=DROPPED_DELETE_FAIL_RATE)
            await pilot.press("y")
            await wait_until(pilot, lambda: screen.status_message is not None, 30)
            srv.set_faults(fail_rate=0)
            assert srv.file_count() == 0
            text, error = screen.status_message or ("", True)
            assert not error and text.startswith("Deleted only.txt"), text
            assert meta["id"] not in {row.id for row in screen.model.rows}
