"""`claude-files ls [QUERY] [--limit N] [--sort …]`: every matching file, streamed page by page."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from ..model.live import DEFAULT_SECONDS
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
            ("claude-files ls --follow 'name:*.csv' --format ids", "print each new CSV's id as it arrives, until Ctrl-C"),
        ],
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="query terms, all must hold (quote > and <)")
    parser.add_argument("--limit", type=common.positive_count, metavar="N", help="stop after N files")
    parser.add_argument("--sort", choices=SORT_KEYS, default="newest", help="order (default: newest; others list all first)")
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
    writer = Writer(common.output_format(options), columns=TABLE_COLUMNS)

    async def command(context: common.Context, service: FilesService) -> int:
        if options.follow:
            from .follow import follow

            return await follow(context, service, query, writer, interval=options.interval, limit=options.limit)
        if options.sort == "newest":
            async for page in matching_pages(service, query, options.limit):
                writer.write(map(file_record, page))
        else:
            rows = [row async for page in matching_pages(service, query) for row in page]
            rows = sorted_rows(rows, options.sort)[: options.limit]
            writer.write(map(file_record, rows))
        writer.close()
        return common.EXIT_OK

    return common.run("ls", options, command)
