"""The API's error shape: an exception the handlers raise and the JSON body it becomes."""

from __future__ import annotations

import secrets
from typing import Any

from aiohttp import web

from .fields import BASE62


class APIError(Exception):
    """An error answered as ``{"type": "error", "error": {...}, "request_id": ...}`` with ``status``."""

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


def storage_quota_exceeded(limit: int) -> APIError:
    """The organization's storage is full: the cap is shared by all its workspaces."""
    return invalid(
        f"Storage quota exceeded: your organization's files, in all of its workspaces together, may hold at most"
        f" {limit:,} bytes. Delete files to free up space, then retry the upload.",
        "storage_quota_exceeded",
    )


def not_found(message: str, error_code: str | None = None) -> APIError:
    return APIError(404, "not_found_error", message, error_code)


def unauthorized(message: str) -> APIError:
    return APIError(401, "authentication_error", message)


def forbidden(message: str) -> APIError:
    return APIError(403, "permission_error", message)


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
