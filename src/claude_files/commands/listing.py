"""Finding files for `ls` and `rm --where`: every page, filtered by the query, page by page."""

from __future__ import annotations

import argparse
import sys
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any

from ..model.listing import narrowing_of
from ..service_types import PAGE_SIZE

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..model.query import Query
    from ..service import FilesService


def parse_query(name: str, text: str) -> Query | None:
    """The parsed query, or None after saying on stderr what is wrong and where."""
    from ..model.query import QueryError, parse

    try:
        query = parse(text)
    except QueryError as error:
        marker = " " * error.start + "^" * max(1, error.end - error.start)
        sys.stderr.write(f"claude-files {name}: {error.message}\n  {text}\n  {marker}\n")
        return None
    if query.needs_marks:
        sys.stderr.write(f"claude-files {name}: is:marked means the TUI's marks; a script has none\n")
        return None
    return query


@dataclass
class Listed:
    """How many files the listing returned, before the query's own test (what `rm --all` is about)."""

    count: int = 0


async def matching_pages(
    service: FilesService, query: Query | None, limit: int | None = None, listed: Listed | None = None
) -> AsyncIterator[list[Any]]:
    """Pages of the files `query` selects, newest first, at most `limit` files in all.

    Exact ids (`id=a,b`) are fetched by id and a session scope is listed on the server;
    the rest is tested here, page by page, so the first matches come after the first page.
    `is:duplicate` needs every file first, so that query yields once, at the end.
    `listed` counts the files the server returned.
    """
    remaining = limit
    listed = listed if listed is not None else Listed()
    pins = pinned_ids(service) if query is not None and query.needs_pins else set()  # what `is:pinned` means
    if query is not None and query.needs_duplicates:
        from ..model.query import duplicate_ids

        everything = [row async for page in _pages(service, query, None) for row in page]
        listed.count += len(everything)
        test = query.predicate(datetime.now(UTC), duplicates=duplicate_ids(everything), pins=pins)
        yield [row for row in everything if test(row)][:remaining]
        return
    keep = query.predicate(datetime.now(UTC), pins=pins) if query is not None and not query.is_empty else None
    async for page in _pages(service, query, remaining):
        listed.count += len(page)
        rows = page if keep is None else [row for row in page if keep(row)]
        if remaining is not None:
            rows = rows[:remaining]
            remaining -= len(rows)
        if rows:
            yield rows
        if remaining == 0:
            return


async def _pages(service: FilesService, query: Query | None, limit: int | None) -> AsyncIterator[list[Any]]:
    narrowing = narrowing_of(query)
    if narrowing is not None and narrowing.ids is not None:
        yield await service.list_ids(narrowing.ids)
        return
    filtered = query is not None and not query.is_empty
    size = PAGE_SIZE if filtered or limit is None else max(1, min(PAGE_SIZE, limit))
    scope_id = narrowing.scope_id if narrowing is not None else None
    cursor: str | None = None
    while True:
        page = await service.list_page(cursor, size, scope_id=scope_id)
        yield page.files
        cursor = page.next_page
        if not cursor:
            return


def pinned_ids(service: FilesService) -> set[str]:
    """This connection's pins (the pins file is small: read at once, on the loop)."""
    from ..pins import PinStore, place_of

    return PinStore().ids(place_of(service.identity))


def read_ids(build: argparse.ArgumentParser, given: list[str]) -> list[str]:
    """The ids of the command line, or of stdin for `-` (one a line, as `ls --format ids` prints them)."""
    if given == ["-"]:
        return ids_in(sys.stdin.read().splitlines())
    if "-" in given:
        build.error("- reads ids from stdin; give it alone")
    return list(dict.fromkeys(given))


def ids_in(lines: list[str]) -> list[str]:
    """Ids one per line, as `ls --format ids` prints them; blank lines and # comments skipped."""
    ids = (line.split("#", 1)[0].strip() for line in lines)
    return list(dict.fromkeys(value for value in ids if value))
