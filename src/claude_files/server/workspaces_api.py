"""``GET /v1/organizations/workspaces[/{id}]`` for admin credentials, paged as ``SyncPage``.

``after_id`` / ``before_id`` / ``limit`` cursors with ``has_more``, ``first_id`` and ``last_id``, as
``client.organization.workspaces.list`` pages them; ``ids[]``, ``include_default`` and
``include_archived`` narrow the list. Who may call it is decided in ``middleware.auth_mw``.
"""

from __future__ import annotations

from aiohttp import web

from .errors import invalid, not_found
from .http import id_page, state_of


def _flag(request: web.Request, name: str) -> bool:
    value = request.query.get(name, "false").lower()
    if value not in ("true", "false"):
        raise invalid(f"{name}: Input should be a valid boolean")
    return value == "true"


async def list_workspaces(request: web.Request) -> web.Response:
    q = request.query
    found = state_of(request).workspaces.all(
        include_default=_flag(request, "include_default"), include_archived=_flag(request, "include_archived")
    )
    wanted = q.getall("ids[]", []) + q.getall("ids", [])
    if wanted:
        if len(wanted) > 100:
            raise invalid("ids: at most 100 ids may be given")
        found = [w for w in found if w.id in wanted]
    return id_page(q, found, lambda workspace: workspace.id, lambda workspace: workspace.to_json())


async def get_workspace(request: web.Request) -> web.Response:
    workspace_id = request.match_info["workspace_id"]
    for workspace in state_of(request).workspaces.all(include_default=True, include_archived=True):
        if workspace.id == workspace_id:
            return web.json_response(workspace.to_json())
    raise not_found(f"Workspace not found: {workspace_id}")


def add_workspace_routes(app: web.Application) -> None:
    app.router.add_get("/v1/organizations/workspaces", list_workspaces)
    app.router.add_get("/v1/organizations/workspaces/{workspace_id}", get_workspace)
