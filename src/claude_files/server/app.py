"""The aiohttp application: middlewares in order, then the route modules."""

from __future__ import annotations

from aiohttp import web

from .files_api import add_file_routes
from .http import STATE_KEY
from .messages_api import add_message_routes
from .middleware import auth_mw, betas_mw, errors_mw, faults_mw, on_prepare, record_mw
from .oauth_api import add_oauth_routes
from .state import ServerState
from .workspaces_api import add_workspace_routes


def create_app(state: ServerState) -> web.Application:
    app = web.Application(
        middlewares=[errors_mw, record_mw, faults_mw, auth_mw, betas_mw],
        client_max_size=max(state.max_file_bytes, 64 * 1024 * 1024) + 1024 * 1024,
    )
    app[STATE_KEY] = state
    app.on_response_prepare.append(on_prepare)
    add_file_routes(app)
    add_message_routes(app)
    add_oauth_routes(app)
    add_workspace_routes(app)
    return app
