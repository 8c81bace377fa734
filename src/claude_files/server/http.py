"""Request accessors shared by the route modules: the server state and the caller's workspace."""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Any, TypeVar

from aiohttp import web

from .errors import invalid
from .state import ServerState
from .storage import DEFAULT_WORKSPACE

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]
STATE_KEY: web.AppKey[ServerState] = web.AppKey("state", ServerState)
REQUEST_ID: web.RequestKey[str] = web.RequestKey("request_id", str)
Item = TypeVar("Item")


def workspace_of(request: web.Request) -> str:
    return request.headers.get("anthropic-workspace-id", "").strip() or DEFAULT_WORKSPACE


def state_of(request: web.Request) -> ServerState:
    return request.app[STATE_KEY]


def id_window(query: Mapping[str, str], ids: list[str], limit: int) -> tuple[int, int, bool]:
    """``(start, stop, has_more)`` of the page that ``after_id`` / ``before_id`` ask for in ``ids``.

    The ``SyncPage`` cursors of the models and workspaces lists: after an id, before an id
    (the ``limit`` items just before it), or from the start.
    """
    start, end = 0, len(ids)
    for name in ("after_id", "before_id"):
        if query.get(name) and query[name] not in ids:
            raise invalid(f"{name}: unknown id {query[name]!r}")
    if query.get("after_id"):
        start = ids.index(query["after_id"]) + 1
    if query.get("before_id"):
        end = ids.index(query["before_id"])
        start = max(start, end - limit)
    stop = min(end, start + limit)
    more = start > 0 if query.get("before_id") else stop < end
    return start, stop, more


def page_limit(query: Mapping[str, str]) -> int:
    """``limit``: 20 unless given, 1 to 1000."""
    try:
        limit = int(query.get("limit", "20"))
    except ValueError:
        raise invalid("limit: Input should be a valid integer") from None
    if not 1 <= limit <= 1000:
        raise invalid("limit: must be between 1 and 1000")
    return limit


def id_page(
    query: Mapping[str, str], items: Sequence[Item], id_of: Callable[[Item], str], to_json: Callable[[Item], dict[str, Any]]
) -> web.Response:
    """The page of ``items`` that the query's cursors and ``limit`` ask for, shaped as the SDK's ``SyncPage``."""
    start, stop, more = id_window(query, [id_of(item) for item in items], page_limit(query))
    data = [to_json(item) for item in items[start:stop]]
    return web.json_response(
        {
            "data": data,
            "has_more": more,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
        }
    )
