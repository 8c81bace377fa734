"""A headless Chromium per test module, and `claude-files web --demo` per test."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from .browser import CHROMIUM, WebServer


@pytest.fixture(scope="module")
def chromium() -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM))
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def context(chromium: Any) -> Iterator[Any]:
    """A fresh browser profile that may use the clipboard, with a terminal-sized window."""
    context = chromium.new_context(viewport={"width": 1200, "height": 800})
    context.grant_permissions(["clipboard-read", "clipboard-write"])
    try:
        yield context
    finally:
        context.close()


@pytest.fixture
def web_demo(tmp_path: Any) -> Iterator[WebServer]:
    server = WebServer("--demo", env={"CLAUDE_FILES_CONFIG": str(tmp_path / "config.json")})
    try:
        yield server
    finally:
        server.stop()
