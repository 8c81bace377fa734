"""`claude-files restore ID…`: upload deleted files again, from an archive folder or the upload ledger.

The archived copy (`rm --archive DIR`, or the TUI's "archive first"; the delete record knows
where) is checked against its sha256 before it is sent; an upload's local file is used only
while it still matches the hash the ledger took. One line per file: the old id beside the new
one, or why it cannot come back. A file restored before, or being restored by another run, is
not sent again (restores.py claims each id): one restored before is done as asked (exit 0),
one another run is restoring is not done by this one (exit 1).
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING

from ..service_errors import ServiceError
from . import common
from .output import Writer

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

RESULT_FIELDS = ("old_id", "new_id", "filename", "source", "path", "status", "error")
RESULT_COLUMNS = (
    ("STATUS", "status"),
    ("OLD ID", "old_id"),
    ("NEW ID", "new_id"),
    ("NAME", "filename"),
    ("SOURCE", "source"),
    ("REASON", "error"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "restore",
        "Upload deleted files again under new ids: from the copy rm --archive wrote (the delete record knows"
        " where), else an archive folder, else from the"
        " local file this machine uploaded, while its sha256 still matches. A file with no copy says why;"
        " one restored before (its new file still there) is not sent again.",
        [
            ("claude-files restore file_011CNha8iCJcU1wXNR6q4V8w --from ~/cf-archive", "one file from an archive folder"),
            ("claude-files restore - --format table < deleted-ids.txt", "ids on stdin, from the default archive folder"),
        ],
    )
    parser.add_argument("ids", nargs="+", metavar="ID", help="ids of deleted files, or - to read them from stdin")
    parser.add_argument(
        "--from",
        dest="roots",
        action="append",
        metavar="DIR",
        help="an archive folder to look in after the one the delete record names"
        " (repeatable; default: the TUI's archive folder from the settings)",
    )
    parser.add_argument(
        "--again",
        action="store_true",
        help="upload another copy even of a file restored before whose new file is still there",
    )
    return parser


def main(argv: list[str]) -> int:

    from .listing import read_ids

    build = build_parser()
    options = build.parse_args(argv)
    ids = read_ids(build, options.ids)
    from ..archive import default_dir

    roots = [Path(root).expanduser() for root in options.roots] if options.roots else [default_dir()]
    writer = Writer(common.output_format(options), fields=RESULT_FIELDS, columns=RESULT_COLUMNS, key="new_id", hold_table=True)

    async def command(context: common.Context, service: FilesService) -> int:
        from ..ledger import Ledger
        from ..restores import CannotRestore, restore

        ledger = Ledger()
        failed = 0
        context.on_interrupt = lambda: None  # the first Ctrl-C: the file being sent finishes, no other starts
        for file_id in ids:
            if context.interrupted:
                break
            try:
                done = await restore(service, file_id, roots, ledger, again=options.again)
            except CannotRestore as error:
                failed += 1
                context.fail(f"{file_id}: {error.reason}")
                writer.write([{"old_id": file_id, "status": error.status, "error": error.reason}])
                continue
            except ServiceError as error:
                if error.kind in common.CONNECTION_KINDS:
                    raise
                failed += 1
                context.fail(f"{file_id}: not restored: {common.words(error)}")
                writer.write([{"old_id": file_id, "status": "failed", "error": common.words(error)}])
                continue
            if done.status == "already_restored":  # what was asked holds already: a re-run succeeds
                again = "nothing uploaded (--again sends another copy)"
                context.terminal.note(f"{file_id}: already restored as {done.new_id}, still on the server; {again}")
            writer.write(
                [
                    {
                        "old_id": done.old_id,
                        "new_id": done.new_id,
                        "filename": done.filename,
                        "source": done.source,
                        "path": done.path,
                        "status": done.status,
                    }
                ]
            )
        writer.close()
        context.terminal.note(f"Restored {len(ids) - failed:,} of {len(ids):,} files.")
        return common.EXIT_FAILED if failed else common.EXIT_OK

    return common.run("restore", options, command)
