"""The organization view's network work: list the workspaces, read each one's figures, and
connect to the one chosen. It reports by messages; the screens only draw."""

from __future__ import annotations

import asyncio
import dataclasses

from textual import work
from textual.message import Message

from ..model.organization import Organization
from ..organization import DEFAULT_ID, read_organization, workspaces
from ..service import FilesService
from ..service_errors import ServiceError
from ..service_types import WorkspaceInfo
from .base import Component, Connect


class OrganizationJobs(Component):
    """Handed the overview's connection (`connect`); a workspace chosen gets a connection of its own."""

    def __init__(self, connect: Connect) -> None:
        super().__init__()
        self.connect = connect

    class Listed(Message):
        """The workspaces the credential may list (None: it may not)."""

        def __init__(self, jobs: OrganizationJobs, listed: list[WorkspaceInfo] | None) -> None:
            super().__init__()
            self.jobs = jobs
            self.listed = listed

        @property
        def control(self) -> OrganizationJobs:
            return self.jobs

    class Changed(Message):
        """The figures grew (a page of some workspace came in, or a workspace failed)."""

        def __init__(self, jobs: OrganizationJobs, organization: Organization) -> None:
            super().__init__()
            self.jobs = jobs
            self.organization = organization

        @property
        def control(self) -> OrganizationJobs:
            return self.jobs

    class Connected(Message):
        """A connection to the chosen workspace that answered (the app switches to it)."""

        def __init__(self, jobs: OrganizationJobs, service: FilesService) -> None:
            super().__init__()
            self.jobs = jobs
            self.service = service

        @property
        def control(self) -> OrganizationJobs:
            return self.jobs

    @work(exclusive=True, group="organization-list", exit_on_error=False)
    async def list_workspaces(self) -> None:
        try:
            listed = await workspaces(await self.connect())
        except ServiceError:
            listed = None  # the overview simply offers no organization view
        self.post_message(self.Listed(self, listed))

    @work(exclusive=True, group="organization-read", exit_on_error=False)
    async def read(self, listed: list[WorkspaceInfo] | None = None) -> None:
        service = await self.connect()

        def changed(organization: Organization) -> None:
            self.post_message(self.Changed(self, organization))

        try:
            await read_organization(service, listed=listed, on_change=changed)
        except ServiceError as error:
            self.say(f"The organization could not be read: {error.text}", error=True)

    @work(exclusive=True, group="organization-connect", exit_on_error=False)
    async def open_workspace(self, workspace: WorkspaceInfo) -> None:
        """Connect as `w` would and ask for one file: a workspace that does not answer is not opened."""
        session = self.app.session_of()
        if session.connection is None:
            return
        target = dataclasses.replace(session.connection, workspace=None if workspace.id == DEFAULT_ID else workspace.id)
        service: FilesService | None = None
        try:
            service = await FilesService.connect(target, timeouts=self.app.launch.timeouts)
            await service.list_page(None, 1)
        except ServiceError as error:
            if service is not None:
                await service.close()
            self.say(f"Workspace {workspace.name or workspace.id} could not be opened: {error.text}", error=True)
            return
        except asyncio.CancelledError:
            if service is not None:
                await service.close()
            raise
        if workspace.name and workspace.id != DEFAULT_ID:
            self.app.workspace_names[workspace.id] = workspace.name  # the header names the place
        self.post_message(self.Connected(self, service))
