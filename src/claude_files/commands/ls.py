"""`claude-files ls [QUERY] [--limit N] [--sort …]`: every matching file, streamed page by page."""

from __future__ import annotations

import argparse
import heapq
from collections import deque
from collections.abc import AsyncIterator, Callable
from itertools import islice
from typing import TYPE_CHECKING, Any

from . import common
from .listing import SORT_KEYS, matching_pages, parse_query, sorted_rows
from .output import Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

TABLE_COLUMNS = (("ID", "id"), ("SIZE", "size_bytes"), ("CREATED", "created_at"), ("NAME", "filename"))


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "ls",
        "List every file that matches QUERY (all pages; the same query language as the TUI's / filter).",
        [
            ("claude-files ls", "every file, newest first"),
            ("claude-files ls 'age>90d is:uploaded' --format ids", "ids of uploads older than 90 days, one a line"),
            ("claude-files ls --demo type:pdf --sort size --limit 3", "the three largest PDFs of the demo organisation"),
        ],
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="query terms, all must hold (quote > and <)")
    parser.add_argument("--limit", type=common.positive_count, metavar="N", help="stop after N files")
    parser.add_argument("--sort", choices=SORT_KEYS, default="newest", help="order (default: newest; others list all first)")
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    text = " ".join(options.query)
    query = parse_query("ls", text) if text.strip() else None
    if text.strip() and query is None:
        return common.EXIT_USAGE
    writer = Writer(common.output_format(options), columns=TABLE_COLUMNS)

    record = id_record if writer.fmt == "ids" else file_record  # ids need no JSON of the whole file

    async def command(context: common.Context, service: FilesService) -> int:
        pages = matching_pages(service, query, options.limit if options.sort == "newest" else None)
        if options.sort == "newest":  # the API's order: each page printed as it arrives and let go
            async for page in pages:
                writer.write(map(record, page))
        else:
            writer.write(map(record, await sorted_all(pages, options.sort, options.limit)))
        writer.close()
        return common.EXIT_OK

    return common.run("ls", options, command)


def id_record(row: Any) -> dict[str, Any]:
    return {"id": row.id}


async def sorted_all(pages: AsyncIterator[list[Any]], sort: str, limit: int | None) -> list[Any]:
    """Every matching file in `sort` order: a sort must see every file before the first line.

    Without --limit every row is held; with it only the first `limit` so far (for `oldest`, the
    last `limit` of the API's newest-first order), merged page by page, so memory stays bounded.
    """
    if limit is None:
        return sorted_rows([row async for page in pages for row in page], sort)
    if sort == "oldest":
        last: deque[Any] = deque(maxlen=limit)
        async for page in pages:
            last.extend(page)
        return list(reversed(last))
    kept: list[Any] = []
    async for page in pages:
        # both in order and the kept rows first: a tie keeps the API's order, as a stable sort does
        kept = list(islice(heapq.merge(kept, sorted_rows(page, sort), key=SORT_KEY[sort]), limit))
    return kept


SORT_KEY: dict[str, Callable[[Any], Any]] = {
    "name": lambda row: row.filename.casefold(),
    "size": lambda row: -row.size_bytes,
}
