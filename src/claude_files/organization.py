"""Reading every workspace of the organization: concurrently (bounded), each with its own
anthropic-workspace-id, into the figures of model/organization.py.

Shared by the TUI's organization view and `claude-files du/ls --all-workspaces`. A workspace
that cannot be read (403: the credential is not a member) is kept with the reason, never left
out. No SDK import here: the service does the talking.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from . import formatting
from .model.organization import Organization, Tally, WorkspaceFigures
from .service_errors import ServiceError
from .service_types import PAGE_SIZE, WorkspaceInfo

if TYPE_CHECKING:  # pragma: no cover - typing only
    from .service import FilesService

CONCURRENCY = 10  # workspaces listed at once; each one's pages follow its cursor, one after another
DEFAULT_ID = "default"  # how the Admin API lists the default workspace: read without a header
Pages = Callable[["FilesService"], AsyncIterator[list[Any]]]


async def all_pages(service: FilesService) -> AsyncIterator[list[Any]]:
    """Every file of the service's workspace as JSON records, a page (1,000) at a time."""
    cursor: str | None = None
    while True:
        records, cursor = await service.list_records(cursor, PAGE_SIZE)
        yield records
        if not cursor:
            return


CANNOT_LIST = "this credential may not list the organization's workspaces; --all-workspaces needs one that may (an Admin API key)"
"""What `du` and `ls --all-workspaces` say (exit 3) to a credential that cannot list workspaces."""


def reason(error: ServiceError) -> str:
    """Why a workspace could not be read, in a few words (the API's own for a refusal)."""
    if error.kind == "permission" and error.hint.advice:  # the advice only: its step is each front end's to word
        return f"{error.message} {error.hint.advice}"
    return error.message


async def workspaces(service: FilesService) -> list[WorkspaceInfo] | None:
    """Every workspace the organization has (the default and archived ones too), or None when
    this credential may not list them."""
    return await service.list_workspaces(every=True)


async def for_each_workspace(
    service: FilesService,
    listed: list[WorkspaceInfo],
    read: Callable[[WorkspaceInfo, FilesService], Any],
    concurrency: int = CONCURRENCY,
) -> list[Any]:
    """`read(workspace, its service)` for every workspace, at most `concurrency` at once; results in list order."""
    gate = asyncio.Semaphore(concurrency)

    async def one(info: WorkspaceInfo) -> Any:
        async with gate:
            return await read(info, service.in_workspace(None if info.id == DEFAULT_ID else info.id))

    return list(await asyncio.gather(*(one(info) for info in listed)))


async def read_organization(
    service: FilesService,
    *,
    pages: Pages = all_pages,
    listed: list[WorkspaceInfo] | None = None,
    on_change: Callable[[Organization], None] | None = None,
    concurrency: int = CONCURRENCY,
) -> Organization | None:
    """Every workspace's figures against the cap, or None when workspaces may not be listed.

    `pages` lists one workspace (default: all its files); `on_change` sees the figures grow,
    page by page, each workspace's row marked complete once its last page is in.
    """
    if listed is None:
        listed = await workspaces(service)
        if listed is None:
            return None
    now = formatting.now()  # the clock the overview reads (frozen in the pictures' tests)
    organization = Organization(now, tuple(WorkspaceFigures(w.id, w.name, archived=w.archived) for w in listed))
    if on_change is not None:
        on_change(organization)

    def update(figures: WorkspaceFigures) -> None:
        nonlocal organization
        organization = organization.with_workspace(figures)
        if on_change is not None:
            on_change(organization)

    async def read(info: WorkspaceInfo, workspace: FilesService) -> None:
        base = WorkspaceFigures(info.id, info.name, archived=info.archived)
        tally = Tally(now)
        try:
            async for page in pages(workspace):
                tally.add(page)
                update(tally.figures(base, complete=False))
        except ServiceError as error:
            if error.kind in ("no_key", "auth", "network"):
                raise  # the connection itself: no workspace would do better
            update(replace(base, error=reason(error), complete=True))
            return
        update(tally.figures(base, complete=True))

    await for_each_workspace(service, listed, read, concurrency)
    return organization
