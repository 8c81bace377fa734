"""`claude-files pin ID… | pin - | pin --export | pin --import FILE` (and `unpin`, unpin.py).

A pinned file is never selected by ctrl+a, a rule or `rm -`: deleting it means unpinning it
first. Pins live on this machine only (pins.py); export and import carry them elsewhere.
"""

from __future__ import annotations

import argparse
import json
import sys
from typing import TYPE_CHECKING, Any

from ..pins import LOCAL_NOTE, Pin, PinsError, PinStore, now_text, pins_path, place_of, read_import
from . import common
from .listing import read_ids

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "pin",
        "Pin files so that rules never take them: ctrl+a, `rm --where` and `rm -` keep a pinned file;"
        " to delete one, unpin it first. Pins are kept on this machine only, per connection (base URL and"
        f" workspace), in {pins_path()}: other machines and colleagues do not see them until you --export"
        " them and they --import the file.",
        [
            ("claude-files pin file_011CNha8iCJcU1wXNR6q4V8w", "pin one file (its id is checked on the server)"),
            ("claude-files ls 'name:contract-*' --format ids | claude-files pin -", "pin what a listing printed"),
            ("claude-files ls is:pinned", "the pinned files that still exist"),
            ("claude-files pin --export > pins.json", "this connection's pins as JSON, for another machine"),
            ("claude-files pin --import pins.json", "add them there (merged; ids checked on the server)"),
        ],
    )
    parser.add_argument("ids", nargs="*", metavar="ID", help="file ids, or - to read ids from stdin")
    parser.add_argument("--export", action="store_true", help="print this connection's pins as JSON on stdout")
    parser.add_argument("--import", dest="import_from", metavar="FILE", help="add the pins of an export (- reads stdin)")
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    if sum((bool(options.ids), options.export, options.import_from is not None)) != 1:
        build.error("give file ids, - (ids on stdin), --export or --import FILE, one of them")
    if options.import_from is not None:
        try:
            text = sys.stdin.read() if options.import_from == "-" else _read(options.import_from)
            pins, not_pins = read_import(text)
        except PinsError as error:
            sys.stderr.write(f"claude-files pin: {options.import_from}: {error}\n")
            return common.EXIT_USAGE
        return common.run("pin", options, lambda context, service: _import(context, service, pins, not_pins))
    if options.export:
        return common.run("pin", options, _export)
    ids = read_ids(build, options.ids)
    return common.run("pin", options, lambda context, service: _pin(context, service, ids))


def where(service: FilesService) -> str:
    identity = service.identity
    return identity.label + (f", workspace {identity.workspace}" if identity.workspace else "")


def _read(path: str) -> str:
    try:
        with open(path, encoding="utf-8") as source:
            return source.read()
    except (OSError, UnicodeDecodeError) as error:
        raise PinsError(f"cannot read it ({getattr(error, 'strerror', None) or error})") from None


async def _pin(context: common.Context, service: FilesService, ids: list[str]) -> int:
    from .rm import _rows_by_id

    rows, missing = await _rows_by_id(service, ids)
    for file_id in missing:
        context.fail(f"{file_id}: no such file; not pinned")
    added = _add(service, rows)
    before = len(rows) - added
    already = f" ({before:,} already pinned)" if before else ""
    context.terminal.note(f"Pinned {_files(added)} on this machine{already}, for {where(service)}.")
    return common.EXIT_FAILED if missing else common.EXIT_OK


def _add(service: FilesService, rows: list[Any], pinned_at: dict[str, str] | None = None) -> int:
    stamp = now_text()
    pins = [Pin(row.id, row.filename, (pinned_at or {}).get(row.id) or stamp) for row in rows]
    return PinStore().change(place_of(service.identity), pin=pins)[0]


async def _export(context: common.Context, service: FilesService) -> int:
    data = PinStore().export(place_of(service.identity))
    json.dump(data, sys.stdout, indent=1, ensure_ascii=False)
    sys.stdout.write("\n")
    sys.stdout.flush()
    context.terminal.note(f"Exported {_pins(len(data['pins']))} of {where(service)}. {LOCAL_NOTE}")
    return common.EXIT_OK


async def _import(context: common.Context, service: FilesService, pins: list[Pin], not_pins: int) -> int:
    """Merge an export's pins into this connection's, keeping only ids that are files here."""
    from .rm import _rows_by_id

    rows, missing = await _rows_by_id(service, [pin.file_id for pin in pins])
    added = _add(service, rows, {pin.file_id: pin.pinned_at for pin in pins})
    line = f"Imported {_pins(added)} for {where(service)}"
    if len(rows) > added:
        line += f"; {len(rows) - added:,} already pinned"
    if missing:
        line += f"; {_files(len(missing))} not on this connection skipped"
    if not_pins:
        line += f"; {not_pins:,} entr{'ies' if not_pins != 1 else 'y'} not a file id skipped"
    if missing or not_pins:
        context.terminal.error(line + ".")
        return common.EXIT_FAILED
    context.terminal.note(line + ".")
    return common.EXIT_OK


def _files(count: int) -> str:
    return f"{count:,} file{'s' if count != 1 else ''}"


def _pins(count: int) -> str:
    return f"{count:,} pin{'s' if count != 1 else ''}"
