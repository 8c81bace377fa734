"""textual-serve 1.1.3's private members, the one module that uses them.

`claude-files web` needs what textual-serve has no options for: each tab's app started from an
argument list in its own session with its own environment, and stopped for sure. So
`tab_process_class` overrides `AppService._build_environment` and `AppService._open_app_process`
and reads/sets `_process`, `_stdin` and `_task`; `server_application` calls `Server._make_app` to add a
middleware to textual-serve's routes. tests/unit/test_library_contracts.py checks these on the
installed textual-serve; pyproject.toml keeps `textual-serve<1.2` until it is re-checked.

Built lazily: `claude-files --help` must not import aiohttp-jinja2.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import shlex
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from aiohttp import web

QUIT_GRACE_SECONDS = 5.0
"""How long a tab's app gets to quit on its own before it is terminated, then killed."""


def tab_process_class() -> type:
    """textual-serve's AppService, started without a shell and stopped for sure."""
    from textual_serve.app_service import AppService

    class TabProcess(AppService):
        """One browser tab's app: its own session (Ctrl-C in the server's terminal reaches the server,
        which then stops every tab in order), and terminated if it does not quit when asked."""

        def __init__(self, argv: list[str], environment: dict[str, str], **kwargs: Any) -> None:
            super().__init__(shlex.join(argv), **kwargs)
            self.argv = argv
            self.environment = environment

        def _build_environment(self, width: int = 80, height: int = 24) -> dict[str, str]:
            """The tab's environment plus the variables textual-serve sets for its web driver."""
            textual_serve_env = super()._build_environment(width, height)
            added = {name: value for name, value in textual_serve_env.items() if os.environ.get(name) != value}
            return {**self.environment, **added}

        async def _open_app_process(self, width: int = 80, height: int = 24) -> Any:
            self._process = process = await asyncio.create_subprocess_exec(
                *self.argv,
                stdin=asyncio.subprocess.PIPE,
                stdout=asyncio.subprocess.PIPE,
                stderr=asyncio.subprocess.PIPE,
                env=self._build_environment(width=width, height=height),
                start_new_session=True,
            )
            self._stdin = process.stdin
            return process

        async def stop(self) -> None:
            """Ask the app to quit; terminate, then kill, one that does not; always reap it."""
            process = self._process
            if process is not None and process.returncode is None:
                with contextlib.suppress(Exception):
                    await self.send_meta({"type": "quit"})
                for finish in (None, process.terminate, process.kill):
                    if finish is not None:
                        with contextlib.suppress(ProcessLookupError):
                            finish()
                    with contextlib.suppress(asyncio.TimeoutError):
                        await asyncio.wait_for(process.wait(), QUIT_GRACE_SECONDS)
                        break
            if self._task is not None:
                with contextlib.suppress(Exception):
                    await asyncio.wait_for(self._task, QUIT_GRACE_SECONDS)
                self._task = None

    return TabProcess


async def server_application(server: Any) -> web.Application:
    """textual-serve `Server`'s aiohttp application with all its routes, not yet running."""
    app: web.Application = await server._make_app()
    return app
