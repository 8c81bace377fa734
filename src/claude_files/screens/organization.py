"""The overview's Organization view (O or Tab in `U`): every workspace against the one cap.

One row per workspace (files, size, share of the cap, bytes added over 90 days), the total
against the cap above them, and each workspace that could not be read named with the reason.
Enter on a workspace opens that workspace's overview (the place `w` would switch to); its rows
lead into the table as ever. Dismissed with a connected service for the chosen workspace, or None.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import getters
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ..components.base import Component, Connect
from ..components.organization import OrganizationJobs
from ..keymap import ORGANIZATION_KEYS, bindings
from ..model.organization import Organization
from ..model.organization_text import header_line, total_line, unreadable_note, workspace_line
from ..service_types import WorkspaceInfo
from ..text import clean

if TYPE_CHECKING:
    from ..app import ClaudeFilesApp
    from ..service import FilesService  # noqa: F401 - named in the quoted Screen[...] base below


class WorkspaceRows(OptionList):
    """The rows, stopping at the ends: OptionList wraps, so `j j j Enter` past the bottom
    (its last row unreadable, so skipped) opened the first workspace instead of the last."""

    def action_cursor_down(self) -> None:
        self._step(1)

    def action_cursor_up(self) -> None:
        self._step(-1)

    def _step(self, step: int) -> None:
        if self.highlighted is None:
            super().action_cursor_down() if step > 0 else super().action_cursor_up()
            return
        indexes = range(self.highlighted + step, self.option_count) if step > 0 else range(self.highlighted - 1, -1, -1)
        target = next((i for i in indexes if not self.get_option_at_index(i).disabled), None)
        if target is not None:
            self.highlighted = target


class OrganizationScreen(Screen["FilesService | None"]):
    if TYPE_CHECKING:  # Textual's own way to type `self.app`
        app = getters.app(ClaudeFilesApp)

    BINDINGS: ClassVar[list[BindingType]] = [*bindings(ORGANIZATION_KEYS)]
    DEFAULT_CSS = """
    OrganizationScreen { layout: vertical; }
    OrganizationScreen > #organization-title { height: 1; background: $primary-background; padding: 0 1; text-style: bold; }
    OrganizationScreen > #organization-cap { height: 1; padding: 0 1; }
    OrganizationScreen > #organization-note { height: 1; padding: 0 1; color: $text-muted; }
    OrganizationScreen > #organization-header { height: 1; padding: 0 1; text-style: bold; }
    OrganizationScreen > OptionList { height: 1fr; scrollbar-size-vertical: 1; }
    OrganizationScreen > OptionList:focus > .option-list--option-highlighted { text-style: bold reverse; }
    """

    def __init__(self, listed: list[WorkspaceInfo], connect: Connect) -> None:
        """`connect`: the overview's connection, which lists and reads the workspaces."""
        super().__init__()
        self.listed = listed
        self.connect = connect
        self.organization: Organization | None = None
        self.opening: str | None = None  # the workspace being connected to
        self._said = ""

    @property
    def jobs(self) -> OrganizationJobs:
        return self.query_one(OrganizationJobs)

    def compose(self) -> ComposeResult:
        yield OrganizationJobs(self.connect)
        yield Static(id="organization-title")
        yield Static(id="organization-cap")
        yield Static(id="organization-note")
        yield Static(id="organization-header")
        yield WorkspaceRows(id="organization-rows", compact=True)
        yield Footer(compact=True, show_command_palette=False)

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.jobs.read(self.listed)

    def on_resize(self) -> None:
        if self.organization is not None:
            self._draw(self.organization)

    def on_organization_jobs_changed(self, event: OrganizationJobs.Changed) -> None:
        self.organization = event.organization
        self._draw(event.organization)

    def on_organization_jobs_connected(self, event: OrganizationJobs.Connected) -> None:
        self.dismiss(event.service)

    def on_component_said(self, event: Component.Said) -> None:
        event.stop()
        self.opening = None
        self._said = event.text
        self.app.notify(event.text, severity="error" if event.error else "information")
        if self.organization is not None:
            self._draw(self.organization)

    # --- drawing ------------------------------------------------------------------------

    def _draw(self, organization: Organization) -> None:
        width = max(20, self.size.width - 2)
        where = clean(self.app.session_of().where)
        title = f"Organization · {where}" if where else "Organization"
        self.query_one("#organization-title", Static).update(Text(title, no_wrap=True, overflow="ellipsis"))
        cap = total_line(organization, width)
        self.query_one("#organization-cap", Static).update(Text(cap, no_wrap=True, overflow="ellipsis"))
        self.query_one("#organization-note", Static).update(Text(self._note(organization), no_wrap=True, overflow="ellipsis"))
        self.query_one("#organization-header", Static).update(Text(header_line(width - 1), no_wrap=True))
        rows = self.query_one(OptionList)
        before = rows.highlighted_option.id if rows.highlighted_option is not None else None
        options = [
            Option(
                Text(workspace_line(organization, w, width - 1, whole_reason=True), no_wrap=w.error is None),
                id=w.id,
                disabled=w.error is not None,
            )
            for w in organization.workspaces
        ]
        rows.set_options(options)
        enabled = [option.id for option in options if not option.disabled]
        target = before if before in enabled else (enabled[0] if enabled else None)
        if target is not None:
            rows.highlighted = rows.get_option_index(target)

    def _note(self, organization: Organization) -> str:
        if self.opening is not None:
            return f"opening {self.opening}…"
        if self._said:
            return self._said
        if not organization.complete:
            done = sum(w.complete for w in organization.workspaces)
            return f"reading {len(organization.workspaces)} workspaces… {done} done"
        note = unreadable_note(organization)
        return f"{note} · Enter opens one" if note else "every workspace read · Enter opens a workspace's overview"

    # --- keys ---------------------------------------------------------------------------

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._open(event.option.id)

    def action_open_row(self) -> None:
        option = self.query_one(OptionList).highlighted_option
        if option is not None and not option.disabled:
            self._open(option.id)

    def _open(self, workspace_id: str | None) -> None:
        chosen = next((w for w in self.listed if w.id == workspace_id), None)
        if chosen is None or self.opening is not None:
            return
        self.opening = clean(chosen.name or chosen.id)
        self._said = ""
        if self.organization is not None:
            self._draw(self.organization)
        self.jobs.open_workspace(chosen)

    def action_row_down(self) -> None:
        self.query_one(OptionList).action_cursor_down()

    def action_row_up(self) -> None:
        self.query_one(OptionList).action_cursor_up()

    def action_close(self) -> None:
        self.dismiss(None)
