"""``POST /v1/oauth/token``: the refresh_token grant as the SDK's ``user_oauth`` profiles use it.

The SDK posts JSON ``{"grant_type": "refresh_token", "refresh_token": …, "client_id": …}`` with
``anthropic-beta: oauth-2025-04-20`` and no API credential, and reads ``access_token``,
``expires_in`` and (rotated) ``refresh_token`` from the answer. Errors are OAuth's (RFC 6749 §5.2):
``{"error": …, "error_description": …}``, which the SDK reports redacted.
"""

from __future__ import annotations

import json
from typing import Any

from aiohttp import web

from .http import state_of

TOKEN_ENDPOINT = "/v1/oauth/token"


def _oauth_error(status: int, error: str, description: str) -> web.Response:
    return web.json_response({"error": error, "error_description": description}, status=status)


async def _form(request: web.Request) -> dict[str, Any] | None:
    """The grant's fields, sent as JSON (the SDK) or as a form (OAuth's own encoding)."""
    if request.content_type == "application/x-www-form-urlencoded":
        return dict(await request.post())
    try:
        body = json.loads(await request.read())
    except ValueError:
        return None
    return body if isinstance(body, dict) else None


async def token(request: web.Request) -> web.Response:
    registry = state_of(request).tokens
    form = await _form(request)
    if form is None:
        return _oauth_error(400, "invalid_request", "The request body must be a JSON object.")
    if form.get("grant_type") != "refresh_token":
        return _oauth_error(400, "unsupported_grant_type", "Only the refresh_token grant is supported.")
    refresh_token, client_id = form.get("refresh_token"), form.get("client_id")
    if not isinstance(refresh_token, str) or not refresh_token:
        return _oauth_error(400, "invalid_request", "refresh_token is required.")
    if not isinstance(client_id, str) or not client_id:
        return _oauth_error(400, "invalid_request", "client_id is required.")
    if not registry.client_allowed(client_id):
        return _oauth_error(401, "invalid_client", "Client authentication failed.")
    grant = registry.refresh(refresh_token)
    if grant is None:
        return _oauth_error(400, "invalid_grant", "The refresh token is invalid, expired or was already used.")
    return web.json_response(
        {
            "access_token": grant.access_token,
            "token_type": "Bearer",
            "expires_in": grant.expires_in,
            "refresh_token": grant.refresh_token,
            "scope": "user:inference",
        },
        headers={"Cache-Control": "no-store"},
    )


def add_oauth_routes(app: web.Application) -> None:
    app.router.add_post(TOKEN_ENDPOINT, token)
