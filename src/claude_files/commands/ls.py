"""`claude-files ls [QUERY] [--limit N] [--sort …]`: every matching file, streamed page by page."""

from __future__ import annotations

import argparse
import heapq
import sys
from collections import deque
from collections.abc import AsyncIterator
from itertools import islice
from typing import TYPE_CHECKING, Any

from ..model.listing import SORT_KEY, SORTS, sort_rows
from ..model.live import DEFAULT_SECONDS
from . import common
from .listing import matching_pages, parse_query
from .output import FILE_FIELDS, Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

TABLE_COLUMNS = (("ID", "id"), ("SIZE", "size_bytes"), ("CREATED", "created_at"), ("NAME", "filename"))
WORKSPACE_COLUMNS = (("WORKSPACE", "workspace_name"), *TABLE_COLUMNS)
WORKSPACE_FIELDS = ("workspace_id", "workspace_name", *FILE_FIELDS)


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "ls",
        "List every file that matches QUERY (all pages; the same query language as the TUI's / filter).",
        [
            ("claude-files ls", "every file, newest first"),
            ("claude-files ls 'age>90d is:uploaded' --format ids", "ids of uploads older than 90 days, one a line"),
            ("claude-files ls --demo type:pdf --sort size --limit 3", "the three largest PDFs of the demo organisation"),
            ("claude-files ls --follow 'name:*.csv' --format ids", "print each new CSV's id as it arrives, until Ctrl-C"),
        ],
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="query terms, all must hold (quote > and <)")
    parser.add_argument("--limit", type=common.positive_count, metavar="N", help="stop after N files")
    parser.add_argument("--sort", choices=SORTS, default="newest", help="order (default: newest; others list all first)")
    parser.add_argument(
        "--follow", action="store_true", help="print only files that arrive from now on, as they arrive, until Ctrl-C (exit 130)"
    )
    parser.add_argument(
        "--interval",
        type=_seconds,
        default=DEFAULT_SECONDS,
        metavar="SECONDS",
        help=f"with --follow: look for new files every SECONDS (default {DEFAULT_SECONDS:g}; longer after a 429)",
    )
    parser.add_argument(
        "--all-workspaces",
        action="store_true",
        help="every workspace of the organization (listed at once), each file with its workspace_id and"
        " workspace_name; needs a credential that may list workspaces",
    )
    return parser


def _seconds(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number of seconds: {text!r}") from None
    if not 0 < value < float("inf"):
        raise argparse.ArgumentTypeError("must be more than 0")
    return value


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    text = " ".join(options.query)
    query = parse_query("ls", text) if text.strip() else None
    if text.strip() and query is None:
        return common.EXIT_USAGE
    if options.follow and (options.sort != "newest" or (query is not None and query.needs_duplicates)):
        why = "--sort" if options.sort != "newest" else "is:duplicate"
        sys.stderr.write(f"claude-files ls: --follow prints files as they arrive; {why} needs every file first\n")
        return common.EXIT_USAGE
    if options.follow and options.all_workspaces:
        sys.stderr.write("claude-files ls: --follow watches one workspace; --all-workspaces cannot be followed\n")
        return common.EXIT_USAGE
    fmt = common.output_format(options)
    if options.all_workspaces:
        writer = Writer(fmt, fields=WORKSPACE_FIELDS, columns=WORKSPACE_COLUMNS, hold_table=True)
    else:
        writer = Writer(fmt, columns=TABLE_COLUMNS)

    record = id_record if writer.fmt == "ids" else file_record  # ids need no JSON of the whole file

    async def command(context: common.Context, service: FilesService) -> int:
        if options.follow:
            from .follow import follow

            return await follow(context, service, query, writer, interval=options.interval, limit=options.limit)
        if options.all_workspaces:
            from .every_workspace import list_every_workspace

            return await list_every_workspace(context, service, query, options, writer)
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
        return sort_rows([row async for page in pages for row in page], sort)
    if sort == "oldest":
        last: deque[Any] = deque(maxlen=limit)
        async for page in pages:
            last.extend(page)
        return list(reversed(last))
    kept: list[Any] = []
    async for page in pages:
        # both in order and the kept rows first: a tie keeps the API's order, as a stable sort does
        kept = list(islice(heapq.merge(kept, sort_rows(page, sort), key=SORT_KEY[sort]), limit))
    return kept
