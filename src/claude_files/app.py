"""The Textual application: composes screens and owns the connection. No SDK import here."""

from __future__ import annotations

import asyncio
import shutil
from collections.abc import Iterable
from functools import partial
from importlib import resources
from pathlib import Path
from time import monotonic
from typing import TYPE_CHECKING, Any

from textual import events
from textual.app import App, SystemCommand
from textual.driver import Driver
from textual.screen import Screen

from .adapters.textual_private import keep_alt_keys
from .config import Settings
from .download_writer import discard_open_downloads
from .hangup import ExitGuard
from .key_order import KeysInOrder
from .keymap import ALL_KEYS, APP_KEYS, bindings, bound_keys, check_keymap, key_label
from .launch import DEMO_KEY, Launch
from .service import FilesService, ServiceError
from .session import Session

if TYPE_CHECKING:
    from .server import LocalServer


def _stylesheet() -> Path:
    """tcss/ ships inside the wheel; in a source checkout it sits at the repo root."""
    packaged = Path(str(resources.files("claude_files"))) / "tcss" / "app.tcss"
    return packaged if packaged.exists() else Path(__file__).parents[2] / "tcss" / "app.tcss"


class ClaudeFilesApp(KeysInOrder, App[None]):
    """Keys typed ahead take effect in order, one at a time (key_order.py)."""

    CSS_PATH = _stylesheet()
    TITLE = "claude-files"
    BINDINGS = bindings(APP_KEYS)  # Textual then adds no palette binding of its own

    def __init__(self, launch: Launch, settings: Settings | None = None) -> None:
        super().__init__()
        self.launch = launch
        self.settings = settings or Settings.load()
        if launch.clipboard:
            self.settings.clipboard = launch.clipboard
        connection = None if launch.starts_demo_server else launch.connection()  # the demo's: once its server runs
        self._current_session = Session(connection, read_only_flag=launch.read_only)
        self._sessions: dict[Screen[Any], Session] = {}  # each main screen and its connection
        self.demo_server: LocalServer | None = None
        self._exit_guard = ExitGuard(self._cleanup_before_dying, lambda status: self.exit(return_code=status))
        self.key_overrides: dict[str, str] = {}  # what the settings' keymap validly asks for
        self.workspace_names: dict[str, str] = {}  # workspace id -> name, as the switcher listed them
        self.last_input = monotonic()  # when a key, paste or the mouse last came from the terminal (live refresh)

    @property
    def live_seconds(self) -> float:
        """Live refresh's interval: `--live`, else the settings' (0: off)."""
        return self.launch.live_seconds if self.launch.live_seconds is not None else self.settings.live_seconds

    async def on_event(self, event: events.Event) -> None:
        if isinstance(event, events.Key | events.Paste | events.MouseEvent):
            self.last_input = monotonic()
        await super().on_event(event)

    def get_driver_class(self) -> type[Driver]:
        """Textual's driver, reading Esc and the key behind it as one alt key (adapters/textual_private.py)."""
        return keep_alt_keys(super().get_driver_class())

    def on_mount(self) -> None:
        self._exit_guard.install(watch_terminal=not self.is_headless)
        self._apply_keymap()
        from .screens.main import MainScreen

        self.push_screen(self._install_session(MainScreen(self._current_session), self._current_session))

    def _apply_keymap(self) -> None:
        """The settings' keymap moves keys; a bad entry is named in a notification and ignored.
        A settings file that cannot be read is said at once: it may hold a profile's read_only."""
        if self.settings.unreadable is not None:
            from .config import config_path

            self.notify(
                f"Cannot read {config_path()} ({self.settings.unreadable}): running on defaults, so its read-only"
                " profiles, keymap and other settings are not applied. It is left as it is, for you to fix.",
                title="Settings file",
                severity="error",
                timeout=30,
                markup=False,
            )
        self.key_overrides, problems = check_keymap(self.settings.keymap)
        self.set_keymap(self.key_overrides)
        if problems:
            self.notify("\n".join(problems), title="Settings file", severity="warning", timeout=15, markup=False)

    def bound_keys(self) -> dict[str, tuple[str, ...]]:
        """Key id → the keys bound to it now (the defaults, moved by the settings' keymap)."""
        return bound_keys(self.key_overrides)

    def main_screens(self) -> list[Screen[Any]]:
        """The main screen of every connection opened (one is shown, the others wait)."""
        return list(self._sessions)

    async def action_quit(self) -> None:
        """ctrl+q, q and the palette's Quit: asks first while a bulk delete or a transfer runs."""
        from .quitting import quit_or_ask

        quit_or_ask(self)

    def show_no_key(self, error: ServiceError | None = None) -> None:
        """Nothing the SDK could authenticate with: say why and every way to fix it."""
        from .credentials import Lookup
        from .screens.no_key import NoKeyScreen

        self.push_screen(NoKeyScreen(error.message if error is not None else None, Lookup.now(self.launch.profile)))

    def _install_session(self, screen: Screen[Any], session: Session) -> str:
        name = f"session-{len(self._sessions)}"
        self._sessions[screen] = session
        self.install_screen(screen, name)
        return name

    def session_of(self, screen: Screen[Any] | None = None) -> Session:
        """The session a main screen belongs to (the current one for any other screen)."""
        return self._sessions.get(screen, self._current_session) if screen is not None else self._current_session

    async def connect(self, session: Session) -> FilesService:
        """`session`'s connection, connected once (starting the demo server first, off the
        event loop, if asked). Each main screen hands its own session to its components, so a
        worker started before a switch keeps talking to its connection, never to the new one."""
        async with session.lock:
            if session.service is None:
                if session.connection is None:
                    url = await asyncio.to_thread(self._start_demo_server)
                    session.connection = self.launch.connection(url)
                session.service = await FilesService.connect(session.connection, timeouts=self.launch.timeouts)
            return session.service

    def switch_session(self, service: FilesService) -> None:
        """Show the connection `service` points at: its own screen if one exists (marks, filter
        and chat as left there, the listing refreshed), else a new screen, clean."""
        from .screens.main import MainScreen

        for screen, session in self._sessions.items():
            if session.same_place(service.identity):
                self.run_worker(service.close(), group="close-service")  # a duplicate of a live one
                if session is not self._current_session:
                    self._current_session = session
                    self.switch_screen(screen)
                    if isinstance(screen, MainScreen):
                        screen.action_refresh()
                return
        name = self.workspace_names.get(service.identity.workspace or "")
        session = Session(service.connection, service, read_only_flag=self.launch.read_only, workspace_name=name)
        self._current_session = session
        self.switch_screen(self._install_session(MainScreen(session), session))

    def _start_demo_server(self) -> str:
        from .server import LocalServer

        self.demo_server = LocalServer(demo_data=True, synthetic=self.launch.demo_synthetic, admin_key=DEMO_KEY)
        return self.demo_server.start()

    def _cleanup_before_dying(self) -> None:
        """The process leaves without unwinding (terminal gone, or stuck after a SIGTERM; see
        hangup.py): what must not outlive it goes now. Unnamed temp files need nothing."""
        discard_open_downloads()
        if self.demo_server is not None:
            shutil.rmtree(self.demo_server.data_dir, ignore_errors=True)  # the demo's temp data

    async def on_unmount(self) -> None:
        self._exit_guard.uninstall()
        for session in {id(s): s for s in (*self._sessions.values(), self._current_session)}.values():
            if session.service is not None:
                await session.service.close()
        if self.demo_server is not None:
            await asyncio.to_thread(self.demo_server.close)  # stops it and removes its temp data

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """The command palette offers every action of the key map, named with its keys now."""
        yield from super().get_system_commands(screen)
        table = getattr(screen, "table", None)
        bound = self.bound_keys()
        for key in ALL_KEYS:
            target = next((node for node in (screen, table) if node is not None and hasattr(node, f"action_{key.action}")), None)
            if target is not None:
                shown = key_label(bound[key.id])
                yield SystemCommand(
                    f"{key.description} ({shown})" if shown else key.description,
                    f"Same as pressing {shown}" if shown else "Has no key in your keymap",
                    partial(target.run_action, key.action),
                )
