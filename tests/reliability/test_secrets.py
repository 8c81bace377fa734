"""Item 5: the API key never appears on screen, in toasts, screenshots, logs or error text."""

from __future__ import annotations

import io
import logging
from collections.abc import Iterator

import pytest
import textual.constants
from rich.console import Console
from rich.traceback import Traceback

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.server import LocalServer
from claude_files.service import Connection, FilesService, ServiceError

from ..tui.conftest import notified, screen_text, wait_until
from .echo_server import EchoKeyServer

SECRET = "sk-ant-test-SECRET-1234567890"


@pytest.fixture
def guarded() -> Iterator[LocalServer]:
    """A server that accepts only another key, so the app gets 401."""
    with LocalServer(api_key="the-right-key") as srv:
        srv.add_file("notes.txt", b"hello", "text/plain")
        yield srv


async def test_wrong_key_gives_words_and_the_key_is_nowhere(guarded, tmp_path, monkeypatch, caplog):
    log_file = tmp_path / "textual.log"
    monkeypatch.setattr(textual.constants, "LOG_FILE", str(log_file))  # Textual's own log, as TEXTUAL_LOG=
    caplog.set_level(logging.DEBUG)  # everything the SDK, httpx and aiohttp log
    app = ClaudeFilesApp(Launch(base_url=guarded.url, api_key=SECRET), Settings())
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loading.error is not None)
        assert screen.model.loading.error.kind == "auth"
        await pilot.press("r")  # retry: the same words again, no crash
        await wait_until(pilot, lambda: screen.model.loading.error is not None and not screen.model.loading.fetching)
        await wait_until(pilot, lambda: "The API key was rejected (401)" in screen_text(app))
        shown = screen_text(app)
        toasts = notified(app)
        svg = app.export_screenshot()
        error_text = screen.model.loading.error.text
    assert "The API key was rejected (401)" in shown
    assert "ANTHROPIC_API_KEY" in error_text
    textual_log = log_file.read_text()
    assert "MainScreen" in textual_log, "Textual logged the session"
    assert caplog.records, "the SDK's debug log was captured"
    for where, text in {
        "screen": shown,
        "toasts": "\n".join(toasts),
        "screenshot": svg,
        "error": error_text,
        "textual log": textual_log,
        "logging": caplog.text + "\n".join(str(r.__dict__) for r in caplog.records),
    }.items():
        assert SECRET not in text and "SECRET-1234" not in text, where
    assert guarded.requests_seen, "the key was really sent, and refused"


async def test_server_echoing_the_key_is_redacted_in_error_text():
    """A server (or proxy) that repeats the key back in its error message: the words drop it."""
    with EchoKeyServer() as echo:
        service = await FilesService.connect(Connection(echo.url, SECRET), max_retries=0)
        errors: list[ServiceError] = []
        try:
            for status in (400, 403):
                echo.status = status
                with pytest.raises(ServiceError) as caught:
                    await service.list_page()
                errors.append(caught.value)
        finally:
            await service.close()
    assert echo.keys_seen == [SECRET, SECRET]
    for error in errors:
        assert SECRET not in error.text and "[redacted]" in error.text, error.text


def test_crash_traceback_with_locals_never_shows_the_key():
    """Textual prints a crash with show_locals=True; the launch and connection are often locals."""
    launch = Launch(base_url="http://127.0.0.1:9", api_key=SECRET)
    connection = launch.connection()
    assert SECRET not in repr(launch) and SECRET not in repr(connection)
    try:
        raise RuntimeError(f"boom with {connection.label}")
    except RuntimeError:
        trace = Traceback(show_locals=True, width=200)
    out = io.StringIO()
    Console(file=out, width=200, color_system=None).print(trace)
    assert "launch" in out.getvalue() and SECRET not in out.getvalue()


# --- OAuth access and refresh tokens from a profile (issue 14) ------------------------------

ACCESS = "oauth-access-SECRET-abcdef0123456789"  # not sk-ant-shaped: only knowing it can redact it
REFRESH = "sk-ant-ort01-refresh-SECRET-9876543210"


def _profile(tmp_path, monkeypatch, base_url: str, **extra) -> None:
    from ..credentials.profiles import activate, write_profile

    config_dir = tmp_path / "anthropic"
    monkeypatch.setenv("ANTHROPIC_CONFIG_DIR", str(config_dir))
    write_profile(config_dir, "work", base_url=base_url, access_token=ACCESS, **extra)
    activate(config_dir, "work")


async def test_server_echoing_an_oauth_token_is_redacted(tmp_path, monkeypatch):
    """The token the SDK read from the profile is cut from the words, though claude-files never read it."""
    with EchoKeyServer() as echo:
        _profile(tmp_path, monkeypatch, echo.url)
        service = await FilesService.connect(Connection(None), max_retries=0)
        try:
            with pytest.raises(ServiceError) as caught:
                await service.list_page()
        finally:
            await service.close()
    assert echo.keys_seen == [ACCESS]
    assert ACCESS not in caught.value.text and "[redacted]" in caught.value.text


@pytest.mark.parametrize("case", ["rejected token", "refresh refused"])
async def test_oauth_tokens_are_nowhere(case, guarded, tmp_path, monkeypatch, caplog):
    """A token the server rejects, and an expired one whose refresh grant fails: words only,
    neither the access token nor the refresh token on screen, in toasts, logs or errors."""
    log_file = tmp_path / "textual.log"
    monkeypatch.setattr(textual.constants, "LOG_FILE", str(log_file))
    caplog.set_level(logging.DEBUG)
    # The server refreshes only for another OAuth client, so this profile's refresh grant is refused.
    refusing = LocalServer(api_key="the-right-key", oauth_client_id="another-client")
    refusing.start()
    if case == "rejected token":
        _profile(tmp_path, monkeypatch, guarded.url)
    else:
        _profile(tmp_path, monkeypatch, refusing.url, client_id="claude-files-test", refresh_token=REFRESH, expires_at=1)
    app = ClaudeFilesApp(Launch(), Settings())
    async with app.run_test(size=(120, 30), notifications=True) as pilot:
        screen = app.screen
        await wait_until(pilot, lambda: screen.model.loading.error is not None, timeout=30)
        assert screen.model.loading.error.kind == "auth", screen.model.loading.error
        await wait_until(pilot, lambda: screen.model.loading.retry_offered, what="the error drawn in the status row")
        await pilot.pause()
        shown = screen_text(app)
        toasts = notified(app)
        svg = app.export_screenshot()
        error_text = screen.model.loading.error.text
    refusing.close()
    texts = {
        "screen": shown,
        "toasts": "\n".join(toasts),
        "screenshot": svg,
        "error": error_text,
        "textual log": log_file.read_text() if log_file.exists() else "",
        "logging": caplog.text + "\n".join(str(r.__dict__) for r in caplog.records),
    }
    for where, text in texts.items():
        for secret in (ACCESS, REFRESH, "SECRET-abcdef", "refresh-SECRET"):
            assert secret not in text, (where, secret)
