"""`w`: switch profile or workspace, from the keyboard.

Lists the profiles in the SDK's config dir and, when the current credential may list them,
the organization's workspaces (a 401/403 there just says "not allowed"). The dialog only
shows and asks: the switching component (components/switching.py) lists, connects to the
choice and checks it answers, telling the dialog what it found (`show_profiles`,
`show_workspaces`, `refused`); only a place that answers is switched to, so a broken profile
leaves you where you were, with the reason. Esc closes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from typing import TYPE_CHECKING

from rich.text import Text
from textual import events, getters, on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from ..credentials import CONFIG_DIR_ENV
from ..keymap import SWITCHER_KEYS, bindings
from ..service_types import Connection, WorkspaceInfo
from ..session import Session
from ..text import clean

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp
    from ..service import FilesService

PROFILE = "profile:"
WORKSPACE = "workspace:"
DEFAULT_WORKSPACE = ""


def _configs_shown() -> str:
    """Where profiles come from, in words that do not depend on the machine's paths."""
    import os

    return f"${CONFIG_DIR_ENV}/configs" if os.environ.get(CONFIG_DIR_ENV) else "~/.config/anthropic/configs"


class SwitcherScreen(ModalScreen["FilesService | None"]):
    """Dismisses with a connected service for the chosen place (the component's `connected`), or None (Esc)."""

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

    def __init__(self, session: Session, base_url_flag: str | None, connect: Callable[[Connection], object]) -> None:
        """`connect(target)` is asked to connect to the chosen place; the answer comes back as `dismiss` or `refused`."""
        super().__init__()
        self.session = session
        self._base_url_flag = base_url_flag
        self.connect = connect
        self.profiles: list[str] = []
        self.workspaces: list[WorkspaceInfo] | None = None
        self.workspaces_loaded = False
        self.connecting = False
        self._listing_note = ("listing…", False)  # what the note under the list says once listed
        self._up = False  # mounted: what the component finds before then is drawn by on_mount
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
        self._up = True  # from now on what the component finds is drawn at once
        self._rebuild()
        self.query_one(OptionList).focus()
        if self.workspaces_loaded:  # listed before this dialog was up
            self._note(*self._listing_note)

    def show_profiles(self, profiles: list[str]) -> None:
        """The profiles found on disk."""
        self.profiles = profiles
        if self._up:
            self._rebuild()

    def show_workspaces(self, workspaces: list[WorkspaceInfo] | None, problem: str | None = None) -> dict[str, str]:
        """The workspaces the current credential may list (None when it may not; `problem`, why
        listing failed); returns each named workspace's label, by id, for the header to name the place."""
        self.workspaces = workspaces
        self.workspaces_loaded = True
        self._listing_note = (f"Workspaces could not be listed: {problem}", True) if problem is not None else ("", False)
        if self._up:
            self._note(*self._listing_note)
            self._rebuild()
        labels = {workspace.id: self._workspace_label(workspace.id) for workspace in workspaces or ()}
        return {workspace_id: label for workspace_id, label in labels.items() if label != workspace_id}

    def chosen(self, service: FilesService) -> None:
        """The chosen place answered: close with its connection, for the app to switch to."""
        self.dismiss(service)

    def refused(self, reason: str) -> None:
        """The chosen place did not answer: say why and stay, for another choice."""
        self.connecting = False
        self._note(reason, error=True)

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

    def _note(self, message: str, error: bool = False) -> None:
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
        self.connect(target)
