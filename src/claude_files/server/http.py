"""Request accessors shared by the route modules: the server state and the caller's workspace."""

from __future__ import annotations

from collections.abc import Awaitable, Callable

from aiohttp import web

from .state import ServerState
from .storage import DEFAULT_WORKSPACE

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATE_KEY: web.AppKey[ServerState] = web.AppKey("state", ServerState)
REQUEST_ID: web.RequestKey[str] = web.RequestKey("request_id", str)


def workspace_of(request: web.Request) -> str:
    return request.headers.get("anthropic-workspace-id", "").strip() or DEFAULT_WORKSPACE


def state_of(request: web.Request) -> ServerState:
    return request.app[STATE_KEY]
