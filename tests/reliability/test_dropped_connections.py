"""A dropped connection is not an unreachable server (issue 24): under `serve --fail-rate` the
words said "Cannot reach 127.0.0.1:…" while the server was up and had maybe done the request."""

from __future__ import annotations

import socket

import pytest

from claude_files.server import LocalServer
from claude_files.service import FilesService, ServiceError
from claude_files.service_types import Connection

# With this seed every try of the first list request (the SDK retries twice) is dropped.
ALL_DROPPED_SEED = 1


async def test_a_dropped_reply_says_dropped_not_cannot_reach():
    with LocalServer(seed=ALL_DROPPED_SEED) as srv:
        service = await FilesService.connect(Connection(base_url=srv.url, api_key="k"))
        try:
            srv.set_faults(fail_rate=1.0)
            with pytest.raises(ServiceError) as caught:
                await service.list_page(None, 10)
        finally:
            srv.set_faults(fail_rate=0)
            await service.close()
    error = caught.value
    assert error.kind == "network"
    assert "dropped" in error.message and "Cannot reach" not in error.text, error.text


async def test_a_refused_connect_still_says_cannot_reach():
    with socket.socket() as probe:  # a port nothing listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    service = await FilesService.connect(Connection(base_url=f"http://127.0.0.1:{port}", api_key="k"), max_retries=0)
    try:
        with pytest.raises(ServiceError) as caught:
            await service.list_page(None, 10)
    finally:
        await service.close()
    assert caught.value.kind == "network" and caught.value.message.startswith("Cannot reach 127.0.0.1:"), caught.value.text
