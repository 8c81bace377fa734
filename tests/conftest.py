"""Shared fixtures: an in-process local API server and SDK clients pointed at it."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from typing import Any

import anthropic
import pytest

from claude_files.server import LocalServer

_CREDENTIAL_ENV = (
    "ANTHROPIC_API_KEY",
    "ANTHROPIC_AUTH_TOKEN",
    "ANTHROPIC_BASE_URL",
    "ANTHROPIC_PROFILE",
    "ANTHROPIC_WORKSPACE_ID",
    "ANTHROPIC_CUSTOM_HEADERS",
    "ANTHROPIC_FEDERATION_RULE_ID",
    "ANTHROPIC_ORGANIZATION_ID",
    "ANTHROPIC_IDENTITY_TOKEN",
    "ANTHROPIC_IDENTITY_TOKEN_FILE",
    "ANTHROPIC_SERVICE_ACCOUNT_ID",
    "ANTHROPIC_SCOPE",
)


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int:
    """`-n auto`: two workers a core (at most 8). Most tests spend their time waiting on the
    local server, a subprocess, tmux or Chromium, so one worker a core leaves the cores idle."""
    return min(2 * (os.cpu_count() or 1), 8)


@pytest.fixture(autouse=True)
def _no_real_anthropic_credentials(monkeypatch: pytest.MonkeyPatch, tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never talk to the real API, whatever the developer's environment holds: no
    credential variables, and HOME is an empty temporary dir, so the SDK never finds the
    developer's ~/.config/anthropic (where `ant auth login` writes real profiles). Not
    ANTHROPIC_CONFIG_DIR: setting it makes the SDK insist on a profile (tests that want
    profiles set it themselves, see tests/credentials/conftest.py)."""
    for name in (*_CREDENTIAL_ENV, "ANTHROPIC_CONFIG_DIR"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path_factory.mktemp("home")))
    data = tmp_path_factory.mktemp("data")
    monkeypatch.setenv("CLAUDE_FILES_LEDGER", str(data / "uploads.sqlite3"))  # never the real one
    monkeypatch.setenv("CLAUDE_FILES_DELETIONS", str(data / "deletions.sqlite3"))
    monkeypatch.setenv("CLAUDE_FILES_PINS", str(data / "pins.json"))
    monkeypatch.setenv("CLAUDE_FILES_CACHE", str(data / "listings"))  # each test starts with no last view


@pytest.fixture(autouse=True)
def _no_live_refresh_unless_asked(monkeypatch: pytest.MonkeyPatch) -> None:
    """Live refresh off by default in tests: a check every 10 s would add list requests and
    header words to tests that count or picture them. Tests of it turn it on (`live_seconds`)."""
    from claude_files import config

    monkeypatch.setattr(config, "DEFAULT_LIVE_SECONDS", 0.0)


@pytest.fixture(autouse=True)
def _no_terminal_size_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    """pytest-xdist workers run with COLUMNS=80 LINES=24 set; Textual takes those over the real
    terminal's size, so an app started in a 160-column tmux pane drew 80 columns under -n but
    not without it. Subprocesses see the environment a serial run has."""
    monkeypatch.delenv("COLUMNS", raising=False)
    monkeypatch.delenv("LINES", raising=False)


def make_client_for(srv: LocalServer, **kw: Any) -> anthropic.Anthropic:
    """Strict SDK client for ``srv`` (api_key "test-key", max_retries=0 unless given)."""
    kw.setdefault("api_key", "test-key")
    kw.setdefault("max_retries", 0)
    kw.setdefault("_strict_response_validation", True)
    return anthropic.Anthropic(base_url=srv.url, **kw)


LIVE_SERVERS: list[LocalServer] = []
"""The local servers fixtures run right now, so a wait can read what the app asked of its server
without the test handing it over (tests/tui/conftest.py's `details_refreshed`)."""


def _running(*, listed: bool = True, **options: Any) -> Iterator[LocalServer]:
    srv = LocalServer(**options)
    srv.start()
    if listed:
        LIVE_SERVERS.append(srv)
    try:
        yield srv
    finally:
        if listed:
            LIVE_SERVERS.remove(srv)
        srv.close()


@pytest.fixture
def server() -> Iterator[LocalServer]:
    """A fresh, empty local server on a free loopback port."""
    yield from _running(demo_data=False)


@pytest.fixture
def demo_server() -> Iterator[LocalServer]:
    """A local server seeded with the demo organisation's files."""
    yield from _running(demo_data=True)


@pytest.fixture(scope="session")
def shared_demo_server() -> Iterator[LocalServer]:
    """One demo-seeded server for every test in the worker that only reads it: no uploads,
    deletes, faults or counts of `requests_seen` (those take `demo_server`, a fresh one)."""
    yield from _running(listed=False, demo_data=True)


@pytest.fixture
def make_client() -> Callable[..., anthropic.Anthropic]:
    """``make_client(srv, **kw)`` → strict SDK client for ``srv``."""
    return make_client_for


@pytest.fixture
def client(server: LocalServer) -> Iterator[anthropic.Anthropic]:
    c = make_client_for(server)
    try:
        yield c
    finally:
        c.close()
