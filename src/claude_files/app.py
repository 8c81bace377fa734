"""The Textual application: composes screens and owns the connection. No SDK import here."""

from __future__ import annotations

import asyncio
import contextlib
import os
import shutil
import signal
from functools import partial
from importlib import resources
from pathlib import Path
from typing import Any

from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from .config import Settings
from .keymap import ALL_KEYS
from .launch import Launch
from .localfs import discard_open_downloads
from .service import Connection, FilesService
from .widgets.typeahead import key_handled


def _stylesheet() -> Path:
    """tcss/ ships inside the wheel; in a source checkout it sits at the repo root."""
    packaged = Path(str(resources.files("claude_files"))) / "tcss" / "app.tcss"
    return packaged if packaged.exists() else Path(__file__).parents[2] / "tcss" / "app.tcss"


class ClaudeFilesApp(App[None]):
    CSS_PATH = _stylesheet()
    TITLE = "claude-files"

    def __init__(self, launch: Launch, settings: Settings | None = None) -> None:
        super().__init__()
        self.launch = launch
        self.settings = settings or Settings.load()
        if launch.clipboard:
            self.settings.clipboard = launch.clipboard
        self._service: FilesService | None = None
        self._service_lock = asyncio.Lock()
        self.demo_server: Any = None
        self._previous_hangup: Any = None

    @property
    def where(self) -> str:
        if self.launch.demo:
            return "local demo server"
        return Connection(self.launch.base_url, None).label

    def on_key(self, event: events.Key) -> None:
        """Runs just before the App's own binding check; one turn later those bindings have
        run, which tells a widget holding typed-ahead keys that focus stayed (widgets/typeahead)."""
        self.call_later(key_handled, event)

    def on_mount(self) -> None:
        self._exit_on_signals(install=True)
        if not self.launch.demo and not self.launch.api_key:
            self.show_no_key()
            return
        from .screens.main import MainScreen

        self.push_screen(MainScreen())

    def show_no_key(self) -> None:
        from .screens.no_key import NoKeyScreen

        self.push_screen(NoKeyScreen())

    async def get_service(self) -> FilesService:
        """Connect once (starting the demo server first, off the event loop, if asked)."""
        async with self._service_lock:
            if self._service is None:
                url = None
                if self.launch.demo:
                    url = await asyncio.to_thread(self._start_demo_server)
                self._service = await FilesService.connect(self.launch.connection(url), timeouts=self.launch.timeouts)
            return self._service

    def _start_demo_server(self) -> str:
        from .server import LocalServer

        self.demo_server = LocalServer(demo_data=True, synthetic=self.launch.demo_synthetic)
        return self.demo_server.start()

    def _exit_on_signals(self, install: bool) -> None:
        """kill (SIGTERM) exits cleanly, cancelled downloads removing their temp files."""
        loop = asyncio.get_running_loop()
        with contextlib.suppress(AttributeError, NotImplementedError, RuntimeError, ValueError):
            if install:
                loop.add_signal_handler(signal.SIGTERM, self.exit)
                self._previous_hangup = signal.signal(signal.SIGHUP, self._hang_up)
            else:
                loop.remove_signal_handler(signal.SIGTERM)
                signal.signal(signal.SIGHUP, self._previous_hangup or signal.SIG_DFL)

    def _hang_up(self, signum: int, frame: Any) -> None:
        """The terminal is gone (SSH dropped, tmux window closed): clean up and leave at once.

        A plain signal handler, not the event loop's: once the pty is gone Textual's writer
        thread dies on EIO and the loop can block forever queueing output to it (seen with
        tmux kill-window), so nothing that needs the loop would ever run.
        """
        discard_open_downloads()
        if self.demo_server is not None:
            shutil.rmtree(self.demo_server.data_dir, ignore_errors=True)  # the demo's temp data
        os._exit(128 + signum)

    async def on_unmount(self) -> None:
        self._exit_on_signals(install=False)
        if self._service is not None:
            await self._service.close()
        if self.demo_server is not None:
            await asyncio.to_thread(self.demo_server.close)  # stops it and removes its temp data

    def get_system_commands(self, screen: Screen[Any]) -> Any:
        """The command palette offers every action of the key map."""
        yield from super().get_system_commands(screen)
        table = getattr(screen, "table", None)
        for key in ALL_KEYS:
            target = next((node for node in (screen, table) if node is not None and hasattr(node, f"action_{key.action}")), None)
            if target is not None:
                yield SystemCommand(
                    f"{key.description} ({key.shown})", f"Same as pressing {key.shown}", partial(target.run_action, key.action)
                )
