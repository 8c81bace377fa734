"""`claude-files info ID…`: the metadata of each file; a missing id is reported and exits 1."""

from __future__ import annotations

import argparse
import asyncio
import sys
from typing import TYPE_CHECKING, Any

from ..service_errors import ServiceError
from . import common
from .output import FILE_FIELDS, Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

CONCURRENCY = 8


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "info",
        "Show the metadata of each file, in the order given.",
        [
            ("claude-files info file_011CNha8iCJcU1wXNR6q4V8w", "one file, as a table on a terminal"),
            ("claude-files ls 'name:*.pdf' --format ids | xargs claude-files info --format json", "every PDF's metadata"),
        ],
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="file ids")
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    fmt = common.output_format(options)
    writer = Writer(fmt, key="id")

    async def command(context: common.Context, service: FilesService) -> int:
        ids = list(dict.fromkeys(options.ids))
        gate = asyncio.Semaphore(CONCURRENCY)

        async def one(file_id: str) -> Any:
            async with gate:
                try:
                    return await service.retrieve(file_id)
                except ServiceError as error:
                    if error.kind in common.CONNECTION_KINDS:
                        raise
                    return error

        results = await asyncio.gather(*(one(file_id) for file_id in ids))
        missing = 0
        for file_id, result in zip(ids, results, strict=True):
            if isinstance(result, ServiceError):
                missing += 1
                context.fail(f"{file_id}: {'no such file (404)' if result.kind == 'not_found' else common.words(result)}")
            elif fmt == "table":
                _block(file_record(result), first=writer.count == 0)
                writer.count += 1
            else:
                writer.write([file_record(result)])
        if fmt != "table":
            writer.close()
        return common.EXIT_FAILED if missing else common.EXIT_OK

    return common.run("info", options, command)


def _block(record: dict[str, Any], *, first: bool) -> None:
    """One file as `field: value` lines, files separated by a blank line."""
    from ..text import clean

    lines = [] if first else [""]
    for name in (*FILE_FIELDS, *(key for key in record if key not in FILE_FIELDS)):
        if name in record:
            value = record[name]
            shown = "-" if value is None else f"{value:,} bytes" if name == "size_bytes" else value
            lines.append(f"{name + ':':<14}{clean(shown)}")
    sys.stdout.write("\n".join(lines) + "\n")
    sys.stdout.flush()
