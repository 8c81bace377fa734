"""`claude-files log [QUERY]`: the record of every delete claude-files made on this machine, newest first.

Read from the local record (deletions.py), so it needs no key and no connection; the
global connection options are accepted and change nothing. Same formats and query language
as `ls`, plus `deleted<7d` (deleted in the last 7 days), `outcome:failed` and `by:stdin`.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from typing import Any

from ..deletions import DeletionRecord, RecordError
from . import common
from .output import Writer

LOG_FIELDS = (
    "deleted_at",
    "outcome",
    "id",
    "filename",
    "mime_type",
    "size_bytes",
    "created_at",
    "downloadable",
    "scope",
    "selected_by",
    "reason",
    "host",
    "profile",
    "workspace",
    "base_url",
)
TABLE_COLUMNS = (
    ("DELETED", "deleted_at"),
    ("OUTCOME", "outcome"),
    ("SIZE", "size_bytes"),
    ("ID", "id"),
    ("SELECTED BY", "selected_by"),
    ("NAME", "filename"),
)


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "log",
        "List the record of deletes made by claude-files on this machine (the TUI's L), newest first."
        " Outcomes: deleted, gone (already gone), failed, kept (archiving failed), abandoned (left in flight), not_started,"
        " unknown (the process ended before the server answered).",
        [
            ("claude-files log 'deleted<7d type:pdf'", "PDFs deleted in the last 7 days"),
            ("claude-files log outcome:failed,unknown --format jsonl", "deletes that did not surely happen, as JSON"),
            ("claude-files log by:stdin --format ids", "ids of files deleted from ids piped to rm -"),
        ],
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="query terms, all must hold (quote > and <)")
    parser.add_argument("--limit", type=common.positive_count, metavar="N", help="stop after N entries")
    return parser


def main(argv: list[str]) -> int:
    options = build_parser().parse_args(argv)
    text = " ".join(options.query)
    keep: Callable[[Any], bool] | None = None
    if text.strip():
        from datetime import UTC, datetime

        from ..model.query import QueryError, parse

        try:
            query = parse(text, record=True)
        except QueryError as error:
            marker = " " * error.start + "^" * max(1, error.end - error.start)
            sys.stderr.write(f"claude-files log: {error.message}\n  {text}\n  {marker}\n")
            return common.EXIT_USAGE
        if query.needs_marks or query.needs_duplicates:
            sys.stderr.write("claude-files log: is:marked and is:duplicate mean files on the server, not the record\n")
            return common.EXIT_USAGE
        keep = query.predicate(datetime.now(UTC))
    try:
        entries = DeletionRecord().entries()
    except RecordError as error:
        sys.stderr.write(f"claude-files log: cannot read the delete record {error.path}: {error.reason}\n")
        return common.EXIT_FAILED
    if keep is not None:
        entries = [entry for entry in entries if keep(entry)]
    writer = Writer(common.output_format(options), fields=LOG_FIELDS, columns=TABLE_COLUMNS)
    try:
        writer.write(entry.record() for entry in entries[: options.limit])
        writer.close()
    except BrokenPipeError:  # `… | head`: the reader has what it wanted
        common.silence_stdout()
    return common.EXIT_OK
