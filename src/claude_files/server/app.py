"""aiohttp application: middlewares (request ids, recording, faults, auth), errors."""

from __future__ import annotations

import asyncio
import hmac
import json
import random
import secrets
import threading
from collections.abc import Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import web

from .storage import BASE62, DEFAULT_WORKSPACE, MAX_FILE_BYTES, Storage

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATE_KEY: web.AppKey[ServerState] = web.AppKey("state", object)  # type: ignore[arg-type]
REQUEST_ID: web.RequestKey[str] = web.RequestKey("request_id", str)
MAX_SEEN = 1000


@dataclass
class ServerState:
    storage: Storage
    api_key: str | None = None
    latency_ms: float = 0.0
    fail_rate: float = 0.0
    max_file_bytes: int = MAX_FILE_BYTES
    seed: int | None = None
    requests_seen: list[tuple[str, str, dict[str, str], Any]] = field(default_factory=list)
    rng: random.Random = field(default_factory=random.Random)
    seen_lock: threading.Lock = field(default_factory=threading.Lock)

    def __post_init__(self) -> None:
        self.rng = random.Random(self.seed)

    def record(self, entry: tuple[str, str, dict[str, str], Any]) -> None:
        with self.seen_lock:
            self.requests_seen.append(entry)
            excess = len(self.requests_seen) - MAX_SEEN
            if excess > 0:
                del self.requests_seen[:excess]


class APIError(Exception):
    def __init__(
        self,
        status: int,
        etype: str,
        message: str,
        error_code: str | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(message)
        self.status, self.etype, self.message, self.error_code = status, etype, message, error_code
        self.headers = headers or {}


def invalid(message: str, error_code: str | None = None) -> APIError:
    return APIError(400, "invalid_request_error", message, error_code)


def not_found(message: str, error_code: str | None = None) -> APIError:
    return APIError(404, "not_found_error", message, error_code)


class DropConnection(Exception):
    """Raised to close the connection without sending any response."""


def new_request_id() -> str:
    return "req_011C" + "".join(secrets.choice(BASE62) for _ in range(20))


def error_json(request_id: str, err: APIError) -> web.Response:
    body: dict[str, Any] = {"type": err.etype, "message": err.message}
    if err.error_code:
        body["details"] = {"error_code": err.error_code}
    return web.json_response(
        {"type": "error", "error": body, "request_id": request_id},
        status=err.status,
        headers=err.headers,
    )


def workspace_of(request: web.Request) -> str:
    return request.headers.get("anthropic-workspace-id", "").strip() or DEFAULT_WORKSPACE


def state_of(request: web.Request) -> ServerState:
    return request.app[STATE_KEY]


def _drop(request: web.Request) -> None:
    if request.transport is not None:
        request.transport.abort()
    raise DropConnection()


@web.middleware
async def errors_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    request[REQUEST_ID] = rid = new_request_id()
    try:
        return await handler(request)
    except APIError as err:
        return error_json(rid, err)
    except web.HTTPException as exc:
        if exc.status == 404:
            return error_json(rid, not_found("Not Found"))
        if exc.status == 405:
            return error_json(rid, invalid(f"Method {request.method} not allowed for {request.path}"))
        if exc.status == 413:
            return error_json(rid, APIError(413, "request_too_large", "Request exceeds the maximum allowed size."))
        if exc.status >= 400:
            return error_json(rid, APIError(exc.status, "invalid_request_error", exc.reason or "Bad request"))
        raise
    except DropConnection:
        # The transport is already aborted; aiohttp quietly fails to write this.
        return web.Response(status=499)
    except (ConnectionResetError, asyncio.CancelledError):
        raise
    except Exception:  # pragma: no cover - defensive
        import logging

        logging.getLogger(__name__).exception("unhandled error")
        return error_json(rid, APIError(500, "api_error", "Internal server error"))


@web.middleware
async def record_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    body: Any = None
    if request.content_type == "application/json" and request.can_read_body:
        raw = await request.read()
        try:
            body = json.loads(raw) if raw else None
        except ValueError:
            body = None
    state_of(request).record((request.method, request.path, dict(request.query), body))
    return await handler(request)


_FAULTS = ("rate_limit", "api_error", "overloaded", "drop")


@web.middleware
async def faults_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    st = state_of(request)
    if st.latency_ms > 0:
        await asyncio.sleep(st.latency_ms / 1000)
    if st.fail_rate <= 0 or st.rng.random() >= st.fail_rate:
        return await handler(request)
    kind = st.rng.choice(_FAULTS)
    retry = {"retry-after": "0", "retry-after-ms": "20", "x-should-retry": "true"}
    if kind == "rate_limit":
        raise APIError(
            429, "rate_limit_error", "Number of requests has exceeded your rate limit (injected fault).", headers=retry
        )
    if kind == "api_error":
        raise APIError(500, "api_error", "Internal server error (injected fault).", headers=retry)
    if kind == "overloaded":
        raise APIError(529, "overloaded_error", "Overloaded (injected fault).", headers=retry)
    # A dropped connection. Uploads always drop before anything is read, so no
    # row or blob can be left behind; other mutating requests drop after being
    # processed half of the time (the client never learns that it worked).
    after = request.method in ("DELETE", "PATCH", "PUT") and st.rng.random() < 0.5
    if after:
        try:
            await handler(request)
        except APIError:
            pass
    _drop(request)
    raise AssertionError("unreachable")


@web.middleware
async def auth_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    key = request.headers.get("x-api-key")
    if not key:
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            key = auth[7:].strip()
    if not key:
        raise APIError(401, "authentication_error", "x-api-key header is required")
    expected = state_of(request).api_key
    if expected is not None and not hmac.compare_digest(key.encode(), expected.encode()):
        raise APIError(401, "authentication_error", "invalid x-api-key")
    return await handler(request)


async def _on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    rid = request.get(REQUEST_ID) or new_request_id()
    response.headers["request-id"] = rid
    ws = request.headers.get("anthropic-workspace-id")
    if ws:
        response.headers["anthropic-workspace-id"] = ws


def create_app(state: ServerState) -> web.Application:
    from .files_api import add_file_routes
    from .messages_api import add_message_routes

    app = web.Application(
        middlewares=[errors_mw, record_mw, faults_mw, auth_mw],
        client_max_size=max(state.max_file_bytes, 64 * 1024 * 1024) + 1024 * 1024,
    )
    app[STATE_KEY] = state
    app.on_response_prepare.append(_on_prepare)
    add_file_routes(app)
    add_message_routes(app)
    return app
