"""The TUI with a key a header cannot carry (a CRLF .env): the no-credentials screen names the
variable and what is wrong with it, never "Cannot reach", never the key."""

from __future__ import annotations

from claude_files.app import ClaudeFilesApp
from claude_files.config import Settings
from claude_files.launch import Launch
from claude_files.screens.no_key import NoKeyScreen
from claude_files.server import LocalServer

from ..tui.conftest import on_top, screen_text, wait_until

KEY = "sk-ant-api03-crlf-key-0123456789"


async def test_a_crlf_key_is_named_on_the_no_credentials_screen(monkeypatch):
    with LocalServer(api_key=KEY) as srv:
        monkeypatch.setenv("ANTHROPIC_API_KEY", KEY + "\r")
        monkeypatch.setenv("ANTHROPIC_BASE_URL", srv.url)
        app = ClaudeFilesApp(Launch(), Settings())
        async with app.run_test(size=(100, 30)) as pilot:
            await wait_until(pilot, lambda: on_top(app, NoKeyScreen))
            text = app.screen.text
            shown = screen_text(app)
            await pilot.press("q")
    assert "ANTHROPIC_API_KEY holds characters an HTTP header cannot carry" in text
    assert "line break" in text and "Cannot reach" not in text
    assert KEY not in text and KEY not in shown
    assert not any(path == "/v1/files" for _, path, *_ in srv.requests_seen)  # refused before sending
