"""The scripting subcommands: `claude-files ls | info | put | get | rm | restore | log | pin | unpin | ask | du`.

Each lives in its own module and imports only what it needs; none imports Textual, so a
cron job pays for the SDK and nothing else. `run(name, argv)` is what cli.py calls.
"""

from __future__ import annotations

import importlib

SUBCOMMANDS: dict[str, str] = {
    "ls": "list files, filtered by a query",
    "info": "show the metadata of files by id",
    "put": "upload files (folders with -r)",
    "get": "download files (atomically; -o - to stdout)",
    "rm": "delete files by id, from stdin or by query",
    "restore": "upload deleted files again from their archived or local copy",
    "log": "the record of every delete made here, filtered by a query (the TUI's L)",
    "pin": "pin files so rules never delete them (on this machine); --export/--import",
    "unpin": "unpin files",
    "ask": "ask Claude about a file, answer streamed to stdout",
    "du": "what fills the storage: totals and breakdowns (the TUI's U)",
}


def run(name: str, argv: list[str]) -> int:
    """Run subcommand `name` with its own arguments; returns the exit status."""
    module = importlib.import_module(f"{__name__}.{name}")
    status: int = module.main(argv)
    return status
