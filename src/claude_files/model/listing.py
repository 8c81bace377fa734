"""What the TUI and the CLI both derive before listing files: the order rows are shown in, and
how the server can list just the files a query can match. Pure: the list calls themselves are
made by components/loader.py and commands/listing.py, from this."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, TypeVar

from claude_files.model.rows import Row

if TYPE_CHECKING:
    from claude_files.model.query import Query

SORTS: tuple[str, ...] = ("newest", "oldest", "name", "size")
"""The orders, the API's own (newest first) first."""

R = TypeVar("R", bound=Row)


def sort_rows(rows: Iterable[R], sort: str) -> list[R]:
    """`rows` (in the API's order, newest first) in the order `sort` names, as a new list."""
    ordered = list(rows)
    if sort == "oldest":
        ordered.reverse()
    elif sort in SORT_KEY:
        ordered.sort(key=SORT_KEY[sort])
    return ordered


SORT_KEY: dict[str, Callable[[Any], Any]] = {
    "name": lambda row: row.filename.casefold(),
    "size": lambda row: -row.size_bytes,
}
"""The key of each sort that is not the API's order (or its reverse): stable, so ties keep the
API's order; `ls --sort … --limit` merges pages by it."""


@dataclass(frozen=True)
class Narrowing:
    """The list request that returns every file a query can match and few others: by exact ids
    (the query's `id=a,b`, at most the 100 one request takes) or by agent session (`scope:ID`)."""

    ids: tuple[str, ...] | None = None
    scope_id: str | None = None

    def __str__(self) -> str:
        return "ids:" + ",".join(self.ids) if self.ids is not None else f"scope:{self.scope_id}"


def narrowing_of(query: Query | None) -> Narrowing | None:
    """How the server can narrow the listing for `query`; None when only every page will do."""
    if query is None:
        return None
    if query.ids is not None:
        return Narrowing(ids=query.ids)
    if query.scope_id is not None:
        return Narrowing(scope_id=query.scope_id)
    return None
