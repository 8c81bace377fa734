"""`claude-files unpin ID… | unpin -`: let rules take these files again (pins are local, see pins.py)."""

from __future__ import annotations

import argparse
from typing import TYPE_CHECKING

from ..pins import PinStore, pins_path, place_of
from . import common
from .listing import read_ids
from .pin import where

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "unpin",
        "Unpin files: ctrl+a, rules and `rm` may select them again. Pins are kept on this machine only,"
        f" per connection, in {pins_path()}; unpinning releases an id under every connection (rm keeps a"
        " pin of any); an id that is not pinned is said and skipped.",
        [
            ("claude-files unpin file_011CNha8iCJcU1wXNR6q4V8w", "one file"),
            ("claude-files ls is:pinned --format ids | claude-files unpin -", "every pin of this connection"),
        ],
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="file ids, or - to read ids from stdin")
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    ids = read_ids(build, options.ids)

    async def command(context: common.Context, service: FilesService) -> int:
        removed = PinStore().change(place_of(service.identity), unpin=ids)[1]
        others = len(ids) - removed
        not_pinned = f" ({others:,} not pinned)" if others else ""
        context.terminal.note(f"Unpinned {removed:,} file{'s' if removed != 1 else ''}{not_pinned}, for {where(service)}.")
        return common.EXIT_OK

    return common.run("unpin", options, command)
