"""Fixtures for fault-injected runs: the TUI helpers, plus hostile names and a cutting proxy."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from claude_files.server import LocalServer
from tests.tui.conftest import frozen_clock, make_app, private_config  # noqa: F401 - re-exported fixtures

from .proxy import CuttingProxy


@pytest.fixture
def proxy(server: LocalServer) -> Iterator[CuttingProxy]:
    """A real TCP proxy in front of `server` that can cut connections mid-stream."""
    with CuttingProxy(server.host, server.port) as p:
        yield p
