"""`w`: switch profile or workspace. The dialog (dialogs/switcher.py) shows and asks; this
component lists the places and connects to the one chosen.

The profiles come from disk and the workspaces from this screen's own connection; the choice
is connected to and asked for one file, and only a place that answers is switched to: a
broken profile leaves you where you were, the dialog saying why.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable

from textual import work

from ..credentials import list_profiles
from ..dialogs.switcher import SwitcherScreen
from ..service import FilesService, ServiceError
from ..service_types import Connection
from .asking import ask
from .base import Component, Connect


class Switching(Component):
    """Opens the switcher, fills it, connects to the choice; the app then shows that place."""

    def __init__(self, connect: Connect) -> None:
        super().__init__()
        self.connect = connect

    def choose(self) -> None:
        """Open the dialog now (keys typed after `w` reach it), then fill it in a worker."""
        dialog = SwitcherScreen(
            self.app.session_of(self.screen), self.app.launch.base_url, lambda target: self._connect_to(dialog, target)
        )
        self._switch_when_chosen(ask(self.app, dialog))
        self._list(dialog)

    @work(exclusive=True, group="switch-list", exit_on_error=False)
    async def _list(self, dialog: SwitcherScreen) -> None:
        """Profiles from disk, then the workspaces this screen's credential may list."""
        dialog.show_profiles(await asyncio.to_thread(list_profiles))
        try:
            service = await self.connect()
            workspaces = await service.list_workspaces()
        except ServiceError as error:
            dialog.show_workspaces(None, error.message)
        else:
            self.app.workspace_names.update(dialog.show_workspaces(workspaces))  # the header names the place

    @work(exclusive=True, group="switch-connect", exit_on_error=False)
    async def _connect_to(self, dialog: SwitcherScreen, target: Connection) -> None:
        """Connect and ask for one file: a place that does not answer is not switched to."""
        service: FilesService | None = None
        try:
            service = await FilesService.connect(target)
            await service.list_page(None, 1)
        except ServiceError as error:
            if service is not None:
                await service.close()
            dialog.refused(error.text)
            return
        except asyncio.CancelledError:
            if service is not None:
                await service.close()
            raise
        dialog.chosen(service)

    @work(group="switch", exit_on_error=False)
    async def _switch_when_chosen(self, answer: Awaitable[FilesService | None]) -> None:
        service = await answer
        self.workers.cancel_group(self, "switch-list")
        self.workers.cancel_group(self, "switch-connect")
        if service is not None:
            self.app.switch_session(service)
