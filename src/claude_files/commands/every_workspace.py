"""`ls --all-workspaces`: every workspace's matching files, each record naming its workspace.

Piped in the API's order (jsonl, json, csv, ids), the workspaces are listed at once and each page
is written as it arrives, so memory stays flat however many files the organization holds:
records of different workspaces interleave, each workspace's own newest first. A table,
--limit or another --sort needs the records first: they come workspace by workspace in the
order the workspaces are listed (or sorted together), and only then are written.
"""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING, Any

from . import common
from .listing import matching_pages
from .output import Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query
    from ..service import FilesService
    from ..service_errors import ServiceError
    from ..service_types import WorkspaceInfo

STOPS_EVERY_WORKSPACE = ("no_key", "auth", "network")
"""Errors that would end every workspace alike: the command stops with them. Others name the
workspace they happened in (a 403 for a workspace the key may not read) and the rest goes on."""


async def list_every_workspace(
    context: common.Context, service: FilesService, query: Query | None, options: argparse.Namespace, writer: Writer
) -> int:
    from ..organization import CANNOT_LIST, workspaces

    listed = await workspaces(service)
    if listed is None:
        context.fail(CANNOT_LIST)
        return common.EXIT_CONNECTION
    if options.sort == "newest" and options.limit is None and writer.fmt != "table":
        failed = await _as_pages_arrive(service, listed, query, writer)
    else:
        failed = await _held(service, listed, query, options.sort, options.limit, writer)
    writer.close()
    for info, words in failed:
        context.fail(f"workspace {info.name or info.id} ({info.id}) could not be read: {words}")
    return common.EXIT_FAILED if failed else common.EXIT_OK


def _records(info: WorkspaceInfo, page: list[Any]) -> list[dict[str, Any]]:
    return [{"workspace_id": info.id, "workspace_name": info.name, **file_record(row)} for row in page]


def _words_for(error: ServiceError) -> str:
    """Why one workspace could not be read, or the error raised again when it ends every one."""
    from ..organization import reason

    if error.kind in STOPS_EVERY_WORKSPACE:
        raise error
    return reason(error)


async def _as_pages_arrive(
    service: FilesService, listed: list[WorkspaceInfo], query: Query | None, writer: Writer
) -> list[tuple[WorkspaceInfo, str]]:
    """Every workspace listed at once, each page written and let go as it arrives."""
    from ..organization import for_each_workspace
    from ..service_errors import ServiceError

    async def read(info: WorkspaceInfo, workspace: FilesService) -> str | None:
        try:
            async for page in matching_pages(workspace, query):
                writer.write(_records(info, page))  # one page at a time: the event loop has one writer
        except ServiceError as error:
            return _words_for(error)
        return None

    found = await for_each_workspace(service, listed, read)
    return [(info, words) for info, words in zip(listed, found, strict=True) if words is not None]


async def _held(
    service: FilesService, listed: list[WorkspaceInfo], query: Query | None, sort: str, limit: int | None, writer: Writer
) -> list[tuple[WorkspaceInfo, str]]:
    """Every record read first: in the workspaces' order (each at most `limit`), or sorted."""
    from ..organization import for_each_workspace
    from ..service_errors import ServiceError

    async def read(info: WorkspaceInfo, workspace: FilesService) -> list[dict[str, Any]] | str:
        try:
            pages = matching_pages(workspace, query, limit if sort == "newest" else None)
            return [record async for page in pages for record in _records(info, page)]
        except ServiceError as error:
            return _words_for(error)

    found = await for_each_workspace(service, listed, read)
    records = [record for rows in found if isinstance(rows, list) for record in rows]
    if sort != "newest":
        records = _sorted(records, sort)
    writer.write(records[:limit])
    return [(info, words) for info, words in zip(listed, found, strict=True) if isinstance(words, str)]


def _sorted(records: list[dict[str, Any]], sort: str) -> list[dict[str, Any]]:
    """--sort across workspaces, on the records' JSON fields (ISO times sort as text)."""
    if sort == "oldest":
        return sorted(records, key=lambda record: record["created_at"])
    if sort == "name":
        return sorted(records, key=lambda record: record["filename"].casefold())
    return sorted(records, key=lambda record: record["size_bytes"], reverse=True)
