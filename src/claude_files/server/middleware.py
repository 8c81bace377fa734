"""Middlewares every request passes: request ids and errors, recording, injected faults, auth."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web

from .errors import APIError, DropConnection, error_json, invalid, new_request_id, not_found, unauthorized
from .http import REQUEST_ID, Handler, state_of

log = logging.getLogger(__name__)


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
        log.exception("unhandled error")
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
        raise unauthorized("x-api-key header is required")
    expected = state_of(request).api_key
    if expected is not None and not hmac.compare_digest(key.encode(), expected.encode()):
        raise unauthorized("invalid x-api-key")
    return await handler(request)


@web.middleware
async def betas_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    """Refuse the betas this server was told to refuse, in the API's words (to test a client's fallback)."""
    asked = [b.strip() for b in request.headers.get("anthropic-beta", "").split(",") if b.strip()]
    refused = [b for b in asked if b in state_of(request).refuse_betas]
    if refused:
        names = ", ".join(f"`{b}`" for b in refused)
        raise invalid(
            f"Unexpected value(s) {names} for the `anthropic-beta` header. "
            "Please consult our documentation at docs.anthropic.com or try again without the header."
        )
    return await handler(request)


async def on_prepare(request: web.Request, response: web.StreamResponse) -> None:
    """Every response names its request id and echoes the workspace it acted on."""
    rid = request.get(REQUEST_ID) or new_request_id()
    response.headers["request-id"] = rid
    ws = request.headers.get("anthropic-workspace-id")
    if ws:
        response.headers["anthropic-workspace-id"] = ws
