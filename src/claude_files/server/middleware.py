"""Middlewares every request passes: request ids and errors, recording, injected faults, auth."""

from __future__ import annotations

import asyncio
import hmac
import json
import logging
from typing import Any

from aiohttp import web

from .errors import APIError, DropConnection, error_json, forbidden, invalid, new_request_id, not_found, unauthorized
from .http import REQUEST_ID, Handler, state_of
from .oauth_api import TOKEN_ENDPOINT
from .storage import DEFAULT_WORKSPACE
from .tokens import TokenStatus

OAUTH_BETA = "oauth-2025-04-20"  # what the SDK adds to anthropic-beta with every OAuth bearer token
ORGANIZATION_PREFIX = "/v1/organizations/"

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
    if request.path == TOKEN_ENDPOINT:
        body = None  # it holds a refresh token: secrets are never kept, even in memory
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


def _credential(request: web.Request) -> str:
    """The key or token sent: ``x-api-key``, or ``Authorization: Bearer`` (how the SDK sends both)."""
    key = request.headers.get("x-api-key", "").strip()
    if not key:
        auth = request.headers.get("authorization", "")
        if auth[:7].lower() == "bearer ":
            key = auth[7:].strip()
    return key


def _same(given: str, expected: str | None) -> bool:
    return expected is not None and hmac.compare_digest(given.encode(), expected.encode())


def _check_user(request: web.Request, credential: str) -> bool:
    """Raise the API's 401 unless ``credential`` may use the files, messages and models routes.

    True when it may act on several workspaces: an OAuth token (sent with its beta), or any key
    on a server that accepts any key (it cannot tell which workspace such a key would belong to).
    """
    st = state_of(request)
    status = st.tokens.status(credential)
    if status is TokenStatus.EXPIRED:
        raise unauthorized("OAuth token has expired. Please obtain a new token or refresh your existing token.")
    oauth = OAUTH_BETA in {b.strip() for b in request.headers.get("anthropic-beta", "").split(",")}
    if status is TokenStatus.VALID:
        if not oauth:
            raise unauthorized("OAuth authentication is currently not supported.")
        return True
    if st.api_key is not None and not _same(credential, st.api_key) and not _same(credential, st.admin_key):
        raise unauthorized("invalid x-api-key")
    return st.api_key is None or oauth  # the server's key sent as a profile's OAuth token: a user's, not a workspace's


def _check_workspace(request: web.Request, several: bool) -> None:
    """Raise the API's 403 when ``anthropic-workspace-id`` names a workspace the credential may not use.

    A key that belongs to one workspace (the server's ``api_key``, whose workspace is the default)
    may send only its own; a credential for several (the admin key, OAuth tokens) any but the
    workspaces it is not a member of (``locked_workspaces``).
    """
    wanted = request.headers.get("anthropic-workspace-id", "").strip()
    if not wanted:
        return
    if wanted in state_of(request).locked_workspaces:
        raise forbidden(f"This credential does not have access to workspace {wanted}.")
    if not several and wanted != DEFAULT_WORKSPACE:
        raise forbidden(
            f"This API key belongs to workspace {DEFAULT_WORKSPACE} and cannot act on workspace {wanted}."
            " Omit the anthropic-workspace-id header or use a credential with access to that workspace."
        )


@web.middleware
async def auth_mw(request: web.Request, handler: Handler) -> web.StreamResponse:
    """API keys, OAuth access tokens the server issued (with their beta), and the admin key.

    The token endpoint needs no credential (its body carries the refresh token). The organisation's
    routes need the admin key: another good credential is refused with 403, a bad one with 401.
    Elsewhere ``anthropic-workspace-id`` must name a workspace the credential may use (403 if not).
    """
    if request.path == TOKEN_ENDPOINT:
        return await handler(request)
    credential = _credential(request)
    if not credential:
        raise unauthorized("x-api-key header is required")
    admin = _same(credential, state_of(request).admin_key)
    if request.path.startswith(ORGANIZATION_PREFIX):
        if not admin:
            _check_user(request, credential)
            raise forbidden("This endpoint requires an Admin API key; the credential given is not one.")
        return await handler(request)
    _check_workspace(request, admin or _check_user(request, credential))
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
