"""`claude-files ls [QUERY] [--limit N] [--sort …]`: every matching file, streamed page by page."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..model.listing import SORTS, sort_rows
from . import common
from .listing import matching_pages, parse_query
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
    parser.add_argument("--sort", choices=SORTS, default="newest", help="order (default: newest; others list all first)")
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    text = " ".join(options.query)
    query = parse_query("ls", text) if text.strip() else None
    if text.strip() and query is None:
        return common.EXIT_USAGE
    writer = Writer(common.output_format(options), columns=TABLE_COLUMNS)

    async def command(context: common.Context, service: FilesService) -> int:
        if options.sort == "newest":
            async for page in matching_pages(service, query, options.limit):
                writer.write(map(file_record, page))
        else:
            rows = [row async for page in matching_pages(service, query) for row in page]
            rows = sort_rows(rows, options.sort)[: options.limit]
            writer.write(map(file_record, rows))
        writer.close()
        return common.EXIT_OK

    return common.run("ls", options, command)
