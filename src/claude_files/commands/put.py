"""`claude-files put PATH… [--expires DURATION] [-r]`: upload, with the TUI's refusals.

Every path is checked before any network traffic (empty, folder, FIFO, over 500 MB, a
name the API refuses), exactly as the upload dialog checks it. Folders are walked only
with -r; their files upload a few at a time. One result per file: the new id or the reason.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..jobs import Bounded
from ..service_errors import ServiceError
from ..service_types import MAX_EXPIRES_SECONDS, MIN_EXPIRES_SECONDS
from . import common
from .output import Writer, file_record

if TYPE_CHECKING:  # pragma: no cover - typing only
    from ..service import FilesService

PROGRESS_INTERVAL = 0.1
RESULT_FIELDS = ("path", "status", "id", "filename", "size_bytes", "mime_type", "created_at", "expires_at", "error")
RESULT_COLUMNS = (("STATUS", "status"), ("ID", "id"), ("PATH", "path"), ("REASON", "error"))


def build_parser() -> argparse.ArgumentParser:
    parser = common.parser(
        "put",
        "Upload files. Refused before any upload: empty files, folders (without -r), pipes and devices,"
        " files over 500 MB and names the API does not accept.",
        [
            ("claude-files put report.pdf", "one file; prints its new id"),
            ("claude-files put -r exports/ --expires 7d --format ids", "a folder's files, expiring in a week; ids only"),
        ],
    )
    parser.add_argument("paths", nargs="+", metavar="PATH", help="files (and folders with -r)")
    parser.add_argument("-r", "--recursive", action="store_true", help="upload the files under folders")
    parser.add_argument("--expires", metavar="DURATION", help="delete after DURATION, 1h to 90d (e.g. 12h, 7d)")
    parser.add_argument("--concurrency", type=int, default=4, metavar="N", help="uploads at once (default 4)")
    parser.add_argument(
        "--skip-duplicates",
        action="store_true",
        help="a file this machine already uploaded here (same sha256, still on the server) is not sent again: its id is printed",
    )
    return parser


def main(argv: list[str]) -> int:
    build = build_parser()
    options = build.parse_args(argv)
    expires = _seconds(build, options.expires) if options.expires else None
    if expires is not None and not MIN_EXPIRES_SECONDS <= expires <= MAX_EXPIRES_SECONDS:
        build.error(f"--expires must be between 1h and 90d (what the Files API accepts), not {options.expires}")
    if not 1 <= options.concurrency <= 16:
        build.error("--concurrency must be between 1 and 16")
    from ..localfs import check_upload

    candidates = [check_upload(path) for text in options.paths for path in _expanded(text, options.recursive)]
    for candidate in candidates:
        if candidate.problem and candidate.path.is_dir():
            candidate.problem += " (-r uploads the files under it)"
    writer = Writer(common.output_format(options), fields=RESULT_FIELDS, columns=RESULT_COLUMNS, hold_table=True)

    async def command(context: common.Context, service: FilesService) -> int:
        from ..ledger import Ledger, Place, find_duplicate, record_upload

        ledger = Ledger()
        place = Place.of(service.identity)
        unrecorded = await asyncio.to_thread(ledger.problem) if options.skip_duplicates else None
        if unrecorded:
            context.fail(
                f"--skip-duplicates: uploads cannot be remembered ({unrecorded}), so later runs will send these"
                " files again; set CLAUDE_FILES_LEDGER to a writable path"
            )
        refused = [candidate for candidate in candidates if candidate.problem]
        for candidate in refused:
            context.fail(f"refused: {_refusal(candidate)}")
            writer.write([{"path": str(candidate.path), "status": "refused", "error": candidate.problem}])
        good = [candidate for candidate in candidates if not candidate.problem]
        failed = 0
        duplicates = 0
        sent: dict[str, int] = {}
        last = 0.0

        def progress(name: str, done: int) -> None:
            nonlocal last
            sent[name] = done
            now = time.monotonic()
            if now - last >= PROGRESS_INTERVAL:
                last = now
                total = sum(candidate.size for candidate in good)
                files = f"{len(sent)} of {len(good)} files"
                context.terminal.progress(f"Uploading: {sum(sent.values()):,} of {total:,} bytes, {files}")

        full = False  # storage refused a file: say where the organization's bytes are

        async def upload(candidate: Any) -> None:
            nonlocal failed, duplicates, full
            key = str(candidate.path)
            sha256 = None
            try:
                if options.skip_duplicates:
                    sha256, duplicate = await find_duplicate(ledger, place, service, candidate.path, candidate.size)
                    if duplicate is not None:
                        duplicates += 1
                        context.terminal.note(f"{key}: already uploaded as {duplicate.meta.id}; not sent again")
                        writer.write([{"path": key, "status": "duplicate", **file_record(duplicate.meta)}])
                        return
                with open(candidate.path, "rb") as source:
                    meta = await service.upload(
                        source,
                        candidate.filename,
                        candidate.mime_type,
                        expires_in_seconds=expires,
                        progress=lambda done: progress(key, done),
                    )
            except ServiceError as error:
                if error.kind in common.CONNECTION_KINDS:
                    raise
                failed += 1
                full = full or error.kind == "quota"
                context.fail(f"{key}: not uploaded: {common.words(error)}")
                writer.write([{"path": key, "status": "failed", "error": common.words(error)}])
                return
            except OSError as error:
                failed += 1
                context.fail(f"{key}: not uploaded: {error.strerror or error}")
                writer.write([{"path": key, "status": "failed", "error": error.strerror or str(error)}])
                return
            await record_upload(ledger, place, meta, candidate.path, sha256)
            writer.write([{"path": key, "status": "uploaded", **file_record(meta)}])

        job = Bounded(good, options.concurrency)
        context.on_interrupt = job.stop
        try:
            await job.run(upload)
        except asyncio.CancelledError:
            context.terminal.clear_progress()
            context.fail("interrupted: uploads in flight were abandoned; files listed above as uploaded are on the server")
            return common.EXIT_INTERRUPTED
        context.terminal.clear_progress()
        if job.pending:
            context.fail(f"stopped: {len(job.pending):,} files not started")
            for candidate in job.pending:
                writer.write([{"path": str(candidate.path), "status": "not_started", "error": "stopped by Ctrl-C"}])
        writer.close()
        if full and await _several_workspaces(service):
            context.fail("the cap is shared by all workspaces: `claude-files du --all-workspaces` shows what each one holds")
        done = len(good) - failed - duplicates - len(job.pending)
        already = f" {duplicates:,} already uploaded, not sent again." if duplicates else ""
        files = "file" if len(candidates) == 1 else "files"
        context.terminal.note(f"Uploaded {done:,} of {len(candidates):,} {files}.{already}")
        return common.EXIT_FAILED if refused or failed or unrecorded else common.EXIT_OK

    return common.run("put", options, command)


async def _several_workspaces(service: FilesService) -> bool:
    """Does the credential see more than one workspace (so the cap's bytes may be elsewhere)?"""
    try:
        return len(await service.list_workspaces(every=True) or ()) > 1
    except ServiceError:
        return False


def _refusal(candidate: Any) -> str:
    """Why a file was refused, naming it: a name the API refuses is said without its path."""
    from ..localfs import api_filename_problem, shown_path

    name_problem = api_filename_problem(candidate.filename)
    if name_problem and str(candidate.problem).startswith(name_problem):
        return f"{shown_path(candidate.path)}: {candidate.problem}"
    return str(candidate.problem)


def _expanded(text: str, recursive: bool) -> list[str]:
    """A path, or with -r every file under a folder (sorted; symlinked folders not followed)."""
    path = Path(text)
    if not recursive or not path.is_dir():
        return [text]
    found = []
    for folder, dirs, files in os.walk(path):
        dirs.sort()
        found += [os.path.join(folder, name) for name in sorted(files)]
    return found


def _seconds(build: argparse.ArgumentParser, text: str) -> int:
    from ..model.query import QueryError
    from ..model.query.lexer import Value
    from ..model.query.values import duration_seconds

    try:
        seconds = int(duration_seconds(Value(text, 0, len(text), False)))
    except QueryError as error:
        build.error(f"--expires: {error.message}")
    if seconds < 1:
        build.error("--expires must be a positive duration")
    return seconds
