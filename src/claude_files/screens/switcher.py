"""`w`: switch profile or workspace, from the keyboard.

Lists the profiles in the SDK's config dir and, when the current credential may list them,
the organization's workspaces (a 401/403 there just says "not allowed"). Choosing one
connects to it in a worker and checks it answers; only then does the app switch, so a
broken profile leaves you where you were, with the reason. Esc closes.
"""

from __future__ import annotations

import asyncio
import dataclasses
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..credentials import CONFIG_DIR_ENV, list_profiles
from ..keymap import SWITCHER_KEYS, bindings
from ..service import FilesService
from ..service_errors import ServiceError
from ..service_types import Connection, WorkspaceInfo
from ..session import Session
from ..text import clean

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp

PROFILE = "profile:"
WORKSPACE = "workspace:"
DEFAULT_WORKSPACE = ""


def _configs_shown() -> str:
    """Where profiles come from, in words that do not depend on the machine's paths."""
    import os

    return f"${CONFIG_DIR_ENV}/configs" if os.environ.get(CONFIG_DIR_ENV) else "~/.config/anthropic/configs"


class SwitcherScreen(ModalScreen["FilesService | None"]):
    """Dismisses with a connected service for the chosen place, or None (Esc)."""

    BINDINGS = bindings(SWITCHER_KEYS)

    if TYPE_CHECKING:  # Textual's own way to type `self.app` (its MessagePump does the same)
        app = getters.app(ClaudeFilesApp)

    DEFAULT_CSS = """
    SwitcherScreen { align: center middle; }
    SwitcherScreen > Vertical {
        width: 64; max-width: 95%; height: auto; max-height: 90%;
        border: round $primary; padding: 0 1; background: $surface;
    }
    SwitcherScreen #switch-now { height: auto; margin-bottom: 1; }
    SwitcherScreen OptionList { height: auto; max-height: 16; border: none; padding: 0; }
    SwitcherScreen #switch-note { height: auto; margin-top: 1; color: $text-muted; }
    SwitcherScreen #switch-note.error { color: $error; }
    /* Short terminals (down to 12 rows): the box takes the screen and the list scrolls in what
       the "Now" line and the note leave, so every row can be reached. */
    SwitcherScreen.-short > Vertical { height: 100%; max-height: 100%; }
    SwitcherScreen.-short #switch-now { margin-bottom: 0; }
    SwitcherScreen.-short OptionList, SwitcherScreen.-short OptionList:focus { height: 1fr; max-height: 100%; border: none; }
    SwitcherScreen.-short #switch-note { margin-top: 0; max-height: 2; }
    """

    VERTICAL_BREAKPOINTS = [(0, "-short"), (20, "-tall")]

    def __init__(self, session: Session, base_url_flag: str | None) -> None:
        super().__init__()
        self.session = session
        self._base_url_flag = base_url_flag
        self.profiles: list[str] = []
        self.workspaces: list[WorkspaceInfo] | None = None
        self.workspaces_loaded = False
        self.connecting = False
        self._started_on: str | None = None  # the row the list put the highlight on (not the person)

    def compose(self) -> ComposeResult:
        with Vertical() as box:
            box.border_title = "Switch profile / workspace"
            box.border_subtitle = "Enter switches · Esc closes"
            yield Static(self._now(), id="switch-now")
            yield OptionList(id="switch-list")
            yield Static("listing…", id="switch-note")

    def waits_before(self, key: events.Key | events.Paste) -> bool:
        """Keys typed ahead but its close keys wait while the list fills or a choice connects
        (key_order.py): `w j Enter` in one read moved nowhere, the j before the workspaces."""
        closes = isinstance(key, events.Key) and key.key in self.app.bound_keys()["switcher.close"]
        return (not self.workspaces_loaded or self.connecting) and not closes

    def _now(self) -> Text:
        session = self.session
        text = Text("Now: ", style="bold")
        text.append(f"profile {clean(session.profile)} · " if session.profile else "")
        text.append(f"{clean(session.where)} · ws {clean(self._workspace_label(session.workspace))}")
        return text

    def _workspace_label(self, workspace_id: str | None) -> str:
        """A workspace by its name once listed; its id where it has no name (or shares it)."""
        if not workspace_id:
            return "default"
        names = [workspace.name for workspace in self.workspaces or ()]
        for workspace in self.workspaces or ():
            if workspace.id == workspace_id and workspace.name.strip() and names.count(workspace.name) == 1:
                return workspace.name
        return workspace_id

    def on_mount(self) -> None:
        self._rebuild()
        self.query_one(OptionList).focus()
        self._load()

    @work(exclusive=True, group="switch-list", exit_on_error=False)
    async def _load(self) -> None:
        """Profiles from disk, then the workspaces the current credential may list."""
        self.profiles = await asyncio.to_thread(list_profiles)
        self._rebuild()
        try:
            service = await self.app.get_service()
            self.workspaces = await service.list_workspaces()
        except ServiceError as error:
            self.workspaces = None
            self._note(f"Workspaces could not be listed: {error.message}", error=True)
        else:
            self._note("")
            for workspace in self.workspaces or ():  # the header names the place it switches to
                label = self._workspace_label(workspace.id)
                if label != workspace.id:
                    self.app.workspace_names[workspace.id] = label
        self.workspaces_loaded = True
        self._rebuild()

    def _rebuild(self) -> None:
        """Refill the list, keeping the row the person moved to, else starting on the current place."""
        options = self.query_one(OptionList)
        highlighted = options.highlighted_option.id if options.highlighted_option is not None else None
        options.clear_options()
        options.add_options(self._options())
        self.query_one("#switch-now", Static).update(self._now())
        ids = [option.id if not option.disabled else None for option in options.options]
        moved = highlighted is not None and highlighted != self._started_on
        here = [PROFILE + self.session.profile] if self.session.profile else []
        here.append(WORKSPACE + (self.session.workspace or DEFAULT_WORKSPACE))
        for wanted in [highlighted] if moved else here:
            if wanted in ids:
                options.highlighted = ids.index(wanted)
                break
        else:
            options.highlighted = next((index for index, option_id in enumerate(ids) if option_id is not None), None)
        if not moved:
            self._started_on = options.highlighted_option.id if options.highlighted_option is not None else None

    def _options(self) -> list[Option]:
        session = self.session
        options = [Option(Text(f"Profiles ({_configs_shown()})", style="bold underline"), disabled=True)]
        if not self.profiles:
            options.append(Option(Text("  none found", style="dim"), disabled=True))
        for name in self.profiles:
            mark = "● " if name == session.profile else "  "
            options.append(Option(Text(mark + clean(name)), id=PROFILE + name))
        options.append(Option(Text("Workspaces", style="bold underline"), disabled=True))
        current = session.workspace or DEFAULT_WORKSPACE
        options.append(Option(Text(("● " if not current else "  ") + "default"), id=WORKSPACE + DEFAULT_WORKSPACE))
        if not self.workspaces_loaded:
            options.append(Option(Text("  listing…", style="dim"), disabled=True))
        elif self.workspaces is None:
            options.append(Option(Text("  this credential may not list workspaces", style="dim"), disabled=True))
        for workspace in self.workspaces or ():
            line = Text(("● " if workspace.id == current else "  ") + clean(self._workspace_label(workspace.id)))
            options.append(Option(line, id=WORKSPACE + workspace.id))
        return options

    def _note(self, message: str, *, error: bool = False) -> None:
        note = self.query_one("#switch-note", Static)
        note.update(Text(message))
        note.set_class(error, "error")
        note.display = bool(message)

    def action_move(self, step: int) -> None:
        options = self.query_one(OptionList)
        if step > 0:
            options.action_cursor_down()
        else:
            options.action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)

    @on(OptionList.OptionSelected)
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option.id or ""
        if self.connecting:
            return
        if option_id.startswith(PROFILE):
            target = Connection(base_url=self._base_url_flag, profile=option_id.removeprefix(PROFILE))
            what = f"profile {option_id.removeprefix(PROFILE)}"
        elif option_id.startswith(WORKSPACE) and self.session.connection is not None:
            workspace = option_id.removeprefix(WORKSPACE) or None
            target = dataclasses.replace(self.session.connection, workspace=workspace)
            what = f"workspace {workspace or 'default'}"
        else:
            return
        self.connecting = True
        self._note(f"connecting to {clean(what)}…")
        self._connect(target)

    @work(exclusive=True, group="switch-connect", exit_on_error=False)
    async def _connect(self, target: Connection) -> None:
        """Connect and ask for one file: a place that does not answer is not switched to."""
        service: FilesService | None = None
        try:
            service = await FilesService.connect(target)
            await service.list_page(None, 1)
        except ServiceError as error:
            if service is not None:
                await service.close()
            self.connecting = False
            self._note(error.text, error=True)
            return
        except asyncio.CancelledError:
            if service is not None:
                await service.close()
            raise
        self.dismiss(service)

    def on_unmount(self) -> None:
        self.workers.cancel_node(self)
