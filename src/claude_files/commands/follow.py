"""`ls --follow [QUERY]`: print the files that match as they arrive, until Ctrl-C.

The newest page is asked for every `--interval` seconds (model/live.py's policy: one request at
a time, no SDK retries, the wait doubling after a 429, 529 or any error up to five minutes, said
on stderr); files it lists for the first time are tested against the query and printed oldest
first, a whole record at a time and flushed, so a pipeline reacts at once and Ctrl-C (exit 130)
never leaves half a line. Files there before the command started are not printed.
"""

from __future__ import annotations

import asyncio
import select
import time
from collections.abc import Callable
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..model.live import Arrivals, LivePolicy, failure_words
from ..service_types import FIRST_PAGE_SIZE, PAGE_SIZE
from . import common
from .output import Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query
    from ..service import FilesService

MAX_PAGES = 10
"""Pages one look reads when every file listed is new (a burst of arrivals between two looks)."""


async def follow(
    context: common.Context,
    service: FilesService,
    query: Query | None,
    writer: Writer,
    *,
    interval: float,
    limit: int | None,
    clock: Callable[[], float] = time.monotonic,
) -> int:
    """Print arrivals until interrupted (or `limit` files have been printed)."""
    from ..service_errors import ServiceError
    from .listing import pinned_ids

    policy = LivePolicy(interval, clock, idle_after=None)
    arrivals = Arrivals()
    pins = pinned_ids(service) if query is not None and query.needs_pins else set()
    scope_id = query.scope_id if query is not None else None
    printed = 0
    try:
        await _look(service, arrivals, scope_id, first=True)  # what is there already: not arrivals
        if context.terminal.tty:
            context.terminal.note("Following new files (Ctrl-C stops)…")
        while limit is None or printed < limit:
            if _reader_gone(writer.stream):
                raise BrokenPipeError  # as the next write would: `| head -1` has what it wanted
            wait = policy.next_at - clock()
            if wait > 0:
                await asyncio.sleep(wait)
                continue
            policy.began()
            try:
                new = await _look(service, arrivals, scope_id)
            except ServiceError as error:
                if error.kind in common.CONNECTION_KINDS - {"network"}:
                    raise  # a key refused or missing: waiting will not mend it
                why = failure_words(error.kind, common.words(error))
                seconds = policy.failed(why)
                context.terminal.note(f"claude-files ls: {why} Next look in {seconds:.0f} s.")
                continue
            if policy.failures:
                context.terminal.note("claude-files ls: the server answers again.")
            policy.answered()
            keep = query.predicate(datetime.now(UTC), pins=pins) if query is not None and not query.is_empty else None
            rows = [row for row in reversed(new) if keep is None or keep(row)]  # oldest first, as they came
            if limit is not None:
                rows = rows[: limit - printed]
            if rows:
                writer.write(map(file_record, rows))
                printed += len(rows)
    finally:
        if writer.fmt == "json":
            writer.close()  # Ctrl-C too: the array is closed, the output a whole JSON document
    if writer.fmt != "json":
        writer.close()
    return common.EXIT_OK


def _reader_gone(stream: Any) -> bool:
    """Has the pipe's reader closed it? Only a write would say so otherwise, and with no new
    file that write never comes (`tail -f` asks the same way)."""
    try:
        fd = stream.fileno()
    except (AttributeError, OSError, ValueError):
        return False
    if not hasattr(select, "poll"):
        return False
    poller = select.poll()
    poller.register(fd, 0)  # errors and hang-ups are always reported
    return any(events & (select.POLLERR | select.POLLHUP) for _, events in poller.poll(0))


async def _look(service: FilesService, arrivals: Arrivals, scope_id: str | None, *, first: bool = False) -> list[Any]:
    """The newest page (and, after the first look, the next ones while everything in them is
    new); the new files, newest first."""
    page = await service.list_page(None, FIRST_PAGE_SIZE, scope_id=scope_id, once=True)
    files = list(page.files)
    pages = 1
    while not first and page.next_page and pages < MAX_PAGES and all(row.id not in arrivals.seen for row in page.files):
        page = await service.list_page(page.next_page, PAGE_SIZE, scope_id=scope_id, once=True)
        files += page.files
        pages += 1
    return arrivals.look(files, more=page.next_page is not None)
