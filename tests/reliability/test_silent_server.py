"""Issue 12 item 3: a server that accepts connections and never answers (or stops mid-body).

Every call has a timeout, the user hears within a minute (SDK retries included) in words
that say the server did not answer and for how long, and keys keep working meanwhile.
Timeouts are made short here through `Launch.timeouts`; nothing waits on a fixed sleep.
"""

from __future__ import annotations

import asyncio
import io
import os

import pytest

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.dialogs.help import HelpScreen
from claude_files.launch import Launch
from claude_files.service import SDK_MAX_RETRIES, Connection, FilesService, ServiceError, Timeouts

from ..tui.conftest import shown_text, wait_until
from .proxy import CuttingProxy
from .silent_server import SilentServer

SHORT = Timeouts(connect=1.0, reply=0.3, stall=0.5, answer=0.5)
SDK_RETRY_DELAYS = (0.5, 1.0, 2.0, 4.0, 8.0)  # the SDK's backoff before retry n (jitter only shortens it)
MB = 1024 * 1024


def test_list_metadata_and_delete_are_heard_about_within_a_minute():
    """The budget, computed: every attempt's connect and reply wait, plus the SDK's backoff."""
    timeouts = Timeouts()
    backoff = sum(SDK_RETRY_DELAYS[min(n, len(SDK_RETRY_DELAYS) - 1)] for n in range(SDK_MAX_RETRIES))
    assert (SDK_MAX_RETRIES + 1) * (timeouts.connect + timeouts.reply) + backoff <= 60
    assert timeouts.reply < timeouts.stall  # transfers wait longer for the next bytes, never in total


@pytest.mark.parametrize("call", ["list_page", "retrieve", "delete", "list_ids"])
async def test_every_metadata_call_times_out_in_words(call):
    with SilentServer() as silent:
        service = await FilesService.connect(Connection(silent.url, "test-key"), timeouts=SHORT)
        try:
            method = getattr(service, call)
            args = {"list_page": (), "list_ids": (["file_01234567"],)}.get(call, ("file_01234567",))
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(method(*args), 30)
        finally:
            await service.close()
    error = caught.value
    assert error.kind == "timeout"
    assert "did not answer for" in error.message and "s on each try" in error.message, error.message
    assert silent.connections == SDK_MAX_RETRIES + 1, "the SDK's retries ran, each bounded"


async def test_a_live_check_names_the_server_from_the_environment_and_says_it_was_one_try(monkeypatch):
    """Found in tmux with ANTHROPIC_BASE_URL set: "Live refresh: … did not answer for 12 s (no
    data for 12 s on each try)": no server named, and a live check is one try, never retried."""
    with SilentServer() as silent:
        monkeypatch.setenv("ANTHROPIC_BASE_URL", silent.url)
        service = await FilesService.connect(Connection(None, "test-key"), timeouts=SHORT)
        try:
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(service.list_page(once=True), 30)
        finally:
            await service.close()
    message = caught.value.message
    assert message.startswith("127.0.0.1:") and " did not answer for " in message, message
    assert "each try" not in message, message


async def test_stalled_download_fails_but_a_slow_moving_one_does_not(server, tmp_path):
    """Transfers detect a stall (no bytes for `stall` s), they are not capped in total."""
    meta = server.add_file("big.bin", os.urandom(3 * MB), downloadable=True)
    with CuttingProxy(server.host, server.port) as proxy:
        service = await FilesService.connect(Connection(proxy.url, "test-key"), max_retries=0, timeouts=SHORT)
        try:
            proxy.stall_response_after = MB
            with pytest.raises(ServiceError) as caught:
                await asyncio.wait_for(service.download(meta["id"], io.BytesIO()), 30)
            assert caught.value.kind == "timeout" and "did not answer" in caught.value.message
            assert proxy.stalls == 1
            proxy.stall_response_after = None
            proxy.response_pace = 0.02  # ~200 pieces: seconds in total, longer than `stall`, yet moving
            sink = io.BytesIO()
            started = asyncio.get_running_loop().time()
            assert await service.download(meta["id"], sink) == 3 * MB
            assert asyncio.get_running_loop().time() - started > SHORT.stall, "the download was not slower than a stall"
        finally:
            await service.close()


async def test_the_app_says_the_server_did_not_answer_and_keeps_answering_keys(tmp_path, monkeypatch):
    monkeypatch.setenv("CLAUDE_FILES_CONFIG", str(tmp_path / "config.json"))
    with SilentServer() as silent:
        app = ClaudeFilesApp(Launch(base_url=silent.url, api_key="test-key", timeouts=SHORT), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            screen = app.screen
            await wait_until(pilot, lambda: screen.model.loading.error is not None, timeout=30)
            assert screen.model.loading.error.kind == "timeout"
            text = shown_text(app)
            assert "127.0.0.1" in text and "did not answer for" in text and "r: retry" in text
            assert "loading…" not in text
            await pilot.press("question_mark")
            assert isinstance(app.screen, HelpScreen)
            await pilot.press("escape")
            await pilot.press("r")  # retries, and is told again
            await wait_until(pilot, lambda: screen.model.loading.fetching, timeout=5)
            await wait_until(
                pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching, timeout=30
            )
            assert silent.connections >= 2 * (SDK_MAX_RETRIES + 1)
            await pilot.press("q")
        assert app.return_code == 0
